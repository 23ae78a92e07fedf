//! Numbered migrations recorded in `PRAGMA user_version`, and the book's
//! identity (`PRAGMA application_id`).

use std::path::Path;

use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::{Result, StoreError, audit};

/// recoup's `application_id`: "rcup" in ASCII. Set when a book is created
/// (or upgraded to version 2) and checked before anything is written.
pub const APPLICATION_ID: i64 = 0x7263_7570;

/// One step from version `i` to `i + 1`.
type Step = fn(&Transaction<'_>, &NewBook<'_>) -> Result<()>;

/// Each entry moves the schema from version `i` to `i + 1`.
const MIGRATIONS: &[Step] = &[v1, v2, v3, v4, v5, v6, v7, v8, v9, v10];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// What a book created (or upgraded) by this open starts with.
#[derive(Clone, Copy, Debug)]
pub struct NewBook<'a> {
    /// The book's time zone (IANA name).
    pub timezone: &'a str,
}

fn v1(tx: &Transaction<'_>, _: &NewBook<'_>) -> Result<()> {
    tx.execute_batch(include_str!("schema_v1.sql"))?;
    Ok(())
}

/// Append-only history (REPLACE refused), the audit hash chain over the
/// rows already there, the book's identity and time zone.
fn v2(tx: &Transaction<'_>, book: &NewBook<'_>) -> Result<()> {
    tx.execute_batch(include_str!("schema_v2.sql"))?;
    audit::chain_existing(tx)?;
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('rule.timezone', ?1)",
        [book.timezone],
    )?;
    Ok(())
}

/// The due-now index holds `due_from`, so the queue's count needs no table
/// rows.
fn v3(tx: &Transaction<'_>, _: &NewBook<'_>) -> Result<()> {
    tx.execute_batch(include_str!("schema_v3.sql"))?;
    Ok(())
}

/// The summary holds the debtor's time zone, for the due-now queue's
/// callable-first order.
fn v4(tx: &Transaction<'_>, _: &NewBook<'_>) -> Result<()> {
    tx.execute_batch(include_str!("schema_v4.sql"))?;
    Ok(())
}

/// The agents' SSH public keys (`recoup serve`, `recoup agent key`).
fn v5(tx: &Transaction<'_>, _: &NewBook<'_>) -> Result<()> {
    tx.execute_batch(include_str!("schema_v5.sql"))?;
    Ok(())
}

/// Import maps kept in the book by name (`recoup map`).
fn v6(tx: &Transaction<'_>, _: &NewBook<'_>) -> Result<()> {
    tx.execute_batch(include_str!("schema_v6.sql"))?;
    Ok(())
}

/// Late-payment interest: the debtor's regime and rate, reference rates,
/// waivers (issue 13).
fn v7(tx: &Transaction<'_>, _: &NewBook<'_>) -> Result<()> {
    tx.execute_batch(include_str!("schema_v7.sql"))?;
    Ok(())
}

/// Indexes the interest pass reads: untied payments, allocations' days and
/// amounts (issue 13).
fn v8(tx: &Transaction<'_>, _: &NewBook<'_>) -> Result<()> {
    tx.execute_batch(include_str!("schema_v8.sql"))?;
    Ok(())
}

/// Letters and email: the debtor's postal address and the outbox (issue 14).
/// A book taken back by hand to an older version may already have the
/// column (and the table and indexes, which say IF NOT EXISTS).
fn v9(tx: &Transaction<'_>, _: &NewBook<'_>) -> Result<()> {
    if !has_column(tx, "debtors", "address")? {
        tx.execute_batch("ALTER TABLE debtors ADD COLUMN address TEXT NOT NULL DEFAULT ''")?;
    }
    tx.execute_batch(include_str!("schema_v9.sql"))?;
    Ok(())
}

/// Collection strategies (issue 15): the debtor's strategy, stored
/// strategies, positions, steps taken and daily runs.
fn v10(tx: &Transaction<'_>, _: &NewBook<'_>) -> Result<()> {
    if !has_column(tx, "debtors", "strategy")? {
        tx.execute_batch("ALTER TABLE debtors ADD COLUMN strategy TEXT")?;
    }
    tx.execute_batch(include_str!("schema_v10.sql"))?;
    Ok(())
}

/// Whether `table` has `column` (a book taken back by hand to an older
/// version may keep a column a migration adds).
fn has_column(tx: &Transaction<'_>, table: &str, column: &str) -> Result<bool> {
    Ok(tx.query_row(
        "SELECT count(*) > 0 FROM pragma_table_info(?1) WHERE name = ?2",
        [table, column],
        |r| r.get(0),
    )?)
}

/// What an existing file turned out to be, read without writing to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Found {
    /// A new (empty) database: recoup may make it a book.
    Empty,
    /// A recoup book at this schema version.
    Book(i64),
}

/// Reads a file's identity before anything is written to it: recoup opens
/// only its own books (or an empty database), never another application's.
pub(super) fn identify(conn: &Connection, path: &Path) -> Result<Found> {
    let not_a_book = |why: String| StoreError::NotABook { path: path.to_owned(), why };
    let app_id: i64 = match conn.pragma_query_value(None, "application_id", |r| r.get(0)) {
        Ok(id) => id,
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            return Err(not_a_book("it is not an SQLite database".into()));
        }
        Err(e) => return Err(e.into()),
    };
    let version = user_version(conn)?;
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if app_id == APPLICATION_ID {
        if !(1..=SCHEMA_VERSION).contains(&version) {
            return Err(StoreError::UnknownVersion {
                path: path.to_owned(),
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        return Ok(Found::Book(version));
    }
    if app_id != 0 {
        return Err(not_a_book(format!("it belongs to another application (id {app_id:#x})")));
    }
    if version == 0 && tables.is_empty() {
        return Ok(Found::Empty);
    }
    // Books written before version 2 carry no application_id.
    if version == 1
        && ["audit_log", "debtor_summary", "debtors", "meta"]
            .iter()
            .all(|t| tables.iter().any(|n| n == t))
    {
        return Ok(Found::Book(1));
    }
    Err(not_a_book(format!(
        "it holds {} table{} of another application",
        tables.len(),
        if tables.len() == 1 { "" } else { "s" }
    )))
}

pub(super) fn migrate(conn: &Connection, path: &Path, book: &NewBook<'_>) -> Result<()> {
    if user_version(conn)? == SCHEMA_VERSION {
        return Ok(());
    }
    // Another process may be migrating too: take the write lock, then look again.
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let version = user_version(&tx)?;
    if !(0..=SCHEMA_VERSION).contains(&version) {
        return Err(StoreError::UnknownVersion {
            path: path.to_owned(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    for (i, step) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        step(&tx, book).map_err(|e| StoreError::Migration {
            path: path.to_owned(),
            to: i as i64 + 1,
            why: e.to_string(),
        })?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    tx.commit()?;
    Ok(())
}

/// Every table, index and trigger a database of the current version has, as
/// (type, name), from an empty database in memory.
pub(super) fn expected_objects() -> Result<Vec<(String, String)>> {
    let mut conn = Connection::open_in_memory()?;
    let tx = conn.transaction()?;
    for step in MIGRATIONS {
        step(&tx, &NewBook { timezone: "UTC" })?;
    }
    let objects = schema_objects(&tx)?;
    tx.commit()?;
    Ok(objects)
}

pub(super) fn schema_objects(conn: &Connection) -> Result<Vec<(String, String)>> {
    Ok(conn
        .prepare(
            "SELECT type, name FROM sqlite_schema
             WHERE type IN ('table', 'index', 'trigger') ORDER BY type, name",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

pub(super) fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}
