//! Writing a book in bulk (the demo generator and imports): one transaction,
//! cached prepared statements, summaries and search text updated once at the end.

use std::collections::BTreeSet;

use rustc_hash::{FxHashMap, FxHashSet};

use chrono::NaiveDate;
use rusqlite::{
    Connection, OptionalExtension, Statement, Transaction, TransactionBehavior, params,
};

use super::allocations::allocate_payment;
use super::search_index::{rebuild_search, refresh_search};
use super::{Result, Store, StoreError, audit, date_str, indexes, notes, summary, ts};
use crate::clock::Moment;
use crate::domain::{Money, people::DebtorStatus, promise::PromiseStatus};

/// Page cache while bulk writing, in KiB (negative: SQLite's unit).
const BULK_CACHE_KIB: i64 = -262_144;
/// Page cache otherwise (as `Store::open` sets it).
const NORMAL_CACHE_KIB: i64 = -16_384;

/// What an upsert did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Upsert {
    New,
    Updated,
    Unchanged,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NewDebtor {
    pub reference: String,
    pub name: String,
    pub timezone: String,
    pub terms_days: i64,
    pub terms_accepted_on: Option<NaiveDate>,
    pub assigned_to: Option<i64>,
    pub status: DebtorStatus,
    pub do_not_call: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NewContact {
    pub name: String,
    pub role: String,
    pub phone: String,
    pub email: String,
    pub timezone: Option<String>,
    pub primary: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NewInvoice {
    pub number: String,
    pub supplied_on: Option<NaiveDate>,
    pub issued_on: NaiveDate,
    pub due_on: NaiveDate,
    pub amount: Money,
    pub currency: String,
    /// A dispute raised on the invoice (open, or resolved when the file
    /// says so).
    pub dispute: Option<Dispute>,
}

/// A dispute as a file gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dispute {
    pub reason: String,
    /// When it was raised; the import date when the file does not say.
    pub opened_on: Option<NaiveDate>,
    /// When it was resolved, for disputes already settled.
    pub resolved_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NewPayment {
    pub received_on: NaiveDate,
    pub amount: Money,
    pub invoice_number: Option<String>,
    pub reference: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NewPromise {
    pub agent_id: Option<i64>,
    /// The plan this promise is an instalment of.
    pub plan_id: Option<i64>,
    pub amount: Money,
    pub due_on: NaiveDate,
    pub made_on: NaiveDate,
    pub cancelled: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NewCall {
    pub agent_id: i64,
    pub started_at: chrono::DateTime<chrono::Utc>,
    pub seconds: i64,
    pub outcome: String,
    pub contacted: bool,
    pub goal: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NewNote {
    pub agent_id: i64,
    pub call_id: Option<i64>,
    pub at: chrono::DateTime<chrono::Utc>,
    pub body: String,
}

/// An open bulk write. Nothing is visible to others until `finish`.
pub struct BookWriter<'s> {
    /// The statement a large import runs for every row, prepared once (it
    /// borrows the connection, not the transaction, and goes first).
    pub(super) insert_invoice: Option<Statement<'s>>,
    pub(super) conn: &'s Connection,
    pub(super) tx: Transaction<'s>,
    pub(super) at: Moment,
    pub(super) touched: BTreeSet<i64>,
    refs: FxHashMap<String, i64>,
    /// Each touched debtor's invoices by number, read once.
    pub(super) invoices: FxHashMap<i64, FxHashMap<String, super::bulk_invoices::StoredInvoice>>,
    /// Indexes dropped for the load, to be built again before commit.
    deferred_indexes: Vec<String>,
    /// Debtors created by this write (they have no stored rows to read).
    pub(super) created: FxHashSet<i64>,
    last_touched: Option<i64>,
    /// The agent whose changes these are, for per-debtor audit rows.
    acting: Option<i64>,
    /// `refs` holds every debtor (see `preload_refs`).
    refs_complete: bool,
    /// Whether new invoices are remembered for later rows (see `rows_are_unique`).
    pub(super) remember_new: bool,
}

impl Store {
    pub fn book_writer(&self, at: Moment) -> Result<BookWriter<'_>> {
        // A large page cache while loading: indexes are updated out of order.
        self.conn.pragma_update(None, "cache_size", BULK_CACHE_KIB)?;
        Ok(BookWriter {
            insert_invoice: None,
            conn: &self.conn,
            tx: Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?,
            at,
            touched: BTreeSet::new(),
            refs: FxHashMap::default(),
            invoices: FxHashMap::default(),
            deferred_indexes: Vec::new(),
            created: FxHashSet::default(),
            last_touched: None,
            acting: None,
            refs_complete: false,
            remember_new: true,
        })
    }
}

impl BookWriter<'_> {
    /// Reads every debtor's ref at once: for a large load, one query instead
    /// of one per debtor.
    pub fn preload_refs(&mut self) -> Result<()> {
        let mut stmt = self.tx.prepare("SELECT ref, id FROM debtors")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            self.refs.insert(row.get(0)?, row.get(1)?);
        }
        self.refs_complete = true;
        Ok(())
    }

    /// The caller promises that no invoice comes twice and that nothing
    /// written is looked up again (an import of one kind of row, its keys
    /// checked unique by the reader), so new invoices need not be remembered.
    pub fn rows_are_unique(&mut self) {
        self.remember_new = false;
    }

    pub fn debtor_id(&mut self, reference: &str) -> Result<Option<i64>> {
        if let Some(id) = self.refs.get(reference) {
            return Ok(Some(*id));
        }
        if self.refs_complete {
            return Ok(None);
        }
        let id: Option<i64> = self
            .tx
            .prepare_cached("SELECT id FROM debtors WHERE ref = ?1")?
            .query_row([reference], |r| r.get(0))
            .optional()?;
        if let Some(id) = id {
            self.refs.insert(reference.to_owned(), id);
        }
        Ok(id)
    }

    pub fn agent_id(&self, name: &str) -> Result<Option<i64>> {
        Ok(self
            .tx
            .prepare_cached("SELECT id FROM agents WHERE name = ?1")?
            .query_row([name], |r| r.get(0))
            .optional()?)
    }

    /// The stored debtor with this ref, as an upsert would write it.
    pub fn existing_debtor(&mut self, reference: &str) -> Result<Option<NewDebtor>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT ref, name, timezone, terms_days, terms_accepted_on, assigned_to, status,
                        do_not_call
                   FROM debtors WHERE ref = ?1",
            )?
            .query_row([reference], |r| {
                let accepted: Option<String> = r.get(4)?;
                let status: String = r.get(6)?;
                Ok(NewDebtor {
                    reference: r.get(0)?,
                    name: r.get(1)?,
                    timezone: r.get(2)?,
                    terms_days: r.get(3)?,
                    terms_accepted_on: accepted.as_deref().and_then(super::parse_date),
                    assigned_to: r.get(5)?,
                    status: status.parse().unwrap_or(DebtorStatus::Active),
                    do_not_call: r.get(7)?,
                })
            })
            .optional()?)
    }

    /// The agent making these changes: each existing debtor an upsert
    /// changes then gets its own audit row with before and after.
    pub fn acting_as(&mut self, agent_id: i64) {
        self.acting = Some(agent_id);
    }

    /// Notes in the audit log what a bulk write did.
    pub fn audit(&mut self, agent_id: Option<i64>, action: &str, after: &str) -> Result<()> {
        audit::record(
            &self.tx,
            self.at.now,
            agent_id,
            audit::Change { entity: "book", entity_id: None, action, before: "", after },
        )
    }

    /// Inserts or updates a debtor by ref.
    pub fn debtor(&mut self, d: &NewDebtor) -> Result<(i64, Upsert)> {
        let values = params![
            d.reference,
            d.name,
            d.timezone,
            d.terms_days,
            d.terms_accepted_on.map(date_str),
            d.assigned_to,
            d.status.as_str(),
            d.do_not_call
        ];
        let existing = self.debtor_id(&d.reference)?;
        let (id, what) = match existing {
            None => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO debtors (ref, name, timezone, terms_days, terms_accepted_on,
                                              assigned_to, status, do_not_call)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    )?
                    .execute(values)?;
                let id = self.tx.last_insert_rowid();
                self.refs.insert(d.reference.clone(), id);
                self.created.insert(id);
                (id, Upsert::New)
            }
            Some(id) => {
                let before = match self.acting {
                    Some(_) => self.existing_debtor(&d.reference)?,
                    None => None,
                };
                let changed = self
                    .tx
                    .prepare_cached(
                        "UPDATE debtors SET name = ?2, timezone = ?3, terms_days = ?4,
                                terms_accepted_on = ?5, assigned_to = ?6, status = ?7,
                                do_not_call = ?8
                         WHERE ref = ?1 AND (name IS NOT ?2 OR timezone IS NOT ?3
                               OR terms_days IS NOT ?4 OR terms_accepted_on IS NOT ?5
                               OR assigned_to IS NOT ?6 OR status IS NOT ?7
                               OR do_not_call IS NOT ?8)",
                    )?
                    .execute(values)?;
                if let (Some(before), true) = (before, changed > 0) {
                    self.audit_debtor_change(id, &before, d)?;
                }
                (id, if changed > 0 { Upsert::Updated } else { Upsert::Unchanged })
            }
        };
        if what != Upsert::Unchanged {
            self.touch(id);
        }
        Ok((id, what))
    }

    /// One audit row for a debtor an import changed: the fields that
    /// changed, before and after, agents by name.
    fn audit_debtor_change(&mut self, id: i64, old: &NewDebtor, new: &NewDebtor) -> Result<()> {
        let agent = |id: Option<i64>| -> Result<String> {
            Ok(match id {
                None => "(unassigned)".to_owned(),
                Some(id) => self
                    .tx
                    .prepare_cached("SELECT name FROM agents WHERE id = ?1")?
                    .query_row([id], |r| r.get(0))
                    .optional()?
                    .unwrap_or_else(|| format!("agent {id}")),
            })
        };
        let date = |d: Option<chrono::NaiveDate>| d.map(date_str).unwrap_or_default();
        let fields = [
            ("name", old.name.clone(), new.name.clone()),
            ("timezone", old.timezone.clone(), new.timezone.clone()),
            ("terms_days", old.terms_days.to_string(), new.terms_days.to_string()),
            ("terms_accepted_on", date(old.terms_accepted_on), date(new.terms_accepted_on)),
            ("assigned_to", agent(old.assigned_to)?, agent(new.assigned_to)?),
            ("status", old.status.as_str().to_owned(), new.status.as_str().to_owned()),
            ("do_not_call", yes_no(old.do_not_call), yes_no(new.do_not_call)),
        ];
        let changed: Vec<_> = fields.iter().filter(|(_, a, b)| a != b).collect();
        let side = |after: bool| {
            let value = |f: &(&str, String, String)| if after { f.2.clone() } else { f.1.clone() };
            changed.iter().map(|f| format!("{}={}", f.0, value(f))).collect::<Vec<_>>().join("; ")
        };
        audit::record(
            &self.tx,
            self.at.now,
            self.acting,
            audit::Change {
                entity: "debtor",
                entity_id: Some(id),
                action: "import",
                before: &side(false),
                after: &side(true),
            },
        )
    }

    /// Inserts or updates a contact by (debtor, name).
    pub fn contact(&mut self, debtor_id: i64, c: &NewContact) -> Result<Upsert> {
        let digits: String = c.phone.chars().filter(|ch| ch.is_ascii_digit()).collect();
        let values =
            params![debtor_id, c.name, c.role, c.phone, digits, c.email, c.timezone, c.primary];
        let exists: bool = self
            .tx
            .prepare_cached("SELECT 1 FROM contacts WHERE debtor_id = ?1 AND name = ?2")?
            .query_row(params![debtor_id, c.name], |_| Ok(()))
            .optional()?
            .is_some();
        let what = if exists {
            let n = self
                .tx
                .prepare_cached(
                    "UPDATE contacts SET role = ?3, phone = ?4, phone_digits = ?5, email = ?6,
                            timezone = ?7, is_primary = ?8
                     WHERE debtor_id = ?1 AND name = ?2 AND (role IS NOT ?3 OR phone IS NOT ?4
                           OR email IS NOT ?6 OR timezone IS NOT ?7 OR is_primary IS NOT ?8)",
                )?
                .execute(values)?;
            if n > 0 { Upsert::Updated } else { Upsert::Unchanged }
        } else {
            self.tx
                .prepare_cached(
                    "INSERT INTO contacts (debtor_id, name, role, phone, phone_digits, email,
                                           timezone, is_primary)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(values)?;
            Upsert::New
        };
        if what != Upsert::Unchanged {
            self.touch(debtor_id);
        }
        Ok(what)
    }

    /// Records a payment (unless the same one is already there) and spreads
    /// it over the debtor's invoices.
    pub fn payment(&mut self, debtor_id: i64, p: &NewPayment) -> Result<(i64, Upsert)> {
        let invoice_id: Option<i64> = match &p.invoice_number {
            None => None,
            Some(number) => {
                Some(self.known_invoices(debtor_id)?.get(number).map(|k| k.id).ok_or_else(
                    || StoreError::Refused(format!("this debtor has no invoice {number:?}")),
                )?)
            }
        };
        let received = date_str(p.received_on);
        let same: Option<(i64, String, i64, Option<i64>)> = if p.reference.is_empty() {
            self.tx
                .prepare_cached(
                    "SELECT id, received_on, amount_cents, invoice_id FROM payments
                     WHERE debtor_id = ?1 AND reference = '' AND received_on = ?2
                       AND amount_cents = ?3 AND invoice_id IS ?4",
                )?
                .query_row(params![debtor_id, received, p.amount.cents(), invoice_id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })
                .optional()?
        } else {
            self.tx
                .prepare_cached(
                    "SELECT id, received_on, amount_cents, invoice_id FROM payments
                     WHERE debtor_id = ?1 AND reference = ?2",
                )?
                .query_row(params![debtor_id, p.reference], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })
                .optional()?
        };
        if let Some((id, on, cents, inv)) = same {
            if on == received && cents == p.amount.cents() && inv == invoice_id {
                return Ok((id, Upsert::Unchanged));
            }
            return Err(StoreError::Refused(format!(
                "payment reference {:?} is already recorded with other details",
                p.reference
            )));
        }
        self.tx
            .prepare_cached(
                "INSERT INTO payments (debtor_id, received_on, amount_cents, invoice_id, reference,
                                       created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                debtor_id,
                received,
                p.amount.cents(),
                invoice_id,
                p.reference,
                ts(self.at.now)
            ])?;
        let payment_id = self.tx.last_insert_rowid();
        allocate_payment(&self.tx, debtor_id, payment_id, p.amount, invoice_id)?;
        self.touch(debtor_id);
        Ok((payment_id, Upsert::New))
    }

    pub fn promise(&mut self, debtor_id: i64, p: &NewPromise) -> Result<i64> {
        let status = if p.cancelled { PromiseStatus::Cancelled } else { PromiseStatus::Open };
        self.tx
            .prepare_cached(
                "INSERT INTO promises (debtor_id, agent_id, amount_cents, shortfall_cents, due_on,
                                       made_on, status, cancelled, created_at, plan_id)
                 VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                debtor_id,
                p.agent_id,
                p.amount.cents(),
                date_str(p.due_on),
                date_str(p.made_on),
                status.as_str(),
                p.cancelled,
                format!("{}T12:00:00Z", date_str(p.made_on)),
                p.plan_id
            ])?;
        self.touch(debtor_id);
        Ok(self.tx.last_insert_rowid())
    }

    /// Starts a payment plan; its instalments are added with `promise`.
    pub fn plan(
        &mut self,
        debtor_id: i64,
        agent_id: Option<i64>,
        instalments: usize,
        frequency: crate::domain::plan::Frequency,
        made_on: NaiveDate,
    ) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO promise_plans (debtor_id, agent_id, instalments, frequency, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                debtor_id,
                agent_id,
                instalments as i64,
                frequency.as_str(),
                format!("{}T12:00:00Z", date_str(made_on))
            ])?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Records a finished call (demo history).
    pub fn call(&mut self, debtor_id: i64, c: &NewCall) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO calls (debtor_id, agent_id, started_at, ended_at, outcome, goal,
                                    contacted, checklist)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '')",
            )?
            .execute(params![
                debtor_id,
                c.agent_id,
                ts(c.started_at),
                ts(c.started_at + chrono::Duration::seconds(c.seconds)),
                c.outcome,
                c.goal,
                c.contacted
            ])?;
        self.touch(debtor_id);
        Ok(self.tx.last_insert_rowid())
    }

    pub fn note(&mut self, debtor_id: i64, n: &NewNote) -> Result<i64> {
        notes::insert_note(
            &self.tx,
            &notes::NoteDraft {
                debtor_id,
                agent_id: n.agent_id,
                call_id: n.call_id,
                body: &n.body,
            },
            n.at,
        )
    }

    pub fn set_next_contact(
        &mut self,
        debtor_id: i64,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE debtors SET next_contact_at = ?2 WHERE id = ?1")?
            .execute(params![debtor_id, ts(at)])?;
        self.touch(debtor_id);
        Ok(())
    }

    /// Marks a debtor's summary and search text for refreshing at the end.
    pub(super) fn touch(&mut self, debtor_id: i64) {
        if self.last_touched != Some(debtor_id) {
            self.touched.insert(debtor_id);
            self.last_touched = Some(debtor_id);
        }
    }

    /// The day the write is made on.
    pub fn today(&self) -> chrono::NaiveDate {
        self.at.today
    }

    /// Debtors changed so far.
    pub fn touched(&self) -> usize {
        self.touched.len()
    }

    /// Before loading `incoming` rows into `table` (more than it holds):
    /// drops its secondary indexes, which `finish` builds again in one pass;
    /// far faster than keeping them in order row by row. It is all one
    /// transaction: others see the indexes throughout, and a kill or an
    /// `abandon` leaves them as they were.
    pub fn defer_indexes(&mut self, table: &str, incoming: usize) -> Result<bool> {
        let held: i64 =
            self.tx.query_row(&format!("SELECT COUNT(*) FROM \"{table}\""), [], |r| r.get(0))?;
        // Worth it when most of the table will be new rows.
        if held as usize * 2 > incoming {
            return Ok(false);
        }
        self.deferred_indexes.extend(indexes::drop_for_load(&self.tx, table)?);
        Ok(true)
    }

    /// Updates summaries and search text, then commits.
    pub fn finish(self) -> Result<()> {
        let ids: Vec<i64> = self.touched.iter().copied().collect();
        let total: i64 = self.tx.query_row("SELECT COUNT(*) FROM debtors", [], |r| r.get(0))?;
        let started = std::time::Instant::now();
        if ids.len() as i64 * 4 > total {
            summary::rebuild_all(&self.tx, &self.at)?;
            tracing::info!("summaries rebuilt in {:?}", started.elapsed());
            rebuild_search(&self.tx)?;
            tracing::info!("search index rebuilt in {:?}", started.elapsed());
        } else {
            summary::refresh(&self.tx, &ids, &self.at)?;
            for id in &ids {
                refresh_search(&self.tx, *id)?;
            }
        }
        // Last, with the rows all read and summed.
        if !self.deferred_indexes.is_empty() {
            let started = std::time::Instant::now();
            indexes::build_large(&self.tx, &self.deferred_indexes, NORMAL_CACHE_KIB)?;
            tracing::info!("indexes built in {:?}", started.elapsed());
        }
        self.tx.pragma_update(None, "cache_size", NORMAL_CACHE_KIB)?;
        self.tx.commit()?;
        Ok(())
    }

    /// Whether the transaction is still there: SQLite ends it by itself on
    /// some failures (a full disk, an I/O error), after which nothing more
    /// may be written.
    pub fn is_open(&self) -> bool {
        !self.tx.is_autocommit()
    }

    /// Limits how large the database file may grow, in pages (fault
    /// injection: the import tests fill the "disk" with it).
    #[cfg(feature = "faults")]
    pub fn limit_pages(&self, pages: i64) -> Result<()> {
        self.tx.pragma_update(None, "max_page_count", pages)?;
        Ok(())
    }

    /// Drops everything written (for `--dry-run`).
    pub fn abandon(self) -> Result<()> {
        self.tx.pragma_update(None, "cache_size", NORMAL_CACHE_KIB)?;
        self.tx.rollback()?;
        Ok(())
    }
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_owned()
}
