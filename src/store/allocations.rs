//! Allocations: which invoices each payment paid.

use rusqlite::{Transaction, params};

use super::{Result, parse_date};
use crate::domain::Money;
use crate::domain::allocation::{OpenInvoice, allocate};

/// Spreads a new payment over the debtor's open invoices.
pub(crate) fn allocate_payment(
    tx: &Transaction<'_>,
    debtor_id: i64,
    payment_id: i64,
    amount: Money,
    invoice_id: Option<i64>,
) -> Result<()> {
    let open: Vec<OpenInvoice> = tx
        .prepare_cached(
            "SELECT id, due_on, amount_cents - paid_cents,
                    dispute_opened_on IS NOT NULL AND dispute_resolved_on IS NULL
             FROM invoices WHERE debtor_id = ?1 AND paid_cents < amount_cents",
        )?
        .query_map([debtor_id], |r| {
            let due: String = r.get(1)?;
            Ok(OpenInvoice {
                id: r.get(0)?,
                due_on: parse_date(&due).unwrap_or_default(),
                balance: Money(r.get(2)?),
                disputed: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (inv, part) in allocate(amount, invoice_id, &open) {
        tx.prepare_cached(
            "INSERT INTO allocations (payment_id, invoice_id, amount_cents, received_on, issued_on,
                                      due_on)
             SELECT ?1, ?2, ?3, (SELECT received_on FROM payments WHERE id = ?1),
                    i.issued_on, i.due_on FROM invoices i WHERE i.id = ?2",
        )?
        .execute(params![payment_id, inv, part.cents()])?;
        tx.prepare_cached("UPDATE invoices SET paid_cents = paid_cents + ?2 WHERE id = ?1")?
            .execute(params![inv, part.cents()])?;
    }
    Ok(())
}
