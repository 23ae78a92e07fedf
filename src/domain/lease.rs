//! Leases: while an agent works a debtor (pre-call and call), the debtor is
//! theirs. A lease without a heartbeat for two minutes has expired.

use chrono::{DateTime, Duration, Utc};

pub const EXPIRY: Duration = Duration::minutes(2);

/// A lease as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lease {
    pub agent_id: i64,
    pub agent: String,
    pub heartbeat_at: DateTime<Utc>,
}

impl Lease {
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        now - self.heartbeat_at < EXPIRY
    }
}

/// Whether `agent_id` may work the debtor now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Claim {
    Free,
    /// Someone else holds a live lease.
    HeldBy(String),
}

pub fn claim(existing: Option<&Lease>, agent_id: i64, now: DateTime<Utc>) -> Claim {
    match existing {
        Some(l) if l.agent_id != agent_id && l.is_live(now) => Claim::HeldBy(l.agent.clone()),
        _ => Claim::Free,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lease(agent_id: i64, at: &str) -> Lease {
        Lease { agent_id, agent: "bob".into(), heartbeat_at: at.parse().unwrap() }
    }

    #[test]
    fn a_lease_expires_two_minutes_after_its_last_heartbeat() {
        let l = lease(2, "2026-11-25T14:00:00Z");
        assert!(l.is_live("2026-11-25T14:01:59Z".parse().unwrap()));
        assert!(!l.is_live("2026-11-25T14:02:00Z".parse().unwrap()));
    }

    #[test]
    fn only_someone_elses_live_lease_blocks() {
        let now: DateTime<Utc> = "2026-11-25T14:01:00Z".parse().unwrap();
        let bobs = lease(2, "2026-11-25T14:00:30Z");
        assert_eq!(claim(Some(&bobs), 1, now), Claim::HeldBy("bob".into()));
        assert_eq!(claim(Some(&bobs), 2, now), Claim::Free, "my own lease");
        let stale = lease(2, "2026-11-25T13:50:00Z");
        assert_eq!(claim(Some(&stale), 1, now), Claim::Free);
        assert_eq!(claim(None, 1, now), Claim::Free);
    }
}
