//! The priority score that orders the queue, explainable term by term.

use super::money::Money;

/// Weights of the score terms (points). Team leads may tune them in the config.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    /// Points per 100.00 overdue.
    pub per_100_overdue: i64,
    pub overdue_cap: i64,
    /// Points per day of the oldest overdue invoice.
    pub per_day_oldest: i64,
    pub age_cap_days: i64,
    pub per_broken_promise: i64,
    pub broken_cap: i64,
    /// Points per day since the last right-party contact.
    pub per_day_since_contact: i64,
    pub contact_cap_days: i64,
    pub per_pin: i64,
    /// Points when a promise falls due (today or in its grace days).
    pub promise_due: i64,
    /// Points when the agreed callback time has come.
    pub callback_due: i64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            per_100_overdue: 1,
            overdue_cap: 500,
            per_day_oldest: 2,
            age_cap_days: 365,
            per_broken_promise: 150,
            broken_cap: 3,
            per_day_since_contact: 3,
            contact_cap_days: 90,
            per_pin: 1000,
            promise_due: 200,
            callback_due: 200,
        }
    }
}

/// What the score is computed from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScoreInputs {
    pub overdue: Money,
    pub oldest_overdue_days: i64,
    pub broken_promises: i64,
    /// `None` when the debtor has never been reached.
    pub days_since_contact: Option<i64>,
    pub pin: i64,
    pub promise_due: bool,
    pub callback_due: bool,
    /// Balance of disputed invoices: left out of the overdue amount.
    pub disputed: Money,
}

/// One term of the score, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub label: String,
    pub points: i64,
}

/// Each term's points, in the order `terms` explains them.
fn points(inputs: &ScoreInputs, w: &Weights) -> [i64; 8] {
    let overdue_hundreds = inputs.overdue.cents().max(0) / 10_000;
    [
        (overdue_hundreds * w.per_100_overdue).min(w.overdue_cap),
        clamped_age(inputs, w) * w.per_day_oldest,
        clamped_broken(inputs, w) * w.per_broken_promise,
        clamped_since(inputs, w) * w.per_day_since_contact,
        if inputs.promise_due { w.promise_due } else { 0 },
        if inputs.callback_due { w.callback_due } else { 0 },
        0,
        inputs.pin * w.per_pin,
    ]
}

fn clamped_age(inputs: &ScoreInputs, w: &Weights) -> i64 {
    inputs.oldest_overdue_days.clamp(0, w.age_cap_days)
}

fn clamped_broken(inputs: &ScoreInputs, w: &Weights) -> i64 {
    inputs.broken_promises.clamp(0, w.broken_cap)
}

fn clamped_since(inputs: &ScoreInputs, w: &Weights) -> i64 {
    inputs.days_since_contact.unwrap_or(w.contact_cap_days).clamp(0, w.contact_cap_days)
}

/// "what N unit", saying so when only part of N counts.
fn capped(what: &str, n: i64, cap: i64, unit: &str) -> String {
    let what = if what.is_empty() { String::new() } else { format!("{what} ") };
    if n > cap {
        format!("{what}{n} {unit} (counted up to {cap})")
    } else {
        format!("{what}{n} {unit}")
    }
}

/// The score term by term, in words.
pub fn terms(inputs: &ScoreInputs, w: &Weights) -> Vec<Term> {
    let broken = clamped_broken(inputs, w);
    let labels = [
        format!("overdue {}", inputs.overdue.format()),
        capped("oldest overdue", inputs.oldest_overdue_days.max(0), w.age_cap_days, "days"),
        format!("{broken} broken promise{}", if broken == 1 { "" } else { "s" }),
        match inputs.days_since_contact {
            None => format!("never contacted (counted as {} days)", w.contact_cap_days),
            Some(days) => capped("", days.max(0), w.contact_cap_days, "days since last contact"),
        },
        if inputs.promise_due { "a promise is due" } else { "no promise due" }.into(),
        if inputs.callback_due { "the agreed callback time has come" } else { "no callback due" }
            .into(),
        format!("disputed {} left out of the overdue amount", inputs.disputed.format()),
        format!("pinned {} by a lead", inputs.pin),
    ];
    labels
        .into_iter()
        .zip(points(inputs, w))
        .map(|(label, points)| Term { label, points })
        .collect()
}

/// The score: the sum of the terms, never negative.
pub fn score(inputs: &ScoreInputs, w: &Weights) -> i64 {
    points(inputs, w).iter().sum::<i64>().max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_adds_capped_terms() {
        let w = Weights::default();
        let inputs = ScoreInputs {
            overdue: Money(1_240_000),
            oldest_overdue_days: 97,
            broken_promises: 1,
            days_since_contact: Some(10),
            pin: 0,
            ..ScoreInputs::default()
        };
        // 124 + 194 + 150 + 30
        assert_eq!(score(&inputs, &w), 498);
        let big = ScoreInputs {
            overdue: Money(100_000_000),
            oldest_overdue_days: 1000,
            broken_promises: 9,
            days_since_contact: None,
            pin: 1,
            ..ScoreInputs::default()
        };
        // 500 + 730 + 450 + 270 + 1000
        assert_eq!(score(&big, &w), 2950);
    }

    #[test]
    fn terms_read_as_words() {
        let t = terms(&ScoreInputs::default(), &Weights::default());
        assert_eq!(t[0].label, "overdue 0.00");
        assert_eq!(t[3].label, "never contacted (counted as 90 days)");
        assert_eq!(t[3].points, 270);
        let old = ScoreInputs {
            oldest_overdue_days: 402,
            days_since_contact: Some(12),
            ..ScoreInputs::default()
        };
        let t = terms(&old, &Weights::default());
        assert_eq!(t[1].label, "oldest overdue 402 days (counted up to 365)");
        assert_eq!(t[1].points, 730);
        assert_eq!(t[3].label, "12 days since last contact");
        let due = ScoreInputs {
            promise_due: true,
            callback_due: true,
            disputed: Money(50_000),
            pin: 2,
            ..ScoreInputs::default()
        };
        let t = terms(&due, &Weights::default());
        let words: Vec<(&str, i64)> = t.iter().map(|t| (t.label.as_str(), t.points)).collect();
        assert_eq!(words[4], ("a promise is due", 200));
        assert_eq!(words[5], ("the agreed callback time has come", 200));
        assert_eq!(words[6], ("disputed 500.00 left out of the overdue amount", 0));
        assert_eq!(words[7], ("pinned 2 by a lead", 2000));
        assert_eq!(score(&due, &Weights::default()), 270 + 400 + 2000);
    }
}
