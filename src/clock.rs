//! The clock passed into everything that needs "now".

use chrono::{DateTime, FixedOffset, Local, NaiveDate, Utc};
use chrono_tz::Tz;

/// The agent's local time. Domain code never reads the system clock itself.
/// Dates that figures depend on are the book's (`Moment::in_zone` with the
/// book's zone), never the agent's calendar.
pub trait Clock {
    fn now(&self) -> DateTime<FixedOffset>;

    fn now_utc(&self) -> DateTime<Utc> {
        self.now().with_timezone(&Utc)
    }
}

/// One reading of the clock: the instant, and the book's calendar date then.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Moment {
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
}

impl Moment {
    /// The instant, dated in a zone (the book's).
    pub fn in_zone(now: DateTime<Utc>, zone: Tz) -> Moment {
        Moment { now, today: now.with_timezone(&zone).date_naive() }
    }
}

/// The zone a new book is created in: `TZ` when it names an IANA zone, else
/// the system's, else UTC. Read once, by the command line.
pub fn system_zone() -> Tz {
    let from_tz = std::env::var("TZ").ok().and_then(|t| t.trim_start_matches(':').parse().ok());
    from_tz
        .or_else(|| iana_time_zone::get_timezone().ok().and_then(|t| t.parse().ok()))
        .unwrap_or(Tz::UTC)
}

/// The real clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<FixedOffset> {
        Local::now().fixed_offset()
    }
}

/// The real clock shifted to start at a given instant, then running:
/// `RECOUP_NOW` for trials and end-to-end tests.
#[derive(Clone, Copy, Debug)]
pub struct ShiftedClock {
    offset: chrono::Duration,
    zone: FixedOffset,
}

impl ShiftedClock {
    /// Parses RFC 3339, e.g. `2026-11-25T14:03:00+00:00`; the clock then
    /// runs from there in that offset.
    pub fn starting_at(text: &str) -> Option<ShiftedClock> {
        let start = DateTime::parse_from_rfc3339(text.trim()).ok()?;
        Some(ShiftedClock { offset: start.with_timezone(&Utc) - Utc::now(), zone: *start.offset() })
    }
}

impl Clock for ShiftedClock {
    fn now(&self) -> DateTime<FixedOffset> {
        (Utc::now() + self.offset).with_timezone(&self.zone)
    }
}

/// A clock that can be set and moved, for tests.
#[derive(Clone, Debug)]
pub struct FixedClock {
    now: std::rc::Rc<std::cell::Cell<DateTime<FixedOffset>>>,
}

impl FixedClock {
    pub fn new(now: DateTime<FixedOffset>) -> FixedClock {
        FixedClock { now: std::rc::Rc::new(std::cell::Cell::new(now)) }
    }

    /// Parses RFC 3339, e.g. `2026-11-25T14:03:00+00:00`.
    pub fn parse(text: &str) -> Option<FixedClock> {
        DateTime::parse_from_rfc3339(text.trim()).ok().map(FixedClock::new)
    }

    pub fn set(&self, now: DateTime<FixedOffset>) {
        self.now.set(now);
    }

    pub fn advance(&self, by: chrono::Duration) {
        self.now.set(self.now.get() + by);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<FixedOffset> {
        self.now.get()
    }
}

/// A stored UTC timestamp, e.g. `2026-11-25T14:03:00Z`.
pub fn format_utc(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

pub fn parse_utc(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifted_clock_starts_where_told_and_runs() {
        let c = ShiftedClock::starting_at("2026-11-25T09:00:00-05:00").unwrap();
        let first = c.now();
        assert_eq!(first.offset().local_minus_utc(), -5 * 3600);
        let lag = first - DateTime::parse_from_rfc3339("2026-11-25T09:00:00-05:00").unwrap();
        assert!(lag >= chrono::Duration::zero() && lag < chrono::Duration::seconds(5), "{lag}");
        assert!(c.now() >= first);
        assert!(ShiftedClock::starting_at("yesterday").is_none());
    }

    #[test]
    fn fixed_clock_moves_only_when_told() {
        let c = FixedClock::parse("2026-11-25T23:59:30-05:00").unwrap();
        assert_eq!(c.now().date_naive().to_string(), "2026-11-25");
        assert_eq!(format_utc(c.now_utc()), "2026-11-26T04:59:30Z");
        c.advance(chrono::Duration::seconds(31));
        assert_eq!(c.now().date_naive().to_string(), "2026-11-26");
        let m = Moment::in_zone(c.now_utc(), chrono_tz::America::Los_Angeles);
        assert_eq!(m.today.to_string(), "2026-11-25", "the book's date, not the agent's");
        assert_eq!(
            parse_utc("2026-11-26T04:59:30Z"),
            Some(c.now_utc() - chrono::Duration::seconds(31))
        );
    }
}
