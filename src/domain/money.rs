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
    #[error("amounts are at most 999,999,999,999.99")]
    TooLarge,
    #[error("expected an amount like 1234.56 or 1,234.56")]
    Invalid,
}

impl Money {
    pub const ZERO: Money = Money(0);

    /// The largest amount recoup accepts anywhere (imports and forms):
    /// 999,999,999,999.99. A whole book of such amounts still sums without
    /// overflow (92,000 of them fit in an `i64` of cents).
    pub const MAX: Money = Money(99_999_999_999_999);

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
            .filter(|m| *m <= Money::MAX)
            .ok_or(MoneyError::TooLarge)
    }

    /// The sum, or `None` when it does not fit.
    pub fn checked_add(self, rhs: Money) -> Option<Money> {
        self.0.checked_add(rhs.0).map(Money)
    }

    /// The sum of many, or `None` when it does not fit.
    pub fn checked_sum(items: impl IntoIterator<Item = Money>) -> Option<Money> {
        items.into_iter().try_fold(Money::ZERO, Money::checked_add)
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

// Sums saturate rather than wrap: amounts are capped at `Money::MAX`, so
// only a corrupt book can get near the edge, and there a total pinned at the
// largest figure is less wrong than a negative one (use `checked_sum` where
// the caller can say so).
impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0.saturating_add(rhs.0))
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0.saturating_sub(rhs.0))
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
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
    fn amounts_are_capped_below_a_trillion() {
        assert_eq!(Money::parse("999,999,999,999.99"), Ok(Money::MAX));
        assert_eq!(Money::parse("1,000,000,000,000.00"), Err(MoneyError::TooLarge));
        // What the overflow report used: accepted before, two of them wrapped.
        assert_eq!(Money::parse("92,233,720,368,547,758.07"), Err(MoneyError::TooLarge));
        assert_eq!(MoneyError::TooLarge.to_string(), "amounts are at most 999,999,999,999.99");
    }

    #[test]
    fn sums_never_wrap() {
        let big = Money(i64::MAX);
        assert_eq!(big + big, Money(i64::MAX));
        assert_eq!([big, big].into_iter().sum::<Money>(), Money(i64::MAX));
        assert_eq!(Money(i64::MIN) - Money(1), Money(i64::MIN));
        assert_eq!(Money::checked_sum([big, Money(1)]), None);
        assert_eq!(Money::checked_sum([Money::MAX; 3]), Some(Money(3 * Money::MAX.0)));
    }

    #[test]
    fn the_extremes_format_whole() {
        assert_eq!(Money(i64::MAX).format(), "92,233,720,368,547,758.07");
        assert_eq!(Money(i64::MIN).format(), "-92,233,720,368,547,758.08");
        assert_eq!(Money(i64::MIN).format_whole(), "-92,233,720,368,547,758");
        assert_eq!(Money(i64::MIN).format_plain(), "-92233720368547758.08");
        assert_eq!(Money::MAX.format(), "999,999,999,999.99");
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
