//! Promises to pay: recording them (single or as a plan) and re-evaluating
//! them against payments.

use chrono::NaiveDate;
use rusqlite::{Transaction, params};

use super::notes::{NoteDraft, insert_note};
use super::waivers::{NewWaiver, insert_waiver};
use super::{Result, Store, StoreError, audit, date_str, parse_date, summary, ts};
use crate::clock::Moment;
use crate::domain::Money;
use crate::domain::interest_terms::Waived;
use crate::domain::plan::{self, Frequency, Instalment, recorded_note};
use crate::domain::promise::{PromiseTerms, evaluate};

mod terms;
pub(crate) use terms::promise_terms;

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
    /// "Waive interest if paid by the date": an interest waiver tied to the
    /// promise (its last instalment), in effect only once it is kept; on
    /// each invoice it covers, or the whole account when it names none.
    #[serde(default)]
    pub waive_interest: bool,
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
    /// Made outside a call, it is noted on the account in that transaction
    /// too (on a call, the call's own note covers it).
    pub fn add_promise(&self, req: &PromiseRequest, at: &Moment) -> Result<Vec<i64>> {
        if req.instalments.is_empty() {
            return Err(StoreError::Refused("a promise needs an amount and a date".into()));
        }
        self.write(|tx| {
            let recorded = insert_promise(tx, req, at)?;
            if req.call_id.is_none() {
                let frequency = req.frequency.filter(|_| req.instalments.len() > 1);
                let body = recorded_note(
                    &req.instalments,
                    frequency,
                    &recorded.invoices,
                    &recorded.open_before,
                    req.cancel_open,
                );
                let note = NoteDraft {
                    debtor_id: req.debtor_id,
                    agent_id: req.agent_id,
                    call_id: None,
                    body: &body,
                };
                insert_note(tx, &note, at.now)?;
            }
            summary::refresh(tx, &[req.debtor_id], at)?;
            Ok(recorded.ids)
        })
    }
}

/// What recording a promise did.
pub(crate) struct Recorded {
    /// The new promises (one per instalment).
    pub ids: Vec<i64>,
    /// Numbers of the invoices they cover.
    pub invoices: Vec<String>,
    /// The debtor's promises open before: replaced by the new one when the
    /// request says so, else kept beside it.
    pub open_before: Vec<Instalment>,
}

pub(crate) fn insert_promise(
    tx: &Transaction<'_>,
    req: &PromiseRequest,
    at: &Moment,
) -> Result<Recorded> {
    let invoices = check_invoices(tx, req)?;
    let open = open_promises(tx, req.debtor_id)?;
    let plan_id = insert_plan(tx, req, at)?;
    let ids = req
        .instalments
        .iter()
        .map(|inst| insert_instalment(tx, req, plan_id, inst, at))
        .collect::<Result<Vec<i64>>>()?;
    if let (true, Some(&first)) = (req.cancel_open, ids.first()) {
        replace(tx, req, &open, first, at)?;
    }
    if let (true, Some(&last)) = (req.waive_interest, ids.last()) {
        conditional_waivers(tx, req, last, at)?;
    }
    Ok(Recorded { ids, invoices, open_before: open.into_iter().map(|(_, i)| i).collect() })
}

/// The interest waivers offered with a promise (`promise_id`, its last
/// instalment): one per invoice covered, or one for the whole account.
fn conditional_waivers(
    tx: &Transaction<'_>,
    req: &PromiseRequest,
    promise_id: i64,
    at: &Moment,
) -> Result<()> {
    let by = req.instalments.last().map(|i| i.due_on.to_string()).unwrap_or_default();
    let reason = format!("offered on the promise: paid in full by {by}");
    let on: Vec<Option<i64>> = match req.invoice_ids.as_slice() {
        [] => vec![None],
        ids => ids.iter().copied().map(Some).collect(),
    };
    for invoice_id in on {
        let w = NewWaiver {
            debtor_id: req.debtor_id,
            invoice_id,
            what: Waived::Interest,
            reason: &reason,
            by_agent: req.agent_id,
            promise_id: Some(promise_id),
        };
        insert_waiver(tx, &w, &reason, at)?;
    }
    Ok(())
}

/// A promise covers only invoices of its own debtor; their numbers.
fn check_invoices(tx: &Transaction<'_>, req: &PromiseRequest) -> Result<Vec<String>> {
    let mut numbers = Vec::with_capacity(req.invoice_ids.len());
    for id in &req.invoice_ids {
        let found: Option<(i64, String)> = tx
            .prepare_cached("SELECT debtor_id, number FROM invoices WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .ok();
        match found {
            Some((owner, number)) if owner == req.debtor_id => numbers.push(number),
            _ => return Err(StoreError::Refused(format!("invoice {id} is not this debtor's"))),
        }
    }
    Ok(numbers)
}

/// The debtor's open promises, oldest due first.
fn open_promises(tx: &Transaction<'_>, debtor_id: i64) -> Result<Vec<(i64, Instalment)>> {
    Ok(tx
        .prepare_cached(
            "SELECT id, amount_cents, due_on FROM promises
              WHERE debtor_id = ?1 AND status = 'open' ORDER BY due_on, id",
        )?
        .query_map([debtor_id], |r| {
            let due: String = r.get(2)?;
            Ok((
                r.get(0)?,
                Instalment {
                    amount: Money(r.get(1)?),
                    due_on: parse_date(&due).unwrap_or_default(),
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Cancels the open promises the new one (`by`, its first instalment)
/// replaces. `cancelled` holds `by`, a later promise: payments received
/// before the day `by` was made still count toward the replaced ones
/// (`terms::promise_terms`). A promise cancelled outright holds 1, which is
/// never a later promise's id.
fn replace(
    tx: &Transaction<'_>,
    req: &PromiseRequest,
    open: &[(i64, Instalment)],
    by: i64,
    at: &Moment,
) -> Result<()> {
    for (id, _) in open {
        tx.prepare_cached(
            "UPDATE promises SET cancelled = ?2, status = 'cancelled', shortfall_cents = 0
              WHERE id = ?1",
        )?
        .execute(params![id, by])?;
        audit::record(
            tx,
            at.now,
            Some(req.agent_id),
            audit::Change {
                entity: "promise",
                entity_id: Some(*id),
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
