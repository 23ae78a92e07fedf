//! The words of late-payment interest that the book stores and files carry:
//! a debtor's regime, the reference-rate series, the allocation order, and
//! rates in basis points written as percents ("8", "10.5"). The arithmetic
//! lives with the interest rules; this is only vocabulary and exact parsing.

use std::str::FromStr;

use super::text::quote;

/// What a debtor owes once an invoice is late, beyond the invoice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum InterestRegime {
    /// Nothing is claimed (the default).
    #[default]
    None,
    /// Late Payment of Commercial Debts (Interest) Act 1998: Bank of England
    /// base rate plus the debtor's margin, and fixed compensation.
    Uk,
    /// Directive 2011/7/EU: ECB main refinancing rate plus the margin.
    Eu,
    /// The contract's own rate.
    Contract,
}

impl InterestRegime {
    pub const ALL: [InterestRegime; 4] =
        [InterestRegime::None, InterestRegime::Uk, InterestRegime::Eu, InterestRegime::Contract];

    pub fn as_str(self) -> &'static str {
        match self {
            InterestRegime::None => "none",
            InterestRegime::Uk => "uk",
            InterestRegime::Eu => "eu",
            InterestRegime::Contract => "contract",
        }
    }

    /// The reference-rate series the regime follows, if any.
    pub fn series(self) -> Option<RateSeries> {
        match self {
            InterestRegime::Uk => Some(RateSeries::BoeBase),
            InterestRegime::Eu => Some(RateSeries::EcbRefi),
            InterestRegime::None | InterestRegime::Contract => None,
        }
    }
}

impl FromStr for InterestRegime {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        InterestRegime::ALL.into_iter().find(|r| r.as_str() == t).ok_or_else(|| {
            format!("{} is not an interest regime (expected none, uk, eu or contract)", quote(s))
        })
    }
}

/// A published reference rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RateSeries {
    /// Bank of England base rate (`uk`).
    BoeBase,
    /// ECB main refinancing operations rate (`eu`).
    EcbRefi,
}

impl RateSeries {
    pub const ALL: [RateSeries; 2] = [RateSeries::BoeBase, RateSeries::EcbRefi];

    pub fn as_str(self) -> &'static str {
        match self {
            RateSeries::BoeBase => "boe_base",
            RateSeries::EcbRefi => "ecb_refi",
        }
    }
}

impl FromStr for RateSeries {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        RateSeries::ALL.into_iter().find(|r| r.as_str() == t).ok_or_else(|| {
            format!("{} is not a rate series (expected boe_base or ecb_refi)", quote(s))
        })
    }
}

/// How a payment not tied to an invoice is spread (a book rule).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum AllocationOrder {
    /// Oldest principal first; interest and compensation stay owed.
    #[default]
    PrincipalFirst,
    /// Compensation, then interest, then principal (§367 BGB).
    CostsInterestPrincipal,
}

impl AllocationOrder {
    pub fn as_str(self) -> &'static str {
        match self {
            AllocationOrder::PrincipalFirst => "principal_first",
            AllocationOrder::CostsInterestPrincipal => "costs_interest_principal",
        }
    }
}

impl FromStr for AllocationOrder {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "principal_first" => Ok(AllocationOrder::PrincipalFirst),
            "costs_interest_principal" => Ok(AllocationOrder::CostsInterestPrincipal),
            _ => Err("is not principal_first or costs_interest_principal".into()),
        }
    }
}

/// What a waiver gives up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Waived {
    Interest,
    Compensation,
    Both,
}

impl Waived {
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
    let t = text.trim();
    let t = t.strip_suffix('%').unwrap_or(t).trim_end();
    let bad = || {
        format!(
            "{} is not a percent (expected a number from 0 to 100 with at most two decimals, like 8 or 10.5)",
            quote(text)
        )
    };
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 3 || frac.len() > 2 || !digits(whole) || !digits(frac) {
        return Err(bad());
    }
    if t.ends_with('.') {
        return Err(bad());
    }
    let frac_len = frac.len();
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let frac: i64 = if frac.is_empty() { 0 } else { frac.parse().map_err(|_| bad())? };
    let frac = if frac_len == 1 { frac * 10 } else { frac };
    let bp = whole * 100 + frac;
    if bp > MAX_BASIS_POINTS {
        return Err(bad());
    }
    Ok(bp)
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
