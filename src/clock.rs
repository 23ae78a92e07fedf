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
    let from_tz = std::env::var("TZ").ok().and_then(|t| zone_from_tz(&t));
    from_tz
        .or_else(|| iana_time_zone::get_timezone().ok().and_then(|t| t.parse().ok()))
        .unwrap_or(Tz::UTC)
}

/// The IANA zone a `TZ` value names, in the forms POSIX and the C library
/// take for a zone file: `America/New_York`, `:America/New_York`,
/// `/usr/share/zoneinfo/America/New_York` or `:` before that path (any
/// directory named `zoneinfo`). `None` for anything else (a POSIX rule such
/// as `CET-1CEST`, an unknown name, a path outside a zoneinfo directory).
pub fn zone_from_tz(value: &str) -> Option<Tz> {
    let value = value.trim();
    let name = value.strip_prefix(':').unwrap_or(value);
    let name = match name.rfind("zoneinfo/") {
        Some(at) if name.starts_with('/') => &name[at + "zoneinfo/".len()..],
        _ => name,
    };
    // Some systems keep a second copy under zoneinfo/posix/.
    let name = name.strip_prefix("posix/").unwrap_or(name);
    if name.is_empty() || name.starts_with('/') {
        return None;
    }
    name.parse().ok()
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
    fn tz_names_a_zone_by_name_or_by_its_zoneinfo_file() {
        use chrono_tz::{America, Europe};
        for (tz, zone) in [
            ("America/New_York", Some(America::New_York)),
            (":America/New_York", Some(America::New_York)),
            (":/usr/share/zoneinfo/America/New_York", Some(America::New_York)),
            ("/usr/share/zoneinfo/Europe/Paris", Some(Europe::Paris)),
            ("/usr/lib/zoneinfo/Europe/Paris", Some(Europe::Paris)),
            ("/usr/share/zoneinfo/posix/Europe/Paris", Some(Europe::Paris)),
            (" UTC ", Some(Tz::UTC)),
            ("", None),
            (":", None),
            ("/usr/share/zoneinfo/", None),
            ("/etc/localtime", None),
            ("Mars/Olympus_Mons", None),
            ("/usr/share/zoneinfo/Mars/Olympus_Mons", None),
            ("CET-1CEST,M3.5.0,M10.5.0/3", None),
        ] {
            assert_eq!(zone_from_tz(tz), zone, "TZ={tz:?}");
        }
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
