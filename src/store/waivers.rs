//! Interest waivers (issue 13): a lead gives up interest, compensation or
//! both on an invoice or a whole debtor, with a reason; an agent may offer
//! one with a promise, taking effect only if that promise is kept. Each is
//! audited and noted on the account. A waiver is withdrawn, never deleted.

use rusqlite::{OptionalExtension, Transaction, params};

use super::notes::{NoteDraft, insert_note};
use super::{Result, Store, StoreError, audit, ts};
use crate::clock::Moment;
use crate::domain::interest_terms::Waived;
use crate::domain::text::quote;

/// A waiver to add.
#[derive(Clone, Debug)]
pub struct NewWaiver<'a> {
    pub debtor_id: i64,
    /// `None`: every invoice of the debtor.
    pub invoice_id: Option<i64>,
    pub what: Waived,
    pub reason: &'a str,
    pub by_agent: i64,
    /// `Some`: takes effect only if this promise is kept.
    pub promise_id: Option<i64>,
}

/// A waiver as the book keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaiverRow {
    pub id: i64,
    pub debtor_id: i64,
    pub invoice_id: Option<i64>,
    pub invoice_number: Option<String>,
    pub what: Waived,
    pub reason: String,
    /// The agent's name.
    pub by: String,
    pub at: String,
    pub promise_id: Option<i64>,
    /// The promise's status now (`open`, `kept`, ...), when there is one.
    pub promise_status: Option<String>,
    pub withdrawn_at: Option<String>,
}

pub(super) const WAIVER_COLUMNS: &str = "w.id, w.debtor_id, w.invoice_id, i.number, w.what,
        w.reason, a.name, w.at, w.promise_id, p.status, w.withdrawn_at";

pub(super) const WAIVER_JOINS: &str = "interest_waivers w
        LEFT JOIN invoices i ON i.id = w.invoice_id
        LEFT JOIN agents a ON a.id = w.by_agent
        LEFT JOIN promises p ON p.id = w.promise_id";

/// A row of `WAIVER_COLUMNS` from column `at` on.
pub(super) fn waiver_row(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<WaiverRow> {
    let what: String = r.get(at + 4)?;
    Ok(WaiverRow {
        id: r.get(at)?,
        debtor_id: r.get(at + 1)?,
        invoice_id: r.get(at + 2)?,
        invoice_number: r.get(at + 3)?,
        // The table's CHECK keeps `what` to the three words.
        what: what.parse().unwrap_or(Waived::Both),
        reason: r.get(at + 5)?,
        by: r.get::<_, Option<String>>(at + 6)?.unwrap_or_default(),
        at: r.get(at + 7)?,
        promise_id: r.get(at + 8)?,
        promise_status: r.get(at + 9)?,
        withdrawn_at: r.get(at + 10)?,
    })
}

impl Store {
    /// Adds a waiver, notes it on the account and audits it. Refused: no
    /// reason; an invoice or promise of another debtor; an agent (not a
    /// lead) waiving without a promise.
    pub fn add_interest_waiver(&self, w: &NewWaiver<'_>, at: &Moment) -> Result<i64> {
        let reason = w.reason.trim();
        if reason.is_empty() {
            return Err(StoreError::Refused("a waiver needs a reason".into()));
        }
        self.write(|tx| insert_waiver(tx, w, reason, at))
    }

    /// A debtor's waivers, oldest first, withdrawn ones included.
    pub fn interest_waivers(&self, debtor_id: i64) -> Result<Vec<WaiverRow>> {
        let sql = format!(
            "SELECT {WAIVER_COLUMNS} FROM {WAIVER_JOINS} WHERE w.debtor_id = ?1 ORDER BY w.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([debtor_id], |r| waiver_row(r, 0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Adds a waiver inside a write: checked, noted on the account, audited.
pub(super) fn insert_waiver(
    tx: &Transaction<'_>,
    w: &NewWaiver<'_>,
    reason: &str,
    at: &Moment,
) -> Result<i64> {
    let is_lead: bool = tx
        .prepare_cached("SELECT role = 'lead' FROM agents WHERE id = ?1")?
        .query_row([w.by_agent], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::Refused(format!("there is no agent {}", w.by_agent)))?;
    if !is_lead && w.promise_id.is_none() {
        return Err(StoreError::Refused(
            "only a lead can waive interest outright; an agent offers a waiver with a promise"
                .into(),
        ));
    }
    let on = invoice_words(tx, w)?;
    let condition = promise_words(tx, w)?;
    tx.prepare_cached(
        "INSERT INTO interest_waivers (debtor_id, invoice_id, what, reason, by_agent, at,
                                       promise_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        w.debtor_id,
        w.invoice_id,
        w.what.as_str(),
        reason,
        w.by_agent,
        ts(at.now),
        w.promise_id
    ])?;
    let id = tx.last_insert_rowid();
    let body = format!("{} waived on {on}{condition}: {reason}", w.what.described());
    let note =
        NoteDraft { debtor_id: w.debtor_id, agent_id: w.by_agent, call_id: None, body: &body };
    insert_note(tx, &note, at.now)?;
    let after = format!("{} on {on}{condition}; reason {}", w.what.as_str(), quote(reason));
    let change = audit::Change {
        entity: "waiver",
        entity_id: Some(id),
        action: "add",
        before: "",
        after: &after,
    };
    audit::record(tx, at.now, Some(w.by_agent), change)?;
    Ok(id)
}

/// "invoice INV-1" or "the whole account"; refused when the invoice is
/// another debtor's.
fn invoice_words(tx: &Transaction<'_>, w: &NewWaiver<'_>) -> Result<String> {
    let Some(id) = w.invoice_id else {
        return Ok("the whole account".into());
    };
    let number: Option<String> = tx
        .prepare_cached("SELECT number FROM invoices WHERE id = ?1 AND debtor_id = ?2")?
        .query_row(params![id, w.debtor_id], |r| r.get(0))
        .optional()?;
    number
        .map(|n| format!("invoice {n}"))
        .ok_or_else(|| StoreError::Refused(format!("the debtor has no invoice {id}")))
}

/// ", if the promise of 500.00 due 2026-12-04 is kept" or nothing.
fn promise_words(tx: &Transaction<'_>, w: &NewWaiver<'_>) -> Result<String> {
    let Some(id) = w.promise_id else {
        return Ok(String::new());
    };
    let found: Option<(i64, String)> = tx
        .prepare_cached(
            "SELECT amount_cents, due_on FROM promises WHERE id = ?1 AND debtor_id = ?2",
        )?
        .query_row(params![id, w.debtor_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (cents, due_on) =
        found.ok_or_else(|| StoreError::Refused(format!("the debtor has no promise {id}")))?;
    Ok(format!(", if the promise of {} due {due_on} is kept", crate::domain::Money(cents).format()))
}
