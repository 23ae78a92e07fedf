//! Writing a book in bulk (the demo generator and imports): one transaction,
//! cached prepared statements, summaries and search text updated once at the end.

use std::collections::BTreeSet;

use rustc_hash::{FxHashMap, FxHashSet};

use chrono::NaiveDate;
use rusqlite::{Connection, Statement, Transaction, TransactionBehavior};

use super::search_index::{rebuild_search, refresh_search};
use super::{Result, Store, audit, indexes, summary};
use crate::clock::Moment;
use crate::domain::interest_terms::InterestRegime;
use crate::domain::{Money, people::DebtorStatus};

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
    /// Late-payment interest: the regime, and its rate (or margin) in basis
    /// points.
    pub interest: InterestRegime,
    pub interest_rate: i64,
    /// Postal address, lines separated by newlines ('' when unknown).
    pub address: String,
    /// The collection strategy it follows; `None`: the book's default.
    pub strategy: Option<String>,
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
    pub(super) refs: FxHashMap<String, i64>,
    /// Each touched debtor's invoices by number, read once.
    pub(super) invoices: FxHashMap<i64, FxHashMap<String, super::bulk_invoices::StoredInvoice>>,
    /// Indexes dropped for the load, to be built again before commit.
    deferred_indexes: Vec<String>,
    /// Debtors created by this write (they have no stored rows to read).
    pub(super) created: FxHashSet<i64>,
    last_touched: Option<i64>,
    /// The agent whose changes these are, for per-debtor audit rows.
    pub(super) acting: Option<i64>,
    /// `refs` holds every debtor (see `preload_refs`).
    pub(super) refs_complete: bool,
    /// Whether new invoices are remembered for later rows (see `rows_are_unique`).
    pub(super) remember_new: bool,
    /// Whether deferred indexes are built before the summaries, which then
    /// read through them (a new book's promises and calls).
    indexes_first: bool,
}

/// The tables a new book is filled with, and the indexes its writer looks
/// rows up by while filling them (kept).
const NEW_BOOK_DEFERRED: [(&str, &[&str]); 8] = [
    ("debtors", &[]),
    ("contacts", &[]),
    ("invoices", &[]),
    ("payments", &["payments_debtor"]),
    ("allocations", &[]),
    ("promises", &[]),
    ("calls", &[]),
    ("notes", &[]),
];

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
            indexes_first: false,
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

    /// Forgets the invoices remembered so far (a later row for one of
    /// their debtors reads them from the book again): for a writer that
    /// goes debtor by debtor and would otherwise hold the whole book.
    pub fn forget_remembered(&mut self) {
        self.invoices.clear();
        self.created.clear();
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

    /// For a book being written from nothing (the demo generator): drops the
    /// secondary indexes of every table it fills except those its own
    /// lookups read through, so a large book is not written index page by
    /// index page in random order. `finish` builds them again.
    pub fn defer_indexes_for_new_book(&mut self) -> Result<()> {
        let held: i64 = self.tx.query_row("SELECT COUNT(*) FROM debtors", [], |r| r.get(0))?;
        if held > 0 {
            return Ok(());
        }
        for (table, keep) in NEW_BOOK_DEFERRED {
            self.deferred_indexes.extend(indexes::drop_for_load_except(&self.tx, table, keep)?);
        }
        self.indexes_first = true;
        Ok(())
    }

    /// Updates summaries and search text, then commits.
    pub fn finish(mut self) -> Result<()> {
        let ids: Vec<i64> = self.touched.iter().copied().collect();
        let total: i64 = self.tx.query_row("SELECT COUNT(*) FROM debtors", [], |r| r.get(0))?;
        let started = std::time::Instant::now();
        if self.indexes_first && !self.deferred_indexes.is_empty() {
            // The summaries read promises and calls by debtor.
            indexes::build_large(&self.tx, &self.deferred_indexes, BULK_CACHE_KIB)?;
            tracing::info!("indexes built in {:?}", started.elapsed());
            self.deferred_indexes.clear();
        }
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
