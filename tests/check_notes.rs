//! What `recoup check` finds when someone with the file rewrites history
//! around recoup: notes against the audit rows that recorded them, the end
//! of the audit log a lead notes and checks later, and a book time zone that
//! cannot be read (issue 9 follow-ups, items 1 and 5).

mod common;

use std::path::Path;
use std::process::Output;

use common::{recoup, stderr, stdout};
use recoup::domain::audit_chain::{AuditContent, GENESIS, row_hash};
use rusqlite::Connection;

/// A small book with one note written through the command line at the end
/// of its audit log; returns the book and that note's id.
fn book_with_a_note(dir: &Path) -> (String, i64) {
    let (path, store) = common::demo_book(dir, 4);
    drop(store);
    let db = path.to_str().unwrap().to_owned();
    let out = recoup(dir)
        .args(["--db", &db, "--agent", "alice", "note", "add", "ACC-10000", "promised Friday"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let note = raw(&db).query_row("SELECT MAX(id) FROM notes", [], |r| r.get(0)).unwrap();
    (db, note)
}

fn raw(db: &str) -> Connection {
    Connection::open(db).unwrap()
}

fn check(dir: &Path, db: &str, extra: &[&str]) -> Output {
    recoup(dir).args(["--db", db, "check"]).args(extra).output().unwrap()
}

fn problems(out: &Output) -> Vec<String> {
    stdout(out).lines().filter_map(|l| l.strip_prefix("problem: ")).map(str::to_owned).collect()
}

/// `ROW:HASH` from check's `audit log: N rows, last ROW:HASH at ...` line.
fn noted_end(out: &Output) -> (i64, String) {
    let text = stdout(out);
    let line = text.lines().find(|l| l.starts_with("audit log: ")).expect("an audit log line");
    let last = line.split(", last ").nth(1).expect(line).split(' ').next().unwrap();
    let (id, hash) = last.split_once(':').unwrap();
    (id.parse().unwrap(), hash.to_owned())
}

fn audit_rows(db: &str) -> i64 {
    raw(db).query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0)).unwrap()
}

/// Runs `sql` with the named append-only triggers dropped, then puts them
/// back, as someone covering their tracks would: the schema check sees
/// nothing missing.
fn around_triggers(db: &str, triggers: &[&str], sql: &str) {
    let conn = raw(db);
    let mut saved = Vec::new();
    for name in triggers {
        let create: String = conn
            .query_row("SELECT sql FROM sqlite_schema WHERE name = ?1", [name], |r| r.get(0))
            .unwrap();
        saved.push(create);
        conn.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
    }
    conn.execute_batch(sql).unwrap();
    for create in saved {
        conn.execute_batch(&create).unwrap();
    }
}

#[test]
fn a_note_whose_audit_row_was_cut_from_the_end_of_the_log_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (db, note) = book_with_a_note(dir.path());
    let clean = check(dir.path(), &db, &[]);
    assert!(clean.status.success(), "{}", stdout(&clean));
    let rows = audit_rows(&db);
    // The last row: the chain still holds up to the new end.
    around_triggers(&db, &["audit_no_delete"], &format!("DELETE FROM audit_log WHERE id = {rows}"));
    let out = check(dir.path(), &db, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(
        problems(&out),
        [format!(
            "note {note} (debtor \"ACC-10000\") has no \"add\" row in the audit log: it was written around recoup, or its audit row was removed"
        )]
    );
    assert!(stderr(&out).contains("1 problem found"), "{}", stderr(&out));
    assert!(stdout(&out).contains(&format!("audit log: {} rows, last {}:", rows - 1, rows - 1)));
}

#[test]
fn a_note_edited_in_sqlite_no_longer_matches_its_audit_row() {
    let dir = tempfile::tempdir().unwrap();
    let (db, note) = book_with_a_note(dir.path());
    let audit_row = audit_rows(&db);
    around_triggers(
        &db,
        &["notes_no_update"],
        &format!("UPDATE notes SET body = 'promised nothing', agent_id = 2 WHERE id = {note}"),
    );
    let out = check(dir.path(), &db, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(
        problems(&out),
        [format!(
            "note {note} (debtor \"ACC-10000\") is not what audit row {audit_row} recorded when it was added: its text and author differ"
        )]
    );
}

#[test]
fn an_audit_row_whose_note_was_removed_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (db, note) = book_with_a_note(dir.path());
    let audit_row = audit_rows(&db);
    around_triggers(&db, &["notes_no_delete"], &format!("DELETE FROM notes WHERE id = {note}"));
    let out = check(dir.path(), &db, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(
        problems(&out),
        [format!(
            "audit row {audit_row} records note {note} being added, but there is no note {note}: the note was removed"
        )]
    );
}

/// Rewrites the log from row `from` to its end with the note's new text,
/// every hash recomputed: the chain is unkeyed, so anyone with the file can.
fn forge_tail(db: &str, from: i64, note: i64, body: &str) {
    let conn = raw(db);
    let prev: String = conn
        .query_row("SELECT prev_hash FROM audit_log WHERE id = ?1", [from], |r| r.get(0))
        .unwrap();
    type Row = (i64, String, Option<i64>, String, Option<i64>, String, String, String);
    let rows: Vec<Row> = conn
        .prepare(
            "SELECT id, at, agent_id, entity, entity_id, action, before, after
               FROM audit_log WHERE id >= ?1 ORDER BY id",
        )
        .unwrap()
        .query_map([from], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    drop(conn);
    let mut sql = format!("UPDATE notes SET body = '{body}' WHERE id = {note};");
    let mut prev = prev;
    assert_ne!(prev, GENESIS);
    for (id, at, agent_id, entity, entity_id, action, before, after) in &rows {
        let after = if entity == "note" && *entity_id == Some(note) { body } else { after };
        let row = AuditContent {
            id: *id,
            at,
            agent_id: *agent_id,
            entity,
            entity_id: *entity_id,
            action,
            before,
            after,
        };
        let hash = row_hash(&prev, &row);
        sql.push_str(&format!(
            "UPDATE audit_log SET after = '{}', prev_hash = '{prev}', hash = '{hash}' WHERE id = {id};",
            after.replace('\'', "''")
        ));
        prev = hash;
    }
    around_triggers(db, &["notes_no_update", "audit_no_update"], &sql);
}

#[test]
fn a_forged_tail_passes_the_chain_but_not_the_row_a_lead_noted() {
    let dir = tempfile::tempdir().unwrap();
    let (db, note) = book_with_a_note(dir.path());
    let note_row = audit_rows(&db);
    // A lead notes the end of the log; later work adds rows after it.
    let (noted_id, noted_hash) = noted_end(&check(dir.path(), &db, &[]));
    assert_eq!(noted_id, note_row);
    assert_eq!(noted_hash.len(), 64);
    let out = recoup(dir.path())
        .args(["--db", &db, "--agent", "carol", "rules", "set", "grace_days", "5"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let noted = format!("{noted_id}:{noted_hash}");
    let out = check(dir.path(), &db, &["--audit-row", &noted]);
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(stdout(&out).contains(&format!("audit row {noted_id}: as noted")), "{}", stdout(&out));
    let before_forgery = noted_end(&out);

    forge_tail(&db, note_row, note, "promised nothing");
    // The chain and the notes agree with each other: only the end moved.
    let out = check(dir.path(), &db, &[]);
    assert!(out.status.success(), "{}", stdout(&out));
    let after_forgery = noted_end(&out);
    assert_eq!(after_forgery.0, before_forgery.0);
    assert_ne!(after_forgery.1, before_forgery.1, "the last hash printed shows the forgery");
    // Against the row the lead noted, it is a problem.
    let out = check(dir.path(), &db, &["--audit-row", &noted]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let now: String = raw(&db)
        .query_row("SELECT hash FROM audit_log WHERE id = ?1", [noted_id], |r| r.get(0))
        .unwrap();
    assert_eq!(
        problems(&out),
        [format!(
            "audit row {noted_id} has hash {now}, not the {noted_hash} noted: the log was rewritten at or before that row"
        )]
    );
}

#[test]
fn a_tail_cut_below_the_row_a_lead_noted_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = book_with_a_note(dir.path());
    let out = recoup(dir.path())
        .args(["--db", &db, "--agent", "carol", "rules", "set", "grace_days", "5"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // The last row records a rule change, not a note: nothing else points at it.
    let (id, hash) = noted_end(&check(dir.path(), &db, &[]));
    around_triggers(&db, &["audit_no_delete"], &format!("DELETE FROM audit_log WHERE id = {id}"));
    let out = check(dir.path(), &db, &[]);
    assert!(out.status.success(), "{}", stdout(&out));
    assert_eq!(noted_end(&out).0, id - 1, "the end printed moved back");
    let out = check(dir.path(), &db, &["--audit-row", &format!("{id}:{}", hash.to_uppercase())]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(
        problems(&out),
        [format!(
            "the audit log has no row {id} any more (it ends at row {}): rows noted earlier were removed",
            id - 1
        )]
    );
}

#[test]
fn a_noted_row_that_is_not_row_and_hash_is_bad_usage() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = book_with_a_note(dir.path());
    for bad in ["12".to_owned(), "12:abc".to_owned(), format!("row:{}", "a".repeat(64))] {
        let out = check(dir.path(), &db, &["--audit-row", &bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr(&out));
        let message = stderr(&out);
        assert_eq!(message.lines().count(), 1, "{message}");
        assert!(message.contains("expected ROW:HASH"), "{message}");
        assert_eq!(stdout(&out), "", "nothing checked");
    }
}

#[test]
fn check_prints_the_stored_time_zone_and_why_it_cannot_be_read() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = book_with_a_note(dir.path());
    let first_line = |out: &Output| stdout(out).lines().next().unwrap_or_default().to_owned();
    raw(&db)
        .execute("UPDATE meta SET value = 'Mars/Olympus' WHERE key = 'rule.timezone'", [])
        .unwrap();
    let out = check(dir.path(), &db, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        first_line(&out).ends_with(
            "; time zone \"Mars/Olympus\" as stored, unreadable: not an IANA time zone (like Europe/London)"
        ),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        problems(&out),
        ["the book's rule timezone cannot be used: \"Mars/Olympus\" is not an IANA time zone \
             (like Europe/London); a lead can set it right with `recoup rules set timezone VALUE`"]
    );
    raw(&db).execute("UPDATE meta SET value = x'00ff' WHERE key = 'rule.timezone'", []).unwrap();
    let out = check(dir.path(), &db, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        first_line(&out).ends_with(
            "; time zone 2 bytes of binary data as stored, unreadable: a time zone is text"
        ),
        "{}",
        stdout(&out)
    );
    // Another rule that cannot be read leaves the zone shown.
    raw(&db)
        .execute_batch(
            "UPDATE meta SET value = 'Europe/Paris' WHERE key = 'rule.timezone';
             INSERT OR REPLACE INTO meta (key, value) VALUES ('rule.grace_days', 'soon');",
        )
        .unwrap();
    let out = check(dir.path(), &db, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(first_line(&out).ends_with("; time zone Europe/Paris"), "{}", stdout(&out));
    assert_eq!(
        problems(&out),
        ["the book's rule grace_days cannot be used: \"soon\" is not a whole number from 0 \
             to 60; a lead can set it right with `recoup rules set grace_days VALUE`"]
    );
}
