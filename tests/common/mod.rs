//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod cli_book;
pub mod keys;
pub mod pty;
pub mod serve;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{DateTime, FixedOffset};
use recoup::clock::{Clock, FixedClock, Moment};
use recoup::demo::{DemoOptions, generate};
use recoup::store::{ExportKind, Store, StoreError};

/// The fixed "now" of tests that need one: Wednesday 25 November 2026, 14:03 UTC.
pub const NOW: &str = "2026-11-25T14:03:00+00:00";

pub fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(NOW).unwrap()
}

pub fn clock() -> FixedClock {
    FixedClock::new(now())
}

pub fn moment() -> Moment {
    Moment::in_zone(clock().now_utc(), chrono_tz::Tz::UTC)
}

/// A demo book of `debtors` in a temp dir, as of `NOW`.
pub fn demo_book(dir: &Path, debtors: usize) -> (PathBuf, Store) {
    let path = dir.join("book.sqlite");
    let store = Store::open(&path).unwrap();
    generate(&store, moment(), DemoOptions { debtors, seed: 7 }).unwrap();
    (path, store)
}

/// Alice's due-now queue in a demo book at `NOW`, its first 500 rows.
pub fn alice_due_now(store: &Store) -> Vec<recoup::store::QueueRow> {
    use recoup::domain::queue::QueueFilter;
    use recoup::store::{Page, QueueKey, QueueScope};
    let alice = store.agent_by_name("alice").unwrap().unwrap().id;
    let first = Page::From(QueueKey::FIRST);
    store
        .queue_page(QueueScope::Mine(alice), QueueFilter::DueNow, first, 500, moment().now)
        .unwrap()
}

/// The recoup binary with a private log and no stray config.
pub fn recoup(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_recoup"));
    cmd.env("RECOUP_LOG", dir.join("recoup.log"))
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("TZ", "UTC")
        .env_remove("RECOUP_DB")
        .env_remove("RECOUP_NOW");
    cmd
}

/// `recoup --db DIR/BOOK --agent AGENT ARGS`, run in `dir` at the tests'
/// fixed time, with `input` on standard input.
pub fn run_with_input(dir: &Path, book: &str, agent: &str, args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = recoup(dir)
        .current_dir(dir)
        .args(["--db", dir.join(book).to_str().unwrap(), "--agent", agent])
        .args(args)
        .env("RECOUP_NOW", NOW)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Parses CSV text into rows (header first).
pub fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    r.records().map(|rec| rec.unwrap().iter().map(str::to_owned).collect()).collect()
}

/// Polls a workstation (as its event loop does between keys) until `done`
/// holds, for at most five seconds: tests wait on the condition, not on a
/// poll interval.
pub fn poll_until(app: &mut recoup::app::App, done: impl Fn(&recoup::app::App) -> bool) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !done(app) {
        if std::time::Instant::now() > deadline {
            return false;
        }
        app.poll();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    true
}

/// A workstation open on a book, with its first reads answered (the
/// workstation itself never waits for the store; a test does).
pub fn open_app(
    store: Store,
    me: recoup::domain::people::Agent,
    clock: Box<dyn Clock>,
    rules: recoup::app::Rules,
    color: bool,
) -> recoup::app::App {
    let mut app = recoup::app::App::new(store, me, clock, rules, color).unwrap();
    app.settle();
    app
}

/// Every record of a kind, header first, as `recoup export` writes them.
pub fn exported(path: &std::path::Path, kind: ExportKind) -> Vec<Vec<String>> {
    let store = Store::open(path).unwrap();
    let mut rows = vec![kind.columns().iter().map(|c| c.to_string()).collect()];
    store
        .export(kind, |r: &[String]| -> Result<(), StoreError> {
            rows.push(r.to_vec());
            Ok(())
        })
        .unwrap();
    rows
}
