//! The next contact as an agent types it in wrap-up: a date form and an
//! optional time, in the *debtor's* time zone (the time agreed with the
//! customer is theirs), and how it reads back in both zones.

use chrono::{DateTime, Datelike, FixedOffset, NaiveTime, Utc};
use chrono_tz::Tz;

use super::contact_rules::ContactPolicy;
use super::dates::parse_date_input;
use super::text::quote;

/// Contacts are booked at this time, the debtor's, unless the agent types one.
const DEFAULT_TIME: (u32, u32) = (10, 0);

/// The next contact in words: the debtor's day and time, the agent's too
/// when they differ, and a warning outside the debtor's calling hours.
pub fn understood(
    text: &str,
    now: &DateTime<FixedOffset>,
    tz: Tz,
    policy: &ContactPolicy,
) -> String {
    match parse_next(text, now, tz) {
        Ok(Some(t)) => {
            let theirs = t.with_timezone(&tz);
            let mine = t.with_timezone(now.offset());
            let mut said = format!("→ {}", theirs.format("%a %d %b %Y %H:%M"));
            if theirs.naive_local() != mine.naive_local() {
                let city = tz.name().rsplit('/').next().unwrap_or("").replace('_', " ");
                said.push_str(&format!(" in {city} ({} here)", mine.format("%a %H:%M")));
            }
            let time = theirs.time();
            if !policy.days.contains(&theirs.weekday()) {
                said.push_str(&format!(" · {} is not a calling day there", theirs.format("%A")));
            } else if !policy.in_hours(time) {
                let (opens, closes) = policy.hours_text();
                said.push_str(&format!(" · outside calling hours there ({opens}–{closes})"));
            }
            said
        }
        Ok(None) => "→ no next contact".into(),
        Err(e) => format!("{e} (e.g. fri 14:30, +2, 2026-12-01 09:00)"),
    }
}

/// Parses the next contact: empty for none, else a date form (`2026-12-01`,
/// `+2`, `fri`) and an optional `HH:MM`, in the debtor's time zone (the
/// time agreed with the customer is theirs).
pub fn parse_next(
    text: &str,
    now: &DateTime<FixedOffset>,
    tz: Tz,
) -> Result<Option<DateTime<Utc>>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let (date_part, time_part) = match t.rsplit_once(' ') {
        Some((d, tm)) if tm.contains(':') => (d, Some(tm)),
        _ => (t, None),
    };
    let their_today = now.with_timezone(&tz).date_naive();
    let date = parse_date_input(date_part, their_today).map_err(|e| e.to_string())?;
    let time = match time_part {
        Some(tm) => NaiveTime::parse_from_str(tm, "%H:%M")
            .map_err(|_| format!("{} is not a time like 14:30", quote(tm)))?,
        None => NaiveTime::from_hms_opt(DEFAULT_TIME.0, DEFAULT_TIME.1, 0).unwrap_or_default(),
    };
    let local = date
        .and_time(time)
        .and_local_timezone(tz)
        .earliest()
        .ok_or("that time does not exist there (the clocks change)")?;
    if local < *now {
        return Err("the next contact is in the past".into());
    }
    Ok(Some(local.with_timezone(&Utc)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-27T15:00:00-05:00").unwrap()
    }

    #[test]
    fn next_contact_takes_dates_and_times_in_the_debtors_time() {
        let ny = Tz::America__New_York;
        assert_eq!(parse_next("", &now(), ny), Ok(None));
        let mon = parse_next("mon", &now(), ny).unwrap().unwrap();
        assert_eq!(mon.to_rfc3339(), "2026-11-30T15:00:00+00:00", "10:00 in New York");
        let at = parse_next("+0 16:30", &now(), ny).unwrap().unwrap();
        assert_eq!(at.to_rfc3339(), "2026-11-27T21:30:00+00:00");
        assert!(parse_next("+0 09:00", &now(), ny).unwrap_err().contains("past"));
        assert!(parse_next("fri 25:00", &now(), ny).unwrap_err().contains("25:00"));
        assert!(parse_next("someday", &now(), ny).is_err());
        // Friday 15:00 in New York is already Saturday 05:00 in Tokyo: "mon"
        // there is Monday 10:00 Tokyo time.
        let tokyo = parse_next("mon", &now(), Tz::Asia__Tokyo).unwrap().unwrap();
        assert_eq!(tokyo.to_rfc3339(), "2026-11-30T01:00:00+00:00");
    }

    #[test]
    fn the_booked_time_is_shown_in_both_zones_with_a_calling_hours_warning() {
        let policy = ContactPolicy::default();
        let tokyo = Tz::Asia__Tokyo;
        assert_eq!(
            understood("mon", &now(), tokyo, &policy),
            "→ Mon 30 Nov 2026 10:00 in Tokyo (Sun 20:00 here)"
        );
        assert_eq!(
            understood("mon 21:00", &now(), tokyo, &policy),
            "→ Mon 30 Nov 2026 21:00 in Tokyo (Mon 07:00 here) · outside calling hours there (08:00–18:00)"
        );
        assert_eq!(
            understood("sat", &now(), tokyo, &policy),
            "→ Sat 05 Dec 2026 10:00 in Tokyo (Fri 20:00 here) · Saturday is not a calling day there"
        );
        let ny = Tz::America__New_York;
        assert_eq!(understood("mon", &now(), ny, &policy), "→ Mon 30 Nov 2026 10:00");
    }
}
