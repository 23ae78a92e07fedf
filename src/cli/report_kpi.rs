//! `recoup report kpi [--from DATE] [--to DATE] [--format table|csv]`: DSO,
//! best possible DSO, average days delinquent and CEI for a period (default
//! the last full calendar month), from the same figures as the triage screen.

use chrono::{Datelike, NaiveDate};

use super::report::{DayFlag, Format, day_on};
use super::{Context, Failure};
use crate::domain::kpi::{Kpis, Period, PeriodFigures, tenths};
use crate::store::Activity;

pub const COLUMNS: [&str; 12] = [
    "from",
    "to",
    "days",
    "opening_receivables",
    "credit_sales",
    "collected",
    "receivables",
    "current",
    "dso",
    "best_dso",
    "add",
    "cei",
];

/// The period asked for: both ends given; `--to` alone from the 1st of its
/// month; `--from` alone up to `today`; neither, the last full month.
pub fn period(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Period, Failure> {
    let period = match (from, to) {
        (None, None) => Period::full_months_before(today, 1),
        (Some(from), None) => Period { from, to: today },
        (None, Some(to)) => Period { from: to.with_day(1).unwrap_or(to), to },
        (Some(from), Some(to)) => Period { from, to },
    };
    if period.to > today {
        return Err(Failure::BadInput(format!(
            "--to {} is after today ({today}); a period's figures are known once it is over",
            period.to
        )));
    }
    if period.from > period.to {
        return Err(Failure::BadInput(format!(
            "--from {} is after --to {}; expected the first day of the period, then the last",
            period.from, period.to
        )));
    }
    Ok(period)
}

/// One period's row: the inputs, then the ratios in tenths. A ratio with
/// nothing to divide by is a dash in a table and empty in CSV.
pub fn cells(
    period: Period,
    f: &PeriodFigures,
    activity: &Activity,
    format: Format,
) -> Vec<String> {
    let money = format.money();
    let k = Kpis::of(f, period.days());
    let ratio = |v: Option<i64>, unit: &str| match (v, format) {
        (None, Format::Csv) => String::new(),
        (None, Format::Table) => tenths(None),
        (Some(_), Format::Csv) => tenths(v),
        (Some(_), Format::Table) => format!("{}{unit}", tenths(v)),
    };
    vec![
        period.from.to_string(),
        period.to.to_string(),
        period.days().to_string(),
        money(f.opening_receivables),
        money(f.credit_sales),
        money(activity.collected),
        money(f.closing_receivables),
        money(f.closing_current),
        ratio(k.dso, ""),
        ratio(k.best_dso, ""),
        ratio(k.add, ""),
        ratio(k.cei, "%"),
    ]
}

pub fn run(
    ctx: &Context,
    from: Option<&DayFlag>,
    to: Option<&DayFlag>,
    format: Format,
) -> Result<(), Failure> {
    let store = ctx.open_existing_store()?;
    let today = ctx.moment(&store)?.today;
    let period = period(day_on(from, today)?, day_on(to, today)?, today)?;
    let Some((figures, activity)) = store.period_figures(&[period])?.into_iter().next() else {
        return Err(Failure::Runtime(format!("no figures for {} to {}", period.from, period.to)));
    };
    let title = format!(
        "Collection KPIs from {} to {} ({} days; DSO, best DSO and ADD in days, CEI in percent)",
        period.from,
        period.to,
        period.days()
    );
    format.print(&title, &COLUMNS, &[cells(period, &figures, &activity, format)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_default_period_is_the_last_full_month() {
        let today = d("2026-12-02");
        let p = period(None, None, today).unwrap();
        assert_eq!((p.from, p.to), (d("2026-11-01"), d("2026-11-30")));
        let p = period(None, Some(d("2026-10-15")), today).unwrap();
        assert_eq!((p.from, p.to), (d("2026-10-01"), d("2026-10-15")));
        let p = period(Some(d("2026-07-01")), None, today).unwrap();
        assert_eq!((p.from, p.to), (d("2026-07-01"), today));
        assert!(period(Some(d("2026-11-02")), Some(d("2026-11-01")), today).is_err());
        assert!(period(None, Some(d("2026-12-03")), today).is_err());
    }
}
