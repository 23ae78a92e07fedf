//! A debtor's interest regime and the rate that goes with it.

use std::str::FromStr;

use super::rates::Series;
use crate::domain::text::quote;

/// The rate a debtor's `interest_rate` holds when none is given: 8% a year
/// (as the UK and EU statutory margins), in basis points.
pub const DEFAULT_RATE_BP: i64 = 800;

/// The UK statutory margin over the Bank of England base rate (8 points).
pub const UK_MARGIN_BP: i64 = 800;

/// Which law (or contract) sets what a late debtor owes on top.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Regime {
    /// No interest and no compensation (the default).
    #[default]
    None,
    /// Late Payment of Commercial Debts (Interest) Act 1998: Bank of England
    /// base rate + 8 points, fixed compensation by invoice amount.
    Uk,
    /// Late Payment Directive 2011/7/EU: ECB main refinancing rate + the
    /// debtor's margin, 40.00 per late invoice.
    Eu,
    /// The contract's own annual rate, no compensation.
    Contract,
}

impl Regime {
    pub const ALL: [Regime; 4] = [Regime::None, Regime::Uk, Regime::Eu, Regime::Contract];

    /// `none`, `uk`, `eu` or `contract` (any case, spaces trimmed).
    pub fn parse(text: &str) -> Option<Regime> {
        let t = text.trim().to_ascii_lowercase();
        Regime::ALL.into_iter().find(|r| r.as_str() == t)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Regime::None => "none",
            Regime::Uk => "uk",
            Regime::Eu => "eu",
            Regime::Contract => "contract",
        }
    }

    /// The reference-rate series the regime follows, if any.
    pub fn series(self) -> Option<Series> {
        match self {
            Regime::Uk => Some(Series::BoeBase),
            Regime::Eu => Some(Series::EcbRefi),
            Regime::None | Regime::Contract => None,
        }
    }
}

impl FromStr for Regime {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Regime::parse(s).ok_or_else(|| {
            format!("{} is not an interest regime (expected none, uk, eu or contract)", quote(s))
        })
    }
}

/// A debtor's terms as the book holds them: the regime and its
/// `interest_rate` in basis points (the contract's annual rate for
/// `contract`, the margin over the ECB rate for `eu`; unused for `uk`, whose
/// margin is fixed by statute, and for `none`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Terms {
    pub regime: Regime,
    pub rate_bp: i64,
}

impl Default for Terms {
    fn default() -> Terms {
        Terms { regime: Regime::None, rate_bp: DEFAULT_RATE_BP }
    }
}
