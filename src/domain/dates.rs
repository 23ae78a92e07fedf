//! Dates as agents type them in forms (`2026-12-04`, `+7`, `fri`,
//! `tomorrow`) and on the command line (`2026-12-04`, `today`, `-7`).

use chrono::{Datelike, Days, NaiveDate, Weekday};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DateInputError {
    #[error("a date is required")]
    Empty,
    #[error("expected YYYY-MM-DD, +N days or a weekday like fri")]
    Invalid,
    #[error("there is no such day in the calendar")]
    NoSuchDay,
    #[error("dates run from 1900 to 2199")]
    OutOfRange,
}

/// The years a date may fall in, wherever one is read (imports, forms,
/// report flags): wide enough for any invoice or promise, narrow enough
/// that `0000` or `9999` typed as a placeholder is caught.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

/// Why a `YYYY-MM-DD` text is not an accepted date.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IsoDateError {
    #[error("expected YYYY-MM-DD")]
    Shape,
    /// Shaped like a date but not one: `2023-02-30`.
    #[error("{0}")]
    NoSuchDay(String),
    #[error("dates run from 1900 to 2199")]
    OutOfRange,
}

/// Strict `YYYY-MM-DD` in the accepted years, saying what is wrong.
pub fn read_iso_date(text: &str) -> Result<NaiveDate, IsoDateError> {
    let t = text.trim();
    let b = t.as_bytes();
    let shaped = b.len() == 10
        && b.iter()
            .enumerate()
            .all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    if !shaped {
        return Err(IsoDateError::Shape);
    }
    let d = parse_iso_date(t).ok_or_else(|| IsoDateError::NoSuchDay(no_such_day(t)))?;
    if YEARS.contains(&d.year()) { Ok(d) } else { Err(IsoDateError::OutOfRange) }
}

/// Why a date-shaped text names no day: "February 2023 has 28 days".
fn no_such_day(t: &str) -> String {
    let num = |r: std::ops::Range<usize>| t.get(r).and_then(|p| p.parse::<u32>().ok());
    let (Some(year), Some(month)) = (num(0..4), num(5..7)) else {
        return "there is no such day".into();
    };
    if !(1..=12).contains(&month) {
        return format!("there is no month {month:02}");
    }
    let first = NaiveDate::from_ymd_opt(year as i32, month, 1);
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year as i32 + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year as i32, month + 1, 1)
    };
    match (first, next) {
        (Some(first), Some(next)) => format!(
            "the day does not exist: {} has {} days",
            first.format("%B %Y"),
            (next - first).num_days()
        ),
        _ => "there is no such day".into(),
    }
}

/// Days from today that a word names: `today`, `yesterday`, `tomorrow`.
fn day_word(s: &str) -> Option<i64> {
    match s {
        "today" => Some(0),
        "yesterday" => Some(-1),
        "tomorrow" => Some(1),
        _ => None,
    }
}

/// A day as given on the command line, read before the book's today is
/// known: a date, or a number of days from today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayArg {
    On(NaiveDate),
    FromToday(i64),
}

/// Reads `YYYY-MM-DD`, `today`, `yesterday`, `tomorrow`, `+N` or `-N` (days
/// from today), saying what is wrong. Shape errors mean none of these.
pub fn read_day_arg(text: &str) -> Result<DayArg, IsoDateError> {
    let s = text.trim().to_ascii_lowercase();
    if let Some(days) = day_word(&s) {
        return Ok(DayArg::FromToday(days));
    }
    if let Some((sign, digits)) =
        s.strip_prefix('+').map(|n| (1, n)).or_else(|| s.strip_prefix('-').map(|n| (-1, n)))
    {
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IsoDateError::Shape);
        }
        // More days than the calendar holds is out of range, not malformed.
        let days: i64 = digits.parse().map_err(|_| IsoDateError::OutOfRange)?;
        return Ok(DayArg::FromToday(sign * days));
    }
    read_iso_date(&s).map(DayArg::On)
}

impl DayArg {
    /// The day this names, given today.
    pub fn on(self, today: NaiveDate) -> Result<NaiveDate, IsoDateError> {
        let d = match self {
            DayArg::On(d) => Some(d),
            DayArg::FromToday(n) if n >= 0 => today.checked_add_days(Days::new(n.unsigned_abs())),
            DayArg::FromToday(n) => today.checked_sub_days(Days::new(n.unsigned_abs())),
        };
        d.filter(|d| YEARS.contains(&d.year())).ok_or(IsoDateError::OutOfRange)
    }
}

/// A day from the command line, relative to `today`: see `read_day_arg`.
pub fn read_day(text: &str, today: NaiveDate) -> Result<NaiveDate, IsoDateError> {
    read_day_arg(text)?.on(today)
}

/// Parses a typed date relative to `today`. A weekday name means the next
/// such day after today (`fri` on a Friday is a week later; use `+0` or
/// `today` for today); `tomorrow` is `+1`.
pub fn parse_date_input(text: &str, today: NaiveDate) -> Result<NaiveDate, DateInputError> {
    let s = text.trim().to_ascii_lowercase();
    if s.is_empty() {
        return Err(DateInputError::Empty);
    }
    // Forward, as `+N` is: `today`, `tomorrow` (`yesterday` is for the past).
    if let Some(days) = day_word(&s).filter(|d| *d >= 0) {
        return DayArg::FromToday(days).on(today).map_err(|_| DateInputError::OutOfRange);
    }
    if let Some(n) = s.strip_prefix('+') {
        let days: u64 = n.trim().parse().map_err(|_| DateInputError::Invalid)?;
        let d = today.checked_add_days(Days::new(days)).ok_or(DateInputError::OutOfRange)?;
        return if YEARS.contains(&d.year()) { Ok(d) } else { Err(DateInputError::OutOfRange) };
    }
    if let Some(weekday) = parse_weekday(&s) {
        let ahead = (7 + weekday.num_days_from_monday() as i64
            - today.weekday().num_days_from_monday() as i64)
            % 7;
        let ahead = if ahead == 0 { 7 } else { ahead };
        return Ok(today + Days::new(ahead as u64));
    }
    // Shaped like a date but not one (2026-02-30): say so, not the format.
    read_iso_date(&s).map_err(|e| match e {
        IsoDateError::Shape => DateInputError::Invalid,
        IsoDateError::NoSuchDay(_) => DateInputError::NoSuchDay,
        IsoDateError::OutOfRange => DateInputError::OutOfRange,
    })
}

/// Parses a typed date in the past (when a payment arrived): `-N` days ago,
/// `yesterday`, a weekday name meaning the latest such day up to today, or
/// `YYYY-MM-DD`.
pub fn parse_past_date_input(text: &str, today: NaiveDate) -> Result<NaiveDate, DateInputError> {
    let s = text.trim().to_ascii_lowercase();
    if let Some(days) = day_word(&s).filter(|d| *d <= 0) {
        return DayArg::FromToday(days).on(today).map_err(|_| DateInputError::OutOfRange);
    }
    if let Some(n) = s.strip_prefix('-') {
        let days: u64 = n.trim().parse().map_err(|_| DateInputError::Invalid)?;
        let d = today.checked_sub_days(Days::new(days)).ok_or(DateInputError::OutOfRange)?;
        return if YEARS.contains(&d.year()) { Ok(d) } else { Err(DateInputError::OutOfRange) };
    }
    if let Some(weekday) = parse_weekday(&s) {
        let back = (7 + today.weekday().num_days_from_monday() as i64
            - weekday.num_days_from_monday() as i64)
            % 7;
        return Ok(today - Days::new(back as u64));
    }
    parse_date_input(&s, today)
}

/// Strict `YYYY-MM-DD` (read by hand: imports parse millions of them).
pub fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let b = text.trim().as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter()
            .try_fold(0u32, |acc, c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// `YYYY-MM-DD`.
pub fn iso_date(d: NaiveDate) -> String {
    IsoDate::new(d).as_str().to_owned()
}

/// A date as `YYYY-MM-DD` text without allocating (bulk writes bind
/// millions of them).
#[derive(Clone, Debug)]
pub enum IsoDate {
    Short([u8; 10]),
    /// Years outside 0..=9999, which do not fit four digits.
    Long(String),
}

impl IsoDate {
    pub fn new(d: NaiveDate) -> Self {
        let year = d.year();
        if !(0..=9999).contains(&year) {
            return IsoDate::Long(format!("{:04}-{:02}-{:02}", year, d.month(), d.day()));
        }
        let digit = |n: u32| b'0' + (n % 10) as u8;
        let (y, m, day) = (year as u32, d.month(), d.day());
        IsoDate::Short([
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(day / 10),
            digit(day),
        ])
    }

    pub fn as_str(&self) -> &str {
        match self {
            // Only ASCII digits and dashes are ever written.
            IsoDate::Short(bytes) => std::str::from_utf8(bytes).unwrap_or(""),
            IsoDate::Long(text) => text,
        }
    }
}

pub fn parse_weekday(text: &str) -> Option<Weekday> {
    let s = text.trim().to_ascii_lowercase();
    const NAMES: [(&str, Weekday); 7] = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    if s.len() < 3 {
        return None;
    }
    NAMES.iter().find(|(name, _)| name.starts_with(&s)).map(|(_, w)| *w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_payment_date_by_weekday_is_the_latest_one() {
        // Wednesday 25 November 2026.
        let today = d("2026-11-25");
        assert_eq!(parse_past_date_input("mon", today), Ok(d("2026-11-23")));
        assert_eq!(parse_past_date_input("wed", today), Ok(d("2026-11-25")));
        assert_eq!(parse_past_date_input("thu", today), Ok(d("2026-11-19")));
        assert_eq!(parse_past_date_input("-2", today), Ok(d("2026-11-23")));
        assert_eq!(parse_past_date_input("2026-11-01", today), Ok(d("2026-11-01")));
    }

    #[test]
    fn an_impossible_day_is_named_as_such() {
        let today = d("2026-11-25");
        assert_eq!(parse_date_input("2026-02-30", today), Err(DateInputError::NoSuchDay));
        assert_eq!(parse_date_input("2026-2-3", today), Err(DateInputError::Invalid));
    }

    #[test]
    fn dates_read_say_what_is_wrong_with_them() {
        assert_eq!(read_iso_date("2023-02-28"), Ok(d("2023-02-28")));
        assert_eq!(
            read_iso_date("2023-02-30").unwrap_err().to_string(),
            "the day does not exist: February 2023 has 28 days"
        );
        assert_eq!(
            read_iso_date("2024-02-30").unwrap_err().to_string(),
            "the day does not exist: February 2024 has 29 days"
        );
        assert_eq!(read_iso_date("2023-13-01").unwrap_err().to_string(), "there is no month 13");
        assert_eq!(read_iso_date("0000-01-01"), Err(IsoDateError::OutOfRange));
        assert_eq!(read_iso_date("9999-12-31"), Err(IsoDateError::OutOfRange));
        assert_eq!(read_iso_date("1899-12-31"), Err(IsoDateError::OutOfRange));
        assert_eq!(read_iso_date("1900-01-01"), Ok(d("1900-01-01")));
        assert_eq!(read_iso_date("2199-12-31"), Ok(d("2199-12-31")));
        assert_eq!(read_iso_date("12/04/2026"), Err(IsoDateError::Shape));
        let today = d("2026-11-25");
        assert_eq!(parse_date_input("9999-12-31", today), Err(DateInputError::OutOfRange));
        assert_eq!(parse_date_input("+100000", today), Err(DateInputError::OutOfRange));
        assert_eq!(parse_past_date_input("-100000", today), Err(DateInputError::OutOfRange));
    }

    #[test]
    fn iso_dates_are_written_as_chrono_writes_them() {
        for text in ["2026-11-26", "0001-01-01", "9999-12-31", "2024-02-29", "0999-10-05"] {
            assert_eq!(iso_date(d(text)), text);
            assert_eq!(parse_iso_date(&iso_date(d(text))), Some(d(text)));
        }
        let far = NaiveDate::from_ymd_opt(12345, 6, 7).unwrap();
        assert_eq!(iso_date(far), far.format("%Y-%m-%d").to_string().trim_start_matches('+'));
    }

    #[test]
    fn iso_relative_and_weekday_forms() {
        let wed = d("2026-11-25");
        assert_eq!(parse_date_input("2026-12-04", wed), Ok(d("2026-12-04")));
        assert_eq!(parse_date_input("+7", wed), Ok(d("2026-12-02")));
        assert_eq!(parse_date_input("+0", wed), Ok(wed));
        assert_eq!(parse_date_input("fri", wed), Ok(d("2026-11-27")));
        assert_eq!(parse_date_input("Friday", wed), Ok(d("2026-11-27")));
        assert_eq!(parse_date_input("wed", wed), Ok(d("2026-12-02")));
        assert_eq!(parse_date_input("mon", wed), Ok(d("2026-11-30")));
    }

    #[test]
    fn command_line_days_are_dates_words_or_days_from_today() {
        let today = d("2026-11-25");
        let day = |t: &str| read_day(t, today);
        assert_eq!(day("2026-12-04"), Ok(d("2026-12-04")));
        assert_eq!(day("today"), Ok(today));
        assert_eq!(day(" Today "), Ok(today));
        assert_eq!(day("yesterday"), Ok(d("2026-11-24")));
        assert_eq!(day("tomorrow"), Ok(d("2026-11-26")));
        assert_eq!(day("+7"), Ok(d("2026-12-02")));
        assert_eq!(day("-30"), Ok(d("2026-10-26")));
        assert_eq!(day("+0"), Ok(today));
        assert_eq!(day("-0"), Ok(today));
        // Across a year and a leap day.
        assert_eq!(read_day("-1", d("2027-01-01")), Ok(d("2026-12-31")));
        assert_eq!(read_day("+1", d("2028-02-28")), Ok(d("2028-02-29")));
        for bad in ["", "+", "-", "+x", "-7d", "7", "fri", "now", "12/04/2026", "+ 3"] {
            assert_eq!(day(bad), Err(IsoDateError::Shape), "{bad:?}");
        }
        assert!(matches!(day("2026-02-30"), Err(IsoDateError::NoSuchDay(_))));
        for far in ["+100000", "-100000", "+99999999999999999999", "9999-01-01"] {
            assert_eq!(day(far), Err(IsoDateError::OutOfRange), "{far:?}");
        }
        // Read once, placed on any day.
        let arg = read_day_arg("yesterday").unwrap();
        assert_eq!(arg, DayArg::FromToday(-1));
        assert_eq!(arg.on(d("2026-03-01")), Ok(d("2026-02-28")));
        assert_eq!(read_day_arg("2026-12-04"), Ok(DayArg::On(d("2026-12-04"))));
    }

    #[test]
    fn forms_take_the_day_words_too() {
        let wed = d("2026-11-25");
        assert_eq!(parse_date_input("today", wed), Ok(wed));
        assert_eq!(parse_date_input("Tomorrow", wed), Ok(d("2026-11-26")));
        assert_eq!(parse_past_date_input("yesterday", wed), Ok(d("2026-11-24")));
        assert_eq!(parse_past_date_input("today", wed), Ok(wed));
        // As `+N` is for the days ahead and `-N` for those past.
        assert_eq!(parse_date_input("yesterday", wed), Err(DateInputError::Invalid));
    }

    #[test]
    fn rejects_unparseable_dates() {
        let today = d("2026-11-25");
        assert_eq!(parse_date_input("", today), Err(DateInputError::Empty));
        assert_eq!(parse_date_input("2026-13-01", today), Err(DateInputError::NoSuchDay));
        assert_eq!(parse_date_input("12/04/2026", today), Err(DateInputError::Invalid));
        assert_eq!(parse_date_input("+x", today), Err(DateInputError::Invalid));
        assert_eq!(parse_date_input("fr", today), Err(DateInputError::Invalid));
        assert_eq!(parse_iso_date("2026-1-5"), None);
        assert_eq!(parse_iso_date("2026-02-30"), None);
        assert_eq!(parse_iso_date("2026+02-03"), None);
        assert_eq!(parse_iso_date("20a6-02-03"), None);
        assert_eq!(parse_iso_date(" 2028-02-29 "), Some(d("2028-02-29")));
        assert_eq!(iso_date(d("0999-01-05")), "0999-01-05");
    }
}
