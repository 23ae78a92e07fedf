//! Small text helpers for drawing: truncation, times, ages.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::domain::aging::{Bucket, days_past_due};

/// Cuts `s` to `width` characters, ending with `…` when cut.
pub fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out: String = s.chars().take(width - 1).collect();
    out.push('…');
    out
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
    fn debtor_time_names_the_city() {
        let now = DateTime::parse_from_rfc3339("2026-11-25T14:03:00+00:00").unwrap();
        assert_eq!(debtor_time("America/New_York", &now), "09:03 (New York)");
        assert_eq!(debtor_time("Nowhere/Else", &now), "14:03 (Else)");
    }
}
