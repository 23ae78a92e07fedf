//! The rates file (`rate,effective_on,percent`): text in, rows out, or the
//! first thing wrong with it by line and field. All or nothing.

use thiserror::Error;

use super::rates::{RateRow, Series};
use crate::domain::dates::read_iso_date;

/// The rates shipped with recoup (`assets/rates.csv`), built in so a new
/// book can start from them; see the README for how far they are maintained.
pub const SHIPPED_RATES_CSV: &str = include_str!("../../../assets/rates.csv");

/// The header a rates file starts with.
pub const RATES_HEADER: [&str; 3] = ["rate", "effective_on", "percent"];

/// The first thing wrong with a rates file: its line (1 is the header), the
/// field, and what was expected there.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("line {line}, field {field}: {expected}")]
pub struct RatesCsvError {
    pub line: u64,
    pub field: &'static str,
    pub expected: String,
}

fn error(line: u64, field: &'static str, expected: impl Into<String>) -> RatesCsvError {
    RatesCsvError { line, field, expected: expected.into() }
}

/// Every row of a rates file, in file order. Refuses a file with no header,
/// a row with too few or too many fields, an unknown series, a date that is
/// not `YYYY-MM-DD`, a percent that is not like `5.25` (0 to 100, at most two
/// decimals), and the same series and day twice.
pub fn parse_rates_csv(text: &str) -> Result<Vec<RateRow>, RatesCsvError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut rows: Vec<(u64, RateRow)> = Vec::new();
    let mut header_seen = false;
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            error(line, "row", "expected a plain CSV row")
        })?;
        let line = record.position().map_or(0, |p| p.line());
        if !header_seen {
            let got: Vec<String> = record.iter().map(|f| f.to_ascii_lowercase()).collect();
            if got != RATES_HEADER {
                return Err(error(line, "header", "expected the header rate,effective_on,percent"));
            }
            header_seen = true;
            continue;
        }
        let row = read_row(line, &record)?;
        if let Some((first, _)) =
            rows.iter().find(|(_, r)| r.series == row.series && r.effective_on == row.effective_on)
        {
            let what = format!(
                "{} {} is already given on line {first}",
                row.series.as_str(),
                row.effective_on
            );
            return Err(error(line, "effective_on", what));
        }
        rows.push((line, row));
    }
    if !header_seen {
        return Err(error(1, "header", "expected the header rate,effective_on,percent"));
    }
    Ok(rows.into_iter().map(|(_, row)| row).collect())
}

fn read_row(line: u64, record: &csv::StringRecord) -> Result<RateRow, RatesCsvError> {
    if record.len() != 3 {
        return Err(error(line, "row", format!("expected 3 fields, found {}", record.len())));
    }
    let series = Series::parse(&record[0]).ok_or_else(|| {
        error(line, "rate", format!("expected boe_base or ecb_refi, found {:?}", &record[0]))
    })?;
    let effective_on = read_iso_date(&record[1])
        .map_err(|e| error(line, "effective_on", format!("{e}, found {:?}", &record[1])))?;
    let bp = percent_to_bp(&record[2]).ok_or_else(|| {
        let found = &record[2];
        error(line, "percent", format!("expected a percent like 5.25 (0 to 100), found {found:?}"))
    })?;
    Ok(RateRow { series, effective_on, bp })
}

/// `5.25` → 525 basis points; `0.1` → 10; `4` → 400. No sign, at most two
/// decimals, at most 100.
pub fn percent_to_bp(text: &str) -> Option<i64> {
    let t = text.trim().trim_end_matches('%').trim_end();
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 3 || frac.len() > 2 || !digits(whole) || !digits(frac) {
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
