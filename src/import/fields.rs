//! Turning one CSV field into a value, or a sentence saying why not.

use chrono::format::ParseErrorKind;
use chrono::{Datelike, NaiveDate};

use crate::domain::Money;
use crate::domain::dates::{IsoDateError, YEARS, read_iso_date};
use crate::domain::people::parse_flag;
use crate::domain::phone;
use crate::domain::text::quote;

/// A date: ISO always, or the map's format; in the years 1900 to 2199.
pub fn date(text: &str, format: Option<&str>) -> Result<NaiveDate, String> {
    let t = text.trim();
    let in_range = |d: NaiveDate| {
        if YEARS.contains(&d.year()) {
            Ok(d)
        } else {
            Err(format!("{} is outside the accepted years 1900 to 2199", quote(text)))
        }
    };
    match read_iso_date(t) {
        Ok(d) => return Ok(d),
        Err(IsoDateError::OutOfRange) => return in_range(parse_shaped(t)),
        Err(IsoDateError::NoSuchDay(why)) => {
            return Err(format!("{} is not a date: {why}", quote(text)));
        }
        Err(IsoDateError::Shape) => {}
    }
    match format {
        Some(f) => match NaiveDate::parse_from_str(t, f) {
            Ok(d) => in_range(d),
            Err(e)
                if matches!(e.kind(), ParseErrorKind::OutOfRange | ParseErrorKind::Impossible) =>
            {
                Err(format!("{} is not a day in the calendar (read as {f})", quote(text)))
            }
            Err(_) => Err(format!("{} is not a date (expected YYYY-MM-DD or {f})", quote(text))),
        },
        None => Err(format!("{} is not a date (expected YYYY-MM-DD)", quote(text))),
    }
}

/// A date already known to be a real `YYYY-MM-DD` day outside the years.
fn parse_shaped(t: &str) -> NaiveDate {
    NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap_or_default()
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
    Money::parse(t).map_err(|e| format!("{} is not an amount: {e}", quote(text)))
}

pub fn positive_amount(text: &str) -> Result<Money, String> {
    let m = amount(text)?;
    if m.cents() == 0 {
        return Err(format!("{} is zero; expected an amount above 0", quote(text)));
    }
    Ok(m)
}

pub fn flag(text: &str) -> Result<bool, String> {
    parse_flag(text).ok_or_else(|| {
        format!("{} is not yes/no (expected yes, no, true, false, 1 or 0)", quote(text))
    })
}

pub fn timezone(text: &str) -> Result<String, String> {
    let t = text.trim();
    t.parse::<chrono_tz::Tz>().map(|_| t.to_owned()).map_err(|_| {
        format!("{} is not an IANA time zone (expected e.g. America/New_York)", quote(t))
    })
}

pub fn whole_days(text: &str) -> Result<i64, String> {
    match text.trim().parse::<i64>() {
        Ok(n) if (0..=3650).contains(&n) => Ok(n),
        _ => Err(format!("{} is not a number of days (expected 0 to 3650)", quote(text))),
    }
}

/// A phone number, or nothing.
pub fn optional_phone(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(String::new());
    }
    phone::check(t).map(|()| t.to_owned()).map_err(|why| format!("{} {why}", quote(t)))
}

/// An email address, or nothing.
pub fn optional_email(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(String::new());
    }
    crate::domain::email::email_address(t).map_err(|why| format!("{} {why}", quote(t)))
}

/// A postal address: lines separated by `|` or by newlines (a quoted CSV
/// field), kept a line each; at most 8 lines of 200 characters.
pub fn address(text: &str) -> Result<String, String> {
    let lines: Vec<&str> =
        text.split(['|', '\n']).map(str::trim).filter(|l| !l.is_empty()).collect();
    if lines.len() > 8 || lines.iter().any(|l| l.chars().count() > 200) {
        return Err(format!(
            "{} is not a postal address of at most 8 lines of 200 characters (lines separated by |)",
            quote(text.trim())
        ));
    }
    if let Some(c) = lines.iter().flat_map(|l| l.chars()).find(|c| c.is_control()) {
        return Err(format!(
            "has a control character {}; an address is plain text",
            crate::domain::text::code_point(c)
        ));
    }
    Ok(lines.join("\n"))
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
        assert!(amount("92,233,720,368,547,758.07").unwrap_err().contains("999,999,999,999.99"));
        assert_eq!(
            date("2023-02-30", None).unwrap_err(),
            "\"2023-02-30\" is not a date: the day does not exist: February 2023 has 28 days"
        );
        assert!(date("0000-01-01", None).unwrap_err().contains("1900 to 2199"));
        assert!(date("12/31/9999", Some("%m/%d/%Y")).unwrap_err().contains("1900 to 2199"));
        assert!(
            date("02/30/2023", Some("%m/%d/%Y")).unwrap_err().contains("not a day in the calendar")
        );
        assert_eq!(optional_phone(" +1 555 0100 ").unwrap(), "+1 555 0100");
        assert_eq!(optional_phone("").unwrap(), "");
        assert!(optional_phone("-o/tmp/x").unwrap_err().starts_with("\"-o/tmp/x\" does not start"));
        assert!(positive_amount("0").unwrap_err().contains("above 0"));
        assert!(flag("perhaps").unwrap_err().contains("yes/no"));
        assert!(timezone("Mars/Base").unwrap_err().contains("IANA"));
        assert_eq!(timezone("Europe/Berlin").unwrap(), "Europe/Berlin");
        assert!(whole_days("-1").is_err());
        assert_eq!(optional_date(" ", None).unwrap(), None);
    }
}
