//! Disputes on invoices: opened with a reason and a note, resolved later.
//! Each is noted on the account, audited, and the figures refreshed.

use rusqlite::{OptionalExtension, params};

use super::notes::{NoteDraft, insert_note};
use super::{Result, Store, StoreError, audit, date_str, summary};
use crate::clock::Moment;

impl Store {
    pub fn open_dispute(
        &self,
        invoice_id: i64,
        reason: &str,
        note: &str,
        agent_id: i64,
        at: &Moment,
    ) -> Result<()> {
        self.write(|tx| {
            let (debtor_id, number, open) = invoice(tx, invoice_id)?;
            if open {
                return Err(StoreError::Refused(format!("invoice {number} is already disputed")));
            }
            tx.prepare_cached(
                "UPDATE invoices SET dispute_reason = ?2, dispute_opened_on = ?3,
                        dispute_resolved_on = NULL WHERE id = ?1",
            )?
            .execute(params![invoice_id, reason, date_str(at.today)])?;
            let text = if note.trim().is_empty() {
                format!("Dispute opened on invoice {number}: {reason}.")
            } else {
                format!("Dispute opened on invoice {number}: {reason}. {}", note.trim())
            };
            record(tx, debtor_id, invoice_id, agent_id, at, "dispute", reason, &text)?;
            summary::refresh(tx, &[debtor_id], at)
        })
    }

    pub fn resolve_dispute(&self, invoice_id: i64, agent_id: i64, at: &Moment) -> Result<()> {
        self.write(|tx| {
            let (debtor_id, number, open) = invoice(tx, invoice_id)?;
            if !open {
                return Err(StoreError::Refused(format!("invoice {number} is not disputed")));
            }
            tx.prepare_cached("UPDATE invoices SET dispute_resolved_on = ?2 WHERE id = ?1")?
                .execute(params![invoice_id, date_str(at.today)])?;
            let text = format!("Dispute on invoice {number} resolved.");
            record(tx, debtor_id, invoice_id, agent_id, at, "resolve dispute", "", &text)?;
            summary::refresh(tx, &[debtor_id], at)
        })
    }
}

/// (debtor id, number, whether a dispute is open).
fn invoice(tx: &rusqlite::Transaction<'_>, id: i64) -> Result<(i64, String, bool)> {
    tx.prepare_cached(
        "SELECT debtor_id, number,
                dispute_opened_on IS NOT NULL AND dispute_resolved_on IS NULL
           FROM invoices WHERE id = ?1",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
    .optional()?
    .ok_or_else(|| StoreError::Refused(format!("there is no invoice {id}")))
}

#[allow(clippy::too_many_arguments)]
fn record(
    tx: &rusqlite::Transaction<'_>,
    debtor_id: i64,
    invoice_id: i64,
    agent_id: i64,
    at: &Moment,
    action: &str,
    after: &str,
    text: &str,
) -> Result<()> {
    insert_note(tx, &NoteDraft { debtor_id, agent_id, call_id: None, body: text }, at.now)?;
    audit::record(
        tx,
        at.now,
        Some(agent_id),
        audit::Change { entity: "invoice", entity_id: Some(invoice_id), action, before: "", after },
    )
}
