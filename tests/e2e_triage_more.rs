//! End to end, a lead in triage: search within a filter, Space and V, an
//! action on all of a filter confirmed with its count, a hold with its
//! reason, an escalation that says where it went. The real binary in a
//! pseudo-terminal; the book checked through the store afterwards.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::pty::Pty;
use common::{NOW, demo_book};
use recoup::domain::aging::Bucket;
use recoup::domain::queue::QueueFilter;
use recoup::domain::search::SearchQuery;
use recoup::store::{ExportKind, Page, QueueKey, QueueScope, Store, StoreError};

const WAIT: Duration = Duration::from_secs(10);

fn book(dir: &Path) -> PathBuf {
    let (path, store) = demo_book(dir, 40);
    drop(store);
    path
}

fn triage(dir: &Path, db: &Path) -> Pty {
    let db = db.to_str().unwrap();
    let mut pty =
        Pty::recoup(dir, &["--db", db, "--agent", "carol"], &[("RECOUP_NOW", NOW)], 140, 42);
    pty.wait_for("Notes", WAIT);
    pty.send(b"L");
    pty.wait_for("Debtors · all · 1 of 40 · 0 selected", WAIT);
    pty
}

fn quit(mut pty: Pty) {
    pty.send(b"\x1b");
    pty.wait_for("┌Queue", WAIT);
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), 0);
}

fn members(store: &Store, filter: QueueFilter) -> Vec<(i64, String)> {
    let now = common::moment().now;
    store
        .queue_page(QueueScope::All, filter, Page::From(QueueKey::FIRST), 1000, now)
        .unwrap()
        .into_iter()
        .map(|r| (r.debtor_id(), r.reference))
        .collect()
}

/// Each debtor's owner, by ref.
fn owners(db: &Path) -> BTreeMap<String, String> {
    common::exported(db, ExportKind::Debtors)
        .into_iter()
        .skip(1)
        .map(|r| (r[0].clone(), r[9].clone()))
        .collect()
}

fn audit(store: &Store) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    store
        .export(ExportKind::Audit, |r: &[String]| -> Result<(), StoreError> {
            rows.push(r.to_vec());
            Ok(())
        })
        .unwrap();
    rows
}

#[test]
fn slash_searches_within_the_filter_and_esc_gives_back_the_list_and_cursor() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    // A text that matches debtors both in and out of "owing 90+".
    let store = Store::open(&db).unwrap();
    let over_90: BTreeMap<i64, String> =
        members(&store, QueueFilter::Bucket(Bucket::Over90)).into_iter().collect();
    let all: BTreeMap<i64, String> = members(&store, QueueFilter::All).into_iter().collect();
    let (typed, inside, outside) = ["lake", "ltd", "capital", "valley", "co"]
        .into_iter()
        .find_map(|typed| {
            let found = store.search_debtors(&SearchQuery::new(typed), 1000).unwrap();
            let (inside, outside): (Vec<i64>, Vec<i64>) =
                found.into_iter().partition(|id| over_90.contains_key(id));
            (!inside.is_empty() && !outside.is_empty()).then_some((typed, inside, outside))
        })
        .expect("a text found in and out of the filter");
    drop(store);

    let mut pty = triage(dir.path(), &db);
    for _ in 0..6 {
        pty.send(b"f");
    }
    let total = over_90.len();
    pty.wait_for(&format!("Debtors · owing 90+ · 1 of {total} · 0 selected"), WAIT);
    pty.send(b"jj");
    pty.wait_for(&format!("Debtors · owing 90+ · 3 of {total} · 0 selected"), WAIT);
    pty.send(b"/");
    pty.wait_for("Debtors · owing 90+ · search /", WAIT);
    pty.type_text(typed);
    let n = inside.len();
    let said = match n {
        1 => format!("1 debtor of 'owing 90+' matches {typed:?}"),
        n => format!("{n} debtors of 'owing 90+' match {typed:?}"),
    };
    pty.wait_for(&said, WAIT);
    let screen = pty.screen();
    for id in &inside {
        assert!(screen.contains(&over_90[id]), "{} found:\n{screen}", over_90[id]);
    }
    for id in &outside {
        assert!(!screen.contains(&format!("{} ", all[id])), "{} is not 90+:\n{screen}", all[id]);
    }
    pty.send(b"\r");
    pty.wait_for(&format!("Debtors · owing 90+ · search {typed:?} · 1 of {n}"), WAIT);
    pty.send(b"\x1b");
    pty.wait_for(&format!("Debtors · owing 90+ · 3 of {total} · 0 selected"), WAIT);
    quit(pty);
}

#[test]
fn v_selects_all_of_the_filter_and_the_assignment_confirms_the_count_and_moves_exactly_those() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let store = Store::open(&db).unwrap();
    let unassigned: BTreeSet<String> =
        members(&store, QueueFilter::Unassigned).into_iter().map(|(_, r)| r).collect();
    drop(store);
    assert_eq!(unassigned.len(), 4);
    let before = owners(&db);

    let mut pty = triage(dir.path(), &db);
    pty.send(b"f");
    pty.wait_for("Debtors · unassigned · 1 of 4 · 0 selected", WAIT);
    pty.send(b"   ");
    pty.wait_for(" 3 selected · Space select and move", WAIT);
    pty.send(b"V");
    pty.wait_for("4 selected (all of 'unassigned') · V again clears", WAIT);
    pty.wait_for("Debtors · unassigned · 4 of 4 · 4 selected (all of 'unassigned')", WAIT);
    pty.send(b"a");
    pty.wait_for("Assign 4 debtors (all of 'unassigned') to", WAIT);
    pty.type_text("bob");
    pty.send(b"\r");
    pty.wait_for("Assign 4 debtors (all of 'unassigned') to bob?", WAIT);
    pty.send(b"y");
    pty.wait_for("4 debtors reassigned", WAIT);
    pty.wait_for("Debtors · unassigned · 0 of 0 · 0 selected", WAIT);
    quit(pty);

    let after = owners(&db);
    for (reference, owner) in &after {
        if unassigned.contains(reference) {
            assert_eq!((reference, owner.as_str()), (reference, "bob"));
        } else {
            assert_eq!(owner, &before[reference], "{reference} is not in the filter");
        }
    }
}

#[test]
fn hold_asks_for_a_reason_kept_in_the_audit_log_and_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let mut pty = triage(dir.path(), &db);
    pty.send(b"h");
    pty.wait_for("Hold Wide World National Logistics Inc (ACC-10001)", WAIT);
    pty.send(b"\x13");
    pty.wait_for("say why (e.g. \"customer in administration\")", WAIT);
    pty.type_text("customer in administration");
    pty.send(b"\x13");
    pty.wait_for("1 debtor put on hold", WAIT);
    pty.wait_for("ACC-10001  alice         12,431.48       381d PTP due · hold", WAIT);
    quit(pty);

    let store = Store::open(&db).unwrap();
    let carol = store.agent_by_name("carol").unwrap().unwrap().id;
    let id = members(&store, QueueFilter::All).iter().find(|(_, r)| r == "ACC-10001").unwrap().0;
    let account = store.account(id, carol).unwrap().unwrap();
    assert_eq!(account.debtor.status.as_str(), "hold");
    assert_eq!(account.notes[0].body, "On hold: customer in administration");
    let held: Vec<_> =
        audit(&store).into_iter().filter(|r| r[5] == "status" && r[8] == "ACC-10001").collect();
    assert_eq!(held.len(), 1, "{held:?}");
    assert_eq!((held[0][2].as_str(), held[0][6].as_str()), ("carol", "active"));
    assert_eq!(held[0][7], "hold: customer in administration");
}

#[test]
fn an_escalation_shows_in_the_list_as_agency_or_legal() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let mut pty = triage(dir.path(), &db);
    pty.send(b"x");
    pty.wait_for("Escalate Wide World National Logistics Inc (ACC-10001)", WAIT);
    pty.send(b"\x1b[C");
    pty.wait_for("◀ legal ▶", WAIT);
    pty.send(b"\t");
    pty.type_text("no response in 120 days");
    pty.send(b"\x13");
    pty.wait_for("1 debtor escalated to legal", WAIT);
    pty.wait_for("ACC-10001  alice         12,431.48       381d PTP due · escalated: legal", WAIT);
    // Read again from the book: still legal.
    pty.send(b"\x1b");
    pty.wait_for("┌Queue", WAIT);
    pty.send(b"L");
    pty.wait_for("381d PTP due · escalated: legal", WAIT);
    quit(pty);
}
