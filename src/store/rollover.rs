//! The daily rollover: per-debtor summaries brought up to the book's date.
//! The date is the book's time zone's, read with the rules in the same
//! transaction that rebuilds, so a lead changing the zone meanwhile never
//! leaves the summaries built for a day the book is not on.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};

use super::{Result, Store, book, parse_date, summary};
use crate::clock::Moment;

/// The date the summaries were computed for.
fn as_of(conn: &Connection) -> Result<Option<NaiveDate>> {
    let v: Option<String> = conn
        .prepare_cached("SELECT value FROM meta WHERE key = 'summary_as_of'")?
        .query_row([], |r| r.get(0))
        .optional()?;
    Ok(v.as_deref().and_then(parse_date))
}

/// The book's moment at `now` and whether the summaries are already of its
/// date, both as `conn` sees the book now.
fn current(conn: &Connection, now: DateTime<Utc>) -> Result<(Moment, bool)> {
    let at = Moment { now, today: book::rules(conn)?.today(now) };
    let done = as_of(conn)?.is_some_and(|d| d >= at.today);
    Ok((at, done))
}

impl Store {
    /// Brings the summaries up to the book's date at `now`; true if it
    /// rebuilt them. Cheap when they are current (one read, no lock); else
    /// the rules, the date and the summaries' date are read again inside
    /// the write transaction, after waiting for any other writer (a lead
    /// changing the time zone), so the date is the one the book is on when
    /// the rebuild commits.
    pub fn roll_over(&self, now: DateTime<Utc>) -> Result<bool> {
        let (_, done) = {
            // One snapshot: the rules and the summaries' date agree.
            let read = Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)?;
            current(&read, now)?
        };
        if done {
            return Ok(false);
        }
        self.write(|tx| {
            let (at, done) = current(tx, now)?;
            if !done {
                summary::rebuild_all(tx, &at)?;
            }
            Ok(!done)
        })
    }

    /// Brings the summaries up to `at.today` if they are older; true if it
    /// did. For tests and tools that pick the date; the workstation rolls
    /// over with `roll_over`, which takes the date from the book.
    pub fn ensure_summaries(&self, at: &Moment) -> Result<bool> {
        if as_of(&self.conn)?.is_some_and(|d| d >= at.today) {
            return Ok(false);
        }
        self.write(|tx| {
            if as_of(tx)?.is_some_and(|d| d >= at.today) {
                return Ok(false);
            }
            summary::rebuild_all(tx, at)?;
            Ok(true)
        })
    }

    /// Recomputes every summary now.
    pub fn rebuild_summaries(&self, at: &Moment) -> Result<()> {
        self.write(|tx| summary::rebuild_all(tx, at))
    }

    /// The date the summaries were computed for.
    pub fn summaries_as_of(&self) -> Result<Option<NaiveDate>> {
        as_of(&self.conn)
    }
}
