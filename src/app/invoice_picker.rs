//! `Ctrl-D` on a call: pick the invoice disputed from the call's open
//! invoices (type to narrow by number), then the dispute form opens on it.

use chrono::NaiveDate;

use super::cx::Cx;
use super::keymap::Scope;
use super::open::{Debtor, Open};
use super::picker::{Steer, steer};
use super::screen::{Handled, Input, Screen};
use super::text_input::TextLine;
use crate::domain::Money;

/// An open invoice to pick.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub id: i64,
    pub number: String,
    pub due_on: NaiveDate,
    pub open: Money,
    /// Already in dispute: listed, not picked.
    pub disputed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoicePicker {
    pub title: String,
    /// The account's open invoices, oldest due first.
    pub choices: Vec<Choice>,
    pub typed: TextLine,
    /// Among those shown.
    pub index: usize,
}

impl InvoicePicker {
    /// The open invoices of the account the call is on.
    pub fn dispute(debtor: &Debtor) -> InvoicePicker {
        let choices = debtor
            .invoices
            .iter()
            .filter(|i| i.balance.cents() > 0)
            .map(|i| Choice {
                id: i.id,
                number: i.number.clone(),
                due_on: i.due_on,
                open: i.balance,
                disputed: i.is_disputed(),
            })
            .collect();
        InvoicePicker {
            title: format!("Dispute which invoice? · {}", debtor.name),
            choices,
            typed: TextLine::default(),
            index: 0,
        }
    }

    /// The invoices whose number holds what was typed, in any case.
    pub fn shown(&self) -> Vec<&Choice> {
        let t = self.typed.as_str().trim().to_lowercase();
        self.choices.iter().filter(|c| c.number.to_lowercase().contains(&t)).collect()
    }

    fn pick(&self, cx: &mut Cx<'_>) -> Handled {
        match self.shown().get(self.index) {
            None if self.choices.is_empty() => {
                cx.error("This account has no open invoice to dispute");
                Handled::done()
            }
            None => {
                cx.error(format!("No open invoice number holds {:?}", self.typed.as_str()));
                Handled::done()
            }
            Some(c) if c.disputed => {
                cx.error(format!("Invoice {} is already in dispute", c.number));
                Handled::done()
            }
            Some(c) => Handled::Replace(
                Box::new(Open::Dispute { invoice_id: c.id, number: c.number.clone() }),
                Vec::new(),
            ),
        }
    }
}

impl Screen for InvoicePicker {
    fn scopes(&self) -> &'static [Scope] {
        &[Scope::InvoicePicker, Scope::Global]
    }

    fn handle(&mut self, input: Input, cx: &mut Cx<'_>) -> Handled {
        let shown = self.shown().len();
        match steer(input, &mut self.typed, &mut self.index, shown) {
            Steer::Accept => self.pick(cx),
            Steer::Cancel => Handled::close(),
            Steer::Moved => Handled::done(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::cx::testing::Fixture;
    use crate::app::fixtures::{account, invoice};
    use crate::app::keymap::Command;
    use crate::domain::people::Role;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn picker() -> InvoicePicker {
        let mut a = account(3, "Acme");
        a.invoices.push(invoice(39, "CN-77", 5_000));
        let mut paid = invoice(40, "INV-3-0", 9_900);
        paid.balance = Money::ZERO;
        a.invoices.push(paid);
        a.invoices[1].dispute_reason = Some("price".into());
        InvoicePicker::dispute(&Debtor::of(&a))
    }

    #[test]
    fn typing_narrows_the_open_invoices_and_enter_opens_the_dispute_form() {
        let mut fx = Fixture::new(Role::Agent);
        let mut cx = fx.cx();
        let mut p = picker();
        let numbers: Vec<&str> = p.shown().iter().map(|c| c.number.as_str()).collect();
        assert_eq!(numbers, ["INV-3-1", "INV-3-2", "CN-77"], "open invoices only");
        for c in "inv-3-".chars() {
            p.handle(Input::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)), &mut cx);
        }
        assert_eq!(p.shown().len(), 2);
        p.handle(Input::Command(Command::Down), &mut cx);
        p.handle(Input::Command(Command::Down), &mut cx);
        assert_eq!(p.index, 1, "the cursor stays on the list");
        // INV-3-2 is already disputed: said, not picked.
        assert!(matches!(p.handle(Input::Command(Command::Accept), &mut cx), Handled::Done(_)));
        assert_eq!(cx.status.as_ref().unwrap().text, "Invoice INV-3-2 is already in dispute");
        p.typed = TextLine { text: "3-1".into() };
        p.index = 0;
        assert!(matches!(p.handle(Input::Command(Command::Accept), &mut cx),
            Handled::Replace(o, _) if *o == Open::Dispute { invoice_id: 31, number: "INV-3-1".into() }));
        p.typed = TextLine { text: "zz".into() };
        assert!(matches!(p.handle(Input::Command(Command::Accept), &mut cx), Handled::Done(_)));
        assert!(matches!(p.handle(Input::Command(Command::Cancel), &mut cx), Handled::Close(_)));
    }
}
