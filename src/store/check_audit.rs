//! `recoup check` over the audit log beyond its chain: where the log ends
//! (the chain is unkeyed, so a cut or rewritten tail still chains; a lead
//! who noted the end sees it move), and every note against the "add" row
//! that recorded it, which holds the note's text, author and time.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension};

use super::{Result, Store};
use crate::domain::text::quote;

/// The end of the audit log.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditEnd {
    pub rows: i64,
    /// The last row, or `None` when the log is empty.
    pub last: Option<AuditRow>,
}

/// One audit row as `recoup check` names it: id, time (as stored, UTC) and
/// hash (64 lowercase hex digits).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub hash: String,
}

/// Lines of one kind printed before the rest are only counted.
const SHOWN: usize = 20;

pub(super) fn end(conn: &Connection) -> Result<AuditEnd> {
    let rows = conn.query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))?;
    let last = conn
        .query_row("SELECT id, at, hash FROM audit_log ORDER BY id DESC LIMIT 1", [], |r| {
            Ok(AuditRow { id: r.get(0)?, at: r.get(1)?, hash: r.get(2)? })
        })
        .optional()?;
    Ok(AuditEnd { rows, last })
}

/// Notes against their "add" rows: a note without one, one that differs
/// from what its row recorded, and a row whose note is gone, one line each
/// (the first `SHOWN` of each kind, then a count).
pub(super) fn notes_against_audit(conn: &Connection) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let mut differ = Lines::new("more notes that differ from their audit rows");
    let mut gone = Lines::new("more audit rows whose note is gone");
    let mut recorded = HashSet::new();
    let mut stmt = conn.prepare(
        "SELECT a.id, a.entity_id, n.id IS NULL, d.ref,
                a.after IS NOT n.body, a.agent_id IS NOT n.agent_id, a.at IS NOT n.created_at
           FROM audit_log a
           LEFT JOIN notes n ON n.id = a.entity_id
           LEFT JOIN debtors d ON d.id = n.debtor_id
          WHERE a.entity = 'note' AND a.action = 'add'
          ORDER BY a.id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (audit_id, note_id): (i64, Option<i64>) = (r.get(0)?, r.get(1)?);
        let note = note_id.map_or_else(|| "(none)".to_owned(), |id| id.to_string());
        if r.get(2)? {
            gone.push(format!(
                "audit row {audit_id} records note {note} being added, but there is no note {note}: the note was removed"
            ));
            continue;
        }
        recorded.insert(note_id);
        let mut fields = Vec::new();
        for (i, name) in [(4, "text"), (5, "author"), (6, "time")] {
            if r.get::<_, bool>(i)? {
                fields.push(name);
            }
        }
        if !fields.is_empty() {
            differ.push(format!(
                "note {note}{} is not what audit row {audit_id} recorded when it was added: its {} {}",
                on_debtor(r.get(3)?),
                and_list(&fields),
                if fields.len() == 1 { "differs" } else { "differ" }
            ));
        }
    }
    drop(rows);
    let mut missing = Lines::new("more notes without an audit row");
    let mut stmt = conn.prepare(
        "SELECT n.id, d.ref FROM notes n LEFT JOIN debtors d ON d.id = n.debtor_id ORDER BY n.id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if !recorded.contains(&Some(id)) {
            missing.push(format!(
                "note {id}{} has no \"add\" row in the audit log: it was written around recoup, or its audit row was removed",
                on_debtor(r.get(1)?)
            ));
        }
    }
    for lines in [missing, differ, gone] {
        lines.into(&mut problems);
    }
    Ok(problems)
}

fn on_debtor(debtor_ref: Option<String>) -> String {
    debtor_ref.map(|r| format!(" (debtor {})", quote(&r))).unwrap_or_default()
}

/// `text`, `text and author`, `text, author and time`.
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Problem lines of one kind: the first `SHOWN`, then how many more.
struct Lines {
    shown: Vec<String>,
    more: usize,
    what: &'static str,
}

impl Lines {
    fn new(what: &'static str) -> Lines {
        Lines { shown: Vec::new(), more: 0, what }
    }

    fn push(&mut self, line: String) {
        if self.shown.len() < SHOWN {
            self.shown.push(line);
        } else {
            self.more += 1;
        }
    }

    fn into(self, problems: &mut Vec<String>) {
        problems.extend(self.shown);
        if self.more > 0 {
            problems.push(format!("and {} {}", self.more, self.what));
        }
    }
}

impl Store {
    /// The hash of one audit row, or `None` when there is no such row.
    pub fn audit_hash(&self, id: i64) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT hash FROM audit_log WHERE id = ?1", [id], |r| r.get(0))
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_listed_as_people_write_them() {
        assert_eq!(and_list(&["text"]), "text");
        assert_eq!(and_list(&["text", "time"]), "text and time");
        assert_eq!(and_list(&["text", "author", "time"]), "text, author and time");
    }

    #[test]
    fn a_long_list_of_one_kind_ends_in_a_count() {
        let mut lines = Lines::new("more things");
        for i in 0..SHOWN + 3 {
            lines.push(format!("thing {i}"));
        }
        let mut out = Vec::new();
        lines.into(&mut out);
        assert_eq!(out.len(), SHOWN + 1);
        assert_eq!(out[0], "thing 0");
        assert_eq!(out[SHOWN], "and 3 more things");
    }
}
