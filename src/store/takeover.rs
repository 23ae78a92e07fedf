//! A call someone else took over: the promise typed on it and not recorded
//! is said in its note, and a call found open at start-up on such a debtor
//! is closed without an outcome.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::leases::taken_over;
use super::notes::{NoteDraft, insert_note};
use super::promises::PromiseRequest;
use super::{Result, Store, StoreError, audit, summary, ts};
use crate::clock::Moment;

/// The promise kept with an open call, typed and not yet recorded.
pub(super) fn pending_promise(conn: &Connection, call_id: i64) -> Result<Option<PromiseRequest>> {
    let json: Option<String> = conn
        .prepare_cached("SELECT pending_promise FROM calls WHERE id = ?1")?
        .query_row([call_id], |r| r.get(0))
        .optional()?
        .flatten();
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

/// The sentence a note gets for a promise that a takeover kept from being
/// recorded: `A promise of 1,200.00 by 2026-12-15 was discussed but not
/// recorded: carol took the account over.`
fn unrecorded_promise(p: &PromiseRequest, by: Option<&str>) -> String {
    let first = p.first_due().map(|d| d.to_string()).unwrap_or_default();
    let what = match p.instalments.len() {
        0 | 1 => format!("A promise of {} by {first}", p.total().format()),
        n => format!("A plan of {} in {n} instalments from {first}", p.total().format()),
    };
    let why = match by {
        Some(name) => format!("{name} took the account over"),
        None => "the account was taken over".to_owned(),
    };
    format!("{what} was discussed but not recorded: {why}.")
}

/// The agent's notes, then what became of a promise typed on the call.
pub(super) fn with_unrecorded(
    notes: &str,
    promise: Option<&PromiseRequest>,
    by: Option<&str>,
) -> String {
    let notes = notes.trim_end();
    match promise.map(|p| unrecorded_promise(p, by)) {
        Some(said) if notes.trim().is_empty() => said,
        Some(said) => format!("{notes}\n\n{said}"),
        None => notes.to_owned(),
    }
}

/// The agent's draft on a debtor, if any.
fn draft(conn: &Connection, agent_id: i64, debtor_id: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT body FROM note_drafts WHERE agent_id = ?1 AND debtor_id = ?2")?
        .query_row(params![agent_id, debtor_id], |r| r.get(0))
        .optional()?)
}

impl Store {
    /// Ends a call found open at start-up that someone else has since taken
    /// over, without an outcome. Its notes become a note if `save_notes`,
    /// else they stay as the agent's draft on the debtor; either way a
    /// promise typed on it, which is not recorded, is said at their end.
    pub fn close_taken_over_call(
        &self,
        call_id: i64,
        agent_id: i64,
        save_notes: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            let debtor_id: i64 = tx
                .prepare_cached(
                    "SELECT debtor_id FROM calls WHERE id = ?1 AND agent_id = ?2 AND ended_at IS NULL",
                )?
                .query_row(params![call_id, agent_id], |r| r.get(0))
                .optional()?
                .ok_or_else(|| StoreError::Refused("this call was already closed".into()))?;
            let by = taken_over(tx, call_id)?.map(|t| t.by);
            let promise = pending_promise(tx, call_id)?;
            let notes = draft(tx, agent_id, debtor_id)?.unwrap_or_default();
            let body = with_unrecorded(&notes, promise.as_ref(), by.as_deref());
            tx.prepare_cached("UPDATE calls SET ended_at = ?2, pending_promise = NULL WHERE id = ?1")?
                .execute(params![call_id, ts(now)])?;
            if save_notes {
                if !body.trim().is_empty() {
                    let note = NoteDraft { debtor_id, agent_id, call_id: Some(call_id), body: &body };
                    insert_note(tx, &note, now)?;
                }
                tx.prepare_cached("DELETE FROM note_drafts WHERE agent_id = ?1 AND debtor_id = ?2")?
                    .execute(params![agent_id, debtor_id])?;
            } else if !body.trim().is_empty() {
                tx.prepare_cached(
                    "INSERT INTO note_drafts (agent_id, debtor_id, call_id, body, updated_at)
                     VALUES (?1, ?2, NULL, ?3, ?4)
                     ON CONFLICT (agent_id, debtor_id)
                     DO UPDATE SET call_id = NULL, body = excluded.body, updated_at = excluded.updated_at",
                )?
                .execute(params![agent_id, debtor_id, body, ts(now)])?;
            }
            audit::record(
                tx,
                now,
                Some(agent_id),
                audit::Change {
                    entity: "call",
                    entity_id: Some(call_id),
                    action: "close",
                    before: "",
                    after: match (save_notes, promise.is_some()) {
                        (true, false) => "taken over; notes saved as a note",
                        (false, false) => "taken over; notes kept as a draft",
                        (true, true) => "taken over; notes saved as a note; its promise not recorded",
                        (false, true) => "taken over; notes kept as a draft; its promise not recorded",
                    },
                },
            )?;
            summary::refresh(tx, &[debtor_id], &Moment { now, today: super::book::rules(tx)?.today(now) })
        })
    }
}
