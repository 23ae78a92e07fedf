//! A lead escalating debtors to an agency or to legal.

use super::field::{Field, FieldId, FieldKind, Fields};
use crate::app::effect::Request;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Esc {
    To,
    Reason,
}

impl FieldId for Esc {
    fn index(self) -> usize {
        self as usize
    }
}

pub fn fields() -> Fields {
    Fields(vec![
        Field::new("To", FieldKind::Choice(&["agency", "legal"]), "agency", "← → agency or legal"),
        Field::new("Reason", FieldKind::Text, "", "noted on each account and in the audit log"),
    ])
}

pub fn submit(f: &mut Fields, ids: &[i64]) -> Option<Request> {
    let to = f.value(Esc::To).trim().to_owned();
    if to != "agency" && to != "legal" {
        f.refuse(Esc::To, "agency or legal");
    }
    let reason = f.value(Esc::Reason).trim().to_owned();
    if reason.is_empty() {
        f.refuse(Esc::Reason, "say why the account is escalated");
    }
    (!f.has_errors()).then(|| Request::Escalate { ids: ids.to_vec(), to, reason })
}
