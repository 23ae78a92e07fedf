//! History no statement can rewrite, the audit hash chain, the upgrade from
//! a version-1 book, and files that are not recoup books (issue 9, items 2
//! and 3).

mod common;

use std::path::{Path, PathBuf};

use common::{moment, recoup, stderr, stdout};
use recoup::store::{APPLICATION_ID, NoteDraft, SCHEMA_VERSION, Store, StoreError};
use rusqlite::Connection;

/// A copy of the version-1 book written by the recoup of before migration 2.
fn v1_book(dir: &Path) -> PathBuf {
    let path = dir.join("v1.sqlite");
    std::fs::copy("tests/data/book-v1.sqlite", &path).unwrap();
    path
}

/// Another client on the book (the sqlite3 shell, a script), with SQLite's
/// defaults: recursive_triggers off.
fn raw(path: &Path) -> Connection {
    Connection::open(path).unwrap()
}

fn refused(conn: &Connection, sql: &str) -> String {
    match conn.execute_batch(sql) {
        Ok(()) => panic!("{sql} was allowed"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn no_statement_rewrites_a_note_an_ended_call_or_the_audit_log() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = common::demo_book(dir.path(), 8);
    let alice = store.agent_by_name("alice").unwrap().unwrap();
    store
        .add_note(
            &NoteDraft { debtor_id: 1, agent_id: alice.id, call_id: None, body: "as said" },
            moment().now,
        )
        .unwrap();
    drop(store);
    let conn = raw(&path);
    let recursive: i64 = conn.query_row("PRAGMA recursive_triggers", [], |r| r.get(0)).unwrap();
    assert_eq!(recursive, 0, "the defaults another client has");
    let (note, audit, call): (i64, i64, i64) = conn
        .query_row(
            "SELECT (SELECT MAX(id) FROM notes), (SELECT MAX(id) FROM audit_log),
                    (SELECT MAX(id) FROM calls WHERE ended_at IS NOT NULL)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let attempts = [
        format!(
            "INSERT OR REPLACE INTO notes (id, debtor_id, agent_id, created_at, body)
             VALUES ({note}, 1, 1, '2026-01-01T00:00:00Z', 'rewritten')"
        ),
        format!(
            "REPLACE INTO notes (id, debtor_id, agent_id, created_at, body)
             VALUES ({note}, 1, 1, '2026-01-01T00:00:00Z', 'rewritten')"
        ),
        format!("UPDATE notes SET body = 'rewritten' WHERE id = {note}"),
        format!("DELETE FROM notes WHERE id = {note}"),
        format!(
            "INSERT OR REPLACE INTO audit_log (id, at, entity, action, prev_hash, hash)
             VALUES ({audit}, '2026-01-01T00:00:00Z', 'note', 'add', '', '')"
        ),
        format!("REPLACE INTO audit_log (id, at, entity, action) VALUES ({audit}, 'x', 'x', 'x')"),
        format!("UPDATE audit_log SET after = 'x' WHERE id = {audit}"),
        format!("DELETE FROM audit_log WHERE id = {audit}"),
        // A new row that does not extend the chain.
        "INSERT INTO audit_log (at, entity, action) VALUES ('2026-01-01T00:00:00Z', 'x', 'x')"
            .to_owned(),
        format!(
            "INSERT OR REPLACE INTO calls (id, debtor_id, agent_id, started_at, ended_at, outcome)
             VALUES ({call}, 1, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:05:00Z', 'PAID')"
        ),
        format!("UPDATE calls SET outcome = 'PAID' WHERE id = {call}"),
        format!("DELETE FROM calls WHERE id = {call}"),
    ];
    for sql in &attempts {
        let err = refused(&conn, sql);
        assert!(
            err.contains("append-only") || err.contains("hash chain"),
            "{sql}: refused for the wrong reason: {err}"
        );
    }
    println!("{} rewriting statements refused", attempts.len());
    let body: String =
        conn.query_row("SELECT body FROM notes WHERE id = ?1", [note], |r| r.get(0)).unwrap();
    assert_eq!(body, "as said");
    let out = recoup(dir.path()).args(["--db", path.to_str().unwrap(), "check"]).output().unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
}

/// Tampers with the log the only way left: dropping the triggers, then
/// putting them back to cover the tracks.
fn tamper(path: &Path, sql: &str) {
    let conn = raw(path);
    let triggers: Vec<String> = conn
        .prepare(
            "SELECT sql FROM sqlite_schema WHERE name IN ('audit_no_update', 'audit_no_delete')",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(triggers.len(), 2);
    conn.execute_batch(&format!(
        "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; {sql}; {};",
        triggers.join(";")
    ))
    .unwrap();
}

#[test]
fn check_finds_the_first_broken_row_of_the_audit_chain() {
    let dir = tempfile::tempdir().unwrap();
    // Rows 5 and 7 record notes 2 and 4 being added: the notes no longer
    // match the log either, which is a problem of its own.
    for (case, sql, row, why, note) in [
        (
            "edited",
            "UPDATE audit_log SET after = 'nothing' WHERE id = 5",
            5,
            "content",
            "note 2 (debtor \"ACC-10000\") is not what audit row 5 recorded when it was added: its text differs",
        ),
        (
            "removed",
            "DELETE FROM audit_log WHERE id = 7",
            8,
            "does not follow",
            "note 4 (debtor \"ACC-10001\") has no \"add\" row in the audit log",
        ),
    ] {
        let sub = dir.path().join(case);
        std::fs::create_dir(&sub).unwrap();
        let (path, store) = common::demo_book(&sub, 6);
        drop(store);
        tamper(&path, sql);
        let out = recoup(&sub).args(["--db", path.to_str().unwrap(), "check"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{case}");
        let text = stdout(&out);
        let problems: Vec<&str> = text.lines().filter(|l| l.starts_with("problem:")).collect();
        assert_eq!(problems.len(), 2, "{case}: one line per problem: {text}");
        assert!(
            problems[0].contains(&format!("hash chain breaks at row {row}"))
                && problems[0].contains(why),
            "{case}: {text}"
        );
        assert!(problems[1].contains(note), "{case}: {text}");
        assert!(stderr(&out).contains("2 problems found"), "{}", stderr(&out));
    }
}

#[test]
fn a_version_1_book_is_upgraded_with_its_history_chained() {
    let dir = tempfile::tempdir().unwrap();
    let path = v1_book(dir.path());
    let before: (i64, i64, i64) = raw(&path)
        .query_row(
            "SELECT (SELECT COUNT(*) FROM notes), (SELECT COUNT(*) FROM audit_log),
                    (SELECT COUNT(*) FROM debtors)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert!(before.1 > 10, "the fixture has history: {before:?}");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.check().unwrap().problems, Vec::<String>::new());
    assert_eq!(store.check().unwrap().timezone, "UTC");
    drop(store);
    let conn = raw(&path);
    let after: (i64, i64, i64, i64) = conn
        .query_row(
            "SELECT (SELECT COUNT(*) FROM notes), (SELECT COUNT(*) FROM audit_log),
                    (SELECT COUNT(*) FROM debtors), (SELECT COUNT(*) FROM audit_log WHERE length(hash) = 64)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!((after.0, after.1, after.2), before, "nothing lost");
    assert_eq!(after.3, after.1, "every old row chained");
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    assert_eq!(app_id, APPLICATION_ID);
    let err = refused(
        &conn,
        "REPLACE INTO notes (id, debtor_id, agent_id, created_at, body) VALUES (1, 1, 1, 'x', 'y')",
    );
    assert!(err.contains("append-only"), "{err}");
    drop(conn);
    // And through the command line: the upgraded book checks clean and takes
    // new history on the chain.
    let db = path.to_str().unwrap();
    let debtor = raw(&path)
        .query_row("SELECT ref FROM debtors LIMIT 1", [], |r| r.get::<_, String>(0))
        .unwrap();
    let out = recoup(dir.path())
        .args(["--db", db, "--agent", "bob", "note", "add", &debtor, "after the upgrade"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = recoup(dir.path()).args(["--db", db, "check"]).output().unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("time zone UTC"), "{}", stdout(&out));
}

fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn another_applications_database_is_refused_without_a_byte_written() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("crm.sqlite");
    {
        let conn = raw(&other);
        conn.execute_batch(
            "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);
             CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
             INSERT INTO customers (name) VALUES ('Acme');",
        )
        .unwrap();
    }
    let csv = dir.path().join("notes.csv");
    std::fs::write(&csv, "id,debtor_ref\n1,ACC-1\n").unwrap();
    let claimed = dir.path().join("claimed.sqlite");
    raw(&claimed).execute_batch("PRAGMA application_id = 1234; CREATE TABLE t (x);").unwrap();
    for (path, why) in [
        (&other, "holds 2 tables of another application"),
        (&csv, "not an SQLite database"),
        (&claimed, "belongs to another application"),
    ] {
        let bytes = file_bytes(path);
        let err = Store::open(path).err().expect("refused");
        assert!(matches!(err, StoreError::NotABook { .. }), "{err}");
        assert!(err.to_string().contains(why), "{err}");
        let db = path.to_str().unwrap();
        let out = recoup(dir.path()).args(["--db", db, "--agent", "alice"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let message = stderr(&out);
        assert_eq!(message.lines().count(), 1, "one sentence: {message}");
        assert!(message.contains("is not a recoup book") && message.contains(why), "{message}");
        assert!(!message.contains("CREATE"), "no schema SQL: {message}");
        assert_eq!(file_bytes(path), bytes, "{db} untouched");
        assert!(!Path::new(&format!("{db}-wal")).exists(), "no WAL made beside {db}");
        // `check` says the same as a problem, exit 1.
        let out = recoup(dir.path()).args(["--db", db, "check"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stdout(&out).contains("problem:") && stdout(&out).contains(why),
            "{}",
            stdout(&out)
        );
    }
    // An empty SQLite database (made by the sqlite3 shell) becomes a book.
    let empty = dir.path().join("empty.sqlite");
    raw(&empty).execute_batch("PRAGMA user_version = 0; VACUUM;").unwrap();
    assert!(Store::open(&empty).is_ok());
}

#[test]
fn check_reports_an_unknown_version_an_invalid_zone_and_a_missing_index() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = common::demo_book(dir.path(), 6);
    drop(store);
    let db = path.to_str().unwrap();
    let check = || {
        let out = recoup(dir.path()).args(["--db", db, "check"]).output().unwrap();
        (out.status.code(), stdout(&out))
    };
    raw(&path)
        .execute_batch(
            "UPDATE debtors SET timezone = 'Olympus' WHERE id = 2; DROP INDEX invoices_number;
             UPDATE payments SET amount_cents = 9000000000000000000 WHERE id = 1;",
        )
        .unwrap();
    let (code, text) = check();
    assert_eq!(code, Some(1));
    let problems: Vec<&str> = text.lines().filter(|l| l.starts_with("problem:")).collect();
    assert_eq!(problems.len(), 3, "{text}");
    assert!(
        problems
            .iter()
            .any(|p| p.contains("1 invoice or payment amounts above 999,999,999,999.99")),
        "{text}"
    );
    assert!(
        problems.iter().any(|p| p.contains("\"Olympus\", which is not an IANA zone")),
        "{text}"
    );
    assert!(problems.iter().any(|p| p.contains("index invoices_number is missing")), "{text}");
    let unknown = SCHEMA_VERSION + 1;
    raw(&path).pragma_update(None, "user_version", unknown).unwrap();
    let (code, text) = check();
    assert_eq!(code, Some(1));
    assert!(
        text.contains("problem:")
            && text.contains(&format!("schema version {unknown}, which this recoup does not know")),
        "{text}"
    );
}
