//! Invoices in a bulk write: inserted or updated by (debtor, number), with
//! each debtor's existing invoices read once so that a large import costs
//! one statement per row.

use rustc_hash::FxHashMap;

use chrono::NaiveDate;
use rusqlite::params;

use super::bulk::{BookWriter, Dispute, NewInvoice, Upsert};
use super::{Result, date_str, parse_date};

/// A stored invoice as an upsert compares it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredInvoice {
    pub id: i64,
    supplied_on: Option<String>,
    issued_on: String,
    due_on: String,
    amount: i64,
    pub currency: String,
    reason: Option<String>,
    opened: Option<String>,
    resolved: Option<String>,
}

impl StoredInvoice {
    pub fn supplied_on(&self) -> Option<NaiveDate> {
        self.supplied_on.as_deref().and_then(parse_date)
    }
}

/// The dispute columns an invoice should have, given what it has now and
/// what the file says; `None` when nothing changes.
fn dispute_columns(
    known: Option<&StoredInvoice>,
    wanted: Option<&Dispute>,
    today: NaiveDate,
) -> Option<(Option<String>, Option<String>, Option<String>)> {
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

impl BookWriter<'_> {
    /// The debtor's invoices by number (read from the database once).
    pub(super) fn known_invoices(
        &mut self,
        debtor_id: i64,
    ) -> Result<&FxHashMap<String, StoredInvoice>> {
        if !self.invoices.contains_key(&debtor_id) {
            let rows: FxHashMap<String, StoredInvoice> = self
                .tx
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
                            supplied_on: r.get(2)?,
                            issued_on: r.get(3)?,
                            due_on: r.get(4)?,
                            amount: r.get(5)?,
                            currency: r.get(6)?,
                            reason: r.get(7)?,
                            opened: r.get(8)?,
                            resolved: r.get(9)?,
                        },
                    ))
                })?
                .collect::<rusqlite::Result<_>>()?;
            self.invoices.insert(debtor_id, rows);
        }
        Ok(&self.invoices[&debtor_id])
    }

    /// The stored invoice with this number, if any.
    pub fn existing_invoice(
        &mut self,
        debtor_id: i64,
        number: &str,
    ) -> Result<Option<StoredInvoice>> {
        Ok(self.known_invoices(debtor_id)?.get(number).cloned())
    }

    /// Inserts or updates an invoice by (debtor, number). Amounts already
    /// paid stay allocated.
    pub fn invoice(&mut self, debtor_id: i64, inv: &NewInvoice) -> Result<(i64, Upsert)> {
        let known = self.known_invoices(debtor_id)?.get(&inv.number).cloned();
        let fields = StoredInvoice {
            id: known.as_ref().map_or(0, |k| k.id),
            supplied_on: inv.supplied_on.map(date_str),
            issued_on: date_str(inv.issued_on),
            due_on: date_str(inv.due_on),
            amount: inv.amount.cents(),
            currency: inv.currency.clone(),
            reason: None,
            opened: None,
            resolved: None,
        };
        let dispute = dispute_columns(known.as_ref(), inv.dispute.as_ref(), self.at.today);
        let (id, what) = match &known {
            None => {
                let (reason, opened, resolved) = dispute.clone().unwrap_or((None, None, None));
                self.tx
                    .prepare_cached(
                        "INSERT INTO invoices (debtor_id, number, supplied_on, issued_on, due_on,
                                               amount_cents, currency, dispute_reason,
                                               dispute_opened_on, dispute_resolved_on)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    )?
                    .execute(params![
                        debtor_id,
                        inv.number,
                        fields.supplied_on,
                        fields.issued_on,
                        fields.due_on,
                        fields.amount,
                        fields.currency,
                        reason,
                        opened,
                        resolved
                    ])?;
                (self.tx.last_insert_rowid(), Upsert::New)
            }
            Some(k) => {
                let changed = (&k.supplied_on, &k.issued_on, &k.due_on, k.amount, &k.currency)
                    != (
                        &fields.supplied_on,
                        &fields.issued_on,
                        &fields.due_on,
                        fields.amount,
                        &fields.currency,
                    );
                if changed {
                    self.tx
                        .prepare_cached(
                            "UPDATE invoices SET supplied_on = ?2, issued_on = ?3, due_on = ?4,
                                    amount_cents = ?5, currency = ?6 WHERE id = ?1",
                        )?
                        .execute(params![
                            k.id,
                            fields.supplied_on,
                            fields.issued_on,
                            fields.due_on,
                            fields.amount,
                            fields.currency
                        ])?;
                    // Allocations keep a copy of the issue date.
                    self.tx
                        .prepare_cached(
                            "UPDATE allocations SET issued_on = ?2 WHERE invoice_id = ?1",
                        )?
                        .execute(params![k.id, fields.issued_on])?;
                }
                if let Some((reason, opened, resolved)) = &dispute {
                    self.tx
                        .prepare_cached(
                            "UPDATE invoices SET dispute_reason = ?2, dispute_opened_on = ?3,
                                    dispute_resolved_on = ?4 WHERE id = ?1",
                        )?
                        .execute(params![k.id, reason, opened, resolved])?;
                }
                let what =
                    if changed || dispute.is_some() { Upsert::Updated } else { Upsert::Unchanged };
                (k.id, what)
            }
        };
        let (reason, opened, resolved) = dispute
            .or_else(|| {
                known.as_ref().map(|k| (k.reason.clone(), k.opened.clone(), k.resolved.clone()))
            })
            .unwrap_or((None, None, None));
        let entry = StoredInvoice { id, reason, opened, resolved, ..fields };
        self.invoices.entry(debtor_id).or_default().insert(inv.number.clone(), entry);
        if what != Upsert::Unchanged {
            self.touched.insert(debtor_id);
        }
        Ok((id, what))
    }
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
            issued_on: "2026-01-01".into(),
            due_on: "2026-02-01".into(),
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
