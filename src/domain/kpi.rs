//! Collection KPIs for a period (DESIGN.md §3.3), from figures the store sums.
//!
//! - DSO = receivables ÷ credit sales × days
//! - best possible DSO = current receivables ÷ credit sales × days
//! - ADD (average days delinquent) = DSO − best possible DSO
//! - CEI = (opening receivables + credit sales − closing total receivables)
//!   ÷ (opening receivables + credit sales − closing current receivables) × 100
//!
//! Ratios are worked in integers and rounded once, to tenths.

use super::money::Money;
pub use super::period::{Period, PeriodChoice};

/// What the KPIs are computed from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PeriodFigures {
    /// Receivables at the end of the day before the period.
    pub opening_receivables: Money,
    /// Invoices issued in the period.
    pub credit_sales: Money,
    /// Receivables at the end of the period.
    pub closing_receivables: Money,
    /// Of those, not yet past due at the end of the period.
    pub closing_current: Money,
}

/// The KPIs of a period, each in tenths (`None` where there is nothing to
/// divide by, such as a period without credit sales).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Kpis {
    pub dso: Option<i64>,
    pub best_dso: Option<i64>,
    pub add: Option<i64>,
    pub cei: Option<i64>,
}

impl Kpis {
    pub fn of(f: &PeriodFigures, days: i64) -> Kpis {
        Kpis {
            dso: dso_tenths(f, days),
            best_dso: best_possible_dso_tenths(f, days),
            add: add_tenths(f, days),
            cei: cei_tenths(f),
        }
    }
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

/// Average days delinquent = DSO − best possible DSO, worked from the past
/// due receivables so that it is rounded once, not from two rounded figures.
pub fn add_tenths(f: &PeriodFigures, days: i64) -> Option<i64> {
    let past_due = wide(f.closing_receivables) - wide(f.closing_current);
    ratio_tenths(past_due * i128::from(days), wide(f.credit_sales))
}

/// Collection effectiveness index, in tenths of a percent.
pub fn cei_tenths(f: &PeriodFigures) -> Option<i64> {
    let collectable = wide(f.opening_receivables) + wide(f.credit_sales);
    let collected = collectable - wide(f.closing_receivables);
    let could = collectable - wide(f.closing_current);
    ratio_tenths(collected * 100, could)
}

/// `n / d` in tenths, rounded half away from zero; `None` when `d` is zero
/// or the figure is too large to be one (no real book comes near).
fn ratio_tenths(n: i128, d: i128) -> Option<i64> {
    if d == 0 {
        return None;
    }
    let scaled = n.checked_mul(10)?;
    let q = (scaled.checked_mul(2)? + d.signum() * scaled.signum() * d.abs()) / (2 * d);
    i64::try_from(q).ok()
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

/// A period named for a header: `October 2026`, `August – October 2026`,
/// `1–25 November 2026`; `short` abbreviates the months (`Aug–Oct 2026`).
pub fn period_name(p: Period, short: bool) -> String {
    use chrono::Datelike;
    let month = if short { "%b" } else { "%B" };
    let dash = if short { "–" } else { " – " };
    let whole_months =
        p.from.day() == 1 && p.to.succ_opt().is_none_or(|next| next.day() == 1) && p.from <= p.to;
    let same_year = p.from.year() == p.to.year();
    let same_month = same_year && p.from.month() == p.to.month();
    if whole_months {
        let one = format!("{month} %Y");
        return match (same_month, same_year) {
            (true, _) => p.from.format(&one).to_string(),
            (false, true) => {
                format!("{}{dash}{}", p.from.format(month), p.to.format(&one))
            }
            (false, false) => format!("{}{dash}{}", p.from.format(&one), p.to.format(&one)),
        };
    }
    let day_month_year = format!("%-d {month} %Y");
    if p.from == p.to {
        return p.from.format(&day_month_year).to_string();
    }
    match (same_month, same_year) {
        (true, _) => format!("{}–{}", p.from.format("%-d"), p.to.format(&day_month_year)),
        (false, true) => format!(
            "{}{dash}{}",
            p.from.format(&format!("%-d {month}")),
            p.to.format(&day_month_year)
        ),
        (false, false) => {
            format!("{}{dash}{}", p.from.format(&day_month_year), p.to.format(&day_month_year))
        }
    }
}

/// Average invoice lag (supplied → issued) in tenths of a day.
pub fn average_lag_tenths(total_days: i64, invoices: i64) -> Option<i64> {
    ratio_tenths(i128::from(total_days), i128::from(invoices))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

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

    #[test]
    fn periods_are_named_by_their_months_or_days() {
        let p = |from, to| Period { from: d(from), to: d(to) };
        assert_eq!(period_name(p("2026-11-01", "2026-11-30"), false), "November 2026");
        assert_eq!(period_name(p("2026-11-01", "2026-11-30"), true), "Nov 2026");
        assert_eq!(period_name(p("2026-08-01", "2026-10-31"), false), "August – October 2026");
        assert_eq!(period_name(p("2026-08-01", "2026-10-31"), true), "Aug–Oct 2026");
        assert_eq!(
            period_name(p("2025-11-01", "2026-01-31"), false),
            "November 2025 – January 2026"
        );
        assert_eq!(period_name(p("2026-12-01", "2026-12-02"), false), "1–2 December 2026");
        assert_eq!(period_name(p("2026-12-01", "2026-12-02"), true), "1–2 Dec 2026");
        assert_eq!(period_name(p("2026-12-01", "2026-12-01"), false), "1 December 2026");
        // Month to date on the last day of a month is the whole month.
        assert_eq!(period_name(p("2026-02-01", "2026-02-28"), true), "Feb 2026");
        assert_eq!(period_name(p("2026-10-28", "2026-11-03"), true), "28 Oct–3 Nov 2026");
    }

    fn dollars(n: i64) -> Money {
        Money(n * 100)
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
        assert_eq!(add_tenths(&november(), p.days()), Some(250));
    }

    #[test]
    fn cei_for_a_month() {
        // (10,000 + 6,000 − 9,000) / (10,000 + 6,000 − 4,000) × 100 = 7,000 / 12,000 = 58.3 %
        assert_eq!(cei_tenths(&november()), Some(583));
        assert_eq!(tenths(cei_tenths(&november())), "58.3");
    }

    /// CreditGuru, "Ratio - Average Days Delinquent (ADD)"
    /// (creditguru.com, collection metrics): total receivables $15,000,
    /// current $4,000, credit sales in a 30-day period $10,000 give regular
    /// DSO 45 days, best possible DSO 12 days, ADD 33 days.
    #[test]
    fn textbook_add_creditguru() {
        let f = PeriodFigures {
            opening_receivables: Money::ZERO,
            credit_sales: dollars(10_000),
            closing_receivables: dollars(15_000),
            closing_current: dollars(4_000),
        };
        let k = Kpis::of(&f, 30);
        assert_eq!((k.dso, k.best_dso, k.add), (Some(450), Some(120), Some(330)));
    }

    /// YayPay, "What is Average Days Delinquent?" (the same worked example
    /// is in Quadient's AR pages): receivables $25,000, current $6,000,
    /// credit sales in 30 days $15,000: DSO 50, best DSO 12, ADD 38.
    #[test]
    fn textbook_add_yaypay() {
        let f = PeriodFigures {
            opening_receivables: Money::ZERO,
            credit_sales: dollars(15_000),
            closing_receivables: dollars(25_000),
            closing_current: dollars(6_000),
        };
        let k = Kpis::of(&f, 30);
        assert_eq!((k.dso, k.best_dso, k.add), (Some(500), Some(120), Some(380)));
    }

    /// Oracle JD Edwards EnterpriseOne, "Current Balance Divided by Sales":
    /// DSO = (10,869 × 90) / (5,538 + 4,566 + 7,570) = 55.35 days, which is
    /// 55.3 in tenths (978,210 / 17,674 = 55.348).
    #[test]
    fn textbook_dso_jd_edwards() {
        let f = PeriodFigures {
            credit_sales: dollars(5_538 + 4_566 + 7_570),
            closing_receivables: dollars(10_869),
            ..PeriodFigures::default()
        };
        assert_eq!(dso_tenths(&f, 90), Some(553));
    }

    /// The Credit Research Foundation's CEI, as CreditGuru illustrates it
    /// ("Ratio - Collection Effectiveness Index (CEI)", sample aged trial
    /// balance January to March): beginning receivables 6,200, credit
    /// sales 10,890, ending total 6,340, ending current 3,590. With the
    /// period's whole credit sales (recoup's form, the worked solution on
    /// wizedu.com) CEI = 10,750 / 13,500 = 79.63 %. CreditGuru's own figure,
    /// 55.9 %, takes monthly sales (10,890 / 3 = 3,630) against the same
    /// balances: (6,200 + 3,630 − 6,340) / (6,200 + 3,630 − 3,590).
    #[test]
    fn textbook_cei_creditguru_sample_trial_balance() {
        let whole = PeriodFigures {
            opening_receivables: dollars(6_200),
            credit_sales: dollars(10_890),
            closing_receivables: dollars(6_340),
            closing_current: dollars(3_590),
        };
        assert_eq!(cei_tenths(&whole), Some(796));
        let monthly = PeriodFigures { credit_sales: dollars(3_630), ..whole };
        assert_eq!(cei_tenths(&monthly), Some(559));
    }

    /// Gaviti, "Collection Effectiveness Index": beginning receivables
    /// $100,000, credit sales $1,000,000 over the year, ending total
    /// $120,000, ending current $100,000: 980,000 / 1,000,000 = 98 %.
    #[test]
    fn textbook_cei_gaviti() {
        let f = PeriodFigures {
            opening_receivables: dollars(100_000),
            credit_sales: dollars(1_000_000),
            closing_receivables: dollars(120_000),
            closing_current: dollars(100_000),
        };
        assert_eq!(cei_tenths(&f), Some(980));
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
        assert_eq!(Kpis::of(&none, 30), Kpis::default());
        assert_eq!(dso_tenths(&none, 30), None);
        assert_eq!(cei_tenths(&none), None);
        assert_eq!(tenths(None), "—");
        assert_eq!(tenths(Some(-15)), "-1.5");
        assert_eq!(average_lag_tenths(25, 4), Some(63), "6.25 rounds to 6.3");
        // Receivables but no sales: a dash, not infinity.
        let no_sales = PeriodFigures { credit_sales: Money::ZERO, ..november() };
        assert_eq!(Kpis::of(&no_sales, 30).dso, None);
        assert!(Kpis::of(&no_sales, 30).cei.is_some(), "CEI still divides");
    }

    #[test]
    fn huge_books_do_not_overflow() {
        let f = PeriodFigures {
            opening_receivables: Money(i64::MAX / 4),
            credit_sales: Money(1),
            closing_receivables: Money(i64::MAX / 4),
            closing_current: Money(0),
        };
        assert_eq!(dso_tenths(&f, 366), None, "too large for tenths in i64 is no figure");
        assert_eq!(cei_tenths(&f), Some(0));
    }
}
