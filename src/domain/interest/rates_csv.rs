//! The rates file (`rate,effective_on,percent`): text in, rows out, or
//! everything wrong with it by line and field. All or nothing. The one
//! reader: `recoup rates import` and the shipped file both use it.

use thiserror::Error;

use super::rates::{RateRow, Series};
use crate::domain::dates::{IsoDateError, read_iso_date};
use crate::domain::interest_terms::parse_percent;
use crate::domain::text::quote;

/// The rates shipped with recoup (`assets/rates.csv`), built in so a new
/// book can start from them; see the README for how far they are maintained.
pub const SHIPPED_RATES_CSV: &str = include_str!("../../../assets/rates.csv");

/// The header a rates file starts with.
pub const RATES_HEADER: [&str; 3] = ["rate", "effective_on", "percent"];

/// Something wrong with a rates file: its line (1 is the header; 0 the file
/// as a whole), the field (`None`: the whole line), and what is wrong, in
/// the words of every import (`line 3, column rate: "fed" is not ...`).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{}", self.shown())]
pub struct RatesCsvError {
    pub line: u64,
    pub field: Option<&'static str>,
    pub message: String,
}

impl RatesCsvError {
    fn shown(&self) -> String {
        match (self.line, self.field) {
            (0, _) => self.message.clone(),
            (line, Some(field)) => format!("line {line}, column {field}: {}", self.message),
            (line, None) if self.message.starts_with(',') => format!("line {line}{}", self.message),
            (line, None) => format!("line {line} {}", self.message),
        }
    }
}

fn error(line: u64, field: Option<&'static str>, message: impl Into<String>) -> RatesCsvError {
    RatesCsvError { line, field, message: message.into() }
}

/// Every row of a rates file, in file order, or the first thing wrong
/// with it (see [`read_rates_csv`]).
pub fn parse_rates_csv(text: &str) -> Result<Vec<RateRow>, RatesCsvError> {
    read_rates_csv(text).map_err(|mut all| all.swap_remove(0))
}

/// Every row of a rates file, or everything wrong with it: no header, a row
/// with too few or too many fields, an unknown series, a date that is not
/// `YYYY-MM-DD`, a percent that is not like `5.25` (0 to 100, at most two
/// decimals), the same series and day twice. Blank lines are skipped.
pub fn read_rates_csv(text: &str) -> Result<Vec<RateRow>, Vec<RatesCsvError>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut records = reader.records();
    header(records.next()).map_err(|e| vec![e])?;
    let (mut rows, mut problems) = (Vec::<(u64, RateRow)>::new(), Vec::new());
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(error(line, None, format!("is not CSV: {e}")));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let Some(row) = read_row(line, &record, &mut problems) else {
            continue;
        };
        if let Some((first, _)) =
            rows.iter().find(|(_, r)| r.series == row.series && r.effective_on == row.effective_on)
        {
            let what = format!(
                "{} {} is already given on line {first}; give each day once",
                row.series.as_str(),
                row.effective_on
            );
            problems.push(error(line, Some("effective_on"), what));
            continue;
        }
        rows.push((line, row));
    }
    if problems.is_empty() { Ok(rows.into_iter().map(|(_, r)| r).collect()) } else { Err(problems) }
}

/// The header must be `rate,effective_on,percent` (any case).
fn header(first: Option<csv::Result<csv::StringRecord>>) -> Result<(), RatesCsvError> {
    let header = match first {
        None => {
            let expected = "the file is empty; expected the header rate,effective_on,percent";
            return Err(error(0, None, expected));
        }
        Some(Err(e)) => return Err(error(1, None, format!("is not CSV: {e}"))),
        Some(Ok(h)) => h,
    };
    let names: Vec<String> = header.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
    if names != RATES_HEADER {
        let found = quote(&names.join(","));
        return Err(error(
            1,
            None,
            format!(", the header, is {found}; expected rate,effective_on,percent"),
        ));
    }
    Ok(())
}

/// One line's rate, or each of its fields' problems added to `problems`.
fn read_row(
    line: u64,
    record: &csv::StringRecord,
    problems: &mut Vec<RatesCsvError>,
) -> Option<RateRow> {
    if record.len() != 3 {
        let message =
            format!("has {} fields; expected 3 (rate,effective_on,percent)", record.len());
        problems.push(error(line, None, message));
        return None;
    }
    let series = record[0].parse::<Series>();
    let day = read_iso_date(&record[1]).map_err(|e| match e {
        IsoDateError::NoSuchDay(why) => format!("{} is not a date: {why}", quote(&record[1])),
        IsoDateError::OutOfRange => {
            format!("{} is outside the accepted years 1900 to 2199", quote(&record[1]))
        }
        IsoDateError::Shape => format!("{} is not a date (expected YYYY-MM-DD)", quote(&record[1])),
    });
    let bp = parse_percent(&record[2]);
    let mut bad = |field, e: String| problems.push(error(line, Some(field), e));
    match (series, day, bp) {
        (Ok(series), Ok(effective_on), Ok(bp)) => Some(RateRow { series, effective_on, bp }),
        (s, d, b) => {
            s.err().into_iter().for_each(|e| bad("rate", e));
            d.err().into_iter().for_each(|e| bad("effective_on", e));
            b.err().into_iter().for_each(|e| bad("percent", e));
            None
        }
    }
}

/// `5.25` → 525 basis points; `0.1` → 10; `4` → 400; `5%` → 500. No sign,
/// at most two decimals (`8.` is not a number), at most 100.
pub fn percent_to_bp(text: &str) -> Option<i64> {
    let t = text.trim().trim_end_matches('%').trim_end();
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 3 || frac.len() > 2 || !digits(whole) || !digits(frac) {
        return None;
    }
    if t.ends_with('.') {
        return None;
    }
    let frac_bp: i64 = format!("{frac:0<2}").parse().ok()?;
    let bp = whole.parse::<i64>().ok()? * 100 + frac_bp;
    (bp <= 10_000).then_some(bp)
}

/// 525 → `5.25`, 10 → `0.10`, 400 → `4.00`: the plain form in reports.
pub fn bp_to_percent(bp: i64) -> String {
    let sign = if bp < 0 { "-" } else { "" };
    let abs = bp.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}
