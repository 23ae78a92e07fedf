//! Promises to pay: recording them (single or as a plan) and re-evaluating
//! them against payments.

use chrono::NaiveDate;
use rusqlite::{Transaction, params};

use super::{Result, Store, StoreError, audit, date_str, parse_date, summary, ts};
use crate::clock::Moment;
use crate::domain::Money;
use crate::domain::plan::{self, Cover, CoveredDispute, Frequency, Instalment, set_aside_disputes};
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

impl PromiseRequest {
    /// What the promise asks for in all: `plan::total` of its instalments.
    pub fn total(&self) -> Money {
        plan::total(&self.instalments)
    }

    /// When the first instalment is due.
    pub fn first_due(&self) -> Option<NaiveDate> {
        self.instalments.first().map(|i| i.due_on)
    }
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
    check_invoices(tx, req)?;
    if req.cancel_open {
        cancel_open(tx, req, at)?;
    }
    let plan_id = insert_plan(tx, req, at)?;
    req.instalments.iter().map(|inst| insert_instalment(tx, req, plan_id, inst, at)).collect()
}

/// A promise covers only invoices of its own debtor.
fn check_invoices(tx: &Transaction<'_>, req: &PromiseRequest) -> Result<()> {
    for id in &req.invoice_ids {
        let owner: Option<i64> = tx
            .prepare_cached("SELECT debtor_id FROM invoices WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .ok();
        if owner != Some(req.debtor_id) {
            return Err(StoreError::Refused(format!("invoice {id} is not this debtor's")));
        }
    }
    Ok(())
}

/// Cancels the debtor's open promises, which the new one replaces.
fn cancel_open(tx: &Transaction<'_>, req: &PromiseRequest, at: &Moment) -> Result<()> {
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
    Ok(())
}

/// The plan the instalments belong to, when there is more than one.
fn insert_plan(tx: &Transaction<'_>, req: &PromiseRequest, at: &Moment) -> Result<Option<i64>> {
    let (n, Some(freq)) = (req.instalments.len(), req.frequency) else {
        return Ok(None);
    };
    if n < 2 {
        return Ok(None);
    }
    tx.prepare_cached(
        "INSERT INTO promise_plans (debtor_id, agent_id, instalments, frequency, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![req.debtor_id, req.agent_id, n as i64, freq.as_str(), ts(at.now)])?;
    Ok(Some(tx.last_insert_rowid()))
}

/// One promise (an instalment of `plan_id`, if any), the invoices it
/// covers, and its audit row.
fn insert_instalment(
    tx: &Transaction<'_>,
    req: &PromiseRequest,
    plan_id: Option<i64>,
    inst: &Instalment,
    at: &Moment,
) -> Result<i64> {
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
        tx.prepare_cached("INSERT INTO promise_invoices (promise_id, invoice_id) VALUES (?1, ?2)")?
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
    Ok(id)
}

/// A debtor's promise as stored, with its terms once disputes are set aside.
pub(crate) struct Stored {
    pub terms: PromiseTerms,
    pub agent: Option<String>,
    pub status: String,
    pub paid: i64,
    pub shortfall: i64,
}

/// A debtor's promises made by `as_of` (all of them when `None`), with the
/// disputes open at the end of that day set aside as `plan::set_aside_disputes`
/// says, and the payments received by then.
pub(crate) fn promise_terms(
    conn: &rusqlite::Connection,
    debtor_id: i64,
    as_of: Option<NaiveDate>,
    grace_days: u32,
) -> Result<(Vec<Stored>, Vec<Receipt>)> {
    let day = as_of.map_or_else(|| "9999-12-31".to_owned(), date_str);
    let mut stored: Vec<Stored> = conn
        .prepare_cached(
            "SELECT p.id, p.amount_cents, p.due_on, p.made_on, p.cancelled, a.name, p.status,
                    p.paid_cents, p.shortfall_cents
               FROM promises p LEFT JOIN agents a ON a.id = p.agent_id
              WHERE p.debtor_id = ?1 AND p.made_on <= ?2",
        )?
        .query_map(params![debtor_id, day], |r| {
            let due: String = r.get(2)?;
            let made: String = r.get(3)?;
            Ok(Stored {
                terms: PromiseTerms {
                    id: r.get(0)?,
                    amount: Money(r.get(1)?),
                    due_on: parse_date(&due).unwrap_or_default(),
                    made_on: parse_date(&made).unwrap_or_default(),
                    cancelled: r.get(4)?,
                    disputed: Money::ZERO,
                },
                agent: r.get(5)?,
                status: r.get(6)?,
                paid: r.get(7)?,
                shortfall: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let receipts = receipts(conn, debtor_id, as_of)?;
    let disputes = covered_disputes(conn, debtor_id, &day)?;
    if !disputes.is_empty() {
        let covers = covers(conn, debtor_id, &day)?;
        let mut terms: Vec<PromiseTerms> = stored.iter().map(|s| s.terms.clone()).collect();
        set_aside_disputes(&mut terms, &covers, &disputes, &receipts, grace_days);
        for (s, t) in stored.iter_mut().zip(terms) {
            s.terms = t;
        }
    }
    Ok((stored, receipts))
}

/// Invoices in dispute at the end of `day` that the debtor's promises
/// cover, with their open balance then.
fn covered_disputes(
    conn: &rusqlite::Connection,
    debtor_id: i64,
    day: &str,
) -> Result<Vec<CoveredDispute>> {
    let rows: Vec<(i64, String, i64, i64)> = conn
        .prepare_cached(
            "SELECT i.id, i.dispute_opened_on,
                    i.amount_cents - COALESCE((SELECT SUM(al.amount_cents) FROM allocations al
                        WHERE al.invoice_id = i.id AND al.received_on <= ?2), 0),
                    pi.promise_id
               FROM promise_invoices pi
               JOIN promises p ON p.id = pi.promise_id
               JOIN invoices i ON i.id = pi.invoice_id
              WHERE p.debtor_id = ?1 AND i.dispute_opened_on <= ?2
                AND (i.dispute_resolved_on IS NULL OR i.dispute_resolved_on > ?2)
              ORDER BY i.id",
        )?
        .query_map(params![debtor_id, day], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out: Vec<(i64, CoveredDispute)> = Vec::new();
    for (invoice, opened, balance, promise) in rows {
        match out.last_mut() {
            Some((id, d)) if *id == invoice => d.promise_ids.push(promise),
            _ => out.push((
                invoice,
                CoveredDispute {
                    opened_on: parse_date(&opened).unwrap_or_default(),
                    balance: Money(balance),
                    promise_ids: vec![promise],
                },
            )),
        }
    }
    Ok(out.into_iter().map(|(_, d)| d).filter(|d| d.balance.cents() > 0).collect())
}

/// For each promise of the debtor, its plan and the open balance, on the
/// day it was made (before that day's payments), of the invoices it covers
/// that are not in dispute at the end of `day`.
fn covers(conn: &rusqlite::Connection, debtor_id: i64, day: &str) -> Result<Vec<Cover>> {
    Ok(conn
        .prepare_cached(
            "SELECT p.id, p.plan_id,
                    COALESCE(SUM(CASE WHEN i.dispute_opened_on IS NOT NULL
                          AND i.dispute_opened_on <= ?2
                          AND (i.dispute_resolved_on IS NULL OR i.dispute_resolved_on > ?2)
                        THEN 0
                        ELSE i.amount_cents - COALESCE((SELECT SUM(al.amount_cents)
                             FROM allocations al
                            WHERE al.invoice_id = i.id AND al.received_on < p.made_on), 0)
                        END), 0)
               FROM promises p
               JOIN promise_invoices pi ON pi.promise_id = p.id
               JOIN invoices i ON i.id = pi.invoice_id
              WHERE p.debtor_id = ?1
              GROUP BY p.id",
        )?
        .query_map(params![debtor_id, day], |r| {
            Ok(Cover { promise_id: r.get(0)?, plan_id: r.get(1)?, undisputed: Money(r.get(2)?) })
        })?
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
    let (stored, receipts) = promise_terms(tx, debtor_id, None, grace_days)?;
    if stored.is_empty() {
        return Ok(());
    }
    let terms: Vec<PromiseTerms> = stored.iter().map(|s| s.terms.clone()).collect();
    for (eval, s) in evaluate(&terms, &receipts, at.today, grace_days).into_iter().zip(&stored) {
        let new_status = eval.status.as_str();
        let figures = (eval.paid.cents(), eval.shortfall.cents());
        if new_status == s.status && figures == (s.paid, s.shortfall) {
            continue;
        }
        tx.prepare_cached(
            "UPDATE promises SET status = ?1, paid_cents = ?2, shortfall_cents = ?3 WHERE id = ?4",
        )?
        .execute(params![new_status, figures.0, figures.1, eval.id])?;
        if new_status != s.status {
            audit::record(
                tx,
                at.now,
                None,
                audit::Change {
                    entity: "promise",
                    entity_id: Some(eval.id),
                    action: "status",
                    before: &s.status,
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
