//! A customer's track record with promises: kept / (kept + partly kept + broken).

use super::money::Money;
use super::promise::PromiseStatus;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TrackRecord {
    pub kept: usize,
    /// Kept, partly kept and broken promises.
    pub settled: usize,
    /// Paid toward the settled promises, part payments included.
    pub paid_amount: Money,
    /// What the settled promises asked for.
    pub settled_amount: Money,
}

impl TrackRecord {
    /// From each promise's status, what it asked for (disputes set aside)
    /// and what was paid toward it.
    pub fn of(promises: impl IntoIterator<Item = (PromiseStatus, Money, Money)>) -> TrackRecord {
        let mut t = TrackRecord::default();
        for (status, asked, paid) in promises {
            if !matches!(
                status,
                PromiseStatus::Kept | PromiseStatus::PartlyKept | PromiseStatus::Broken
            ) {
                continue;
            }
            t.settled += 1;
            t.settled_amount = t.settled_amount + asked;
            if status == PromiseStatus::Kept {
                t.kept += 1;
                t.paid_amount = t.paid_amount + asked;
            } else {
                t.paid_amount = t.paid_amount + Money(paid.cents().clamp(0, asked.cents()));
            }
        }
        t
    }

    /// Percent kept by count, rounded down; `None` with no settled promises.
    pub fn percent(&self) -> Option<u32> {
        (self.settled > 0).then(|| (self.kept * 100 / self.settled) as u32)
    }

    /// "3 of 5 kept · 60% · 4,800.00 of 7,000.00 paid"
    pub fn summary(&self) -> String {
        match self.percent() {
            None => "no promises settled yet".into(),
            Some(p) => format!(
                "{} of {} kept · {p}% · {} of {} paid",
                self.kept,
                self.settled,
                self.paid_amount.format(),
                self.settled_amount.format()
            ),
        }
    }
}

/// Average days late of paid invoices (paid-in-full date − due date;
/// negative when paid early), rounded half away from zero.
pub fn average_days_late(paid: &[(chrono::NaiveDate, chrono::NaiveDate)]) -> Option<i64> {
    if paid.is_empty() {
        return None;
    }
    let total: i64 = paid.iter().map(|(due, on)| (*on - *due).num_days()).sum();
    let n = paid.len() as i64;
    Some(if total >= 0 { (2 * total + n) / (2 * n) } else { -((-2 * total + n) / (2 * n)) })
}

/// "pays 12 days late on average", or early, or on time.
pub fn describe_days_late(days: Option<i64>) -> String {
    match days {
        None => "no paid invoices yet".into(),
        Some(0) => "pays on time on average".into(),
        Some(d) if d > 0 => format!("pays {d} days late on average"),
        Some(d) => format!("pays {} days early on average", -d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PromiseStatus::*;

    #[test]
    fn counts_kept_against_settled_by_count_and_amount() {
        let t = TrackRecord::of([
            (Kept, Money(200_000), Money(200_000)),
            (Kept, Money(220_000), Money(220_000)),
            (Broken, Money(100_000), Money(0)),
            (PartlyKept, Money(180_000), Money(60_000)),
            (Kept, Money(0), Money(0)),
            (Open, Money(999_999), Money(1_000)),
            (Cancelled, Money(5_000), Money(0)),
        ]);
        assert_eq!((t.kept, t.settled), (3, 5));
        assert_eq!(t.percent(), Some(60));
        assert_eq!(t.summary(), "3 of 5 kept · 60% · 4,800.00 of 7,000.00 paid");
    }

    /// The case filed: one promise of 5,000.00, 2,950.00 paid toward it by
    /// the end of its grace, read "0.00 of 5,000.00 kept".
    #[test]
    fn part_payments_count_by_amount() {
        let t = TrackRecord::of([(PartlyKept, Money(500_000), Money(295_000))]);
        assert_eq!(t.paid_amount, Money(295_000));
        assert_eq!(t.summary(), "0 of 1 kept · 0% · 2,950.00 of 5,000.00 paid");
    }

    #[test]
    fn days_late_average_over_paid_invoices() {
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        let paid = [
            (d("2026-10-01"), d("2026-10-11")),
            (d("2026-10-01"), d("2026-10-04")),
            (d("2026-10-01"), d("2026-09-30")),
        ];
        // (10 + 3 - 1) / 3 = 4
        assert_eq!(average_days_late(&paid), Some(4));
        assert_eq!(average_days_late(&[(d("2026-10-05"), d("2026-10-01"))]), Some(-4));
        assert_eq!(average_days_late(&[]), None);
        assert_eq!(describe_days_late(Some(4)), "pays 4 days late on average");
        assert_eq!(describe_days_late(Some(-4)), "pays 4 days early on average");
    }

    #[test]
    fn no_history_says_so() {
        assert_eq!(TrackRecord::of([]).summary(), "no promises settled yet");
        assert_eq!(TrackRecord::of([(Open, Money(1), Money(0))]).percent(), None);
    }
}
