//! Disputes: on the invoice picked in the Invoices pane, or on one named
//! during a call.

use super::field::{Field, FieldId, FieldKind, Fields};
use super::parse;
use crate::app::effect::Request;
use crate::app::open::Debtor;
use crate::domain::dispute::{REASONS, parse_reason};

/// The form on one invoice: reason, note.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Disp {
    Reason,
    Note,
}

impl FieldId for Disp {
    fn index(self) -> usize {
        self as usize
    }
}

/// The form on a call: the invoice first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallDisp {
    Invoice,
    Reason,
    Note,
}

impl FieldId for CallDisp {
    fn index(self) -> usize {
        self as usize
    }
}

fn reason_and_note() -> [Field; 2] {
    [
        Field::new(
            "Reason",
            FieldKind::Choice(&REASONS),
            "",
            "← → or type: not received, price, quantity, quality, already paid, other",
        ),
        Field::new("Note", FieldKind::Text, "", "what the customer said"),
    ]
}

pub fn fields() -> Fields {
    Fields(reason_and_note().to_vec())
}

pub fn call_fields(debtor: &Debtor) -> Fields {
    let oldest = debtor.invoices.iter().find(|i| i.balance.cents() > 0).map_or("", |i| &i.number);
    let mut fields =
        vec![Field::new("Invoice", FieldKind::Text, oldest, "the invoice number disputed")];
    fields.extend(reason_and_note());
    Fields(fields)
}

fn reason<F: FieldId>(f: &mut Fields, id: F) -> Option<&'static str> {
    let reason = parse_reason(f.value(id));
    if reason.is_none() {
        f.refuse(id, "pick a reason with ← →, or type one");
    }
    reason
}

pub fn submit(f: &mut Fields, invoice_id: i64) -> Option<Request> {
    let reason = reason(f, Disp::Reason)?;
    Some(Request::OpenDispute {
        invoice_id,
        reason: reason.to_owned(),
        note: f.value(Disp::Note).trim().to_owned(),
    })
}

pub fn submit_on_call(f: &mut Fields, debtor: &Debtor) -> Option<Request> {
    let invoice = match parse::invoices(f, CallDisp::Invoice, &debtor.invoices) {
        Some(ids) if ids.len() == 1 => Some(ids[0]),
        Some(_) => {
            f.refuse(CallDisp::Invoice, "one invoice number from this account");
            None
        }
        None => None,
    };
    let reason = reason(f, CallDisp::Reason);
    Some(Request::OpenDispute {
        invoice_id: invoice?,
        reason: reason?.to_owned(),
        note: f.value(CallDisp::Note).trim().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dispute_needs_a_reason_typed_or_picked() {
        let mut f = fields();
        assert_eq!(submit(&mut f, 9), None);
        assert!(f.has_errors());
        f.clear_errors();
        f.0[Disp::Reason.index()].input.text = "qua".into();
        assert_eq!(
            submit(&mut f, 9),
            Some(Request::OpenDispute {
                invoice_id: 9,
                reason: "quantity".into(),
                note: String::new()
            })
        );
    }
}
