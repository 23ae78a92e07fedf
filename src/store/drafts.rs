//! Drafts: the note being typed, saved on every change so nothing is lost.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::{Result, Store, ts};

/// A saved draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub debtor_id: i64,
    pub call_id: Option<i64>,
    pub body: String,
    pub updated_at: String,
}

impl Store {
    /// Saves (or, when empty, removes) the agent's draft for a debtor.
    pub fn save_draft(
        &self,
        agent_id: i64,
        debtor_id: i64,
        call_id: Option<i64>,
        body: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            if body.trim().is_empty() {
                tx.prepare_cached(
                    "DELETE FROM note_drafts WHERE agent_id = ?1 AND debtor_id = ?2",
                )?
                .execute(params![agent_id, debtor_id])?;
            } else {
                tx.prepare_cached(
                    "INSERT INTO note_drafts (agent_id, debtor_id, call_id, body, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (agent_id, debtor_id)
                     DO UPDATE SET call_id = excluded.call_id, body = excluded.body,
                                   updated_at = excluded.updated_at",
                )?
                .execute(params![agent_id, debtor_id, call_id, body, ts(now)])?;
            }
            Ok(())
        })
    }

    pub fn discard_draft(&self, agent_id: i64, debtor_id: i64) -> Result<()> {
        self.write(|tx| {
            tx.prepare_cached("DELETE FROM note_drafts WHERE agent_id = ?1 AND debtor_id = ?2")?
                .execute(params![agent_id, debtor_id])?;
            Ok(())
        })
    }

    /// Names of the debtors this agent has unsaved notes for, outside calls.
    pub fn debtors_with_drafts(&self, agent_id: i64) -> Result<Vec<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT d.name FROM note_drafts n JOIN debtors d ON d.id = n.debtor_id
                  WHERE n.agent_id = ?1 AND n.call_id IS NULL ORDER BY n.updated_at DESC",
            )?
            .query_map([agent_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    pub fn draft(&self, agent_id: i64, debtor_id: i64) -> Result<Option<Draft>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT debtor_id, call_id, body, updated_at FROM note_drafts
                 WHERE agent_id = ?1 AND debtor_id = ?2",
            )?
            .query_row(params![agent_id, debtor_id], |r| {
                Ok(Draft {
                    debtor_id: r.get(0)?,
                    call_id: r.get(1)?,
                    body: r.get(2)?,
                    updated_at: r.get(3)?,
                })
            })
            .optional()?)
    }
}
