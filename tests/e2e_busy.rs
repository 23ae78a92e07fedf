//! Typing never waits for the book: another process holds the book's write
//! lock for five seconds while a note is typed; every key is on screen at
//! once, the text is kept in a crash file meanwhile, and the note is saved
//! once the lock is gone (issue 10).

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::pty::Pty;
use common::{csv_rows, recoup, stderr, stdout};

const WAIT: Duration = Duration::from_secs(10);

fn demo(dir: &Path) -> String {
    let db = dir.join("busy.sqlite").to_str().unwrap().to_owned();
    let out = recoup(dir).args(["demo", "--db", &db, "--debtors", "20"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    db
}

#[test]
fn keys_show_at_once_while_another_process_holds_the_write_lock() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let mut pty = Pty::recoup(dir.path(), &["--db", &db, "--agent", "alice"], &[], 140, 42);
    pty.wait_for(" · local ", WAIT);
    pty.send(b"n");
    pty.wait_for("Note · ", WAIT);

    // Another process takes the write lock and keeps it for five seconds.
    let lock = rusqlite::Connection::open(&db).unwrap();
    lock.execute_batch("BEGIN IMMEDIATE; INSERT INTO meta (key, value) VALUES ('held', 'yes');")
        .unwrap();
    let held = Instant::now();
    let text = "Customer confirms the payment run on Friday";
    let mut slowest = Duration::ZERO;
    for (i, c) in text.char_indices() {
        pty.send_now(c.to_string().as_bytes());
        let shown = pty.wait_for(&text[..i + c.len_utf8()], WAIT);
        slowest = slowest.max(shown);
    }
    println!("{} keys typed under the lock, the slowest on screen in {slowest:?}", text.len());
    assert!(slowest < Duration::from_millis(100), "a key took {slowest:?} to show");
    assert!(held.elapsed() < Duration::from_secs(5), "typed while the lock was held");
    pty.wait_for("saving…", WAIT);
    // Meanwhile the text is in a crash file beside the book.
    // Within a second (the crash files are written on a thread of their own).
    let kept = || {
        std::fs::read_dir(format!("{db}-unsaved"))
            .into_iter()
            .flatten()
            .flatten()
            .find_map(|e| std::fs::read_to_string(e.path()).ok().filter(|t| t.ends_with(text)))
    };
    let looked = Instant::now();
    while kept().is_none() && looked.elapsed() < Duration::from_secs(1) {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(kept().is_some(), "the typed text is kept in a crash file while the book is busy");

    std::thread::sleep(Duration::from_secs(5).saturating_sub(held.elapsed()));
    lock.execute_batch("COMMIT").unwrap();
    pty.wait_for("saved ", WAIT);
    pty.send(b"\x13");
    pty.wait_for("Note saved", WAIT);
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), 0);

    let out = recoup(dir.path()).args(["--db", &db, "export", "notes"]).output().unwrap();
    let notes = csv_rows(&stdout(&out));
    assert!(notes.iter().any(|n| n.last().is_some_and(|b| b == text)), "{notes:?}");
    let left = std::fs::read_dir(format!("{db}-unsaved")).map_or(0, |d| d.count());
    assert_eq!(left, 0, "no crash file once the note is saved");
}
