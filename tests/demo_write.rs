//! `recoup demo` writes its book beside the path and renames it into place
//! when it is complete (issue 16: a large demo book is written without a
//! journal): a killed run leaves nothing at the path, and the book it does
//! write is an ordinary book in write-ahead-log mode whose keys all hold.

mod common;

use std::process::Stdio;
use std::time::{Duration, Instant};

use common::recoup;

#[test]
fn a_demo_book_is_renamed_into_place_whole_and_journaled_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    let out = recoup(dir.path())
        .args(["demo", "--db", db.to_str().unwrap(), "--debtors", "300"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!dir.path().join("demo.sqlite.partial").exists());
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let broken: i64 =
        conn.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(broken, 0);
    let debtors: i64 = conn.query_row("SELECT COUNT(*) FROM debtors", [], |r| r.get(0)).unwrap();
    assert_eq!(debtors, 300);
    // Every index the generator put off is there again.
    let indexes: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND name IN
               ('invoices_due', 'invoices_issued', 'calls_agent', 'notes_debtor',
                'allocations_dates', 'promises_due', 'debtors_name', 'contacts_debtor')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexes, 8);
    let out = recoup(dir.path()).args(["--db", db.to_str().unwrap(), "check"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn a_killed_demo_leaves_nothing_at_the_path_and_the_next_run_starts_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("big.sqlite");
    let partial = dir.path().join("big.sqlite.partial");
    let mut child = recoup(dir.path())
        .args(["demo", "--db", db.to_str().unwrap(), "--debtors", "2000000"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !partial.exists() && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(500));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(partial.exists(), "it was writing beside the path");
    assert!(!db.exists(), "nothing half-written at the path");
    let out = recoup(dir.path())
        .args(["demo", "--db", db.to_str().unwrap(), "--debtors", "20"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!partial.exists(), "the leftover was removed");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let debtors: i64 = conn.query_row("SELECT COUNT(*) FROM debtors", [], |r| r.get(0)).unwrap();
    assert_eq!(debtors, 20);
}
