//! The rules and texts the workstation runs with: promise policy, the
//! checklist, outcomes, contact rules, read-back templates, the calm card.

use crate::domain::Policy;
use crate::domain::checklist::Checklist;
use crate::domain::contact_rules::ContactPolicy;
use crate::domain::outcome::{Outcome, outcomes};
use crate::domain::readback::{Card, Templates};

#[derive(Clone, Debug)]
pub struct Rules {
    pub policy: Policy,
    pub checklist: Checklist,
    pub outcomes: Vec<Outcome>,
    pub contact: ContactPolicy,
    pub templates: Templates,
    pub card: Card,
    /// Run with the contact's phone as `{phone}` when a call starts, or on `D`.
    pub dial_command: Option<String>,
    /// Days past due from which a debtor is an escalation candidate.
    pub escalation_days: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            policy: Policy::default(),
            checklist: Checklist::default_list(),
            outcomes: outcomes(),
            contact: ContactPolicy::default(),
            templates: Templates::default(),
            card: Card::default(),
            dial_command: None,
            escalation_days: 90,
        }
    }
}
