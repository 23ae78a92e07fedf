//! Money as integer cents, with the one parser and formatter the app uses.

use std::fmt;
use thiserror::Error;

/// An amount in minor units (cents). Never a float.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(transparent)]
pub struct Money(pub i64);

/// Why a typed amount was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MoneyError {
    #[error("an amount is required")]
    Empty,
    #[error("amounts cannot be negative")]
    Negative,
    #[error("at most two decimal places")]
    TooManyDecimals,
    #[error("the amount is too large")]
    TooLarge,
    #[error("expected an amount like 1234.56 or 1,234.56")]
    Invalid,
}

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn cents(self) -> i64 {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Parses `1234.56`, `1,234.56`, `1234`, `$1,234.5`. Rejects negatives,
    /// more than two decimals, badly grouped thousands and anything else.
    pub fn parse(text: &str) -> Result<Money, MoneyError> {
        let s = text.trim();
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        if s.starts_with('-') || s.starts_with('(') {
            return Err(MoneyError::Negative);
        }
        let s = s.strip_prefix('$').unwrap_or(s).trim_start();
        let (whole, frac) = match s.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (s, None),
        };
        let digits = whole_digits(whole)?;
        let cents_part = match frac {
            None => 0,
            Some(f) if f.is_empty() && !digits.is_empty() => 0,
            Some(f) => {
                if !f.bytes().all(|b| b.is_ascii_digit()) || f.is_empty() {
                    return Err(MoneyError::Invalid);
                }
                if f.len() > 2 {
                    return Err(MoneyError::TooManyDecimals);
                }
                let v: i64 = f.parse().map_err(|_| MoneyError::Invalid)?;
                if f.len() == 1 { v * 10 } else { v }
            }
        };
        if digits.is_empty() && frac.is_none() {
            return Err(MoneyError::Invalid);
        }
        let units: i64 =
            if digits.is_empty() { 0 } else { digits.parse().map_err(|_| MoneyError::TooLarge)? };
        units
            .checked_mul(100)
            .and_then(|c| c.checked_add(cents_part))
            .map(Money)
            .ok_or(MoneyError::TooLarge)
    }

    /// `12,400.00`
    pub fn format(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", group(abs / 100), abs % 100)
    }

    /// `12,400` (whole units, rounded down), for narrow columns.
    pub fn format_whole(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{}", group(self.0.unsigned_abs() / 100))
    }

    /// `1234.56`, the plain form used in CSV files.
    pub fn format_plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

/// The digits of the whole part, checking that any thousands separators are
/// placed every three digits.
fn whole_digits(whole: &str) -> Result<String, MoneyError> {
    if !whole.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return Err(MoneyError::Invalid);
    }
    if whole.contains(',') {
        let mut groups = whole.split(',');
        let first = groups.next().unwrap_or_default();
        if first.is_empty() || first.len() > 3 || groups.clone().any(|g| g.len() != 3) {
            return Err(MoneyError::Invalid);
        }
    }
    Ok(whole.replace(',', ""))
}

fn group(mut n: u64) -> String {
    let mut parts = Vec::new();
    loop {
        if n < 1000 {
            parts.push(n.to_string());
            break;
        }
        parts.push(format!("{:03}", n % 1000));
        n /= 1000;
    }
    parts.reverse();
    parts.join(",")
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format())
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        Money(iter.map(|m| m.0).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_and_grouped_amounts() {
        assert_eq!(Money::parse("1234.56"), Ok(Money(123_456)));
        assert_eq!(Money::parse("1,234.56"), Ok(Money(123_456)));
        assert_eq!(Money::parse(" 1,234,567 "), Ok(Money(123_456_700)));
        assert_eq!(Money::parse("0.5"), Ok(Money(50)));
        assert_eq!(Money::parse(".05"), Ok(Money(5)));
        assert_eq!(Money::parse("12."), Ok(Money(1200)));
        assert_eq!(Money::parse("$2,000"), Ok(Money(200_000)));
        assert_eq!(Money::parse("0"), Ok(Money(0)));
    }

    #[test]
    fn rejects_what_is_not_an_amount() {
        assert_eq!(Money::parse(""), Err(MoneyError::Empty));
        assert_eq!(Money::parse("-5"), Err(MoneyError::Negative));
        assert_eq!(Money::parse("1.234"), Err(MoneyError::TooManyDecimals));
        assert_eq!(Money::parse("12,34.00"), Err(MoneyError::Invalid));
        assert_eq!(Money::parse("1,2345"), Err(MoneyError::Invalid));
        assert_eq!(Money::parse("abc"), Err(MoneyError::Invalid));
        assert_eq!(Money::parse("1.2.3"), Err(MoneyError::Invalid));
        assert_eq!(Money::parse("."), Err(MoneyError::Invalid));
        assert_eq!(Money::parse("1e5"), Err(MoneyError::Invalid));
        assert_eq!(Money::parse("99999999999999999999"), Err(MoneyError::TooLarge));
    }

    #[test]
    fn formats_with_thousands_and_cents() {
        assert_eq!(Money(1_240_000).format(), "12,400.00");
        assert_eq!(Money(5).format(), "0.05");
        assert_eq!(Money(-123_456).format(), "-1,234.56");
        assert_eq!(Money(100_000_000).format(), "1,000,000.00");
        assert_eq!(Money(99_999).format_whole(), "999");
        assert_eq!(Money(123_456).format_plain(), "1234.56");
    }

    #[test]
    fn format_then_parse_round_trips() {
        for cents in [0, 1, 99, 100, 123_456, 987_654_321] {
            let m = Money(cents);
            assert_eq!(Money::parse(&m.format()), Ok(m));
            assert_eq!(Money::parse(&m.format_plain()), Ok(m));
        }
    }
}
