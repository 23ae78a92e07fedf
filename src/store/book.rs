//! The book's own settings in `meta`: its rules (`rule.KEY` rows, see
//! src/domain/book.rs) and whether it is a demo book.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, Store, StoreError, audit, summary};
use crate::clock::Moment;
use crate::domain::book::BookRules;
use crate::domain::people::Agent;

/// The rules as stored, over the defaults. Writes that compute figures read
/// them inside their own transaction, so a lead's change and an agent's
/// write never mix old and new rules.
pub(crate) fn rules(conn: &Connection) -> Result<BookRules> {
    rules_except(conn, None)
}

/// The rules as stored, leaving out the one being set (see
/// `BookRules::from_pairs_except`).
fn rules_except(conn: &Connection, except: Option<&str>) -> Result<BookRules> {
    let pairs = stored_rules(conn)?;
    BookRules::from_pairs_except(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), except)
        .map_err(StoreError::Refused)
}

fn stored_rules(conn: &Connection) -> Result<Vec<(String, String)>> {
    Ok(conn
        .prepare_cached("SELECT substr(key, 6), value FROM meta WHERE key LIKE 'rule.%'")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

fn meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// One rule changed by a lead: what it was and what it is now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleChange {
    pub key: String,
    pub before: String,
    pub after: String,
}

/// A rule's value before it is set: as stored, in its usual form when it
/// parses and as it is when it does not; the default when none is stored.
fn before(conn: &Connection, rules: &BookRules, key: &str) -> Result<String> {
    let stored = stored_rules(conn)?.into_iter().find(|(k, _)| k == key).map(|(_, v)| v);
    Ok(match stored {
        Some(text) => {
            let mut probe = rules.clone();
            match probe.set(key, &text) {
                Ok(()) => probe.get(key).unwrap_or(text),
                Err(_) => text,
            }
        }
        None => rules.get(key).unwrap_or_default(),
    })
}

/// Whether the file is a demo book, read without opening it as a book (so
/// nothing is written to a book that is not one, not even its journal mode).
pub fn is_demo_book(path: &std::path::Path) -> Result<bool> {
    let conn = Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    super::migrations::identify(&conn, path)?;
    let has_meta: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta')",
        [],
        |r| r.get(0),
    )?;
    Ok(has_meta && meta(&conn, "demo")?.as_deref() == Some("1"))
}

impl Store {
    /// The book's rules and time zone.
    pub fn book_rules(&self) -> Result<BookRules> {
        rules(&self.conn)
    }

    /// The moment `now` in the book: its date is the book's "today".
    pub fn moment(&self, now: DateTime<Utc>) -> Result<Moment> {
        Ok(Moment { now, today: self.book_rules()?.today(now) })
    }

    /// Sets one rule (leads only), audited; when it changes figures already
    /// computed, every summary is recomputed in the same transaction. The
    /// rule's own stored value need not parse (this is how a bad one is set
    /// right); every other rule's must.
    pub fn set_rule(
        &self,
        key: &str,
        value: &str,
        by: &Agent,
        now: DateTime<Utc>,
    ) -> Result<RuleChange> {
        if !by.is_lead() {
            return Err(StoreError::Refused(format!(
                "only a lead can change the book's rules; {} is an agent",
                by.name
            )));
        }
        self.write(|tx| {
            let mut rules = rules_except(tx, Some(key))?;
            let before = before(tx, &rules, key)?;
            rules.set(key, value).map_err(StoreError::Refused)?;
            let after = rules.get(key).unwrap_or_default();
            let change = RuleChange { key: key.to_owned(), before, after };
            if change.before == change.after {
                return Ok(change);
            }
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![format!("rule.{key}"), change.after],
            )?;
            audit::record(
                tx,
                now,
                Some(by.id),
                audit::Change {
                    entity: "rules",
                    entity_id: None,
                    action: "set",
                    before: &format!("{key} = {}", change.before),
                    after: &format!("{key} = {}", change.after),
                },
            )?;
            if BookRules::reshapes_figures(key) {
                let at = Moment { now, today: rules.today(now) };
                summary::rebuild_all(tx, &at)?;
            }
            Ok(change)
        })
    }

    /// A book `recoup demo` made: the only kind demo data is written into.
    pub fn is_demo(&self) -> Result<bool> {
        Ok(meta(&self.conn, "demo")?.as_deref() == Some("1"))
    }

    /// For a book being written from nothing into a file nobody else has
    /// open (`recoup demo`, which renames it into place when done): no
    /// journal and no syncs, so a large book's pages are written once, not
    /// once to the log and again at the checkpoint. A crash leaves a file
    /// the caller throws away.
    pub fn write_unjournaled(&self) -> Result<()> {
        self.conn.pragma_update(None, "journal_mode", "OFF")?;
        self.conn.pragma_update(None, "synchronous", "OFF")?;
        Ok(())
    }

    /// Back to the write-ahead log every book is opened with.
    pub fn write_journaled(&self) -> Result<()> {
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        Ok(())
    }

    /// Whether the book holds any debtor.
    pub fn has_debtors(&self) -> Result<bool> {
        Ok(self.conn.query_row("SELECT EXISTS (SELECT 1 FROM debtors)", [], |r| r.get(0))?)
    }

    /// Marks a new book as a demo book before demo data is written into it;
    /// refuses a book that has debtors, or agents and no demo mark (a real
    /// book being set up).
    pub fn mark_demo(&self) -> Result<()> {
        self.write(|tx| {
            let demo = meta(tx, "demo")?.as_deref() == Some("1");
            let (debtors, agents): (i64, i64) = tx.query_row(
                "SELECT (SELECT COUNT(*) FROM debtors), (SELECT COUNT(*) FROM agents)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if debtors > 0 || (agents > 0 && !demo) {
                return Err(StoreError::Refused(format!(
                    "{} is not a new book: demo data is written only into a book that `recoup demo` creates",
                    self.path.display()
                )));
            }
            tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('demo', '1')", [])?;
            Ok(())
        })
    }
}
