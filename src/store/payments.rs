//! Payments taken by an agent (over the phone): recorded, spread over
//! invoices, and promises re-evaluated, in one transaction.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::allocations::allocate_payment;
use super::{Result, Store, StoreError, audit, date_str, summary, ts};
use crate::clock::Moment;
use crate::domain::Money;
use crate::domain::text::quote;

#[derive(Clone, Debug, PartialEq)]
pub struct PaymentRequest {
    pub debtor_id: i64,
    pub agent_id: i64,
    pub received_on: NaiveDate,
    pub amount: Money,
    pub reference: String,
    pub invoice_id: Option<i64>,
}

impl Store {
    pub fn record_payment(&self, req: &PaymentRequest, at: &Moment) -> Result<i64> {
        if req.amount.cents() <= 0 {
            return Err(StoreError::Refused("a payment must be above 0.00".into()));
        }
        self.write(|tx| {
            if !req.reference.is_empty() {
                let seen: Option<i64> = tx
                    .prepare_cached(
                        "SELECT id FROM payments WHERE debtor_id = ?1 AND reference = ?2",
                    )?
                    .query_row(params![req.debtor_id, req.reference], |r| r.get(0))
                    .optional()?;
                if seen.is_some() {
                    return Err(StoreError::Refused(format!(
                        "a payment with reference {} is already recorded",
                        quote(&req.reference)
                    )));
                }
            }
            tx.prepare_cached(
                "INSERT INTO payments (debtor_id, received_on, amount_cents, invoice_id, reference,
                                       recorded_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                req.debtor_id,
                date_str(req.received_on),
                req.amount.cents(),
                req.invoice_id,
                req.reference,
                req.agent_id,
                ts(at.now)
            ])?;
            let id = tx.last_insert_rowid();
            allocate_payment(tx, req.debtor_id, id, req.amount, req.invoice_id)?;
            audit::record(
                tx,
                at.now,
                Some(req.agent_id),
                audit::Change {
                    entity: "payment",
                    entity_id: Some(id),
                    action: "add",
                    before: "",
                    after: &format!(
                        "{} received {} {}",
                        req.amount.format_plain(),
                        date_str(req.received_on),
                        req.reference
                    ),
                },
            )?;
            summary::refresh(tx, &[req.debtor_id], at)?;
            Ok(id)
        })
    }
}
