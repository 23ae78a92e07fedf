//! The only code that speaks SQL. One file per table family; every statement
//! is parameterised; every write runs in a short `BEGIN IMMEDIATE` transaction
//! so concurrent processes wait for each other instead of failing.

mod account;
mod account_lists;
mod agent_keys;
mod agents;
mod aging;
mod allocations;
mod audit;
mod book;
mod bulk;
mod bulk_debtors;
mod bulk_history;
mod bulk_invoices;
mod calls;
mod check;
mod check_audit;
mod debtor_interest;
mod disputes;
mod drafts;
mod error;
mod export;
#[cfg(test)]
mod figure_plans_tests;
mod figure_sql;
mod file;
mod indexes;
mod interest_claims;
mod interest_reads;
mod lead_actions;
mod leases;
mod letter_facts;
mod letter_targets;
mod maps;
mod migrations;
mod notes;
mod outbox;
mod outbox_reads;
mod payments;
mod promises;
mod queue;
mod queue_page;
mod rates;
mod reports;
mod rollover;
mod search;
mod search_index;
mod strategies;
mod strategy_runs;
mod strategy_states;
mod strategy_steps;
mod summary;
mod takeover;
mod triage;
mod triage_list;
mod waivers;

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use account::{
    Account, CallRow, ContactRow, DebtorHeader, InvoiceRow, NoteRow, PlanRow, PromiseRow,
    StrategyLine,
};
pub use agent_keys::{AgentKey, KeyAdmin, NewAgentKey};
pub use aging::AgingBy;
pub use book::{RuleChange, is_demo_book};
pub use bulk::{
    BookWriter, Dispute, NewCall, NewContact, NewDebtor, NewInvoice, NewNote, NewPayment,
    NewPromise, Upsert,
};
pub use bulk_invoices::{Keep, StoredInvoice};
pub use calls::{CallStart, OpenCall, TakenOver, WrapUp, WrapUpSaved};
pub use check::{CheckReport, inspect};
pub use check_audit::{AuditEnd, AuditRow};
pub use drafts::Draft;
pub use error::StoreError;
pub use export::ExportKind;
pub use file::{BookFile, book_file, file_type_name};
pub use interest_claims::{BookInterest, DebtorClaims, InvoiceClaim, claims_of};
pub use interest_reads::{DebtorInterest, DisputePeriod, InterestInvoice, Paid, UntiedPayment};
pub use lead_actions::{Applied, EscalateTo, LeadTargets};
pub use maps::{MapAdded, StoredMap};
pub use migrations::{APPLICATION_ID, NewBook, SCHEMA_VERSION};
pub use notes::NoteDraft;
pub use outbox::{MAX_ATTEMPTS, MessageKind, NewMessage, Outgoing, backoff};
pub use outbox_reads::{LetterRow, OutboxRow};
pub use payments::{PaymentRequest, PaymentRow, Payments};
pub use promises::PromiseRequest;
pub use queue::{Page, QueueKey, QueueRow, QueueScope};
pub use rates::{RatesImported, ReferenceRate};
pub use search::{Found, Quoted};
pub use strategy_runs::{AtStep, RunRecord};
pub use strategy_states::StrategyRow;
pub use strategy_steps::{Position, StepRecord, StepTask, TakenStep};
pub use triage::{Activity, AgentRow, BookTotals, PromisePulse};
pub use triage_list::TriageFound;
pub use waivers::{NewWaiver, WaiverRow};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open recoup database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    seen_data_version: Cell<i64>,
}

impl Store {
    /// Opens (creating with mode 0600 if needed) and migrates a book; a new
    /// book keeps its time in UTC.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, &NewBook { timezone: "UTC" })
    }

    /// Opens a book, creating it (mode 0600, in `book`'s time zone) when the
    /// file is missing or empty. Anything but a regular file is refused
    /// before SQLite opens it. An existing file is identified before
    /// anything is written to it: another application's database, or a
    /// recoup book of an unknown version, is refused untouched.
    pub fn open_with(path: &Path, book: &NewBook<'_>) -> Result<Store> {
        match file::book_file(path)? {
            BookFile::Missing => file::create_private(path)?,
            BookFile::Empty => file::make_private(path)?,
            BookFile::Existing => {}
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(Duration::from_secs(10))?;
        migrations::identify(&conn, path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // 16 MB of page cache keeps the hot parts of a large book in memory.
        conn.pragma_update(None, "cache_size", -16_384)?;
        conn.set_prepared_statement_cache_capacity(64);
        migrations::migrate(&conn, path, book)?;
        let store = Store { conn, path: path.to_owned(), seen_data_version: Cell::new(0) };
        store.seen_data_version.set(store.data_version()?);
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in an immediate (write-locking) transaction.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    fn data_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// True once after another connection has committed a change.
    pub fn changed_elsewhere(&self) -> Result<bool> {
        let now = self.data_version()?;
        let changed = now != self.seen_data_version.get();
        self.seen_data_version.set(now);
        Ok(changed)
    }

    /// Rows this connection has inserted, updated or deleted since it was
    /// opened (triggers' included): a write that changed nothing leaves it.
    pub fn rows_changed(&self) -> u64 {
        self.conn.total_changes()
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
    }
}

pub(crate) fn ts(t: DateTime<Utc>) -> String {
    crate::clock::format_utc(t)
}

pub(crate) fn date_str(d: NaiveDate) -> String {
    crate::domain::dates::iso_date(d)
}

pub(crate) fn parse_date(text: &str) -> Option<NaiveDate> {
    crate::domain::dates::parse_iso_date(text)
}

#[cfg(test)]
impl Store {
    /// The steps of `sql`'s query plan, for tests of which index a read
    /// walks.
    pub(crate) fn plan_steps(&self, sql: &str, params: impl rusqlite::Params) -> Vec<String> {
        self.conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map(params, |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }
}
