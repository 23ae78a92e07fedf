//! What the outbox holds, for a lead (`recoup outbox list`, triage's count
//! of failed messages) and for an agent before a call (the letters sent).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};

use super::{Result, Store, date_str};
use crate::clock::parse_utc;

/// A message as `outbox list` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxRow {
    pub id: i64,
    pub debtor_ref: String,
    pub template: String,
    pub kind: String,
    pub to: String,
    pub status: String,
    pub attempts: i64,
    pub created_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub message_id: String,
}

/// A letter on the account: what, how, and when it went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterRow {
    pub template: String,
    pub kind: String,
    pub status: String,
    /// When it was sent or saved; when it was written while still waiting.
    pub at: DateTime<Utc>,
}

impl Store {
    /// The debtor with this reference.
    pub fn debtor_id_by_ref(&self, reference: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM debtors WHERE ref = ?1")?
            .query_row([reference], |r| r.get(0))
            .optional()?)
    }

    /// Messages with `status` (every one when `None`), newest first.
    pub fn outbox_list(&self, status: Option<&str>, limit: usize) -> Result<Vec<OutboxRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT o.id, d.ref, o.template, o.kind, o.to_address, o.status, o.attempts,
                    o.created_at, o.last_error, o.message_id
             FROM outbox o JOIN debtors d ON d.id = o.debtor_id
             WHERE ?1 IS NULL OR o.status = ?1 ORDER BY o.id DESC LIMIT ?2",
        )?;
        let rows = stmt
            .query_map(params![status, limit as i64], |r| {
                let at: String = r.get(7)?;
                Ok(OutboxRow {
                    id: r.get(0)?,
                    debtor_ref: r.get(1)?,
                    template: r.get(2)?,
                    kind: r.get(3)?,
                    to: r.get(4)?,
                    status: r.get(5)?,
                    attempts: r.get(6)?,
                    created_at: parse_utc(&at).unwrap_or_default(),
                    last_error: r.get(8)?,
                    message_id: r.get(9)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Messages that gave up, or are waiting after an error: what a lead
    /// should look at.
    pub fn outbox_trouble(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM outbox
             WHERE status = 'failed' OR (status = 'queued' AND last_error IS NOT NULL)",
            )?
            .query_row([], |r| r.get(0))?)
    }

    /// Messages waiting to be sent (queued or being sent).
    pub fn outbox_waiting(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM outbox WHERE status IN ('queued', 'sending')")?
            .query_row([], |r| r.get(0))?)
    }

    /// The debtor's latest letters, newest first (cancelled ones left out).
    pub fn debtor_letters(&self, debtor_id: i64, limit: usize) -> Result<Vec<LetterRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT template, kind, status, coalesce(done_at, created_at) FROM outbox
             WHERE debtor_id = ?1 AND status <> 'cancelled' ORDER BY id DESC LIMIT ?2",
        )?;
        let rows = stmt
            .query_map(params![debtor_id, limit as i64], |r| {
                let at: String = r.get(3)?;
                Ok(LetterRow {
                    template: r.get(0)?,
                    kind: r.get(1)?,
                    status: r.get(2)?,
                    at: parse_utc(&at).unwrap_or_default(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Whether this template already went (or waits to go) to the debtor on
    /// the book's day `day`: a bulk run does not write twice.
    pub fn written_on(&self, debtor_id: i64, template: &str, day: NaiveDate) -> Result<bool> {
        self.written_between(debtor_id, template, day, day)
    }

    /// Whether this template went (or waits to go) to the debtor on a book
    /// day from `from` to `to`: a strategy's step due on `from` that finds
    /// its message written since does not write it again.
    pub fn written_between(
        &self,
        debtor_id: i64,
        template: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT 1 FROM outbox WHERE debtor_id = ?1 AND template = ?2
                   AND book_day BETWEEN ?3 AND ?4 AND status <> 'cancelled' LIMIT 1",
            )?
            .query_row(params![debtor_id, template, date_str(from), date_str(to)], |_| Ok(()))
            .optional()?
            .is_some())
    }
}
