//! Payment plans: a promise split into instalments created in one step.

use std::fmt;
use std::str::FromStr;

use chrono::{Days, Months, NaiveDate};
use thiserror::Error;

use super::money::Money;
use super::promise::PromiseStatus;
use super::text::and_list;

mod disputes;
pub use disputes::{Cover, CoveredDispute, set_aside_disputes};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    Weekly,
    Fortnightly,
    Monthly,
}

impl Frequency {
    pub const ALL: [Frequency; 3] = [Frequency::Weekly, Frequency::Fortnightly, Frequency::Monthly];

    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Weekly => "weekly",
            Frequency::Fortnightly => "fortnightly",
            Frequency::Monthly => "monthly",
        }
    }

    /// The due date of instalment `k` (0-based) after `first`.
    pub fn nth(self, first: NaiveDate, k: u32) -> Option<NaiveDate> {
        match self {
            Frequency::Weekly => first.checked_add_days(Days::new(7 * u64::from(k))),
            Frequency::Fortnightly => first.checked_add_days(Days::new(14 * u64::from(k))),
            Frequency::Monthly => first.checked_add_months(Months::new(k)),
        }
    }
}

impl fmt::Display for Frequency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Frequency {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        Frequency::ALL
            .into_iter()
            .find(|f| !t.is_empty() && f.as_str().starts_with(&t))
            .ok_or_else(|| "expected weekly, fortnightly or monthly".to_owned())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PlanError {
    #[error("between 1 and {MAX_INSTALMENTS} instalments")]
    Count,
    #[error("each instalment must be at least 0.01")]
    TooSmall,
    #[error("the dates run past the calendar")]
    Dates,
}

pub const MAX_INSTALMENTS: u32 = 36;

/// One instalment of a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Instalment {
    pub amount: Money,
    pub due_on: NaiveDate,
}

/// What a promise or plan asks for in all: its instalments added up (a sum
/// of money saturates rather than wraps).
pub fn total(instalments: &[Instalment]) -> Money {
    instalments.iter().map(|i| i.amount).sum()
}

/// Splits `total` into `count` instalments, the first due on `first_due`.
/// The cents that do not divide evenly go on the last instalment.
pub fn instalments(
    total: Money,
    count: u32,
    first_due: NaiveDate,
    frequency: Frequency,
) -> Result<Vec<Instalment>, PlanError> {
    if count == 0 || count > MAX_INSTALMENTS {
        return Err(PlanError::Count);
    }
    let base = total.cents() / i64::from(count);
    if base <= 0 {
        return Err(PlanError::TooSmall);
    }
    let remainder = total.cents() - base * i64::from(count);
    (0..count)
        .map(|k| {
            let extra = if k + 1 == count { remainder } else { 0 };
            Ok(Instalment {
                amount: Money(base + extra),
                due_on: frequency.nth(first_due, k).ok_or(PlanError::Dates)?,
            })
        })
        .collect()
}

/// A plan is in default from its first broken (or partly kept) instalment,
/// taken in due-date order. Returns that instalment's due date.
pub fn default_since(instalments: &[(NaiveDate, PromiseStatus)]) -> Option<NaiveDate> {
    let mut sorted = instalments.to_vec();
    sorted.sort_by_key(|(due, _)| *due);
    sorted.into_iter().find(|(_, status)| status.is_failed()).map(|(due, _)| due)
}

/// The running record of a promise or plan recorded outside a call (on a
/// call, the call's own note covers it): what was agreed, the invoices it
/// covers, and whether it replaces or keeps the promises open before it.
pub fn recorded_note(
    plan: &[Instalment],
    frequency: Option<Frequency>,
    invoices: &[String],
    open_before: &[Instalment],
    replaces: bool,
) -> String {
    let mut text = match plan {
        [first, .., last] => {
            let tail = if last.amount == first.amount {
                String::new()
            } else {
                format!(" (last {})", last.amount.format())
            };
            format!(
                "Plan recorded: {} in {} {}instalments of {}{tail}, {} to {}",
                total(plan).format(),
                plan.len(),
                frequency.map_or(String::new(), |f| format!("{f} ")),
                first.amount.format(),
                day(first.due_on),
                day(last.due_on)
            )
        }
        [one] => format!("Promise recorded: {} by {}", one.amount.format(), day(one.due_on)),
        [] => "Promise recorded".to_owned(),
    };
    if !invoices.is_empty() {
        text += &format!(", for {}", and_list(invoices));
    }
    if !open_before.is_empty() {
        let verb = if replaces { "replaces" } else { "keeps" };
        let also = if replaces { "" } else { " as well" };
        text += &format!(" ({verb} {}{also})", open_promises(open_before));
    }
    text.push('.');
    text
}

fn day(d: NaiveDate) -> String {
    d.format("%d %b %Y").to_string()
}

/// `the open promise of 3,000.00 by 25 Nov 2026`, up to three by name, more
/// in sum.
fn open_promises(open: &[Instalment]) -> String {
    let each = |i: &Instalment| format!("{} by {}", i.amount.format(), day(i.due_on));
    match open {
        [one] => format!("the open promise of {}", each(one)),
        few if few.len() <= 3 => {
            let all: Vec<String> = few.iter().map(each).collect();
            format!("the open promises of {}", and_list(&all))
        }
        many => {
            let first = many.iter().map(|i| i.due_on).min().unwrap_or_default();
            let last = many.iter().map(|i| i.due_on).max().unwrap_or_default();
            format!(
                "{} open promises, {} in all, due {} to {}",
                many.len(),
                total(many).format(),
                day(first),
                day(last)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_plan_total_adds_its_instalments_and_never_wraps() {
        let due = d("2026-12-04");
        let one = |cents| Instalment { amount: Money(cents), due_on: due };
        assert_eq!(total(&[]), Money(0));
        assert_eq!(total(&[one(33_333), one(33_333), one(33_334)]), Money(100_000));
        assert_eq!(total(&[one(i64::MAX), one(1)]), Money(i64::MAX));
    }

    #[test]
    fn splits_evenly_with_the_odd_cents_last() {
        let plan = instalments(Money(100_000), 3, d("2026-12-04"), Frequency::Monthly).unwrap();
        let amounts: Vec<i64> = plan.iter().map(|i| i.amount.cents()).collect();
        assert_eq!(amounts, [33_333, 33_333, 33_334]);
        let dates: Vec<String> = plan.iter().map(|i| i.due_on.to_string()).collect();
        assert_eq!(dates, ["2026-12-04", "2027-01-04", "2027-02-04"]);
        assert_eq!(total(&plan), Money(100_000));
    }

    #[test]
    fn weekly_and_fortnightly_step_by_days_and_month_ends_clamp() {
        let w = instalments(Money(300), 3, d("2026-11-27"), Frequency::Weekly).unwrap();
        assert_eq!(w[2].due_on, d("2026-12-11"));
        let f = instalments(Money(300), 2, d("2026-11-27"), Frequency::Fortnightly).unwrap();
        assert_eq!(f[1].due_on, d("2026-12-11"));
        let m = instalments(Money(300), 2, d("2027-01-31"), Frequency::Monthly).unwrap();
        assert_eq!(m[1].due_on, d("2027-02-28"));
    }

    #[test]
    fn refuses_silly_plans() {
        assert_eq!(
            instalments(Money(100), 0, d("2026-12-01"), Frequency::Weekly),
            Err(PlanError::Count)
        );
        assert_eq!(
            instalments(Money(100), 37, d("2026-12-01"), Frequency::Weekly),
            Err(PlanError::Count)
        );
        assert_eq!(
            instalments(Money(2), 3, d("2026-12-01"), Frequency::Weekly),
            Err(PlanError::TooSmall)
        );
    }

    #[test]
    fn frequency_parses_from_a_prefix() {
        assert_eq!("w".parse::<Frequency>(), Ok(Frequency::Weekly));
        assert_eq!("Fort".parse::<Frequency>(), Ok(Frequency::Fortnightly));
        assert_eq!("monthly".parse::<Frequency>(), Ok(Frequency::Monthly));
        assert!("daily".parse::<Frequency>().is_err());
        assert!("".parse::<Frequency>().is_err());
    }

    #[test]
    fn plan_defaults_at_its_first_broken_instalment() {
        use PromiseStatus::*;
        assert_eq!(default_since(&[(d("2026-11-01"), Kept), (d("2026-12-01"), Open)]), None);
        assert_eq!(
            default_since(&[
                (d("2026-12-01"), Broken),
                (d("2026-11-01"), Kept),
                (d("2026-11-15"), PartlyKept)
            ]),
            Some(d("2026-11-15"))
        );
    }

    #[test]
    fn the_note_of_a_promise_says_what_it_replaces_or_keeps() {
        let one = |cents, due: &str| Instalment { amount: Money(cents), due_on: d(due) };
        let open = [one(300_000, "2026-11-25")];
        assert_eq!(
            recorded_note(&[one(300_000, "2026-12-15")], None, &[], &open, true),
            "Promise recorded: 3,000.00 by 15 Dec 2026 (replaces the open promise of 3,000.00 \
             by 25 Nov 2026)."
        );
        let plan = instalments(Money(100_001), 3, d("2026-12-15"), Frequency::Monthly).unwrap();
        let invoices = ["INV-1".to_owned(), "INV-2".to_owned()];
        let two = [one(100, "2026-11-25"), one(200, "2026-11-30")];
        assert_eq!(
            recorded_note(&plan, Some(Frequency::Monthly), &invoices, &two, false),
            "Plan recorded: 1,000.01 in 3 monthly instalments of 333.33 (last 333.35), \
             15 Dec 2026 to 15 Feb 2027, for INV-1 and INV-2 (keeps the open promises of 1.00 \
             by 25 Nov 2026 and 2.00 by 30 Nov 2026 as well)."
        );
        let four = [
            one(100, "2026-11-25"),
            one(100, "2026-12-25"),
            one(100, "2027-01-25"),
            one(100, "2026-10-25"),
        ];
        assert!(
            recorded_note(&[one(500, "2026-12-01")], None, &[], &four, true).ends_with(
                "(replaces 4 open promises, 4.00 in all, due 25 Oct 2026 to 25 Jan 2027)."
            )
        );
    }
}
