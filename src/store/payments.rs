//! Payments taken by an agent (over the phone): recorded, spread over
//! invoices, noted on the account, and promises re-evaluated, in one
//! transaction. And the newest payments, as the account shows them.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};

use super::allocations::allocate_payment;
use super::notes::{NoteDraft, insert_note};
use super::{Result, Store, StoreError, audit, date_str, parse_date, summary, ts};
use crate::clock::Moment;
use crate::domain::Money;
use crate::domain::allocation::payment_note;
use crate::domain::text::quote;

/// At most this many of a debtor's payments are read for the account, the
/// newest first (by the `payments_debtor` index); the rest are counted.
const PAYMENTS_READ: i64 = 20;

#[derive(Clone, Debug, PartialEq)]
pub struct PaymentRequest {
    pub debtor_id: i64,
    pub agent_id: i64,
    pub received_on: NaiveDate,
    pub amount: Money,
    pub reference: String,
    pub invoice_id: Option<i64>,
}

/// A payment as the account shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct PaymentRow {
    pub id: i64,
    pub received_on: NaiveDate,
    pub amount: Money,
    pub reference: String,
    /// Who recorded it (none for an imported one).
    pub by: Option<String>,
    /// The invoices it went to and what each got, in the order it paid them.
    pub to: Vec<(String, Money)>,
}

impl PaymentRow {
    /// What no invoice took: held on account.
    pub fn on_account(&self) -> Money {
        self.amount - self.to.iter().map(|(_, part)| *part).sum()
    }
}

/// A debtor's newest payments, and how many it has in all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Payments {
    pub rows: Vec<PaymentRow>,
    pub count: usize,
}

impl Store {
    pub fn record_payment(&self, req: &PaymentRequest, at: &Moment) -> Result<i64> {
        if req.amount.cents() <= 0 {
            return Err(StoreError::Refused("a payment must be above 0.00".into()));
        }
        self.write(|tx| {
            refuse_a_seen_reference(tx, req)?;
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
            let to = allocated(tx, id, req.invoice_id)?;
            let body = payment_note(req.amount, req.received_on, &req.reference, &to);
            let note = NoteDraft {
                debtor_id: req.debtor_id,
                agent_id: req.agent_id,
                call_id: None,
                body: &body,
            };
            insert_note(tx, &note, at.now)?;
            summary::refresh(tx, &[req.debtor_id], at)?;
            Ok(id)
        })
    }

    /// The debtor's newest payments first, with the invoices each went to.
    pub(super) fn account_payments(&self, debtor_id: i64) -> Result<Payments> {
        let count: i64 = self
            .conn
            .prepare_cached("SELECT COUNT(*) FROM payments WHERE debtor_id = ?1")?
            .query_row([debtor_id], |r| r.get(0))?;
        let mut rows = self
            .conn
            .prepare_cached(NEWEST_SQL)?
            .query_map(params![debtor_id, PAYMENTS_READ], |r| {
                let on: String = r.get(1)?;
                Ok((
                    r.get::<_, Option<i64>>(5)?,
                    PaymentRow {
                        id: r.get(0)?,
                        received_on: parse_date(&on).unwrap_or_default(),
                        amount: Money(r.get(2)?),
                        reference: r.get(3)?,
                        by: r.get(4)?,
                        to: Vec::new(),
                    },
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (named, row) in &mut rows {
            row.to = allocated(&self.conn, row.id, *named)?;
        }
        Ok(Payments {
            rows: rows.into_iter().map(|(_, row)| row).collect(),
            count: usize::try_from(count).unwrap_or(0),
        })
    }
}

/// Newest first, walking the `payments_debtor` index backwards (its rowid
/// breaks ties within a day).
const NEWEST_SQL: &str = "SELECT p.id, p.received_on, p.amount_cents, p.reference, a.name,
        p.invoice_id
   FROM payments p LEFT JOIN agents a ON a.id = p.recorded_by
  WHERE p.debtor_id = ?1 ORDER BY p.received_on DESC, p.id DESC LIMIT ?2";

/// A reference names one payment of a debtor.
fn refuse_a_seen_reference(tx: &Transaction<'_>, req: &PaymentRequest) -> Result<()> {
    if req.reference.is_empty() {
        return Ok(());
    }
    let seen: Option<i64> = tx
        .prepare_cached("SELECT id FROM payments WHERE debtor_id = ?1 AND reference = ?2")?
        .query_row(params![req.debtor_id, req.reference], |r| r.get(0))
        .optional()?;
    match seen {
        Some(_) => Err(StoreError::Refused(format!(
            "a payment with reference {} is already recorded",
            quote(&req.reference)
        ))),
        None => Ok(()),
    }
}

/// The invoices a payment went to, in the order it paid them: the one it
/// named, then the oldest due.
fn allocated(
    conn: &rusqlite::Connection,
    payment_id: i64,
    named: Option<i64>,
) -> Result<Vec<(String, Money)>> {
    Ok(conn
        .prepare_cached(
            "SELECT i.number, a.amount_cents
               FROM allocations a JOIN invoices i ON i.id = a.invoice_id
              WHERE a.payment_id = ?1
              ORDER BY CASE WHEN i.id = ?2 THEN 0 ELSE 1 END, i.due_on, i.id",
        )?
        .query_map(params![payment_id, named], |r| Ok((r.get(0)?, Money(r.get(1)?))))?
        .collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(store: &Store, sql: &str) -> Vec<String> {
        store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map(params![1, PAYMENTS_READ], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn the_newest_payments_are_read_from_the_debtor_index_without_a_sort() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("book.sqlite")).unwrap();
        let newest = plan(&store, NEWEST_SQL);
        assert!(newest[0].contains("USING INDEX payments_debtor (debtor_id=?)"), "{newest:?}");
        assert!(newest.iter().all(|step| !step.contains("TEMP B-TREE")), "{newest:?}");
        let count = plan(&store, "SELECT COUNT(*) FROM payments WHERE debtor_id = ?1 AND ?2");
        assert!(count[0].contains("COVERING INDEX payments_debtor"), "{count:?}");
    }
}
