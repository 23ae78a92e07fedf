//! The reference-rate table (Bank of England base rate, ECB main
//! refinancing rate) and the annual rate a regime charges on a given day.

use chrono::{Datelike, NaiveDate};
use thiserror::Error;

use super::regime::{Regime, Terms, UK_MARGIN_BP};

/// A published reference rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Series {
    /// Bank of England base rate (`boe_base`).
    BoeBase,
    /// ECB main refinancing operations rate (`ecb_refi`).
    EcbRefi,
}

impl Series {
    pub const ALL: [Series; 2] = [Series::BoeBase, Series::EcbRefi];

    pub fn parse(text: &str) -> Option<Series> {
        match text.trim().to_ascii_lowercase().as_str() {
            "boe_base" => Some(Series::BoeBase),
            "ecb_refi" => Some(Series::EcbRefi),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Series::BoeBase => "boe_base",
            Series::EcbRefi => "ecb_refi",
        }
    }
}

impl std::str::FromStr for Series {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Series::parse(s).ok_or_else(|| {
            let shown = crate::domain::text::quote(s);
            format!("{shown} is not a rate series (expected boe_base or ecb_refi)")
        })
    }
}

/// A figure needs a reference rate the table does not have: none of the
/// series' changes is on or before `day`. The figure is unknown, never zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
#[error("no {} rate is known in force on {day} (import rates that cover it)", series.as_str())]
pub struct UnknownRate {
    pub series: Series,
    pub day: NaiveDate,
}

/// One change of a reference rate: from `effective_on` it is `bp`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateRow {
    pub series: Series,
    pub effective_on: NaiveDate,
    pub bp: i64,
}

/// Change points per series, oldest first. A rate stays in force until the
/// next change; before the first change it is unknown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RateTable {
    boe_base: Vec<(NaiveDate, i64)>,
    ecb_refi: Vec<(NaiveDate, i64)>,
}

impl RateTable {
    /// The table from rows in any order; of two rows for the same series and
    /// day the later one wins (the store's replace-on-import).
    pub fn from_rows(rows: impl IntoIterator<Item = RateRow>) -> RateTable {
        let mut table = RateTable::default();
        for row in rows {
            let points = table.points_mut(row.series);
            match points.binary_search_by_key(&row.effective_on, |p| p.0) {
                Ok(at) => points[at].1 = row.bp,
                Err(at) => points.insert(at, (row.effective_on, row.bp)),
            }
        }
        table
    }

    /// The change points of a series, oldest first.
    pub fn points(&self, series: Series) -> &[(NaiveDate, i64)] {
        match series {
            Series::BoeBase => &self.boe_base,
            Series::EcbRefi => &self.ecb_refi,
        }
    }

    fn points_mut(&mut self, series: Series) -> &mut Vec<(NaiveDate, i64)> {
        match series {
            Series::BoeBase => &mut self.boe_base,
            Series::EcbRefi => &mut self.ecb_refi,
        }
    }

    /// The rate in force on `day`, in basis points.
    pub fn in_force(&self, series: Series, day: NaiveDate) -> Result<i64, UnknownRate> {
        let points = self.points(series);
        let after = points.partition_point(|p| p.0 <= day);
        match after {
            0 => Err(UnknownRate { series, day }),
            n => Ok(points[n - 1].1),
        }
    }

    /// The newest change of a series: the table says nothing about changes
    /// after it, so `recoup check` can say how far it is maintained.
    pub fn last_change(&self, series: Series) -> Option<NaiveDate> {
        self.points(series).last().map(|p| p.0)
    }
}

/// The day whose rate sets the reference rate for `day`'s half-year.
/// UK: 1 Jan–30 Jun use the rate in force on the preceding 31 December,
/// 1 Jul–31 Dec the rate in force on 30 June. EU: the rate in force on
/// 1 January or 1 July.
pub fn reference_day(series: Series, day: NaiveDate) -> NaiveDate {
    let first_half = day.month() <= 6;
    let y = day.year();
    let ymd = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(day);
    match (series, first_half) {
        (Series::BoeBase, true) => ymd(y - 1, 12, 31),
        (Series::BoeBase, false) => ymd(y, 6, 30),
        (Series::EcbRefi, true) => ymd(y, 1, 1),
        (Series::EcbRefi, false) => ymd(y, 7, 1),
    }
}

/// The calendar half-year `day` falls in: 1 January–30 June or 1 July–31
/// December, first and last day.
pub fn half_year_of(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let y = day.year();
    let ymd = |m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(day);
    if day.month() <= 6 { (ymd(1, 1), ymd(6, 30)) } else { (ymd(7, 1), ymd(12, 31)) }
}

/// The series' last change when it is older than the half-year `today`
/// claims: the table says nothing about that half-year, so it may be
/// stale. `None` when it changed within the half-year, or has no row (a
/// gap `recoup check` names otherwise).
pub fn stale_since(table: &RateTable, series: Series, today: NaiveDate) -> Option<NaiveDate> {
    let last = table.last_change(series)?;
    (last < half_year_of(today).0).then_some(last)
}

/// The annual rate, in basis points, that `terms` charge for `day`. Constant
/// within each calendar half-year (1 Jan–30 Jun, 1 Jul–31 Dec), which the
/// accrual relies on. `none` charges 0.
pub fn annual_rate_bp(terms: Terms, table: &RateTable, day: NaiveDate) -> Result<i64, UnknownRate> {
    let reference = |series| table.in_force(series, reference_day(series, day));
    match terms.regime {
        Regime::None => Ok(0),
        Regime::Contract => Ok(terms.rate_bp),
        Regime::Uk => Ok(reference(Series::BoeBase)? + UK_MARGIN_BP),
        Regime::Eu => Ok(reference(Series::EcbRefi)? + terms.rate_bp),
    }
}
