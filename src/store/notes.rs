//! Notes: immutable, timestamped, attributed. Corrections are new notes.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};

use super::{Result, Store, StoreError, audit, ts};
use crate::domain::text::{quote, unix_newlines};

/// A note to append.
#[derive(Clone, Debug)]
pub struct NoteDraft<'a> {
    pub debtor_id: i64,
    pub agent_id: i64,
    pub call_id: Option<i64>,
    pub body: &'a str,
}

impl Store {
    /// Appends a note and clears the agent's draft for that debtor, in one
    /// transaction.
    pub fn add_note(&self, note: &NoteDraft<'_>, now: DateTime<Utc>) -> Result<i64> {
        self.write(|tx| {
            let id = insert_note(tx, note, now)?;
            tx.prepare_cached("DELETE FROM note_drafts WHERE agent_id = ?1 AND debtor_id = ?2")?
                .execute(params![note.agent_id, note.debtor_id])?;
            close_review_by_lead(tx, note.agent_id, note.debtor_id)?;
            Ok(id)
        })
    }

    /// Appends a note to the debtor with this ref (for scripts and dialers).
    pub fn add_note_by_ref(
        &self,
        debtor_ref: &str,
        agent_id: i64,
        body: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        self.write(|tx| {
            let debtor_id: i64 = tx
                .prepare_cached("SELECT id FROM debtors WHERE ref = ?1")?
                .query_row([debtor_ref], |r| r.get(0))
                .optional()?
                .ok_or_else(|| {
                    StoreError::Refused(format!("no debtor has ref {}", quote(debtor_ref)))
                })?;
            let note = NoteDraft { debtor_id, agent_id, call_id: None, body };
            let id = insert_note(tx, &note, now)?;
            close_review_by_lead(tx, agent_id, debtor_id)?;
            Ok(id)
        })
    }
}

/// A lead's note on the account answers the review a strategy asked for.
fn close_review_by_lead(tx: &Transaction<'_>, agent_id: i64, debtor_id: i64) -> Result<()> {
    let lead: bool = tx
        .prepare_cached("SELECT role = 'lead' FROM agents WHERE id = ?1")?
        .query_row([agent_id], |r| r.get(0))
        .optional()?
        .unwrap_or(false);
    if lead {
        super::strategy_steps::close_review(tx, debtor_id)?;
    }
    Ok(())
}

pub(crate) fn insert_note(
    tx: &Transaction<'_>,
    note: &NoteDraft<'_>,
    now: DateTime<Utc>,
) -> Result<i64> {
    // Whatever wrote it (a script's CRLF, a lone CR), a note is kept with LF
    // line ends, so it shows and exports the same everywhere.
    let body = unix_newlines(note.body.trim_end());
    let body: &str = &body;
    if body.trim().is_empty() {
        return Err(StoreError::Refused("a note needs some text".into()));
    }
    tx.prepare_cached(
        "INSERT INTO notes (debtor_id, agent_id, call_id, created_at, body)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![note.debtor_id, note.agent_id, note.call_id, ts(now), body])?;
    let id = tx.last_insert_rowid();
    audit::record(
        tx,
        now,
        Some(note.agent_id),
        audit::Change {
            entity: "note",
            entity_id: Some(id),
            action: "add",
            before: "",
            after: body,
        },
    )?;
    Ok(id)
}
