//! The tester's follow-ups to issue 9 that succeed, or fail at run time:
//! a lead sets right a rule someone wrote badly into the book, rules that
//! tidy what they are given, notes that keep line breaks and tabs, an aging
//! report as of a future date, and an export from a damaged book. (What is
//! refused as bad input is in `tests/bad_input/wording_cases.rs`.)

mod common;

use std::path::Path;

use common::{csv_rows, stderr, stdout};
use rusqlite::Connection;

use common::cli_book::{demo, run};

/// Writes a rule's value straight into the book, as someone with SQLite
/// might.
fn store_rule(db: &str, key: &str, value: &str) {
    Connection::open(db)
        .unwrap()
        .execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [format!("rule.{key}"), value.to_owned()],
        )
        .unwrap();
}

fn stored_rule(db: &str, key: &str) -> String {
    Connection::open(db)
        .unwrap()
        .query_row("SELECT value FROM meta WHERE key = ?1", [format!("rule.{key}")], |r| r.get(0))
        .unwrap()
}

/// The last audit row's entity, before and after.
fn last_audit(dir: &Path, db: &str) -> (String, String, String) {
    let out = run(dir, db, "carol", &["export", "audit"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = csv_rows(&stdout(&out));
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let last = rows.last().unwrap();
    (last[col("entity")].clone(), last[col("before")].clone(), last[col("after")].clone())
}

#[test]
fn a_lead_sets_right_a_rule_written_badly_into_the_book() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 10);
    store_rule(&db, "timezone", "Mars/Base");
    let out = run(dir.path(), &db, "carol", &["rules", "show"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`recoup rules set timezone VALUE`"), "{}", stderr(&out));

    // Still a lead's: an agent cannot, and nothing changes.
    let out = run(dir.path(), &db, "bob", &["rules", "set", "timezone", "Europe/London"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("only a lead can change the book's rules"), "{}", stderr(&out));
    assert_eq!(stored_rule(&db, "timezone"), "Mars/Base");

    let out = run(dir.path(), &db, "carol", &["rules", "set", "timezone", "Europe/London"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "timezone: Mars/Base → Europe/London (for everyone working this book)\n"
    );
    assert_eq!(stored_rule(&db, "timezone"), "Europe/London");
    assert_eq!(
        last_audit(dir.path(), &db),
        ("rules".into(), "timezone = Mars/Base".into(), "timezone = Europe/London".into())
    );
    let out = run(dir.path(), &db, "carol", &["rules", "show"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Europe/London"), "{}", stdout(&out));

    // Calling hours written badly are set right the same way.
    store_rule(&db, "calling_hours", "25:00-26:00");
    let out = run(dir.path(), &db, "carol", &["rules", "set", "calling_hours", "09:00-17:00"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stored_rule(&db, "calling_hours"), "09:00-17:00");
    assert_eq!(
        last_audit(dir.path(), &db),
        (
            "rules".into(),
            "calling_hours = 25:00-26:00".into(),
            "calling_hours = 09:00-17:00".into()
        )
    );
}

#[test]
fn calling_days_are_stored_once_each_and_hours_may_run_to_midnight() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 10);
    let out = run(dir.path(), &db, "carol", &["rules", "set", "calling_days", "mon,mon,tue"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stored_rule(&db, "calling_days"), "Mon,Tue");
    // The same days again, in another order and case, change nothing.
    let out = run(dir.path(), &db, "carol", &["rules", "set", "calling_days", "TUE,Mon,tue"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "calling_days is already Mon,Tue\n");

    let out = run(dir.path(), &db, "carol", &["rules", "set", "calling_hours", "09:00-24:00"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stored_rule(&db, "calling_hours"), "09:00-24:00");
    let out = run(dir.path(), &db, "carol", &["rules", "show"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = stdout(&out);
    assert!(shown.lines().any(|l| l.ends_with("  09:00-24:00")), "{shown}");
    assert!(shown.lines().any(|l| l.ends_with("  Mon,Tue")), "{shown}");
}

#[test]
fn a_note_from_a_script_keeps_its_line_breaks_and_tabs() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 10);
    let body = "Spoke to AP\n\tinvoice 5: approved\r\n\tinvoice 6: query";
    let out = run(dir.path(), &db, "alice", &["note", "add", "ACC-10000", body]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(dir.path(), &db, "alice", &["export", "notes"]);
    let rows = csv_rows(&stdout(&out));
    let col = rows[0].iter().position(|h| h == "body").unwrap();
    assert_eq!(rows.last().unwrap()[col], "Spoke to AP\n\tinvoice 5: approved\n\tinvoice 6: query");
}

#[test]
fn aging_as_of_a_date_after_today_runs_and_says_what_it_assumes() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 10);
    let out = run(dir.path(), &db, "carol", &["report", "aging", "--as-of", "2027-01-31"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("Aging of open receivables as of 2027-01-31"));
    assert_eq!(
        stderr(&out),
        "recoup: --as-of 2027-01-31 is after today (2026-11-25 in the book's time zone); the figures assume nothing is paid before then\n"
    );
    // Today and earlier say nothing.
    for day in ["2026-11-25", "2026-10-01"] {
        let out = run(dir.path(), &db, "carol", &["report", "aging", "--as-of", day]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(stderr(&out), "", "{day}");
    }
}

#[test]
fn an_export_from_a_damaged_book_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 50);
    // Damage the notes table's first page, as a failing disk might.
    let (page_size, root): (i64, i64) = {
        let conn = Connection::open(&db).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        let size = conn.pragma_query_value(None, "page_size", |r| r.get(0)).unwrap();
        let root = conn
            .query_row("SELECT rootpage FROM sqlite_schema WHERE name = 'notes'", [], |r| r.get(0))
            .unwrap();
        (size, root)
    };
    {
        use std::io::{Seek, SeekFrom, Write};
        let mut file = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
        file.seek(SeekFrom::Start(((root - 1) * page_size) as u64)).unwrap();
        file.write_all(&vec![0xA5; page_size as usize]).unwrap();
    }
    let out = run(dir.path(), &db, "carol", &["export", "notes"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!("recoup: cannot export notes: reading {db} failed: ")),
        "{err}"
    );
    assert!(err.contains("malformed"), "{err}");
    let out = run(dir.path(), &db, "carol", &["export", "notes", "--out", "notes.csv"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains(&format!("reading {db} failed")), "{}", stderr(&out));
    assert!(!dir.path().join("notes.csv").exists());
}
