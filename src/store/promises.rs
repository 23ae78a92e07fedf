//! Promises to pay: storage and re-evaluation against payments.

use rusqlite::{Transaction, params};

use super::{Result, audit, parse_date};
use crate::clock::Moment;
use crate::domain::Money;
use crate::domain::promise::{PromiseTerms, Receipt, evaluate};

/// Re-evaluates one debtor's promises and writes what changed, auditing
/// every status change.
pub(crate) fn reevaluate(
    tx: &Transaction<'_>,
    debtor_id: i64,
    at: &Moment,
    grace_days: u32,
) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, amount_cents, due_on, made_on, status, paid_cents
         FROM promises WHERE debtor_id = ?1",
    )?;
    let stored: Vec<(PromiseTerms, String, i64)> = stmt
        .query_map([debtor_id], |r| {
            let status: String = r.get(4)?;
            let due: String = r.get(2)?;
            let made: String = r.get(3)?;
            Ok((
                PromiseTerms {
                    id: r.get(0)?,
                    amount: Money(r.get(1)?),
                    due_on: parse_date(&due).unwrap_or_default(),
                    made_on: parse_date(&made).unwrap_or_default(),
                    cancelled: status == "cancelled",
                },
                status,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    drop(stmt);
    if stored.is_empty() {
        return Ok(());
    }
    let receipts: Vec<Receipt> = tx
        .prepare_cached("SELECT id, received_on, amount_cents FROM payments WHERE debtor_id = ?1")?
        .query_map([debtor_id], |r| {
            let on: String = r.get(1)?;
            Ok(Receipt {
                id: r.get(0)?,
                received_on: parse_date(&on).unwrap_or_default(),
                amount: Money(r.get(2)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let terms: Vec<PromiseTerms> = stored.iter().map(|(t, _, _)| t.clone()).collect();
    for (eval, (_, old_status, old_paid)) in evaluate(&terms, &receipts, at.today, grace_days)
        .into_iter()
        .zip(&stored)
    {
        let new_status = eval.status.as_str();
        if new_status == old_status && eval.paid.cents() == *old_paid {
            continue;
        }
        tx.prepare_cached("UPDATE promises SET status = ?1, paid_cents = ?2 WHERE id = ?3")?
            .execute(params![new_status, eval.paid.cents(), eval.id])?;
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
