//! The lists of the account pane, one indexed per-debtor query each.

use chrono::NaiveDate;
use rusqlite::params;

use super::account::{CallRow, ContactRow, InvoiceRow, NoteRow, PlanRow, PromiseRow, date};
use super::{Result, Store};
use crate::clock::parse_utc;
use crate::domain::Money;
use crate::domain::plan::default_since;
use crate::domain::promise::PromiseStatus;
use crate::domain::track_record::average_days_late;

/// At most this many notes are read for the pane.
const NOTES_SHOWN: i64 = 50;
const LAST_NOTES: &str = "SELECT n.id, n.created_at, a.name, n.body
                            FROM notes n JOIN agents a ON a.id = n.agent_id
                           WHERE n.debtor_id = ?1 ORDER BY n.created_at DESC, n.id DESC LIMIT ?2";
/// Open invoices first, then the most recent paid ones, up to this many.
const INVOICES_SHOWN: i64 = 200;

impl Store {
    pub(super) fn account_contacts(&self, debtor_id: i64) -> Result<Vec<ContactRow>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, name, role, phone, email, is_primary FROM contacts
                 WHERE debtor_id = ?1 ORDER BY is_primary DESC, id",
            )?
            .query_map([debtor_id], |r| {
                Ok(ContactRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    role: r.get(2)?,
                    phone: r.get(3)?,
                    email: r.get(4)?,
                    primary: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    pub(super) fn account_invoices(&self, debtor_id: i64) -> Result<Vec<InvoiceRow>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, number, supplied_on, issued_on, due_on, amount_cents,
                        amount_cents - paid_cents, currency,
                        CASE WHEN dispute_resolved_on IS NULL THEN dispute_reason END
                   FROM invoices WHERE debtor_id = ?1
                  ORDER BY paid_cents >= amount_cents, due_on, id LIMIT ?2",
            )?
            .query_map(params![debtor_id, INVOICES_SHOWN], |r| {
                Ok(InvoiceRow {
                    id: r.get(0)?,
                    number: r.get(1)?,
                    supplied_on: date(r.get(2)?),
                    issued_on: date(r.get(3)?).unwrap_or_default(),
                    due_on: date(r.get(4)?).unwrap_or_default(),
                    amount: Money(r.get(5)?),
                    balance: Money(r.get(6)?),
                    currency: r.get(7)?,
                    dispute_reason: r.get(8)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    pub(super) fn account_promises(&self, debtor_id: i64) -> Result<Vec<PromiseRow>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT p.id, p.amount_cents, p.due_on, p.made_on, p.status, p.paid_cents, a.name,
                        p.plan_id, p.shortfall_cents,
                        (SELECT group_concat(i.number, ' ') FROM promise_invoices pi
                           JOIN invoices i ON i.id = pi.invoice_id WHERE pi.promise_id = p.id),
                        p.cancelled > p.id
                   FROM promises p LEFT JOIN agents a ON a.id = p.agent_id
                  WHERE p.debtor_id = ?1 ORDER BY p.due_on DESC, p.id DESC",
            )?
            .query_map([debtor_id], |r| {
                let status: String = r.get(4)?;
                Ok(PromiseRow {
                    id: r.get(0)?,
                    amount: Money(r.get(1)?),
                    due_on: date(r.get(2)?).unwrap_or_default(),
                    made_on: date(r.get(3)?).unwrap_or_default(),
                    status: status.parse().unwrap_or(PromiseStatus::Open),
                    paid: Money(r.get(5)?),
                    agent: r.get(6)?,
                    plan_id: r.get(7)?,
                    shortfall: Money(r.get(8)?),
                    invoices: r
                        .get::<_, Option<String>>(9)?
                        .map(|s| s.split(' ').map(str::to_owned).collect())
                        .unwrap_or_default(),
                    replaced: r.get(10)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The latest notes, newest first.
    pub(super) fn account_notes(&self, debtor_id: i64) -> Result<Vec<NoteRow>> {
        self.last_notes(debtor_id, NOTES_SHOWN)
    }

    /// The debtor's `limit` newest notes, newest first: read backwards
    /// along `notes_debtor`, stopping after `limit` rows (no sort, however
    /// many notes the debtor has). The pre-call plan shows the first three
    /// of the account's.
    pub fn last_notes(&self, debtor_id: i64, limit: i64) -> Result<Vec<NoteRow>> {
        Ok(self
            .conn
            .prepare_cached(LAST_NOTES)?
            .query_map(params![debtor_id, limit], |r| {
                let at: String = r.get(1)?;
                Ok(NoteRow {
                    id: r.get(0)?,
                    created_at: parse_utc(&at).unwrap_or_default(),
                    agent: r.get(2)?,
                    body: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The last five contacts, newest first.
    pub(super) fn account_calls(&self, debtor_id: i64) -> Result<Vec<CallRow>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT c.started_at, a.name, c.outcome
                   FROM calls c JOIN agents a ON a.id = c.agent_id
                  WHERE c.debtor_id = ?1 ORDER BY c.started_at DESC, c.id DESC LIMIT 5",
            )?
            .query_map([debtor_id], |r| {
                let at: String = r.get(0)?;
                Ok(CallRow {
                    started_at: parse_utc(&at).unwrap_or_default(),
                    agent: r.get(1)?,
                    outcome: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Average days late of the debtor's paid invoices.
    pub(super) fn days_late(&self, debtor_id: i64) -> Result<Option<i64>> {
        let paid: Vec<(NaiveDate, NaiveDate)> = self
            .conn
            .prepare_cached(
                "SELECT i.due_on, MAX(p.received_on)
                   FROM invoices i
                   JOIN allocations a ON a.invoice_id = i.id
                   JOIN payments p ON p.id = a.payment_id
                  WHERE i.debtor_id = ?1 AND i.paid_cents >= i.amount_cents AND i.amount_cents > 0
                  GROUP BY i.id",
            )?
            .query_map([debtor_id], |r| Ok((date(r.get(0)?), date(r.get(1)?))))?
            .filter_map(|row| match row {
                Ok((Some(due), Some(on))) => Some(Ok((due, on))),
                Ok(_) => None,
                Err(e) => Some(Err(e)),
            })
            .collect::<rusqlite::Result<_>>()?;
        Ok(average_days_late(&paid))
    }

    pub(super) fn account_plans(
        &self,
        debtor_id: i64,
        promises: &[PromiseRow],
    ) -> Result<Vec<PlanRow>> {
        let rows: Vec<(i64, String)> = self
            .conn
            .prepare_cached(
                "SELECT id, frequency FROM promise_plans WHERE debtor_id = ?1 ORDER BY id DESC",
            )?
            .query_map([debtor_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .map(|(id, frequency)| {
                let mut parts: Vec<&PromiseRow> =
                    promises.iter().filter(|p| p.plan_id == Some(id)).collect();
                parts.sort_by_key(|p| p.due_on);
                let statuses: Vec<(NaiveDate, PromiseStatus)> =
                    parts.iter().map(|p| (p.due_on, p.status)).collect();
                PlanRow {
                    id,
                    frequency,
                    instalments: parts.len(),
                    kept: parts.iter().filter(|p| p.status == PromiseStatus::Kept).count(),
                    total: parts.iter().map(|p| p.expected()).sum(),
                    set_aside: parts.iter().map(|p| p.set_aside()).sum(),
                    next: parts
                        .iter()
                        .find(|p| p.status == PromiseStatus::Open)
                        .map(|p| (p.due_on, p.expected())),
                    default_since: default_since(&statuses),
                }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The notes of a debtor are read along `notes_debtor`, newest first,
    /// with no sort: three notes cost three rows on a book of millions.
    #[test]
    fn the_last_notes_are_an_index_range_read_backwards() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("book.sqlite")).unwrap();
        let plan: Vec<String> = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {LAST_NOTES}"))
            .unwrap()
            .query_map(params![1, 3], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(plan[0].contains("USING INDEX notes_debtor (debtor_id=?)"), "{plan:?}");
        assert!(plan.iter().all(|p| !p.contains("TEMP B-TREE")), "{plan:?}");
        assert!(store.last_notes(1, 3).unwrap().is_empty());
    }
}
