//! A lead escalating debtors to an agency or to legal.

use super::field::{Field, FieldId, FieldKind, Fields};
use crate::app::effect::Request;
use crate::store::{EscalateTo, LeadTargets};

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

pub fn submit(f: &mut Fields, targets: &LeadTargets) -> Option<Request> {
    let to = EscalateTo::parse(f.value(Esc::To).trim());
    if to.is_none() {
        f.refuse(Esc::To, "agency or legal");
    }
    let reason = f.value(Esc::Reason).trim().to_owned();
    if reason.is_empty() {
        f.refuse(Esc::Reason, "say why the account is escalated");
    }
    let to = to.filter(|_| !f.has_errors())?;
    Some(Request::Escalate { targets: targets.clone(), to, reason })
}

/// The question before escalating a whole filter.
pub fn question(label: &str, request: &Request) -> String {
    match request {
        Request::Escalate { to, reason, .. } => {
            format!("Escalate {label} to {}, noting {reason:?}?", to.as_str())
        }
        _ => format!("Escalate {label}?"),
    }
}
