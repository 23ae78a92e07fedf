//! Aging: days past due and the five buckets every screen and report uses.

use chrono::{Days, NaiveDate};

/// An aging bucket by days past due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bucket {
    Current,
    Days1To30,
    Days31To60,
    Days61To90,
    Over90,
}

impl Bucket {
    pub const ALL: [Bucket; 5] = [
        Bucket::Current,
        Bucket::Days1To30,
        Bucket::Days31To60,
        Bucket::Days61To90,
        Bucket::Over90,
    ];

    /// The label used on screen and in reports.
    pub fn label(self) -> &'static str {
        match self {
            Bucket::Current => "current",
            Bucket::Days1To30 => "1-30",
            Bucket::Days31To60 => "31-60",
            Bucket::Days61To90 => "61-90",
            Bucket::Over90 => "90+",
        }
    }

    /// The bucket for a number of days past due (zero or less is current).
    pub fn for_days(days_past_due: i64) -> Bucket {
        match days_past_due {
            d if d <= 0 => Bucket::Current,
            1..=30 => Bucket::Days1To30,
            31..=60 => Bucket::Days31To60,
            61..=90 => Bucket::Days61To90,
            _ => Bucket::Over90,
        }
    }
}

/// Days past due = as-of date − due date (negative when not yet due).
pub fn days_past_due(due_on: NaiveDate, as_of: NaiveDate) -> i64 {
    (as_of - due_on).num_days()
}

pub fn bucket(due_on: NaiveDate, as_of: NaiveDate) -> Bucket {
    Bucket::for_days(days_past_due(due_on, as_of))
}

/// Due-date thresholds for bucketing in bulk: an invoice is in bucket `i`
/// when `due_on` is on or before `limits[i-1]` and after `limits[i]`.
/// Returns the latest due date of each overdue bucket: 1-30, 31-60, 61-90, 90+.
pub fn bucket_due_limits(as_of: NaiveDate) -> [NaiveDate; 4] {
    let back = |d: u64| as_of.checked_sub_days(Days::new(d)).unwrap_or(NaiveDate::MIN);
    [back(1), back(31), back(61), back(91)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn bucket_boundaries() {
        let cases = [
            (-5, Bucket::Current),
            (0, Bucket::Current),
            (1, Bucket::Days1To30),
            (30, Bucket::Days1To30),
            (31, Bucket::Days31To60),
            (60, Bucket::Days31To60),
            (61, Bucket::Days61To90),
            (90, Bucket::Days61To90),
            (91, Bucket::Over90),
            (4000, Bucket::Over90),
        ];
        for (days, want) in cases {
            assert_eq!(Bucket::for_days(days), want, "{days} days");
        }
    }

    #[test]
    fn days_past_due_counts_calendar_days() {
        assert_eq!(days_past_due(d("2026-11-01"), d("2026-11-01")), 0);
        assert_eq!(days_past_due(d("2026-10-31"), d("2026-11-01")), 1);
        assert_eq!(days_past_due(d("2026-12-01"), d("2026-11-01")), -30);
        assert_eq!(days_past_due(d("2026-08-03"), d("2026-11-01")), 90);
        assert_eq!(bucket(d("2026-08-02"), d("2026-11-01")), Bucket::Over90);
        assert_eq!(bucket(d("2026-08-03"), d("2026-11-01")), Bucket::Days61To90);
    }

    #[test]
    fn bulk_limits_agree_with_bucket() {
        let as_of = d("2026-03-01");
        let limits = bucket_due_limits(as_of);
        for back in 0..200 {
            let due = as_of - Days::new(back);
            let by_limits = if due > limits[0] {
                Bucket::Current
            } else if due > limits[1] {
                Bucket::Days1To30
            } else if due > limits[2] {
                Bucket::Days31To60
            } else if due > limits[3] {
                Bucket::Days61To90
            } else {
                Bucket::Over90
            };
            assert_eq!(by_limits, bucket(due, as_of), "{due}");
        }
    }
}
