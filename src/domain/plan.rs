//! Payment plans: a promise split into instalments created in one step.

use std::fmt;
use std::str::FromStr;

use chrono::{Days, Months, NaiveDate};
use thiserror::Error;

use super::money::Money;
use super::promise::PromiseStatus;

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
}
