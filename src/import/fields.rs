//! Turning one CSV field into a value, or a sentence saying why not.

use chrono::NaiveDate;

use crate::domain::Money;
use crate::domain::dates::parse_iso_date;
use crate::domain::people::parse_flag;

/// A date: ISO always, or the map's format.
pub fn date(text: &str, format: Option<&str>) -> Result<NaiveDate, String> {
    let t = text.trim();
    if let Some(d) = parse_iso_date(t) {
        return Ok(d);
    }
    match format {
        Some(f) => NaiveDate::parse_from_str(t, f)
            .map_err(|_| format!("{text:?} is not a date (expected YYYY-MM-DD or {f})")),
        None => Err(format!("{text:?} is not a date (expected YYYY-MM-DD)")),
    }
}

pub fn optional_date(text: &str, format: Option<&str>) -> Result<Option<NaiveDate>, String> {
    if text.trim().is_empty() { Ok(None) } else { date(text, format).map(Some) }
}

/// Currency signs and codes an export may put around an amount.
const CURRENCY: [&str; 8] = ["$", "€", "£", "¥", "USD", "EUR", "GBP", "CAD"];

pub fn amount(text: &str) -> Result<Money, String> {
    let mut t = text.trim();
    for sign in CURRENCY {
        t = t.strip_prefix(sign).unwrap_or(t).trim_start();
        t = t.strip_suffix(sign).unwrap_or(t).trim_end();
    }
    Money::parse(t).map_err(|e| format!("{text:?} is not an amount: {e}"))
}

pub fn positive_amount(text: &str) -> Result<Money, String> {
    let m = amount(text)?;
    if m.cents() == 0 {
        return Err(format!("{text:?} is zero; expected an amount above 0"));
    }
    Ok(m)
}

pub fn flag(text: &str) -> Result<bool, String> {
    parse_flag(text)
        .ok_or_else(|| format!("{text:?} is not yes/no (expected yes, no, true, false, 1 or 0)"))
}

pub fn timezone(text: &str) -> Result<String, String> {
    let t = text.trim();
    t.parse::<chrono_tz::Tz>()
        .map(|_| t.to_owned())
        .map_err(|_| format!("{t:?} is not an IANA time zone (expected e.g. America/New_York)"))
}

pub fn whole_days(text: &str) -> Result<i64, String> {
    match text.trim().parse::<i64>() {
        Ok(n) if (0..=3650).contains(&n) => Ok(n),
        _ => Err(format!("{text:?} is not a number of days (expected 0 to 3650)")),
    }
}

pub fn required(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() { Err("is empty; a value is required".into()) } else { Ok(t.to_owned()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_field_says_what_it_expected() {
        assert!(date("12/04/2026", None).unwrap_err().contains("YYYY-MM-DD"));
        assert_eq!(date("1/2/2013", Some("%m/%d/%Y")).unwrap().to_string(), "2013-01-02");
        assert_eq!(date("2013-01-02", Some("%m/%d/%Y")).unwrap().to_string(), "2013-01-02");
        assert!(date("13/13/2013", Some("%m/%d/%Y")).unwrap_err().contains("%m/%d/%Y"));
        assert_eq!(amount("$1,234.50").unwrap(), Money(123_450));
        assert_eq!(amount("€ 99.00").unwrap(), Money(9_900));
        assert_eq!(amount("12.00 USD").unwrap(), Money(1_200));
        assert!(amount("-5").unwrap_err().contains("negative"));
        assert!(positive_amount("0").unwrap_err().contains("above 0"));
        assert!(flag("perhaps").unwrap_err().contains("yes/no"));
        assert!(timezone("Mars/Base").unwrap_err().contains("IANA"));
        assert_eq!(timezone("Europe/Berlin").unwrap(), "Europe/Berlin");
        assert!(whole_days("-1").is_err());
        assert_eq!(optional_date(" ", None).unwrap(), None);
    }
}
