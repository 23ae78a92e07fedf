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

/// A strategy's name: 1 to 32 ASCII letters, digits, `-` and `_` (it is a
/// file name in the config directory and a word on the command line).
pub fn valid_name(name: &str) -> Result<String, String> {
    let ok = (1..=32).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(name.to_owned())
    } else {
        Err("is not a strategy name (1 to 32 letters, digits, - and _)".into())
    }
}

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

impl Trigger {
    /// `3 days before the due date`, `7 days past due`, `7 days after the step before`.
    pub fn says(self) -> String {
        let days = |n: i64| if n == 1 { "1 day".to_owned() } else { format!("{n} days") };
        match self {
            Trigger::DaysPastDue(0) => "on the due date".into(),
            Trigger::DaysPastDue(n) if n < 0 => format!("{} before the due date", days(-n)),
            Trigger::DaysPastDue(n) => format!("{} past due", days(n)),
            Trigger::DaysAfterPrevious(n) => format!("{} after the step before", days(n)),
        }
    }
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
    /// `balance at least 100.00, terms up to 30 days`; empty when none.
    pub fn says(&self) -> String {
        let mut parts = Vec::new();
        if let Some(m) = self.min_balance {
            parts.push(format!("balance at least {}", m.format_plain()));
        }
        if let Some(m) = self.max_balance {
            parts.push(format!("balance at most {}", m.format_plain()));
        }
        if let Some(d) = self.min_terms_days {
            parts.push(format!("terms at least {d} days"));
        }
        if let Some(d) = self.max_terms_days {
            parts.push(format!("terms up to {d} days"));
        }
        if let Some(t) = &self.tag {
            parts.push(format!("tagged {t}"));
        }
        if let Some(r) = self.regime {
            parts.push(format!("interest regime {}", r.as_str()));
        }
        parts.join(", ")
    }

    pub fn hold_for(&self, p: &Profile) -> bool {
        self.min_balance.is_none_or(|m| p.balance >= m)
            && self.max_balance.is_none_or(|m| p.balance <= m)
            && self.min_terms_days.is_none_or(|d| p.terms_days >= d)
            && self.max_terms_days.is_none_or(|d| p.terms_days <= d)
            && self.tag.as_ref().is_none_or(|t| p.tags.iter().any(|x| x.eq_ignore_ascii_case(t)))
            && self.regime.is_none_or(|r| p.regime == r)
    }
}
