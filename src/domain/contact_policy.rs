//! The book's calling rules: the hours and days an agent may call a debtor
//! (in the debtor's local time) and the attempts cap, as `recoup rules`
//! reads and writes them.

use chrono::{DateTime, Datelike, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;

use super::text::quote;

/// Whether a debtor may be called at an instant, judged in their local
/// time: the one decision behind the pre-call checks, the queue's order and
/// its marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallingTime {
    /// Inside the calling hours of a calling day.
    Open(DateTime<Tz>),
    /// A calling day there, outside the calling hours.
    OutOfHours(DateTime<Tz>),
    /// Not a calling day there, whatever the hour.
    NotACallingDay(DateTime<Tz>),
    /// The zone is not a real IANA zone: the local time is never guessed.
    UnknownZone,
}

impl CallingTime {
    pub fn is_open(self) -> bool {
        matches!(self, CallingTime::Open(_))
    }

    /// The debtor's local time, when their zone is known.
    pub fn local(self) -> Option<DateTime<Tz>> {
        match self {
            CallingTime::Open(t) | CallingTime::OutOfHours(t) | CallingTime::NotACallingDay(t) => {
                Some(t)
            }
            CallingTime::UnknownZone => None,
        }
    }
}

/// The book's calling rules (`calling_hours`, `calling_days`,
/// `max_attempts_7d`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactPolicy {
    pub opens: NaiveTime,
    /// When calling stops; midnight (00:00) here means the end of the day,
    /// written `24:00`, since hours never close before they open.
    pub closes: NaiveTime,
    /// In week order, Monday first, each day once.
    pub days: Vec<Weekday>,
    pub max_attempts_7d: u32,
}

impl Default for ContactPolicy {
    fn default() -> Self {
        ContactPolicy {
            opens: NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default(),
            closes: NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default(),
            days: vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri],
            max_attempts_7d: 7,
        }
    }
}

impl ContactPolicy {
    /// Whether a debtor in `zone` may be called at `now`.
    pub fn calling_time(&self, now: DateTime<Utc>, zone: &str) -> CallingTime {
        let Ok(tz) = zone.parse::<Tz>() else {
            return CallingTime::UnknownZone;
        };
        let local = now.with_timezone(&tz);
        if !self.days.contains(&local.weekday()) {
            CallingTime::NotACallingDay(local)
        } else if !self.in_hours(local.time()) {
            CallingTime::OutOfHours(local)
        } else {
            CallingTime::Open(local)
        }
    }

    /// The zones among `zones` where calling is open at `now`, in their order.
    pub fn callable_zones(&self, now: DateTime<Utc>, zones: &[String]) -> Vec<String> {
        zones.iter().filter(|z| self.calling_time(now, z).is_open()).cloned().collect()
    }

    /// `Mon–Fri`, `Mon,Wed,Fri`: the calling days as a reader takes them in.
    pub fn days_text(&self) -> String {
        let names: Vec<String> = self.days.iter().map(|d| format!("{d}")).collect();
        let run = self
            .days
            .windows(2)
            .all(|w| w[1].num_days_from_monday() == w[0].num_days_from_monday() + 1);
        match (names.first(), names.last()) {
            (Some(first), Some(last)) if run && names.len() > 2 => format!("{first}–{last}"),
            _ => names.join(","),
        }
    }

    /// Whether a local time of day is inside the calling hours.
    pub fn in_hours(&self, time: NaiveTime) -> bool {
        time >= self.opens && (self.closes == NaiveTime::MIN || time < self.closes)
    }

    /// `08:00` and `18:00` (or `24:00`): the hours as they are written.
    pub fn hours_text(&self) -> (String, String) {
        let closes = if self.closes == NaiveTime::MIN {
            "24:00".to_owned()
        } else {
            self.closes.format("%H:%M").to_string()
        };
        (self.opens.format("%H:%M").to_string(), closes)
    }

    /// Calling hours from `08:00-18:00` (`24:00` may end the day). The
    /// error says what is wrong with the text, to follow it in a sentence.
    pub fn parse_hours(text: &str) -> Result<(NaiveTime, NaiveTime), String> {
        let (opens, closes) = text
            .split_once('-')
            .ok_or_else(|| "is not a range of hours like 08:00-18:00".to_owned())?;
        let time = |s: &str| {
            NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| {
                format!("has {}, which is not a time like 08:00 (24:00 may end the day)", quote(s))
            })
        };
        let opens = time(opens)?;
        let closes = if closes.trim() == "24:00" { NaiveTime::MIN } else { time(closes)? };
        if closes != NaiveTime::MIN && closes <= opens {
            return Err(format!(
                "closes at {}, not after it opens at {}",
                closes.format("%H:%M"),
                opens.format("%H:%M")
            ));
        }
        Ok((opens, closes))
    }

    /// Calling days from `Mon,Tue,Wed`: each day once, in week order
    /// (Monday first), whatever order and repeats the text has.
    pub fn parse_days(text: &str) -> Result<Vec<Weekday>, String> {
        let mut days = Vec::new();
        for d in text.split(',').map(str::trim).filter(|d| !d.is_empty()) {
            let day = crate::domain::dates::parse_weekday(d)
                .ok_or_else(|| format!("has {}, which is not a weekday like Mon", quote(d)))?;
            days.push(day);
        }
        if days.is_empty() {
            return Err("names no day; give at least one, like Mon,Tue,Wed".into());
        }
        days.sort_by_key(|d| d.num_days_from_monday());
        days.dedup();
        Ok(days)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_and_days_parse_or_say_why() {
        let t = |h: u32, m: u32| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(ContactPolicy::parse_hours("09:00-17:30"), Ok((t(9, 0), t(17, 30))));
        assert!(ContactPolicy::parse_hours("9am-17:00").unwrap_err().contains("\"9am\""));
        assert!(ContactPolicy::parse_hours("18:00-08:00").unwrap_err().contains("not after"));
        assert!(ContactPolicy::parse_hours("0900").unwrap_err().contains("range of hours"));
        assert!(ContactPolicy::parse_hours("24:00-24:00").is_err());
        assert_eq!(ContactPolicy::parse_days("Mon,sat"), Ok(vec![Weekday::Mon, Weekday::Sat]));
        assert!(ContactPolicy::parse_days("Mon,Funday").unwrap_err().contains("\"Funday\""));
        assert!(ContactPolicy::parse_days(" , ").unwrap_err().contains("at least one"));
    }

    #[test]
    fn days_are_kept_once_each_in_week_order() {
        assert_eq!(ContactPolicy::parse_days("mon,mon,tue"), Ok(vec![Weekday::Mon, Weekday::Tue]));
        assert_eq!(
            ContactPolicy::parse_days("Fri,Mon,fri,Sun"),
            Ok(vec![Weekday::Mon, Weekday::Fri, Weekday::Sun])
        );
    }

    #[test]
    fn calling_time_is_judged_in_the_debtors_zone_days_before_hours() {
        let p = ContactPolicy::default();
        // Wednesday 25 November 2026, 04:11 UTC.
        let now: DateTime<Utc> = "2026-11-25T04:11:00Z".parse().unwrap();
        let at = |zone: &str| p.calling_time(now, zone);
        let hm = |t: CallingTime| t.local().unwrap().format("%a %H:%M").to_string();
        assert!(matches!(at("America/New_York"), CallingTime::OutOfHours(_)));
        assert_eq!(hm(at("America/New_York")), "Tue 23:11");
        assert!(at("Asia/Tokyo").is_open(), "13:11 on a Wednesday");
        assert_eq!(at("Mars/Olympus"), CallingTime::UnknownZone);
        // Friday 23:30 UTC: Saturday morning in Tokyo, inside the hours.
        let saturday: DateTime<Utc> = "2026-11-27T23:30:00Z".parse().unwrap();
        let tokyo = p.calling_time(saturday, "Asia/Tokyo");
        assert!(matches!(tokyo, CallingTime::NotACallingDay(_)));
        assert_eq!(hm(tokyo), "Sat 08:30");
        let zones: Vec<String> = ["America/New_York", "Asia/Tokyo", "Europe/Paris", "Nowhere"]
            .map(String::from)
            .to_vec();
        assert_eq!(p.callable_zones(now, &zones), ["Asia/Tokyo"]);
    }

    #[test]
    fn calling_days_read_as_a_range_when_they_run_on() {
        assert_eq!(ContactPolicy::default().days_text(), "Mon–Fri");
        let days = ContactPolicy::parse_days("Mon,Wed,Fri").unwrap();
        assert_eq!(ContactPolicy { days, ..ContactPolicy::default() }.days_text(), "Mon,Wed,Fri");
        let days = ContactPolicy::parse_days("Sat,Sun").unwrap();
        assert_eq!(ContactPolicy { days, ..ContactPolicy::default() }.days_text(), "Sat,Sun");
    }

    #[test]
    fn hours_may_run_to_midnight_written_24_00() {
        let (opens, closes) = ContactPolicy::parse_hours("09:00-24:00").unwrap();
        let p = ContactPolicy { opens, closes, ..ContactPolicy::default() };
        assert_eq!(p.hours_text(), ("09:00".to_owned(), "24:00".to_owned()));
        let t = |h: u32, m: u32| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert!(p.in_hours(t(23, 59)));
        assert!(p.in_hours(t(9, 0)));
        assert!(!p.in_hours(t(8, 59)));
        assert!(!p.in_hours(t(0, 0)), "midnight starts the next day");
        assert!(!ContactPolicy::default().in_hours(t(18, 0)));
    }
}
