//! Reference-rate files (`recoup rates import FILE`): CSV with the header
//! `rate,effective_on,percent`, one rate a line (`boe_base,2024-08-01,5`).
//! The reading is `domain::interest::read_rates_csv`'s; this names each
//! problem as every import does (line and column). Nothing is kept unless
//! the whole file is good.

use super::Problem;
use crate::domain::interest::{RATES_HEADER, RateRow, read_rates_csv};

/// The columns, in order.
pub const RATE_COLUMNS: [&str; 3] = RATES_HEADER;

/// Reads a whole rates file, or says everything wrong with it.
pub fn read_rates(bytes: &[u8]) -> Result<Vec<RateRow>, Vec<Problem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let Ok(text) = std::str::from_utf8(bytes) else {
        let message = "is not UTF-8 text".to_owned();
        return Err(vec![Problem { line: 0, column: None, message }]);
    };
    read_rates_csv(text).map_err(|all| {
        all.into_iter()
            .map(|e| Problem {
                line: e.line,
                column: e.field.map(str::to_owned),
                message: e.message,
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::interest::Series as RateSeries;

    #[test]
    fn a_good_file_reads_every_rate_exactly() {
        let text = "rate,effective_on,percent\nboe_base,2024-08-01,5\necb_refi,2024-06-12,4.25\n\n";
        let rows = read_rates(text.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].series, rows[0].bp), (RateSeries::BoeBase, 500));
        assert_eq!((rows[1].effective_on.to_string(), rows[1].bp), ("2024-06-12".into(), 425));
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
