//! Collection KPIs for a period (DESIGN.md §3.3), from figures the store sums.
//!
//! - DSO = receivables ÷ credit sales × days
//! - best possible DSO = current receivables ÷ credit sales × days
//! - CEI = (opening receivables + credit sales − closing total receivables)
//!   ÷ (opening receivables + credit sales − closing current receivables) × 100

use chrono::{Datelike, Days, NaiveDate};

use super::money::Money;

/// The period a KPI covers: the calendar month of the as-of date, up to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn month_to(as_of: NaiveDate) -> Period {
        Period { from: as_of.with_day(1).unwrap_or(as_of), to: as_of }
    }

    /// Days in the period, both ends counted.
    pub fn days(self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The day before the period: its opening balance is taken then.
    pub fn eve(self) -> NaiveDate {
        self.from.checked_sub_days(Days::new(1)).unwrap_or(self.from)
    }
}

/// What the KPIs are computed from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PeriodFigures {
    /// Receivables at the end of the day before the period.
    pub opening_receivables: Money,
    /// Invoices issued in the period.
    pub credit_sales: Money,
    /// Receivables at the end of the period.
    pub closing_receivables: Money,
    /// Of those, not yet due.
    pub closing_current: Money,
}

/// Days sales outstanding, in tenths of a day (`None` with no sales).
pub fn dso_tenths(f: &PeriodFigures, days: i64) -> Option<i64> {
    ratio_tenths(wide(f.closing_receivables) * i128::from(days), wide(f.credit_sales))
}

pub fn best_possible_dso_tenths(f: &PeriodFigures, days: i64) -> Option<i64> {
    ratio_tenths(wide(f.closing_current) * i128::from(days), wide(f.credit_sales))
}

/// Cents widened, so that products and sums of book totals cannot overflow.
fn wide(m: Money) -> i128 {
    i128::from(m.cents())
}

/// Collection effectiveness index, in tenths of a percent.
pub fn cei_tenths(f: &PeriodFigures) -> Option<i64> {
    let collectable = wide(f.opening_receivables) + wide(f.credit_sales);
    let collected = collectable - wide(f.closing_receivables);
    let could = collectable - wide(f.closing_current);
    ratio_tenths(collected * 100, could)
}

/// `n / d` in tenths, rounded half away from zero (saturating at the ends
/// of `i64`, which no real book reaches).
fn ratio_tenths(n: i128, d: i128) -> Option<i64> {
    if d == 0 {
        return None;
    }
    let scaled = n.saturating_mul(10);
    let q = (scaled.saturating_mul(2) + d.signum() * scaled.signum() * d.abs()) / (2 * d);
    Some(i64::try_from(q).unwrap_or(if q < 0 { i64::MIN } else { i64::MAX }))
}

/// `12.3` from tenths; `—` when there is nothing to divide by.
pub fn tenths(value: Option<i64>) -> String {
    match value {
        None => "—".into(),
        Some(v) => {
            let sign = if v < 0 { "-" } else { "" };
            format!("{sign}{}.{}", v.unsigned_abs() / 10, v.unsigned_abs() % 10)
        }
    }
}

/// Average invoice lag (supplied → issued) in tenths of a day.
pub fn average_lag_tenths(total_days: i64, invoices: i64) -> Option<i64> {
    ratio_tenths(i128::from(total_days), i128::from(invoices))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn book_sized_totals_do_not_overflow() {
        // A thousand invoices at the largest amount, over a 31-day month.
        let big = Money(Money::MAX.cents() * 1000);
        let f = PeriodFigures {
            opening_receivables: big,
            credit_sales: big,
            closing_receivables: big,
            closing_current: Money(big.cents() / 2),
        };
        assert_eq!(dso_tenths(&f, 31), Some(310));
        assert_eq!(best_possible_dso_tenths(&f, 31), Some(155));
        assert_eq!(cei_tenths(&f), Some(667));
        assert_eq!(tenths(Some(i64::MIN)), "-922337203685477580.8");
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// A small book by hand, month of November 2026 (30 days):
    /// opening receivables 10,000.00; invoices issued in November 6,000.00;
    /// collected 7,000.00, so closing receivables 9,000.00, of which
    /// 4,000.00 not yet due.
    fn november() -> PeriodFigures {
        PeriodFigures {
            opening_receivables: Money(1_000_000),
            credit_sales: Money(600_000),
            closing_receivables: Money(900_000),
            closing_current: Money(400_000),
        }
    }

    #[test]
    fn dso_and_best_possible_dso_for_a_month() {
        let p = Period::month_to(d("2026-11-30"));
        assert_eq!(p.days(), 30);
        assert_eq!(p.eve(), d("2026-10-31"));
        // 9,000 / 6,000 × 30 = 45.0 days; 4,000 / 6,000 × 30 = 20.0 days
        assert_eq!(dso_tenths(&november(), p.days()), Some(450));
        assert_eq!(best_possible_dso_tenths(&november(), p.days()), Some(200));
    }

    #[test]
    fn cei_for_a_month() {
        // (10,000 + 6,000 − 9,000) / (10,000 + 6,000 − 4,000) × 100 = 7,000 / 12,000 = 58.3 %
        assert_eq!(cei_tenths(&november()), Some(583));
        assert_eq!(tenths(cei_tenths(&november())), "58.3");
    }

    #[test]
    fn month_ends_and_partial_months() {
        let feb = Period::month_to(d("2028-02-29"));
        assert_eq!((feb.from, feb.days()), (d("2028-02-01"), 29));
        let mid = Period::month_to(d("2026-12-15"));
        assert_eq!((mid.days(), mid.eve()), (15, d("2026-11-30")));
        // Half a month of sales at the same pace: 9,000 / 3,000 × 15 = 45.0
        let half = PeriodFigures { credit_sales: Money(300_000), ..november() };
        assert_eq!(dso_tenths(&half, mid.days()), Some(450));
        let jan = Period::month_to(d("2027-01-31"));
        assert_eq!(jan.eve(), d("2026-12-31"));
    }

    #[test]
    fn nothing_to_divide_by_is_a_dash() {
        let none = PeriodFigures::default();
        assert_eq!(dso_tenths(&none, 30), None);
        assert_eq!(cei_tenths(&none), None);
        assert_eq!(tenths(None), "—");
        assert_eq!(tenths(Some(-15)), "-1.5");
        assert_eq!(average_lag_tenths(25, 4), Some(63), "6.25 rounds to 6.3");
    }
}
