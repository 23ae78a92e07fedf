//! Small text helpers for drawing: data text made safe and fitted to
//! terminal cells, amounts, times, ages.
//!
//! Every text that comes from data (names, refs, notes, contacts, invoice
//! numbers, reasons, messages quoting them) goes through `clean` (or `fit`,
//! `pad`, `safe`) before it is drawn: ratatui silently drops control
//! characters, which would leave `]0;pwned` of an escape sequence showing
//! with no sign that something was there, and passes bidi overrides on to
//! the terminal.

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use chrono_tz::Tz;
use ratatui::text::{Line, Span};

use crate::domain::Money;
use crate::domain::aging::{Bucket, days_past_due};
use crate::domain::text;

pub use crate::domain::text::{fit, pad, pad_left, width};

/// Data text for one line of the screen (see `domain::text::clean`).
pub fn clean(s: &str) -> String {
    text::clean(s).into_owned()
}

/// Lines whose spans may hold data text, each span cleaned.
pub fn safe(lines: Vec<Line<'_>>) -> Vec<Line<'_>> {
    lines.into_iter().map(safe_line).collect()
}

/// One line with every span cleaned; untouched when nothing needs it.
pub fn safe_line(mut line: Line<'_>) -> Line<'_> {
    for span in &mut line.spans {
        if let Cow::Owned(cleaned) = text::clean(&span.content) {
            *span = Span::styled(cleaned, span.style);
        }
    }
    line
}

/// An amount in at most `columns` cells, never cut: `1,234,567.89`, else
/// whole units, else `1.2M`-style.
pub fn money_in(m: Money, columns: usize) -> String {
    let full = m.format();
    if full.len() <= columns {
        return full;
    }
    let whole = m.format_whole();
    if whole.len() <= columns {
        return whole;
    }
    let sign = if m.cents() < 0 { "-" } else { "" };
    let units = m.cents().unsigned_abs() / 100;
    for (scale, suffix) in [
        (1_000u64, "K"),
        (1_000_000, "M"),
        (1_000_000_000, "B"),
        (1_000_000_000_000, "T"),
        (1_000_000_000_000_000, "P"),
    ] {
        // The first scale that leaves at most three digits in front.
        if units / scale >= 1000 && scale < 1_000_000_000_000_000 {
            continue;
        }
        let compact = format!("{sign}{}.{}{suffix}", units / scale, units % scale * 10 / scale);
        if compact.len() <= columns {
            return compact;
        }
    }
    "#".repeat(columns)
}

/// A stored UTC time in the agent's local time: `Wed 25 Nov 14:03`.
pub fn local(t: DateTime<Utc>, now: &DateTime<FixedOffset>) -> String {
    t.with_timezone(now.offset()).format("%a %d %b %H:%M").to_string()
}

/// The debtor's local time and city: `09:03 (New York)`.
pub fn debtor_time(timezone: &str, now: &DateTime<FixedOffset>) -> String {
    let tz: Tz = timezone.parse().unwrap_or(Tz::UTC);
    let city = timezone.rsplit('/').next().unwrap_or(timezone).replace('_', " ");
    format!("{} ({city})", now.with_timezone(&tz).format("%H:%M"))
}

/// `97d` past due, or `current`.
pub fn age(due_on: NaiveDate, today: NaiveDate) -> (String, Bucket) {
    let days = days_past_due(due_on, today);
    let bucket = Bucket::for_days(days);
    if days <= 0 { (format!("due in {}d", -days), bucket) } else { (format!("{days}d"), bucket) }
}

pub fn short_date(d: NaiveDate) -> String {
    d.format("%d %b %y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("Northwind Traders", 9), "Northwin…");
        assert_eq!(fit("Acme", 9), "Acme");
    }

    #[test]
    fn amounts_shrink_instead_of_losing_their_front() {
        assert_eq!(money_in(Money(123_456), 11), "1,234.56");
        assert_eq!(money_in(Money(100_000_000), 11), "1,000,000");
        assert_eq!(money_in(Money::MAX, 11), "999.9B");
        assert_eq!(money_in(Money(i64::MAX), 11), "92.2P");
        assert_eq!(money_in(Money(i64::MIN), 11), "-92.2P");
        assert_eq!(money_in(Money(12_345_678_900), 9), "123.4M");
        assert_eq!(money_in(Money(i64::MAX), 3), "###");
    }

    #[test]
    fn spans_are_cleaned_in_place() {
        let line = safe_line(Line::from(vec![Span::raw("ok "), Span::raw("\x1b]0;x\x07")]));
        assert_eq!(line.spans[0].content, "ok ");
        assert_eq!(line.spans[1].content, "�]0;x�");
    }

    #[test]
    fn debtor_time_names_the_city() {
        let now = DateTime::parse_from_rfc3339("2026-11-25T14:03:00+00:00").unwrap();
        assert_eq!(debtor_time("America/New_York", &now), "09:03 (New York)");
        assert_eq!(debtor_time("Nowhere/Else", &now), "14:03 (Else)");
    }
}
