//! `idle_timeout`: a workstation with no key for that long is closed. A
//! minute before (half the time, for a timeout under two minutes) its
//! status line says so; a key puts the clock back to nothing.

use std::time::{Duration, Instant};

/// What the event loop does about idleness this turn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdleTurn {
    Nothing,
    /// Say this on the status line.
    Warn(String),
    /// A key came after the warning: take it off the status line.
    Clear,
    /// The time is up.
    End,
}

#[derive(Clone, Debug)]
pub struct Idle {
    timeout: Duration,
    warn_after: Duration,
    last_key: Instant,
    warned: bool,
}

impl Idle {
    pub fn new(timeout: Duration, now: Instant) -> Idle {
        let warn_after = if timeout < Duration::from_secs(120) {
            timeout / 2
        } else {
            timeout - Duration::from_secs(60)
        };
        Idle { timeout, warn_after, last_key: now, warned: false }
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// A key (or a paste) came.
    pub fn key(&mut self, now: Instant) {
        self.last_key = now;
    }

    /// The time is up.
    pub fn over(&self, now: Instant) -> bool {
        now.saturating_duration_since(self.last_key) >= self.timeout
    }

    pub fn turn(&mut self, now: Instant) -> IdleTurn {
        let quiet = now.saturating_duration_since(self.last_key);
        if quiet >= self.timeout {
            return IdleTurn::End;
        }
        match (quiet >= self.warn_after, self.warned) {
            (true, false) => {
                self.warned = true;
                IdleTurn::Warn(self.warning())
            }
            (false, true) => {
                self.warned = false;
                IdleTurn::Clear
            }
            _ => IdleTurn::Nothing,
        }
    }

    /// The status line's warning.
    pub fn warning(&self) -> String {
        format!(
            "No key for {}: this session closes in {} unless you press a key (your notes are saved)",
            spoken(self.warn_after),
            spoken(self.timeout - self.warn_after)
        )
    }
}

/// `8h`, `7h 59m`, `1 minute`, `1m 30s`, `45 seconds`.
pub fn spoken(d: Duration) -> String {
    let s = d.as_secs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    match (h, m, sec) {
        (0, 0, 1) => "1 second".to_owned(),
        (0, 0, s) => format!("{s} seconds"),
        (0, 1, 0) => "1 minute".to_owned(),
        (0, m, 0) => format!("{m} minutes"),
        (0, m, s) => format!("{m}m {s}s"),
        (h, 0, 0) => format!("{h}h"),
        (h, m, _) => format!("{h}h {m}m"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_warning_a_minute_before_then_the_end_and_a_key_starts_again() {
        let t0 = Instant::now();
        let at = |s: u64| t0 + Duration::from_secs(s);
        let mut idle = Idle::new(Duration::from_secs(8 * 3600), t0);
        assert_eq!(idle.turn(at(8 * 3600 - 61)), IdleTurn::Nothing);
        assert_eq!(
            idle.turn(at(8 * 3600 - 60)),
            IdleTurn::Warn(
                "No key for 7h 59m: this session closes in 1 minute unless you press a key (your notes are saved)"
                    .into()
            )
        );
        assert_eq!(idle.turn(at(8 * 3600 - 30)), IdleTurn::Nothing, "said once");
        idle.key(at(8 * 3600 - 10));
        assert_eq!(idle.turn(at(8 * 3600)), IdleTurn::Clear);
        assert_eq!(idle.turn(at(2 * 8 * 3600 - 10)), IdleTurn::End);
    }

    #[test]
    fn a_short_timeout_warns_at_half_the_time() {
        let t0 = Instant::now();
        let mut idle = Idle::new(Duration::from_secs(90), t0);
        assert_eq!(idle.turn(t0 + Duration::from_secs(44)), IdleTurn::Nothing);
        assert_eq!(
            idle.turn(t0 + Duration::from_secs(45)),
            IdleTurn::Warn(
                "No key for 45 seconds: this session closes in 45 seconds unless you press a key (your notes are saved)".into()
            )
        );
        assert_eq!(idle.turn(t0 + Duration::from_secs(90)), IdleTurn::End);
        assert_eq!(spoken(Duration::from_secs(1800)), "30 minutes");
        assert_eq!(spoken(Duration::from_secs(1)), "1 second");
    }
}
