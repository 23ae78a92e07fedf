//! Reference-rate files (`recoup rates import FILE`): CSV with the header
//! `rate,effective_on,percent`, one rate a line (`boe_base,2024-08-01,5`).
//! Every bad line is reported with its line and column; nothing is kept
//! unless the whole file is good.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::{Problem, fields};
use crate::domain::interest_terms::{RateSeries, parse_percent};
use crate::domain::text::quote;
use crate::store::ReferenceRate;

/// The columns, in order.
pub const RATE_COLUMNS: [&str; 3] = ["rate", "effective_on", "percent"];

/// One reference rate: in force from `effective_on` until the series'
/// next one.
pub type RateRecord = ReferenceRate;

fn problem(line: u64, column: Option<&str>, message: String) -> Problem {
    Problem { line, column: column.map(str::to_owned), message }
}

/// Reads a whole rates file, or says everything wrong with it.
pub fn read_rates(bytes: &[u8]) -> Result<Vec<RateRecord>, Vec<Problem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut records = reader.records();
    header(records.next()).map_err(|p| vec![p])?;
    let (mut rows, mut problems) = (Vec::new(), Vec::new());
    let mut seen: FxHashMap<(RateSeries, NaiveDate), u64> = FxHashMap::default();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(problem(line, None, format!("is not CSV: {e}")));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let Some(rate) = rate(&record, line, &mut problems) else {
            continue;
        };
        if let Some(first) = seen.insert((rate.series, rate.effective_on), line) {
            problems.push(problem(
                line,
                Some("effective_on"),
                format!(
                    "{} {} is already given on line {first}; give each day once",
                    rate.series.as_str(),
                    rate.effective_on
                ),
            ));
            continue;
        }
        rows.push(rate);
    }
    if problems.is_empty() { Ok(rows) } else { Err(problems) }
}

/// The header must be `rate,effective_on,percent`.
fn header(first: Option<csv::Result<csv::StringRecord>>) -> Result<(), Problem> {
    let header = match first {
        None => {
            let expected = "the file is empty; expected the header rate,effective_on,percent";
            return Err(problem(0, None, expected.into()));
        }
        Some(Err(e)) => return Err(problem(1, None, format!("is not CSV: {e}"))),
        Some(Ok(h)) => h,
    };
    let names: Vec<String> = header.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
    if names != RATE_COLUMNS {
        let found = quote(&names.join(","));
        let message = format!(", the header, is {found}; expected rate,effective_on,percent");
        return Err(problem(1, None, message));
    }
    Ok(())
}

/// One line's rate, or its problems (each field's) added to `problems`.
fn rate(record: &csv::StringRecord, line: u64, problems: &mut Vec<Problem>) -> Option<RateRecord> {
    if record.len() != 3 {
        let message =
            format!("has {} fields; expected 3 (rate,effective_on,percent)", record.len());
        problems.push(problem(line, None, message));
        return None;
    }
    let series = record[0].parse::<RateSeries>();
    let day = fields::date(&record[1], None);
    let bp = parse_percent(&record[2]);
    let mut bad = |col: &str, e: String| problems.push(problem(line, Some(col), e));
    match (series, day, bp) {
        (Ok(series), Ok(effective_on), Ok(basis_points)) => {
            Some(RateRecord { series, effective_on, basis_points })
        }
        (s, d, b) => {
            s.err().into_iter().for_each(|e| bad("rate", e));
            d.err().into_iter().for_each(|e| bad("effective_on", e));
            b.err().into_iter().for_each(|e| bad("percent", e));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_file_reads_every_rate_exactly() {
        let text = "rate,effective_on,percent\nboe_base,2024-08-01,5\necb_refi,2024-06-12,4.25\n\n";
        let rows = read_rates(text.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].series, rows[0].basis_points), (RateSeries::BoeBase, 500));
        assert_eq!(
            (rows[1].effective_on.to_string(), rows[1].basis_points),
            ("2024-06-12".into(), 425)
        );
    }

    #[test]
    fn each_bad_line_is_named_with_its_column() {
        let text = "rate,effective_on,percent\nboe_base,2024-08-01,5\nfed,2024-13-01,x\nboe_base,2024-08-01,5.25\n";
        let problems = read_rates(text.as_bytes()).unwrap_err();
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 4, "{shown:?}");
        assert!(
            shown[0].starts_with("line 3, column rate: \"fed\" is not a rate series"),
            "{}",
            shown[0]
        );
        assert!(shown[1].starts_with("line 3, column effective_on:"), "{}", shown[1]);
        assert!(
            shown[2].starts_with("line 3, column percent: \"x\" is not a percent"),
            "{}",
            shown[2]
        );
        assert_eq!(
            shown[3],
            "line 4, column effective_on: boe_base 2024-08-01 is already given on line 2; give each day once"
        );
    }

    #[test]
    fn a_wrong_header_is_refused() {
        let err = read_rates(b"series,day,rate\n").unwrap_err();
        assert_eq!(
            err[0].to_string(),
            "line 1, the header, is \"series,day,rate\"; expected rate,effective_on,percent"
        );
        assert!(read_rates(b"").unwrap_err()[0].message.contains("empty"));
    }
}
