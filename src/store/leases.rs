//! Leases: who is working a debtor (a pre-call plan or a live call), kept
//! alive by heartbeats, and whether an open call was taken over.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};

use super::calls::TakenOver;
use super::{Result, Store, ts};
use crate::clock::parse_utc;
use crate::domain::lease::{Claim, Lease, claim};

/// The later call of another agent on the same debtor, if any.
pub(super) fn taken_over(conn: &rusqlite::Connection, call_id: i64) -> Result<Option<TakenOver>> {
    Ok(conn
        .prepare_cached(
            "SELECT a.name, later.started_at FROM calls c
               JOIN calls later ON later.debtor_id = c.debtor_id AND later.id > c.id
                                AND later.agent_id <> c.agent_id
               JOIN agents a ON a.id = later.agent_id
              WHERE c.id = ?1 ORDER BY later.id LIMIT 1",
        )?
        .query_row([call_id], |r| {
            let at: String = r.get(1)?;
            Ok(TakenOver { by: r.get(0)?, at: parse_utc(&at).unwrap_or_default() })
        })
        .optional()?)
}

/// Who holds the debtor's lease, and since when it was kept alive.
pub(super) fn lease(tx: &rusqlite::Connection, debtor_id: i64) -> Result<Option<Lease>> {
    Ok(tx
        .prepare_cached(
            "SELECT l.agent_id, a.name, l.heartbeat_at FROM leases l
               JOIN agents a ON a.id = l.agent_id WHERE l.debtor_id = ?1",
        )?
        .query_row([debtor_id], |r| {
            let at: String = r.get(2)?;
            Ok(Lease {
                agent_id: r.get(0)?,
                agent: r.get(1)?,
                heartbeat_at: parse_utc(&at).unwrap_or_default(),
            })
        })
        .optional()?)
}

/// Takes (or takes over) the debtor's lease for this agent and call.
pub(super) fn take_lease(
    tx: &Transaction<'_>,
    debtor_id: i64,
    agent_id: i64,
    call_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO leases (debtor_id, agent_id, call_id, heartbeat_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (debtor_id) DO UPDATE SET agent_id = excluded.agent_id,
             call_id = excluded.call_id, heartbeat_at = excluded.heartbeat_at",
    )?
    .execute(params![debtor_id, agent_id, call_id, ts(now)])?;
    Ok(())
}

impl Store {
    /// Leases the debtor for a pre-call plan, unless another agent holds a
    /// live lease; returns who does.
    pub fn lease_for_precall(
        &self,
        debtor_id: i64,
        agent_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Claim> {
        self.write(|tx| {
            let existing = lease(tx, debtor_id)?;
            let c = claim(existing.as_ref(), agent_id, now);
            if c == Claim::Free {
                take_lease(tx, debtor_id, agent_id, None, now)?;
            }
            Ok(c)
        })
    }

    /// Keeps this agent's lease alive (taking it again if it lapsed and
    /// nobody else holds it, as after a crash). A call taken over by someone
    /// else never takes the lease back: that is returned instead.
    pub fn heartbeat(
        &self,
        debtor_id: i64,
        agent_id: i64,
        call_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Option<TakenOver>> {
        self.write(|tx| {
            if let Some(call_id) = call_id
                && let Some(taken) = taken_over(tx, call_id)?
            {
                return Ok(Some(taken));
            }
            if claim(lease(tx, debtor_id)?.as_ref(), agent_id, now) == Claim::Free {
                take_lease(tx, debtor_id, agent_id, call_id, now)?;
            }
            Ok(None)
        })
    }

    /// Whether an open call was taken over (see `TakenOver`).
    pub fn call_taken_over(&self, call_id: i64) -> Result<Option<TakenOver>> {
        taken_over(&self.conn, call_id)
    }

    /// Gives the debtor back (pre-call cancelled).
    pub fn release_lease(&self, debtor_id: i64, agent_id: i64) -> Result<()> {
        self.write(|tx| {
            tx.prepare_cached(
                "DELETE FROM leases WHERE debtor_id = ?1 AND agent_id = ?2 AND call_id IS NULL",
            )?
            .execute(params![debtor_id, agent_id])?;
            Ok(())
        })
    }
}
