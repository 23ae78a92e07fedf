//! Call outcomes and the next contact each one suggests.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use serde::Deserialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NextRule {
    /// The day after the promise is due.
    AfterPromise,
    None,
    BusinessDays,
    /// The time agreed with the customer.
    Agreed,
    /// No date: a lead looks at it.
    Review,
}

/// The outcome codes DESIGN.md §3.2 lists, in its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum OutcomeCode {
    /// Promise to pay: needs a recorded promise.
    Ptp,
    /// Paid, or payment taken.
    Paid,
    /// Right party contact, no commitment.
    Rpc,
    /// Left message.
    Lm,
    /// No answer.
    Na,
    /// Callback requested.
    Cb,
    /// Dispute raised.
    Disp,
    /// Refused to pay.
    Ref,
    /// Wrong number.
    Wn,
}

impl OutcomeCode {
    /// As stored on the call and shown: `PTP`, `PAID`...
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeCode::Ptp => "PTP",
            OutcomeCode::Paid => "PAID",
            OutcomeCode::Rpc => "RPC",
            OutcomeCode::Lm => "LM",
            OutcomeCode::Na => "NA",
            OutcomeCode::Cb => "CB",
            OutcomeCode::Disp => "DISP",
            OutcomeCode::Ref => "REF",
            OutcomeCode::Wn => "WN",
        }
    }

    /// The outcomes a promise recorded on the call may end with.
    pub fn fits_a_promise(self) -> bool {
        matches!(self, OutcomeCode::Ptp | OutcomeCode::Paid)
    }
}

impl std::fmt::Display for OutcomeCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub code: OutcomeCode,
    pub meaning: String,
    pub next: NextRule,
    #[serde(default)]
    pub days: u32,
    /// What a review is for ("escalation review").
    #[serde(default)]
    pub review: String,
    /// A right-party conversation.
    pub contacted: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct OutcomeFile {
    outcome: Vec<Outcome>,
}

pub const DEFAULT_TOML: &str = include_str!("../../assets/outcomes.toml");

/// The outcomes, in order (digits 1–9 pick them).
pub fn outcomes() -> Vec<Outcome> {
    toml::from_str::<OutcomeFile>(DEFAULT_TOML).map(|f| f.outcome).unwrap_or_default()
}

/// `n` business days (Monday to Friday) after `from`.
pub fn add_business_days(from: NaiveDate, n: u32) -> NaiveDate {
    let mut day = from;
    let mut left = n;
    while left > 0 {
        day = day + Days::new(1);
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    day
}

/// What wrap-up proposes as the next contact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Suggestion {
    On(NaiveDate),
    /// The agent types the agreed time.
    AskAgent,
    None,
    Review(String),
}

pub fn suggest(outcome: &Outcome, today: NaiveDate, promise_due: Option<NaiveDate>) -> Suggestion {
    match outcome.next {
        NextRule::AfterPromise => match promise_due {
            Some(due) => Suggestion::On(add_business_days(due, 1)),
            None => Suggestion::AskAgent,
        },
        NextRule::None => Suggestion::None,
        NextRule::BusinessDays => Suggestion::On(add_business_days(today, outcome.days)),
        NextRule::Agreed => Suggestion::AskAgent,
        NextRule::Review => Suggestion::Review(outcome.review.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn nine_outcomes_in_the_designed_order() {
        let codes: Vec<&str> = outcomes().into_iter().map(|o| o.code.as_str()).collect();
        assert_eq!(codes, ["PTP", "PAID", "RPC", "LM", "NA", "CB", "DISP", "REF", "WN"]);
        let contacted: Vec<bool> = outcomes().into_iter().map(|o| o.contacted).collect();
        assert_eq!(contacted, [true, true, true, false, false, true, true, true, false]);
    }

    #[test]
    fn business_days_skip_the_weekend() {
        // Thursday 26 Nov 2026 + 2 business days = Monday 30 Nov.
        assert_eq!(add_business_days(d("2026-11-26"), 2), d("2026-11-30"));
        assert_eq!(add_business_days(d("2026-11-27"), 1), d("2026-11-30"), "Friday + 1");
        assert_eq!(add_business_days(d("2026-11-28"), 1), d("2026-11-30"), "Saturday + 1");
        assert_eq!(add_business_days(d("2026-11-25"), 5), d("2026-12-02"));
        assert_eq!(add_business_days(d("2026-11-25"), 0), d("2026-11-25"));
    }

    #[test]
    fn each_outcome_suggests_its_next_contact() {
        let all = outcomes();
        let by = |code: &str| all.iter().find(|o| o.code.as_str() == code).unwrap();
        let fri = d("2026-11-27");
        // The business day after a promise due on Friday 4 December: Monday.
        assert_eq!(suggest(by("PTP"), fri, Some(d("2026-12-04"))), Suggestion::On(d("2026-12-07")));
        assert_eq!(suggest(by("PTP"), fri, Some(d("2026-12-01"))), Suggestion::On(d("2026-12-02")));
        assert_eq!(suggest(by("PTP"), fri, None), Suggestion::AskAgent);
        assert_eq!(suggest(by("PAID"), fri, None), Suggestion::None);
        assert_eq!(suggest(by("RPC"), fri, None), Suggestion::On(d("2026-12-01")));
        assert_eq!(suggest(by("LM"), fri, None), Suggestion::On(d("2026-12-01")));
        assert_eq!(suggest(by("NA"), fri, None), Suggestion::On(d("2026-11-30")));
        assert_eq!(suggest(by("CB"), fri, None), Suggestion::AskAgent);
        assert_eq!(suggest(by("DISP"), fri, None), Suggestion::On(d("2026-12-04")));
        assert_eq!(suggest(by("REF"), fri, None), Suggestion::Review("escalation review".into()));
        assert_eq!(suggest(by("WN"), fri, None), Suggestion::Review("lead review".into()));
    }
}
