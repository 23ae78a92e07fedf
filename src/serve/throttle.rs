//! Failed logins from one address are slowed down: a pure rule with the
//! time passed in (no clock is read here), so it is tested without waiting.
//!
//! Every refused attempt (an unknown key, a password, keyboard-interactive)
//! counts against the remote address. The first few are free, since a
//! client offers the keys it holds one after another; after that each
//! attempt from the address waits twice as long as the one before, up to a
//! cap. An address is forgotten once it has been quiet for a while, and as
//! soon as it logs in.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// Refused attempts that cost nothing.
pub const FREE: u32 = 3;
/// The wait after the first attempt beyond the free ones.
pub const FIRST: Duration = Duration::from_millis(250);
/// The longest wait.
pub const CAP: Duration = Duration::from_secs(10);
/// An address quiet for this long starts again from nothing.
pub const FORGET: Duration = Duration::from_secs(15 * 60);
/// Addresses remembered at most (the quietest go first).
pub const MAX_ADDRESSES: usize = 10_000;

#[derive(Clone, Copy, Debug)]
struct Failures {
    count: u32,
    last: Instant,
}

/// Refused attempts per remote address.
#[derive(Debug, Default)]
pub struct Throttle {
    by_address: HashMap<IpAddr, Failures>,
}

impl Throttle {
    pub fn new() -> Throttle {
        Throttle::default()
    }

    /// How long the next attempt from `address` waits at `now`.
    pub fn delay(&self, address: IpAddr, now: Instant) -> Duration {
        match self.by_address.get(&address) {
            Some(f) if now.saturating_duration_since(f.last) < FORGET => wait_after(f.count),
            _ => Duration::ZERO,
        }
    }

    /// An attempt from `address` was refused at `now`.
    pub fn failed(&mut self, address: IpAddr, now: Instant) {
        if !self.by_address.contains_key(&address) && self.by_address.len() >= MAX_ADDRESSES {
            self.make_room(now);
        }
        let entry = self.by_address.entry(address).or_insert(Failures { count: 0, last: now });
        if now.saturating_duration_since(entry.last) >= FORGET {
            entry.count = 0;
        }
        entry.count = entry.count.saturating_add(1);
        entry.last = entry.last.max(now);
    }

    /// `address` logged in: its refused attempts are forgotten.
    pub fn succeeded(&mut self, address: IpAddr) {
        self.by_address.remove(&address);
    }

    /// How many addresses are remembered.
    pub fn len(&self) -> usize {
        self.by_address.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_address.is_empty()
    }

    /// Drops the addresses quiet long enough to be forgotten, and if that
    /// is not enough, the quietest one.
    fn make_room(&mut self, now: Instant) {
        self.by_address.retain(|_, f| now.saturating_duration_since(f.last) < FORGET);
        if self.by_address.len() >= MAX_ADDRESSES {
            let quietest = self.by_address.iter().min_by_key(|(_, f)| f.last).map(|(a, _)| *a);
            if let Some(address) = quietest {
                self.by_address.remove(&address);
            }
        }
    }
}

/// The wait after `count` refused attempts: none for the free ones, then
/// doubling from `FIRST` up to `CAP`.
pub fn wait_after(count: u32) -> Duration {
    if count <= FREE {
        return Duration::ZERO;
    }
    let doublings = (count - FREE - 1).min(16);
    FIRST.saturating_mul(1 << doublings).min(CAP)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([192, 0, 2, last])
    }

    #[test]
    fn the_first_refusals_are_free_then_each_waits_longer_up_to_the_cap() {
        let waits: Vec<u64> = (0..12).map(|n| wait_after(n).as_millis() as u64).collect();
        assert_eq!(waits, [0, 0, 0, 0, 250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
        assert_eq!(wait_after(u32::MAX), CAP);
    }

    #[test]
    fn the_nth_failure_from_one_address_makes_the_next_attempt_wait_longer() {
        let start = Instant::now();
        let mut t = Throttle::new();
        let mut waits = Vec::new();
        for i in 0..8 {
            let now = start + Duration::from_secs(i);
            waits.push(t.delay(ip(1), now));
            t.failed(ip(1), now);
        }
        assert_eq!(waits[..4], [Duration::ZERO; 4]);
        assert!(waits.windows(2).skip(3).all(|w| w[1] > w[0]), "{waits:?}");
        // Another address is not slowed down by the first one's failures.
        assert_eq!(t.delay(ip(2), start + Duration::from_secs(8)), Duration::ZERO);
    }

    #[test]
    fn a_quiet_address_is_forgotten_and_a_login_clears_it() {
        let start = Instant::now();
        let mut t = Throttle::new();
        for _ in 0..6 {
            t.failed(ip(1), start);
        }
        assert_eq!(t.delay(ip(1), start + Duration::from_secs(60)), Duration::from_millis(1000));
        assert_eq!(t.delay(ip(1), start + FORGET), Duration::ZERO);
        // A failure after the quiet spell counts from one again.
        t.failed(ip(1), start + FORGET);
        assert_eq!(t.delay(ip(1), start + FORGET), Duration::ZERO);
        for _ in 0..6 {
            t.failed(ip(1), start + FORGET);
        }
        t.succeeded(ip(1));
        assert_eq!(t.delay(ip(1), start + FORGET), Duration::ZERO);
        assert!(t.is_empty());
    }

    #[test]
    fn it_remembers_a_bounded_number_of_addresses() {
        let start = Instant::now();
        let mut t = Throttle::new();
        for i in 0..MAX_ADDRESSES as u32 + 10 {
            let address = IpAddr::from((0x0a00_0000 + i).to_be_bytes());
            t.failed(address, start + Duration::from_millis(u64::from(i)));
        }
        assert_eq!(t.len(), MAX_ADDRESSES);
        // The newest is kept; the quietest went.
        let newest = IpAddr::from((0x0a00_0000 + MAX_ADDRESSES as u32 + 9).to_be_bytes());
        let oldest = IpAddr::from(0x0a00_0000u32.to_be_bytes());
        for _ in 0..5 {
            t.failed(newest, start + Duration::from_secs(20));
        }
        assert!(t.delay(newest, start + Duration::from_secs(20)) > Duration::ZERO);
        assert_eq!(t.delay(oldest, start + Duration::from_secs(20)), Duration::ZERO);
    }
}
