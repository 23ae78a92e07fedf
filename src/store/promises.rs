//! Promises to pay: recording them (single or as a plan) and re-evaluating
//! them against payments.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Transaction, params};

use super::{Result, Store, StoreError, audit, date_str, parse_date, summary, ts};
use crate::clock::Moment;
use crate::domain::Money;
use crate::domain::plan::{Frequency, Instalment};
use crate::domain::promise::{PromiseTerms, Receipt, evaluate};

/// A promise (or plan of instalments) as an agent records it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PromiseRequest {
    pub debtor_id: i64,
    pub agent_id: i64,
    pub call_id: Option<i64>,
    pub instalments: Vec<Instalment>,
    /// Set when there is more than one instalment.
    pub frequency: Option<Frequency>,
    /// Invoices the promise covers (ids of this debtor's invoices).
    pub invoice_ids: Vec<i64>,
    /// Cancel the debtor's open promises: the new one replaces them.
    #[serde(default)]
    pub cancel_open: bool,
}

impl Store {
    /// Records a promise or a plan, evaluates it against payments already
    /// received, and refreshes the debtor's summary, in one transaction.
    pub fn add_promise(&self, req: &PromiseRequest, at: &Moment) -> Result<Vec<i64>> {
        if req.instalments.is_empty() {
            return Err(StoreError::Refused("a promise needs an amount and a date".into()));
        }
        self.write(|tx| {
            let ids = insert_promise(tx, req, at)?;
            summary::refresh(tx, &[req.debtor_id], at)?;
            Ok(ids)
        })
    }
}

pub(crate) fn insert_promise(
    tx: &Transaction<'_>,
    req: &PromiseRequest,
    at: &Moment,
) -> Result<Vec<i64>> {
    for id in &req.invoice_ids {
        let owner: Option<i64> = tx
            .prepare_cached("SELECT debtor_id FROM invoices WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .ok();
        if owner != Some(req.debtor_id) {
            return Err(StoreError::Refused(format!("invoice {id} is not this debtor's")));
        }
    }
    if req.cancel_open {
        let open: Vec<i64> = tx
            .prepare_cached("SELECT id FROM promises WHERE debtor_id = ?1 AND status = 'open'")?
            .query_map([req.debtor_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in open {
            tx.prepare_cached(
                "UPDATE promises SET cancelled = 1, status = 'cancelled', shortfall_cents = 0 WHERE id = ?1",
            )?
            .execute([id])?;
            audit::record(
                tx,
                at.now,
                Some(req.agent_id),
                audit::Change {
                    entity: "promise",
                    entity_id: Some(id),
                    action: "status",
                    before: "open",
                    after: "cancelled (replaced by a new promise)",
                },
            )?;
        }
    }
    let plan_id = match (req.instalments.len(), req.frequency) {
        (n, Some(freq)) if n > 1 => {
            tx.prepare_cached(
                "INSERT INTO promise_plans (debtor_id, agent_id, instalments, frequency, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![req.debtor_id, req.agent_id, n as i64, freq.as_str(), ts(at.now)])?;
            Some(tx.last_insert_rowid())
        }
        _ => None,
    };
    let mut ids = Vec::new();
    for inst in &req.instalments {
        tx.prepare_cached(
            "INSERT INTO promises (debtor_id, agent_id, call_id, plan_id, amount_cents,
                                   shortfall_cents, due_on, made_on, status, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, 'open', ?8)",
        )?
        .execute(params![
            req.debtor_id,
            req.agent_id,
            req.call_id,
            plan_id,
            inst.amount.cents(),
            date_str(inst.due_on),
            date_str(at.today),
            ts(at.now)
        ])?;
        let id = tx.last_insert_rowid();
        for invoice in &req.invoice_ids {
            tx.prepare_cached(
                "INSERT INTO promise_invoices (promise_id, invoice_id) VALUES (?1, ?2)",
            )?
            .execute(params![id, invoice])?;
        }
        audit::record(
            tx,
            at.now,
            Some(req.agent_id),
            audit::Change {
                entity: "promise",
                entity_id: Some(id),
                action: "add",
                before: "",
                after: &format!("{} by {}", inst.amount.format_plain(), date_str(inst.due_on)),
            },
        )?;
        ids.push(id);
    }
    Ok(ids)
}

/// Open balance of disputed invoices each promise of a debtor covers.
fn disputed_cover(tx: &Transaction<'_>, debtor_id: i64) -> Result<HashMap<i64, i64>> {
    Ok(tx
        .prepare_cached(
            "SELECT pi.promise_id, SUM(i.amount_cents - i.paid_cents)
               FROM promise_invoices pi
               JOIN promises p ON p.id = pi.promise_id
               JOIN invoices i ON i.id = pi.invoice_id
              WHERE p.debtor_id = ?1 AND i.dispute_opened_on IS NOT NULL
                AND i.dispute_resolved_on IS NULL
              GROUP BY pi.promise_id",
        )?
        .query_map([debtor_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Re-evaluates one debtor's promises and writes what changed, auditing
/// every status change.
pub(crate) fn reevaluate(
    tx: &Transaction<'_>,
    debtor_id: i64,
    at: &Moment,
    grace_days: u32,
) -> Result<()> {
    let disputed = disputed_cover(tx, debtor_id)?;
    let mut stmt = tx.prepare_cached(
        "SELECT id, amount_cents, due_on, made_on, cancelled, status, paid_cents, shortfall_cents
         FROM promises WHERE debtor_id = ?1",
    )?;
    let stored: Vec<(PromiseTerms, String, (i64, i64))> = stmt
        .query_map([debtor_id], |r| {
            let id: i64 = r.get(0)?;
            let due: String = r.get(2)?;
            let made: String = r.get(3)?;
            Ok((
                PromiseTerms {
                    id,
                    amount: Money(r.get(1)?),
                    due_on: parse_date(&due).unwrap_or_default(),
                    made_on: parse_date(&made).unwrap_or_default(),
                    cancelled: r.get(4)?,
                    disputed: Money(disputed.get(&id).copied().unwrap_or(0)),
                },
                r.get(5)?,
                (r.get(6)?, r.get(7)?),
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    drop(stmt);
    if stored.is_empty() {
        return Ok(());
    }
    let receipts = receipts(tx, debtor_id, None)?;
    let terms: Vec<PromiseTerms> = stored.iter().map(|(t, _, _)| t.clone()).collect();
    for (eval, (_, old_status, old_figures)) in
        evaluate(&terms, &receipts, at.today, grace_days).into_iter().zip(&stored)
    {
        let new_status = eval.status.as_str();
        let figures = (eval.paid.cents(), eval.shortfall.cents());
        if new_status == old_status && figures == *old_figures {
            continue;
        }
        tx.prepare_cached(
            "UPDATE promises SET status = ?1, paid_cents = ?2, shortfall_cents = ?3 WHERE id = ?4",
        )?
        .execute(params![new_status, figures.0, figures.1, eval.id])?;
        if new_status != old_status {
            audit::record(
                tx,
                at.now,
                None,
                audit::Change {
                    entity: "promise",
                    entity_id: Some(eval.id),
                    action: "status",
                    before: old_status,
                    after: new_status,
                },
            )?;
        }
    }
    Ok(())
}

/// A debtor's payments, optionally only those received by a date.
pub(crate) fn receipts(
    tx: &rusqlite::Connection,
    debtor_id: i64,
    by: Option<NaiveDate>,
) -> Result<Vec<Receipt>> {
    let by = by.map_or_else(|| "9999-12-31".to_owned(), date_str);
    Ok(tx
        .prepare_cached(
            "SELECT id, received_on, amount_cents FROM payments
             WHERE debtor_id = ?1 AND received_on <= ?2",
        )?
        .query_map(params![debtor_id, by], |r| {
            let on: String = r.get(1)?;
            Ok(Receipt {
                id: r.get(0)?,
                received_on: parse_date(&on).unwrap_or_default(),
                amount: Money(r.get(2)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}
