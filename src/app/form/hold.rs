//! A lead putting debtors on hold, or releasing them, with a reason noted
//! on each account and in the audit log.

use super::field::{Field, FieldKind, Fields};
use crate::app::effect::Request;
use crate::store::LeadTargets;

pub fn fields() -> Fields {
    Fields(vec![Field::new(
        "Reason",
        FieldKind::Text,
        "",
        "noted on each account and in the audit log",
    )])
}

pub fn submit(f: &mut Fields, targets: &LeadTargets) -> Option<Request> {
    let reason = f.0[0].value().trim().to_owned();
    if reason.is_empty() {
        f.0[0].error = Some("say why (e.g. \"customer in administration\")".into());
        return None;
    }
    Some(Request::ToggleHold { targets: targets.clone(), reason })
}

/// The question before holding or releasing a whole filter.
pub fn question(label: &str, request: &Request) -> String {
    match request {
        Request::ToggleHold { reason, .. } => {
            format!("Hold {label}, releasing any already on hold, noting {reason:?}?")
        }
        _ => format!("Hold or release {label}?"),
    }
}
