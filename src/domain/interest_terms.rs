//! The words of late-payment interest that the book stores and files carry:
//! a debtor's regime, the reference-rate series, the allocation order, and
//! rates in basis points written as percents ("8", "10.5"). The arithmetic
//! lives with the interest rules; this is only vocabulary and exact parsing.

use std::str::FromStr;

use super::interest::percent_to_bp;
use super::text::quote;

/// One copy of each word: the regime, the reference-rate series and the
/// allocation order are `domain::interest`'s, under the names the store and
/// import have used since schema 7.
pub use super::interest::{AllocationOrder, Regime as InterestRegime, Series as RateSeries};

/// What a waiver gives up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Waived {
    Interest,
    Compensation,
    Both,
}

impl Waived {
    /// What it takes off an invoice, as the interest rules count it.
    pub fn takes(self) -> super::interest::Waived {
        super::interest::Waived {
            interest: matches!(self, Waived::Interest | Waived::Both),
            compensation: matches!(self, Waived::Compensation | Waived::Both),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Waived::Interest => "interest",
            Waived::Compensation => "compensation",
            Waived::Both => "both",
        }
    }

    /// As a note says it: "Interest", "Compensation", "Interest and
    /// compensation".
    pub fn described(self) -> &'static str {
        match self {
            Waived::Interest => "Interest",
            Waived::Compensation => "Compensation",
            Waived::Both => "Interest and compensation",
        }
    }
}

impl FromStr for Waived {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "interest" => Ok(Waived::Interest),
            "compensation" => Ok(Waived::Compensation),
            "both" => Ok(Waived::Both),
            _ => Err(format!("{} is not interest, compensation or both", quote(s))),
        }
    }
}

/// The largest rate accepted, in basis points (100%).
pub const MAX_BASIS_POINTS: i64 = 10_000;

/// A percent ("8", "10.5", "0.25", "5%") as basis points, exactly: at most
/// two decimals, from 0 to 100.
pub fn parse_percent(text: &str) -> Result<i64, String> {
    // The digits are `domain::interest`'s rule; this adds the sentence.
    percent_to_bp(text).ok_or_else(|| {
        format!(
            "{} is not a percent (expected a number from 0 to 100 with at most two decimals, like 8 or 10.5)",
            quote(text)
        )
    })
}

/// Basis points as the shortest percent that reads back the same: 800 →
/// "8", 1050 → "10.5", 25 → "0.25".
pub fn format_percent(bp: i64) -> String {
    let (whole, frac) = (bp / 100, bp % 100);
    match frac {
        0 => format!("{whole}"),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percents_are_read_exactly_as_basis_points() {
        let cases = [("8", 800), ("10.5", 1050), ("10.50", 1050), ("0.25", 25), ("0", 0)];
        for (text, bp) in cases {
            assert_eq!(parse_percent(text), Ok(bp), "{text}");
        }
        assert_eq!(parse_percent(" 5.1% "), Ok(510));
        assert_eq!(parse_percent("100"), Ok(10_000));
        for bad in ["", "8.", ".5", "-1", "8.125", "100.01", "1e2", "eight", "8,5"] {
            let err = parse_percent(bad).unwrap_err();
            assert!(err.contains("is not a percent"), "{bad}: {err}");
        }
    }

    #[test]
    fn percents_print_back_as_they_are_read() {
        for bp in [0, 5, 25, 50, 100, 510, 800, 1050, 1075, 10_000] {
            assert_eq!(parse_percent(&format_percent(bp)), Ok(bp), "{bp}");
        }
        assert_eq!(format_percent(800), "8");
        assert_eq!(format_percent(1050), "10.5");
        assert_eq!(format_percent(5), "0.05");
    }

    proptest::proptest! {
        /// Every rate from 0 to 100% prints as a percent that reads back to
        /// the same basis points, and as few digits as it needs.
        #[test]
        fn every_rate_reads_back_exactly(bp in 0i64..=MAX_BASIS_POINTS) {
            let text = format_percent(bp);
            proptest::prop_assert_eq!(parse_percent(&text), Ok(bp));
            proptest::prop_assert!(!text.ends_with('0') || !text.contains('.'), "{}", text);
        }
    }

    #[test]
    fn regimes_and_series_read_their_words() {
        assert_eq!("UK".parse::<InterestRegime>(), Ok(InterestRegime::Uk));
        assert_eq!(InterestRegime::Eu.series(), Some(RateSeries::EcbRefi));
        assert_eq!(InterestRegime::Contract.series(), None);
        assert!(
            "france".parse::<InterestRegime>().unwrap_err().contains("none, uk, eu or contract")
        );
        assert_eq!("ecb_refi".parse::<RateSeries>(), Ok(RateSeries::EcbRefi));
        assert!("fed".parse::<RateSeries>().is_err());
        assert_eq!(
            "costs_interest_principal".parse::<AllocationOrder>(),
            Ok(AllocationOrder::CostsInterestPrincipal)
        );
        assert_eq!(AllocationOrder::default().as_str(), "principal_first");
        for w in [Waived::Interest, Waived::Compensation, Waived::Both] {
            assert_eq!(w.as_str().parse::<Waived>(), Ok(w));
        }
        assert!("all".parse::<Waived>().is_err());
    }
}
