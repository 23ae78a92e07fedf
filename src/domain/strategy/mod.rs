//! Collection strategies (issue 15): ordered steps that decide the next
//! thing to do for an account, from a plain TOML file a lead can read.
//! Parsing and evaluation are pure: the store supplies each debtor's state
//! and records the steps taken.

pub mod evaluate;
mod parse;
pub mod preview;

pub use parse::StrategyError;

use crate::domain::Money;
use crate::domain::interest_terms::InterestRegime;

/// The strategy recoup ships (`assets/strategies/standard.toml`).
pub const STANDARD: &str = include_str!("../../../assets/strategies/standard.toml");

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Strategy {
    pub name: String,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub name: String,
    pub trigger: Trigger,
    pub action: Action,
    pub when: Conditions,
}

/// When a step falls due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trigger {
    /// Days from the due date of the oldest open invoice (negative: before).
    DaysPastDue(i64),
    /// Days from the day the step before was taken.
    DaysAfterPrevious(i64),
}

/// What a step does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// An email through the outbox, with a letter template.
    Email(String),
    /// A letter (a PDF to post), with a letter template.
    Letter(String),
    /// A call: a task in the assigned agent's queue.
    Call,
    /// A task for the lead.
    Review,
    /// Proposes escalation, for the lead to confirm.
    Escalate,
    /// Puts the debtor on hold.
    Hold,
}

impl Action {
    pub fn label(&self) -> String {
        match self {
            Action::Email(t) => format!("email {t}"),
            Action::Letter(t) => format!("letter {t}"),
            Action::Call => "call".into(),
            Action::Review => "review".into(),
            Action::Escalate => "escalate".into(),
            Action::Hold => "hold".into(),
        }
    }
}

/// A step is for the debtors these hold for (every one when empty).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Conditions {
    pub min_balance: Option<Money>,
    pub max_balance: Option<Money>,
    pub min_terms_days: Option<i64>,
    pub max_terms_days: Option<i64>,
    pub tag: Option<String>,
    pub regime: Option<InterestRegime>,
}

/// What a step's conditions are checked against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub balance: Money,
    pub terms_days: i64,
    pub tags: Vec<String>,
    pub regime: InterestRegime,
}

impl Conditions {
    pub fn hold_for(&self, p: &Profile) -> bool {
        self.min_balance.is_none_or(|m| p.balance >= m)
            && self.max_balance.is_none_or(|m| p.balance <= m)
            && self.min_terms_days.is_none_or(|d| p.terms_days >= d)
            && self.max_terms_days.is_none_or(|d| p.terms_days <= d)
            && self.tag.as_ref().is_none_or(|t| p.tags.iter().any(|x| x.eq_ignore_ascii_case(t)))
            && self.regime.is_none_or(|r| p.regime == r)
    }
}
