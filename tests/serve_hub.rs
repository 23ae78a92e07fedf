//! One store for every session of a served desk (issue 12): a change made
//! in one session reaches the others directly, not at the next poll.

mod common;

use std::time::Duration;

use common::serve::{Desk, demo, note_seen_by_another_session};

const WAIT: Duration = Duration::from_secs(15);

#[test]
fn a_note_reaches_the_other_session_with_the_poll_ten_minutes_away() {
    let dir = tempfile::tempdir().unwrap();
    let book = demo(dir.path());
    // The server looks for outside commits only every ten minutes: what
    // the other session shows within the wait came to it directly.
    let desk = Desk::serve_env(dir.path(), &book, &[], &[("RECOUP_POLL_MS", "600000")]);
    note_seen_by_another_session(&desk, "Sent the statement again today.");
}

/// The names of the server's threads (as the kernel keeps them: 15 bytes).
#[cfg(target_os = "linux")]
fn threads(pid: u32) -> Vec<String> {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .unwrap()
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("comm")).ok())
        .map(|n| n.trim_end().to_owned())
        .collect()
}

/// How many of the server's open files are the book itself (one per
/// connection).
#[cfg(target_os = "linux")]
fn book_files(pid: u32, book: &std::path::Path) -> usize {
    let book = book.canonicalize().unwrap();
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .filter_map(|fd| std::fs::read_link(fd.ok()?.path()).ok())
        .filter(|target| *target == book)
        .count()
}

#[cfg(target_os = "linux")]
#[test]
fn sessions_add_a_thread_each_and_no_connection_to_the_book() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::start(dir.path());
    let alice = desk.key_for("alice");
    let bob = desk.key_for("bob");
    let first = desk.terminal(&alice, &[], 100, 30);
    first.wait_for(" · ACC-", WAIT);
    let store = |names: &[String]| names.iter().filter(|n| n.starts_with("store-")).count();
    let desks = |names: &[String]| names.iter().filter(|n| n.starts_with("desk ")).count();
    let one = threads(desk.pid());
    let files = book_files(desk.pid(), &desk.book);
    // The server's own connection, the writer's (the poller looks on it),
    // three readers', and the daily strategies' (one, for the server).
    assert_eq!(files, 6, "descriptors of the book");
    assert_eq!((store(&one), desks(&one)), (5, 1), "{one:?}");
    let others: Vec<_> = [&alice, &bob, &bob]
        .into_iter()
        .map(|key| {
            let pty = desk.terminal(key, &[], 100, 30);
            pty.wait_for(" · ACC-", WAIT);
            pty
        })
        .collect();
    let four = threads(desk.pid());
    assert_eq!((store(&four), desks(&four)), (5, 4), "{four:?}");
    assert_eq!(book_files(desk.pid(), &desk.book), files, "no connection per session");
    drop(others);
}
