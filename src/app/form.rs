//! Forms (promise, payment, dispute): single-line fields, `Tab` between
//! them, `Ctrl-S` to save. A field that does not parse says why beside it
//! and nothing is saved.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::dispute::REASONS;
use crate::domain::plan::Frequency;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Amount,
    Date,
    Count,
    /// One of a fixed list; `←` `→` step through it, or type a prefix.
    Choice(&'static [&'static str]),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub label: &'static str,
    pub kind: FieldKind,
    pub value: String,
    /// How to fill it in, shown when there is no error.
    pub hint: &'static str,
    pub error: Option<String>,
}

impl Field {
    fn new(label: &'static str, kind: FieldKind, value: &str, hint: &'static str) -> Field {
        Field { label, kind, value: value.to_owned(), hint, error: None }
    }
}

/// What the form is for, and on what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Purpose {
    Promise {
        debtor_id: i64,
    },
    /// A promise made on a live call, kept for wrap-up.
    CallPromise {
        call_id: i64,
        debtor_id: i64,
    },
    Payment {
        debtor_id: i64,
    },
    Dispute {
        invoice_id: i64,
        number: String,
    },
    /// A dispute raised on a call: the invoice is typed in.
    CallDispute {
        debtor_id: i64,
    },
    /// Why a call goes ahead although an automatic check failed.
    Override,
    /// A lead escalating debtors to an agency or to legal.
    Escalate {
        ids: Vec<i64>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    pub purpose: Purpose,
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Lines under the fields: what saving would record.
    pub preview: Vec<String>,
}

const FREQUENCIES: &[&str] = &["weekly", "fortnightly", "monthly"];

impl Form {
    /// DESIGN.md §3.1: amount, due date, number of instalments, frequency,
    /// invoices it covers.
    pub fn promise(debtor_id: i64, debtor_name: &str) -> Form {
        Form {
            purpose: Purpose::Promise { debtor_id },
            title: format!("Promise to pay · {debtor_name}"),
            fields: vec![
                Field::new("Amount", FieldKind::Amount, "", "the total, e.g. 1,234.56"),
                Field::new(
                    "Due date",
                    FieldKind::Date,
                    "",
                    "YYYY-MM-DD, +7 or fri; the first instalment",
                ),
                Field::new("Instalments", FieldKind::Count, "1", "1 for a single payment"),
                Field::new(
                    "Frequency",
                    FieldKind::Choice(FREQUENCIES),
                    Frequency::Monthly.as_str(),
                    "← → to change; used when there are instalments",
                ),
                Field::new("Invoices", FieldKind::Text, "", "invoice numbers it covers, or empty"),
            ],
            focus: 0,
            preview: Vec::new(),
        }
    }

    /// When the debtor already has open promises, asks whether the new one
    /// replaces them (they are then cancelled) or stands beside them.
    pub fn with_open_promises(mut self, open: usize) -> Form {
        if open > 0 {
            self.fields.push(Field::new(
                "Open promises",
                FieldKind::Choice(&["keep", "cancel"]),
                "keep",
                "← → cancel them if the new promise replaces them",
            ));
            self.preview.clear();
            self.title = format!("{} · {open} open already", self.title);
        }
        self
    }

    pub fn call_promise(call_id: i64, debtor_id: i64, debtor_name: &str) -> Form {
        let mut form = Form::promise(debtor_id, debtor_name);
        form.purpose = Purpose::CallPromise { call_id, debtor_id };
        form
    }

    pub fn call_dispute(debtor_id: i64, invoice: &str) -> Form {
        let mut form = Form::dispute(0, invoice);
        form.purpose = Purpose::CallDispute { debtor_id };
        form.title = "Dispute raised on the call".into();
        form.fields.insert(
            0,
            Field::new("Invoice", FieldKind::Text, invoice, "the invoice number disputed"),
        );
        form
    }

    /// `label` says what is escalated: a debtor's name, or how many.
    pub fn escalate(ids: Vec<i64>, label: &str) -> Form {
        Form {
            purpose: Purpose::Escalate { ids },
            title: format!("Escalate {label}"),
            fields: vec![
                Field::new(
                    "To",
                    FieldKind::Choice(&["agency", "legal"]),
                    "agency",
                    "← → agency or legal",
                ),
                Field::new(
                    "Reason",
                    FieldKind::Text,
                    "",
                    "noted on each account and in the audit log",
                ),
            ],
            focus: 0,
            preview: Vec::new(),
        }
    }

    /// Asks why the call should go ahead despite the failing checks.
    /// `example` fits the check being overridden.
    pub fn override_reason(failing: &str, example: &'static str) -> Form {
        Form {
            purpose: Purpose::Override,
            title: format!("Override: {failing}"),
            fields: vec![Field::new("Reason", FieldKind::Text, "", example)],
            focus: 0,
            preview: Vec::new(),
        }
    }

    pub fn payment(debtor_id: i64, debtor_name: &str, today: &str) -> Form {
        Form {
            purpose: Purpose::Payment { debtor_id },
            title: format!("Payment taken · {debtor_name}"),
            fields: vec![
                Field::new("Amount", FieldKind::Amount, "", "e.g. 1,234.56"),
                Field::new(
                    "Received on",
                    FieldKind::Date,
                    today,
                    "YYYY-MM-DD, -1 for yesterday, or mon",
                ),
                Field::new("Reference", FieldKind::Text, "", "card or transfer reference"),
                Field::new(
                    "Invoice",
                    FieldKind::Text,
                    "",
                    "the invoice it pays, or empty for the oldest",
                ),
            ],
            focus: 0,
            preview: Vec::new(),
        }
    }

    pub fn dispute(invoice_id: i64, number: &str) -> Form {
        Form {
            purpose: Purpose::Dispute { invoice_id, number: number.to_owned() },
            title: format!("Dispute · invoice {number}"),
            fields: vec![
                Field::new(
                    "Reason",
                    FieldKind::Choice(&REASONS),
                    "",
                    "← → or type: not received, price, quantity, quality, already paid, other",
                ),
                Field::new("Note", FieldKind::Text, "", "what the customer said"),
            ],
            focus: 0,
            preview: Vec::new(),
        }
    }

    pub fn value(&self, label: &str) -> &str {
        self.fields.iter().find(|f| f.label == label).map_or("", |f| f.value.as_str())
    }

    pub fn set_error(&mut self, label: &str, error: impl Into<String>) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.label == label) {
            f.error = Some(error.into());
        }
    }

    pub fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }

    pub fn clear_errors(&mut self) {
        for f in &mut self.fields {
            f.error = None;
        }
    }

    pub fn next_field(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len();
    }

    pub fn previous_field(&mut self) {
        self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
    }

    /// Steps a choice field through its options.
    pub fn cycle(&mut self, forward: bool) {
        let field = &mut self.fields[self.focus];
        if let FieldKind::Choice(options) = field.kind {
            let at = options.iter().position(|o| *o == field.value);
            let next = match (at, forward) {
                (None, true) => 0,
                (None, false) => options.len() - 1,
                (Some(i), true) => (i + 1) % options.len(),
                (Some(i), false) => (i + options.len() - 1) % options.len(),
            };
            field.value = options[next].to_owned();
            field.error = None;
        }
    }

    /// Typing into the focused field; true if its text changed.
    pub fn edit(&mut self, key: KeyEvent) -> bool {
        let field = &mut self.fields[self.focus];
        let changed = match key.code {
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                field.value.push(c);
                true
            }
            KeyCode::Backspace => field.value.pop().is_some(),
            _ => false,
        };
        if changed {
            field.error = None;
        }
        changed
    }

    pub fn paste(&mut self, text: &str) {
        let field = &mut self.fields[self.focus];
        field.value.push_str(text.lines().next().unwrap_or("").trim());
        field.error = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_moves_between_fields_and_choices_cycle() {
        let mut f = Form::promise(1, "Acme");
        assert_eq!(
            f.fields.iter().map(|f| f.label).collect::<Vec<_>>(),
            ["Amount", "Due date", "Instalments", "Frequency", "Invoices"]
        );
        f.previous_field();
        assert_eq!(f.focus, 4);
        f.focus = 3;
        f.cycle(true);
        assert_eq!(f.value("Frequency"), "weekly");
        f.cycle(false);
        assert_eq!(f.value("Frequency"), "monthly");
    }

    #[test]
    fn typing_clears_the_error_of_that_field() {
        let mut f = Form::payment(1, "Acme", "2026-11-25");
        f.set_error("Amount", "bad");
        assert!(f.has_errors());
        assert!(f.edit(KeyEvent::new(KeyCode::Char('5'), KeyModifiers::NONE)));
        assert!(!f.has_errors());
        assert_eq!(f.value("Amount"), "5");
        assert_eq!(f.value("Received on"), "2026-11-25");
    }
}
