//! The day's rollover against a lead changing the book's time zone at the
//! same moment (issue 9 follow-ups, item 1): the summaries are built for the
//! date the book is on when they are written, whoever's change lands first.

// The race is forced by waiting on the writer thread in /proc (Linux).
#![cfg_attr(not(target_os = "linux"), allow(dead_code, unused_imports))]

mod common;

use chrono::{DateTime, NaiveDate};
use common::{clock, demo_book, open_app};
use recoup::app::{App, Rules};
use recoup::clock::{Clock, FixedClock};
use recoup::store::Store;
use rusqlite::Connection;

/// 03:00 UTC on Thursday 26 Nov: still 22:00 on the 25th in New York.
const AFTER_MIDNIGHT_UTC: &str = "2026-11-26T03:00:00+00:00";

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A lead's `recoup rules set timezone America/New_York`, caught before it
/// commits: the connection holds the book's write lock with the change made.
fn lead_moving_the_zone(path: &std::path::Path) -> Connection {
    let lead = Connection::open(path).unwrap();
    lead.execute_batch(
        "BEGIN IMMEDIATE;
         UPDATE meta SET value = 'America/New_York' WHERE key = 'rule.timezone';",
    )
    .unwrap();
    lead
}

/// Whether the workstation's writing worker is waiting for the book's lock:
/// SQLite's busy handler sleeps between tries, an idle worker waits on its
/// channel instead.
#[cfg(target_os = "linux")]
fn writer_waits_for_the_lock() -> bool {
    let sleeping = |task: &std::path::Path| {
        let read = |f: &str| std::fs::read_to_string(task.join(f)).unwrap_or_default();
        let syscall: i64 =
            read("syscall").split_whitespace().next().and_then(|n| n.parse().ok()).unwrap_or(-1);
        // nanosleep and clock_nanosleep.
        let sleeps = if cfg!(target_arch = "aarch64") { [101, 115] } else { [35, 230] };
        read("wchan").contains("nanosleep") || sleeps.contains(&syscall)
    };
    std::fs::read_dir("/proc/self/task").unwrap().flatten().any(|t| {
        let comm = std::fs::read_to_string(t.path().join("comm")).unwrap_or_default();
        comm.trim() == "store-write" && sleeping(&t.path())
    })
}

#[cfg(target_os = "linux")]
fn wait_for_the_writer() {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !writer_waits_for_the_lock() {
        assert!(std::time::Instant::now() < deadline, "the rollover never waited for the lock");
        std::thread::yield_now();
    }
}

fn summaries_as_of(path: &std::path::Path) -> Option<NaiveDate> {
    Store::open(path).unwrap().summaries_as_of().unwrap()
}

/// Alice's workstation rolls the day over (at start, then on a tick) while a
/// lead's change of the book's zone is about to commit: she read the rules
/// in UTC (the 26th), the lead moves the book to New York (the 25th). The
/// summaries stay on the 25th, the date the book is on.
#[cfg(target_os = "linux")]
#[test]
fn a_rollover_waiting_for_a_leads_zone_change_builds_the_books_new_date() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 10);
    assert_eq!(store.summaries_as_of().unwrap(), Some(day("2026-11-25")));
    let alice = store.agent_by_name("alice").unwrap().unwrap();

    // At start.
    let lead = lead_moving_the_zone(&path);
    let late = FixedClock::parse(AFTER_MIDNIGHT_UTC).unwrap();
    let mut app =
        App::new(Store::open(&path).unwrap(), alice.clone(), Box::new(late), rules(), false)
            .unwrap();
    wait_for_the_writer();
    lead.execute_batch("COMMIT").unwrap();
    app.settle();
    assert_eq!(summaries_as_of(&path), Some(day("2026-11-25")), "built for New York's date");
    drop(app);

    // On a tick: the zone goes back to UTC, where it is the 26th.
    let lead = Connection::open(&path).unwrap();
    lead.execute("UPDATE meta SET value = 'UTC' WHERE key = 'rule.timezone'", []).unwrap();
    let clock = clock();
    let mut app =
        open_app(Store::open(&path).unwrap(), alice, Box::new(clock.clone()), rules(), false);
    assert_eq!(summaries_as_of(&path), Some(day("2026-11-25")), "the 25th in UTC too");
    let lead = lead_moving_the_zone(&path);
    clock.set(DateTime::parse_from_rfc3339(AFTER_MIDNIGHT_UTC).unwrap());
    app.tick();
    wait_for_the_writer();
    lead.execute_batch("COMMIT").unwrap();
    app.settle();
    assert_eq!(summaries_as_of(&path), Some(day("2026-11-25")), "still New York's date");
    assert_eq!(clock.now().date_naive(), day("2026-11-26"), "though alice's own date moved on");
}

fn rules() -> Rules {
    Rules::default()
}

/// Two agents on one book: the first to notice the book's new day rebuilds,
/// the other finds it done; the date follows the zone a lead sets.
#[test]
fn the_first_desk_to_see_the_new_day_rolls_it_over_for_everyone() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 10);
    let carol = store.agent_by_name("carol").unwrap().unwrap();
    let (alice, bob) = (Store::open(&path).unwrap(), Store::open(&path).unwrap());
    let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().to_utc();
    assert!(!alice.roll_over(at("2026-11-25T23:59:00Z")).unwrap(), "still the 25th");
    assert!(alice.roll_over(at(AFTER_MIDNIGHT_UTC)).unwrap(), "alice sees the 26th first");
    assert!(!bob.roll_over(at(AFTER_MIDNIGHT_UTC)).unwrap(), "bob finds it done");
    assert_eq!(bob.summaries_as_of().unwrap(), Some(day("2026-11-26")));
    // Kiritimati is 14 hours ahead: at 10:30 UTC it is already the 27th there.
    store.set_rule("timezone", "Pacific/Kiritimati", &carol, at("2026-11-26T09:00:00Z")).unwrap();
    assert_eq!(alice.summaries_as_of().unwrap(), Some(day("2026-11-26")), "23:00 there");
    assert!(bob.roll_over(at("2026-11-26T10:30:00Z")).unwrap());
    assert!(!alice.roll_over(at("2026-11-26T10:30:00Z")).unwrap());
    assert_eq!(alice.summaries_as_of().unwrap(), Some(day("2026-11-27")));
}
