//! Callable now (issue 11, item 1): the "due now" queue lists the debtors
//! who may be called at this moment (the book's calling hours and days, in
//! each debtor's zone) first, the others after them, still listed; rows say
//! when a debtor is out of hours; `w` says why.

mod common;

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, Utc};
use common::pty::Pty;
use common::{alice_due_now, demo_book, moment, open_app, recoup, stderr};
use recoup::app::Rules;
use recoup::clock::FixedClock;
use recoup::domain::contact_policy::ContactPolicy;
use recoup::domain::queue::QueueFilter;
use recoup::store::{Page, QueueKey, QueueRow, QueueScope, Store};
use rusqlite::Connection;

const WAIT: Duration = Duration::from_secs(10);

fn ids(rows: &[QueueRow]) -> Vec<i64> {
    rows.iter().map(QueueRow::debtor_id).collect()
}

/// The due-now queue as the summary orders it, straight from SQL, and the
/// zone of each debtor.
fn due_now_in_sort_order(
    path: &Path,
    agent: Option<i64>,
    now: DateTime<Utc>,
) -> Vec<(i64, String)> {
    let conn = Connection::open(path).unwrap();
    let now = recoup::clock::format_utc(now);
    conn.prepare(
        "SELECT s.debtor_id, d.timezone FROM debtor_summary s JOIN debtors d ON d.id = s.debtor_id
          WHERE s.due_now = 1 AND (s.due_from IS NULL OR s.due_from <= ?1)
            AND (?2 IS NULL OR s.assigned_to = ?2)
          ORDER BY s.sort_key, s.debtor_id",
    )
    .unwrap()
    .query_map(rusqlite::params![now, agent], |r| Ok((r.get(0)?, r.get(1)?)))
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// Reads a whole list in pages of `n`, forward from the top.
fn forward(store: &Store, scope: QueueScope, n: usize, now: DateTime<Utc>) -> Vec<QueueRow> {
    let mut rows =
        store.queue_page(scope, QueueFilter::DueNow, Page::From(QueueKey::FIRST), n, now).unwrap();
    loop {
        let key = rows.last().unwrap().key;
        let more = store.queue_page(scope, QueueFilter::DueNow, Page::After(key), n, now).unwrap();
        if more.is_empty() {
            return rows;
        }
        rows.extend(more);
    }
}

/// Reads a whole list in pages of `n`, backward from the end.
fn backward(store: &Store, scope: QueueScope, n: usize, now: DateTime<Utc>) -> Vec<QueueRow> {
    let mut rows =
        store.queue_page(scope, QueueFilter::DueNow, Page::Before(QueueKey::LAST), n, now).unwrap();
    loop {
        let key = rows[0].key;
        let mut earlier =
            store.queue_page(scope, QueueFilter::DueNow, Page::Before(key), n, now).unwrap();
        if earlier.is_empty() {
            return rows;
        }
        earlier.extend(rows);
        rows = earlier;
    }
}

/// At 14:03 UTC on a Wednesday, New York (09:03) and London (14:03) may be
/// called, Los Angeles (06:03) and Tokyo (23:03) may not. The queue is the
/// summary's order with the callable debtors moved up, both parts in that
/// order; read in small pages either way, or around one debtor, it is the
/// same list.
#[test]
fn the_due_now_queue_lists_callable_debtors_first_in_queue_order() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 150);
    let now = moment().now;
    let policy = ContactPolicy::default();
    let alice = store.agent_by_name("alice").unwrap().unwrap().id;
    for (scope, agent) in [(QueueScope::Mine(alice), Some(alice)), (QueueScope::All, None)] {
        let order = due_now_in_sort_order(&path, agent, now);
        let (callable, later): (Vec<_>, Vec<_>) =
            order.into_iter().partition(|(_, zone)| policy.calling_time(now, zone).is_open());
        assert!(!callable.is_empty() && !later.is_empty(), "{scope:?}: both parts hold debtors");
        let expected: Vec<i64> = callable.iter().chain(&later).map(|(id, _)| *id).collect();

        let total = store.queue_count(scope, QueueFilter::DueNow, now).unwrap();
        assert_eq!(total, expected.len());
        let all = store
            .queue_page(scope, QueueFilter::DueNow, Page::From(QueueKey::FIRST), 10_000, now)
            .unwrap();
        assert_eq!(ids(&all), expected, "{scope:?}");
        for (i, row) in all.iter().enumerate() {
            assert_eq!(row.key.later, i >= callable.len(), "{scope:?} row {i}: {}", row.timezone);
        }
        assert_eq!(ids(&forward(&store, scope, 7, now)), expected, "{scope:?}: pages forward");
        assert_eq!(ids(&backward(&store, scope, 7, now)), expected, "{scope:?}: pages backward");

        // Around a debtor in each part: its position counts the callable
        // ones before a later one.
        for at in [callable.len() - 1, callable.len(), expected.len() - 1] {
            let (start, rows) = store
                .queue_around(scope, QueueFilter::DueNow, expected[at], 50, now)
                .unwrap()
                .expect("in the queue");
            assert_eq!(rows[at - start].debtor_id(), expected[at], "{scope:?} at {at}");
            assert_eq!(ids(&rows), expected[start..(start + rows.len())], "{scope:?} at {at}");
        }
    }
}

/// The summary keeps the debtor's zone: an import that moves a debtor to
/// Tokyo (23:03 there) moves it after the callable debtors at once.
#[test]
fn an_import_that_changes_a_debtors_zone_moves_it_in_the_queue() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 60);
    let now = moment().now;
    let first = store
        .queue_page(QueueScope::All, QueueFilter::DueNow, Page::From(QueueKey::FIRST), 1, now)
        .unwrap()
        .remove(0);
    assert!(!first.key.later, "the first debtor may be called now");
    drop(store);
    let file = dir.path().join("debtors.csv");
    std::fs::write(
        &file,
        format!("ref,name,timezone\n{},{},Asia/Tokyo\n", first.reference, first.name),
    )
    .unwrap();
    let out = recoup(dir.path())
        .args(["--db", path.to_str().unwrap(), "--agent", "carol", "import", "debtors"])
        .arg(&file)
        .env("RECOUP_NOW", common::NOW)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    let conn = Connection::open(&path).unwrap();
    let zone: String = conn
        .query_row("SELECT tz FROM debtor_summary WHERE debtor_id = ?1", [first.debtor_id()], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(zone, "Asia/Tokyo");
    let store = Store::open(&path).unwrap();
    let (start, rows) = store
        .queue_around(QueueScope::All, QueueFilter::DueNow, first.debtor_id(), 10, now)
        .unwrap()
        .unwrap();
    let at = rows.iter().position(|r| r.debtor_id() == first.debtor_id()).unwrap();
    assert!(rows[at].key.later, "now listed after the callable debtors");
    assert!(start + at > 0, "no longer first");
}

/// At 08:00 in New York calling opens there: the workstation's queue is
/// split again on the next tick, New York's debtors move up, without a key.
#[test]
fn the_queue_is_split_again_when_calling_opens_in_a_zone() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 150);
    drop(store);
    let at = |s: &str| DateTime::<FixedOffset>::parse_from_rfc3339(s).unwrap();
    // 07:59:30 in New York.
    let clock = FixedClock::new(at("2026-11-25T12:59:30+00:00"));
    let store = Store::open(&path).unwrap();
    let me = store.agent_by_name("carol").unwrap().unwrap();
    let mut app = open_app(store, me, Box::new(clock.clone()), Rules::default(), false);
    app.resize(300);
    let new_yorkers = |app: &recoup::app::App| -> Vec<bool> {
        let q = &app.model.desk.queue;
        q.rows.iter().filter(|r| r.timezone == "America/New_York").map(|r| r.key.later).collect()
    };
    let before = new_yorkers(&app);
    assert!(!before.is_empty() && before.iter().all(|later| *later), "{before:?}");

    clock.set(at("2026-11-25T13:00:05+00:00"));
    app.tick();
    app.settle();
    let after = new_yorkers(&app);
    assert!(!after.is_empty() && after.iter().all(|later| !later), "{after:?}");
    let q = &app.model.desk.queue;
    let first_later = q.rows.iter().position(|r| r.key.later).unwrap_or(q.rows.len());
    assert!(q.rows[first_later..].iter().all(|r| r.key.later), "callable first");
}

/// The real binary at a fixed moment: the top rows may be called; the last
/// (after the callable ones) shows the debtor's local time, and `w` says why
/// it is listed there.
#[test]
fn out_of_hours_debtors_are_marked_with_their_local_time_and_w_explains() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 60);
    let queue = alice_due_now(&store);
    let last = queue.last().unwrap();
    assert!(last.key.later, "the demo has out-of-hours debtors at 14:03 UTC");
    let local = moment().now.with_timezone(&last.timezone.parse::<chrono_tz::Tz>().unwrap());
    let mark = format!("out of hours · {}", local.format("%H:%M"));
    drop(store);

    let db = path.to_str().unwrap();
    let mut pty = Pty::recoup(
        dir.path(),
        &["--db", db, "--agent", "alice"],
        &[("RECOUP_NOW", common::NOW)],
        140,
        42,
    );
    pty.wait_for(&format!("due now · 1 of {}", queue.len()), WAIT);
    pty.wait_for(" · ACC-", WAIT);
    let screen = pty.screen();
    let top: Vec<&str> = screen.lines().skip(3).take(6).collect();
    assert!(
        top.iter().all(|l| !l.contains("out of hours")),
        "the top rows may be called:\n{screen}"
    );

    pty.send(b"G");
    pty.wait_for(&format!("due now · {} of {}", queue.len(), queue.len()), WAIT);
    pty.wait_for(&mark, WAIT);
    pty.send(b"w");
    pty.wait_for("Listed after the debtors callable now", WAIT);
    // The popup's text, its wrapped lines joined: it is 84 columns wide,
    // centred (columns 28 to 111 of 140).
    let screen = pty.screen();
    let inside: Vec<String> =
        screen.lines().map(|l| l.chars().skip(29).take(82).collect::<String>()).collect();
    let words = inside.join(" ").split_whitespace().collect::<Vec<_>>().join(" ");
    let expected = format!(
        "it is {} in {}, outside calling hours 08:00–18:00.",
        local.format("%H:%M"),
        last.timezone
    );
    assert!(words.contains(&expected), "{expected:?} not in:\n{}", pty.screen());
    pty.send(b"\x1b");
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), 0);
}
