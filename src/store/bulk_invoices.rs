//! Invoices in a bulk write: inserted or updated by (debtor, number), with
//! each debtor's existing invoices read once so that a large import costs
//! one statement per row.

use rustc_hash::FxHashMap;

use chrono::NaiveDate;
use rusqlite::{Transaction, params};

use super::bulk::{BookWriter, Dispute, NewInvoice, Upsert};
use super::{Result, date_str, parse_date};
use crate::domain::dates::IsoDate;

/// A stored invoice as an upsert compares it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredInvoice {
    pub id: i64,
    pub supplied_on: Option<NaiveDate>,
    issued_on: Option<NaiveDate>,
    due_on: Option<NaiveDate>,
    amount: i64,
    pub currency: String,
    reason: Option<String>,
    opened: Option<String>,
    resolved: Option<String>,
}

/// Stored fields an upsert keeps because the file has no column for them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Keep {
    pub supplied_on: bool,
    pub currency: bool,
}

/// An invoice's dispute reason, opening and resolving dates, as stored.
type DisputeColumns = (Option<String>, Option<String>, Option<String>);

/// The dispute columns an invoice should have, given what it has now and
/// what the file says; `None` when nothing changes.
fn dispute_columns(
    known: Option<&StoredInvoice>,
    wanted: Option<&Dispute>,
    today: NaiveDate,
) -> Option<DisputeColumns> {
    let wanted = wanted?;
    let opened = wanted.opened_on.map(date_str);
    let resolved = wanted.resolved_on.map(date_str);
    let target = match (known, &resolved) {
        // An open dispute the invoice already has, for the same reason: keep
        // its date unless the file gives one.
        (Some(k), None)
            if k.resolved.is_none() && k.reason.as_deref() == Some(wanted.reason.as_str()) =>
        {
            (Some(wanted.reason.clone()), opened.or_else(|| k.opened.clone()), None)
        }
        _ => (Some(wanted.reason.clone()), opened.or_else(|| Some(date_str(today))), resolved),
    };
    let now = known.map(|k| (k.reason.clone(), k.opened.clone(), k.resolved.clone()));
    (now.as_ref() != Some(&target)).then_some(target)
}

/// One debtor's stored invoices by number.
fn read_invoices(tx: &Transaction<'_>, debtor_id: i64) -> Result<FxHashMap<String, StoredInvoice>> {
    let date = |text: Option<String>| text.as_deref().and_then(parse_date);
    Ok(tx
        .prepare_cached(
            "SELECT number, id, supplied_on, issued_on, due_on, amount_cents, currency,
                    dispute_reason, dispute_opened_on, dispute_resolved_on
               FROM invoices WHERE debtor_id = ?1",
        )?
        .query_map([debtor_id], |r| {
            Ok((
                r.get(0)?,
                StoredInvoice {
                    id: r.get(1)?,
                    supplied_on: date(r.get(2)?),
                    issued_on: date(r.get(3)?),
                    due_on: date(r.get(4)?),
                    amount: r.get(5)?,
                    currency: r.get(6)?,
                    reason: r.get(7)?,
                    opened: r.get(8)?,
                    resolved: r.get(9)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?)
}

impl BookWriter<'_> {
    /// The debtor's invoices by number (read from the database once).
    pub(super) fn known_invoices(
        &mut self,
        debtor_id: i64,
    ) -> Result<&mut FxHashMap<String, StoredInvoice>> {
        if !self.invoices.contains_key(&debtor_id) {
            let rows = if self.created.contains(&debtor_id) {
                FxHashMap::default()
            } else {
                read_invoices(&self.tx, debtor_id)?
            };
            self.invoices.insert(debtor_id, rows);
        }
        Ok(self.invoices.entry(debtor_id).or_default())
    }

    /// Inserts or updates an invoice by (debtor, number). Amounts already
    /// paid stay allocated.
    pub fn invoice(&mut self, debtor_id: i64, inv: NewInvoice) -> Result<(i64, Upsert)> {
        self.upsert_invoice(debtor_id, inv, Keep::default())
    }

    /// As `invoice`, keeping the stored values `keep` names.
    pub fn upsert_invoice(
        &mut self,
        debtor_id: i64,
        mut inv: NewInvoice,
        keep: Keep,
    ) -> Result<(i64, Upsert)> {
        let today = self.at.today;
        self.known_invoices(debtor_id)?;
        let Some(known) = self.invoices.get_mut(&debtor_id).and_then(|m| m.get_mut(&inv.number))
        else {
            let id = self.insert_new_invoice(debtor_id, inv)?;
            return Ok((id, Upsert::New));
        };
        if keep.supplied_on {
            inv.supplied_on = known.supplied_on;
        }
        if keep.currency {
            inv.currency = known.currency.clone();
        }
        let id = known.id;
        let dispute = dispute_columns(Some(known), inv.dispute.as_ref(), today);
        let changed = update_terms(&self.tx, known, &inv)?;
        if let Some(columns) = dispute.clone() {
            update_dispute(&self.tx, known, columns)?;
        }
        if !self.remember_new {
            // Never looked up again: let the memory go as the file is read.
            if let Some(map) = self.invoices.get_mut(&debtor_id) {
                map.remove(&inv.number);
            }
        }
        if changed || dispute.is_some() {
            self.touch(debtor_id);
            Ok((id, Upsert::Updated))
        } else {
            Ok((id, Upsert::Unchanged))
        }
    }

    /// Inserts an invoice the debtor does not have yet, remembering it when
    /// rows may be looked up again.
    fn insert_new_invoice(&mut self, debtor_id: i64, inv: NewInvoice) -> Result<i64> {
        let dispute = dispute_columns(None, inv.dispute.as_ref(), self.at.today);
        let (reason, opened, resolved) = dispute.unwrap_or((None, None, None));
        let insert = match &mut self.insert_invoice {
            Some(statement) => statement,
            None => self.insert_invoice.insert(self.conn.prepare(
                "INSERT INTO invoices (debtor_id, number, supplied_on, issued_on, due_on,
                                       amount_cents, currency, dispute_reason,
                                       dispute_opened_on, dispute_resolved_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?),
        };
        insert.execute(params![
            debtor_id,
            inv.number,
            inv.supplied_on.map(IsoDate::new).as_ref().map(IsoDate::as_str),
            IsoDate::new(inv.issued_on).as_str(),
            IsoDate::new(inv.due_on).as_str(),
            inv.amount.cents(),
            inv.currency,
            reason,
            opened,
            resolved
        ])?;
        let id = self.tx.last_insert_rowid();
        if self.remember_new {
            let entry = StoredInvoice {
                id,
                supplied_on: inv.supplied_on,
                issued_on: Some(inv.issued_on),
                due_on: Some(inv.due_on),
                amount: inv.amount.cents(),
                currency: inv.currency,
                reason,
                opened,
                resolved,
            };
            self.invoices.entry(debtor_id).or_default().insert(inv.number, entry);
        }
        self.touch(debtor_id);
        Ok(id)
    }
}

/// Writes an invoice's dates, amount and currency when the file changes
/// them (its allocations keep a copy of the dates); says whether it did.
fn update_terms(tx: &Transaction<'_>, known: &mut StoredInvoice, inv: &NewInvoice) -> Result<bool> {
    let changed = (known.supplied_on, known.issued_on, known.due_on, known.amount)
        != (inv.supplied_on, Some(inv.issued_on), Some(inv.due_on), inv.amount.cents())
        || known.currency != inv.currency;
    if !changed {
        return Ok(false);
    }
    let issued = IsoDate::new(inv.issued_on);
    let due = IsoDate::new(inv.due_on);
    tx.prepare_cached(
        "UPDATE invoices SET supplied_on = ?2, issued_on = ?3, due_on = ?4,
                amount_cents = ?5, currency = ?6 WHERE id = ?1",
    )?
    .execute(params![
        known.id,
        inv.supplied_on.map(IsoDate::new).as_ref().map(IsoDate::as_str),
        issued.as_str(),
        due.as_str(),
        inv.amount.cents(),
        inv.currency
    ])?;
    tx.prepare_cached("UPDATE allocations SET issued_on = ?2, due_on = ?3 WHERE invoice_id = ?1")?
        .execute(params![known.id, issued.as_str(), due.as_str()])?;
    known.supplied_on = inv.supplied_on;
    known.issued_on = Some(inv.issued_on);
    known.due_on = Some(inv.due_on);
    known.amount = inv.amount.cents();
    known.currency.clone_from(&inv.currency);
    Ok(true)
}

/// Writes the dispute columns `dispute_columns` decided on.
fn update_dispute(
    tx: &Transaction<'_>,
    known: &mut StoredInvoice,
    (reason, opened, resolved): DisputeColumns,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE invoices SET dispute_reason = ?2, dispute_opened_on = ?3,
                dispute_resolved_on = ?4 WHERE id = ?1",
    )?
    .execute(params![known.id, reason, opened, resolved])?;
    (known.reason, known.opened, known.resolved) = (reason, opened, resolved);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn known(reason: Option<&str>, opened: Option<&str>, resolved: Option<&str>) -> StoredInvoice {
        StoredInvoice {
            id: 1,
            supplied_on: None,
            issued_on: Some(d("2026-01-01")),
            due_on: Some(d("2026-02-01")),
            amount: 100,
            currency: "USD".into(),
            reason: reason.map(Into::into),
            opened: opened.map(Into::into),
            resolved: resolved.map(Into::into),
        }
    }

    fn wanted(reason: &str, opened: Option<&str>, resolved: Option<&str>) -> Dispute {
        Dispute { reason: reason.into(), opened_on: opened.map(d), resolved_on: resolved.map(d) }
    }

    #[test]
    fn disputes_from_a_file() {
        let today = d("2026-11-25");
        let s = |x: &str| Some(x.to_owned());
        // Nothing said: nothing changes.
        assert_eq!(
            dispute_columns(Some(&known(s("price").as_deref(), None, None)), None, today),
            None
        );
        // A new dispute opens today unless the file says when.
        assert_eq!(
            dispute_columns(None, Some(&wanted("price", None, None)), today),
            Some((s("price"), s("2026-11-25"), None))
        );
        // The same open dispute again: unchanged, its date kept.
        let open = known(Some("price"), Some("2026-10-01"), None);
        assert_eq!(dispute_columns(Some(&open), Some(&wanted("price", None, None)), today), None);
        // A resolved dispute from the file is recorded as it was.
        assert_eq!(
            dispute_columns(
                Some(&open),
                Some(&wanted("price", Some("2026-10-01"), Some("2026-10-20"))),
                today
            ),
            Some((s("price"), s("2026-10-01"), s("2026-10-20")))
        );
    }
}
