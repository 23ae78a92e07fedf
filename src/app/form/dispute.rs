//! Disputes: on the invoice picked in the Invoices pane, or on a call in
//! the invoice picker (`app::invoice_picker`).

use super::field::{Field, FieldId, FieldKind, Fields};
use crate::app::effect::Request;
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
