//! Calls: the automatic checks' facts, starting a call (leases are in
//! `leases`), the promise recorded during it, wrap-up in one transaction,
//! and recovery.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{OptionalExtension, params};

use super::leases::{lease, take_lease, taken_over};
use super::notes::{NoteDraft, insert_note};
use super::promises::{PromiseRequest, insert_promise};
use super::takeover::{pending_promise, with_unrecorded};
use super::{Result, Store, StoreError, audit, summary, ts};
use crate::clock::{Moment, parse_utc};
use crate::domain::contact_rules::ContactFacts;
use crate::domain::lease::{Claim, claim};

/// A call to start, from the pre-call plan.
#[derive(Clone, Debug, PartialEq)]
pub struct CallStart {
    pub debtor_id: i64,
    pub agent_id: i64,
    pub contact_id: Option<i64>,
    /// The checklist answers as JSON.
    pub checklist: String,
    pub goal: String,
    /// Failed checks overridden, with the reason given.
    pub overrides: String,
    /// A lead taking over from another agent's live call.
    pub take_over: bool,
}

/// A call started and not yet wrapped up.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenCall {
    pub call_id: i64,
    pub debtor_id: i64,
    pub started_at: DateTime<Utc>,
    pub goal: String,
    pub pending_promise: Option<PromiseRequest>,
    /// The draft typed so far.
    pub draft: String,
    /// The checklist's answers as stored (`[{"item": ..., "answer": ...}]`).
    pub checklist: String,
}

/// Everything wrap-up commits at once.
#[derive(Clone, Debug, PartialEq)]
pub struct WrapUp {
    pub call_id: i64,
    pub debtor_id: i64,
    pub agent_id: i64,
    pub outcome: String,
    pub contacted: bool,
    pub next_contact_at: Option<DateTime<Utc>>,
    pub note: String,
    pub promise: Option<PromiseRequest>,
}

/// Who took the debtor over while a call was open: another agent's call on
/// the same debtor started after it (a lead's takeover, or a call made once
/// this one's lease had lapsed). Such a call can no longer decide the
/// debtor's next contact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TakenOver {
    pub by: String,
    pub at: DateTime<Utc>,
}

/// How a wrap-up was saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WrapUpSaved {
    /// The call, its note, promise and the debtor's next contact.
    Whole,
    /// Taken over while open: the call and its note only.
    NoteOnly(TakenOver),
}

impl Store {
    /// What the automatic checks look at.
    pub fn contact_facts(
        &self,
        debtor_id: i64,
        agent_id: i64,
        now: DateTime<Utc>,
    ) -> Result<ContactFacts> {
        let (timezone, dnc, status, disputed, overdue, balance): (
            String,
            bool,
            String,
            i64,
            i64,
            i64,
        ) = self
            .conn
            .prepare_cached(
                "SELECT d.timezone, d.do_not_call, d.status, COALESCE(s.disputed_cents, 0),
                        COALESCE(s.overdue_cents, 0), COALESCE(s.balance_cents, 0)
                   FROM debtors d LEFT JOIN debtor_summary s ON s.debtor_id = d.id WHERE d.id = ?1",
            )?
            .query_row([debtor_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
            })?;
        let attempts: u32 = self
            .conn
            .prepare_cached("SELECT COUNT(*) FROM calls WHERE debtor_id = ?1 AND started_at > ?2")?
            .query_row(params![debtor_id, ts(now - Duration::days(7))], |r| r.get(0))?;
        let other = match claim(lease(&self.conn, debtor_id)?.as_ref(), agent_id, now) {
            Claim::HeldBy(agent) => Some(agent),
            Claim::Free => None,
        };
        Ok(ContactFacts {
            timezone,
            do_not_call: dnc,
            on_hold: status == "hold",
            all_disputed: disputed > 0 && overdue == 0 && balance <= disputed,
            attempts_7d: attempts,
            other_on_call: other,
        })
    }

    /// Starts a call: records it and ties the lease to it.
    pub fn start_call(&self, start: &CallStart, now: DateTime<Utc>) -> Result<i64> {
        self.write(|tx| {
            if let Claim::HeldBy(agent) = claim(lease(tx, start.debtor_id)?.as_ref(), start.agent_id, now)
                && !start.take_over
            {
                return Err(StoreError::Refused(format!(
                    "{agent} is on a call with this debtor; the call was not started"
                )));
            }
            tx.prepare_cached(
                "INSERT INTO calls (debtor_id, contact_id, agent_id, started_at, checklist, goal, overrides)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                start.debtor_id,
                start.contact_id,
                start.agent_id,
                ts(now),
                start.checklist,
                start.goal,
                start.overrides
            ])?;
            let id = tx.last_insert_rowid();
            take_lease(tx, start.debtor_id, start.agent_id, Some(id), now)?;
            audit::record(
                tx,
                now,
                Some(start.agent_id),
                audit::Change {
                    entity: "call",
                    entity_id: Some(id),
                    action: "start",
                    before: "",
                    after: &start.overrides,
                },
            )?;
            Ok(id)
        })
    }

    /// Keeps the promise recorded during a call with the call, so a crash
    /// does not lose it; wrap-up writes it.
    pub fn set_pending_promise(
        &self,
        call_id: i64,
        promise: Option<&PromiseRequest>,
    ) -> Result<()> {
        let json = promise.map(|p| serde_json::to_string(p).unwrap_or_default());
        self.write(|tx| {
            tx.prepare_cached(
                "UPDATE calls SET pending_promise = ?2 WHERE id = ?1 AND ended_at IS NULL",
            )?
            .execute(params![call_id, json])?;
            Ok(())
        })
    }

    /// The agent's call that was started and not wrapped up, if any.
    pub fn open_call(&self, agent_id: i64) -> Result<Option<OpenCall>> {
        let row: Option<(i64, i64, String, String, Option<String>, String)> = self
            .conn
            .prepare_cached(
                "SELECT id, debtor_id, started_at, goal, pending_promise, checklist FROM calls
                  INDEXED BY calls_open
                  WHERE agent_id = ?1 AND ended_at IS NULL ORDER BY started_at DESC LIMIT 1",
            )?
            .query_row([agent_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
            })
            .optional()?;
        let Some((call_id, debtor_id, started, goal, pending, checklist)) = row else {
            return Ok(None);
        };
        let draft = self.draft(agent_id, debtor_id)?.map(|d| d.body).unwrap_or_default();
        Ok(Some(OpenCall {
            call_id,
            debtor_id,
            started_at: parse_utc(&started).unwrap_or_default(),
            goal,
            pending_promise: pending.and_then(|p| serde_json::from_str(&p).ok()),
            draft,
            checklist,
        }))
    }

    /// Ends the call: outcome, note, promise and next contact in one
    /// transaction; clears the draft and the lease. A call someone else took
    /// over saves its end, outcome and note only, with no next contact on
    /// its row: the one who took it over decides the next contact and the
    /// promise, and a promise typed on it is said in its note instead.
    pub fn wrap_up(&self, w: &WrapUp, at: &Moment) -> Result<WrapUpSaved> {
        self.write(|tx| {
            let taken = taken_over(tx, w.call_id)?;
            // Taken over: the promise typed on the call is not recorded.
            let dropped = match &taken {
                Some(_) => w.promise.clone().or(pending_promise(tx, w.call_id)?),
                None => None,
            };
            let n = tx
                .prepare_cached(
                    "UPDATE calls SET ended_at = ?2, outcome = ?3, contacted = ?4, next_contact_at = ?5,
                            pending_promise = NULL
                      WHERE id = ?1 AND ended_at IS NULL",
                )?
                .execute(params![
                    w.call_id,
                    ts(at.now),
                    w.outcome,
                    w.contacted,
                    // Taken over: the follow-up is no longer this agent's.
                    w.next_contact_at.filter(|_| taken.is_none()).map(ts)
                ])?;
            if n == 0 {
                return Err(StoreError::Refused("this call was already wrapped up".into()));
            }
            // The call a strategy asked for has been made.
            super::strategy_steps::close_call(tx, w.debtor_id)?;
            let note = match &taken {
                Some(t) => with_unrecorded(&w.note, dropped.as_ref(), Some(&t.by)),
                None => w.note.trim_end().to_owned(),
            };
            if !note.trim().is_empty() {
                insert_note(
                    tx,
                    &NoteDraft {
                        debtor_id: w.debtor_id,
                        agent_id: w.agent_id,
                        call_id: Some(w.call_id),
                        body: &note,
                    },
                    at.now,
                )?;
            }
            if taken.is_none() {
                if let Some(p) = &w.promise {
                    insert_promise(tx, p, at)?;
                }
                tx.prepare_cached("UPDATE debtors SET next_contact_at = ?2 WHERE id = ?1")?
                    .execute(params![w.debtor_id, w.next_contact_at.map(ts)])?;
            }
            tx.prepare_cached("DELETE FROM note_drafts WHERE agent_id = ?1 AND debtor_id = ?2")?
                .execute(params![w.agent_id, w.debtor_id])?;
            tx.prepare_cached("DELETE FROM leases WHERE debtor_id = ?1 AND agent_id = ?2")?
                .execute(params![w.debtor_id, w.agent_id])?;
            audit::record(
                tx,
                at.now,
                Some(w.agent_id),
                audit::Change {
                    entity: "call",
                    entity_id: Some(w.call_id),
                    action: "wrap up",
                    before: "",
                    after: &match &taken {
                        None => w.outcome.clone(),
                        Some(t) => format!("{} (note only: {} took the call over)", w.outcome, t.by),
                    },
                },
            )?;
            summary::refresh(tx, &[w.debtor_id], at)?;
            Ok(match taken {
                None => WrapUpSaved::Whole,
                Some(t) => WrapUpSaved::NoteOnly(t),
            })
        })
    }
}
