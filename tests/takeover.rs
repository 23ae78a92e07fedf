//! A call taken over by another desk (issue 9 follow-ups, items 2 and 3):
//! the promise typed on it and never recorded is said in the note the agent
//! saves and in the question she is asked first, and a wrap-up after a
//! takeover says so up front and leaves the next contact to whoever took it.
//! Two agents on one book: alice's lease lapses, bob calls the debtor.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::keys::{ctrl, screen};
use common::{clock, demo_book, moment};
use crossterm::event::{Event, KeyCode, KeyEvent};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use recoup::app::layer::Layer;
use recoup::app::{App, Rules};
use recoup::domain::Money;
use recoup::domain::plan::Instalment;
use recoup::store::{CallStart, PromiseRequest, Store, WrapUp, WrapUpSaved};

const SAID: &str = "A promise of 1,200.00 by 2026-12-15 was discussed but not recorded: bob took the account over.";

fn now() -> DateTime<Utc> {
    moment().now
}

/// Three minutes on: alice's lease (two minutes after her last heartbeat)
/// has lapsed, so bob, an agent, may call the debtor.
fn later() -> DateTime<Utc> {
    now() + Duration::minutes(3)
}

fn start(store: &Store, debtor_id: i64, agent_id: i64, at: DateTime<Utc>) -> i64 {
    let start = CallStart {
        debtor_id,
        agent_id,
        contact_id: None,
        checklist: "[]".into(),
        goal: "PTP".into(),
        overrides: String::new(),
        take_over: false,
    };
    store.start_call(&start, at).unwrap()
}

fn promise(debtor_id: i64, agent_id: i64, call_id: i64) -> PromiseRequest {
    PromiseRequest {
        debtor_id,
        agent_id,
        call_id: Some(call_id),
        instalments: vec![Instalment {
            amount: Money(120_000),
            due_on: "2026-12-15".parse().unwrap(),
        }],
        frequency: None,
        invoice_ids: Vec::new(),
        cancel_open: false,
        waive_interest: false,
    }
}

struct Book {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    alice: (Store, i64),
    bob: (Store, i64),
}

fn book() -> Book {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 20);
    let id = |name: &str| store.agent_by_name(name).unwrap().unwrap().id;
    let (alice, bob) = (id("alice"), id("bob"));
    Book { alice: (store, alice), bob: (Store::open(&path).unwrap(), bob), path, _dir: dir }
}

/// Alice's call on `debtor`, with notes and a promise typed on it; then bob
/// calls the debtor once her lease has lapsed.
fn taken_by_bob(b: &Book, debtor: i64) -> i64 {
    let (store, alice) = (&b.alice.0, b.alice.1);
    let call = start(store, debtor, alice, now());
    store.save_draft(alice, debtor, Some(call), "Jane will pay before Christmas", now()).unwrap();
    store.set_pending_promise(call, Some(&promise(debtor, alice, call))).unwrap();
    start(&b.bob.0, debtor, b.bob.1, later());
    call
}

fn promises_made(store: &Store, debtor: i64, agent: i64) -> usize {
    store.account(debtor, agent).unwrap().unwrap().promises.len()
}

#[test]
fn a_promise_typed_on_a_call_taken_over_is_said_in_the_notes_kept_from_it() {
    let b = book();
    let (store, alice) = (&b.alice.0, b.alice.1);
    let before = [4, 5].map(|d| promises_made(store, d, alice));
    // Alice's desk died; at start-up she saves her notes as a note (debtor
    // 4) or keeps them as a draft (debtor 5).
    for (debtor, save_notes) in [(4, true), (5, false)] {
        let call = taken_by_bob(&b, debtor);
        store.close_taken_over_call(call, alice, save_notes, later()).unwrap();
    }
    let expected = format!("Jane will pay before Christmas\n\n{SAID}");
    let notes = store.account(4, alice).unwrap().unwrap().notes;
    assert_eq!(notes.first().map(|n| n.body.as_str()), Some(expected.as_str()), "{notes:?}");
    let draft = store.draft(alice, 5).unwrap().expect("kept as a draft");
    assert_eq!((draft.body.as_str(), draft.call_id), (expected.as_str(), None));
    assert_eq!([4, 5].map(|d| promises_made(store, d, alice)), before, "no promise recorded");
    assert!(store.open_call(alice).unwrap().is_none());
}

#[test]
fn a_wrap_up_after_a_takeover_keeps_no_next_contact_on_the_call() {
    let b = book();
    let (store, alice) = (&b.alice.0, b.alice.1);
    let debtor = 6;
    let call = taken_by_bob(&b, debtor);
    let bobs_next = store.account(debtor, alice).unwrap().unwrap().debtor.next_contact_at;
    let wrap = WrapUp {
        call_id: call,
        debtor_id: debtor,
        agent_id: alice,
        outcome: "PTP".into(),
        contacted: true,
        next_contact_at: Some(now() + Duration::days(21)),
        note: "Jane will pay before Christmas\n".into(),
        promise: Some(promise(debtor, alice, call)),
    };
    let saved = store.wrap_up(&wrap, &moment()).unwrap();
    assert!(matches!(saved, WrapUpSaved::NoteOnly(ref t) if t.by == "bob"), "{saved:?}");
    let next: Option<String> = rusqlite::Connection::open(&b.path)
        .unwrap()
        .query_row("SELECT next_contact_at FROM calls WHERE id = ?1", [call], |r| r.get(0))
        .unwrap();
    assert_eq!(next, None, "the follow-up is bob's, not alice's call's");
    let account = store.account(debtor, alice).unwrap().unwrap();
    assert_eq!(account.debtor.next_contact_at, bobs_next);
    let expected = format!("Jane will pay before Christmas\n\n{SAID}");
    assert_eq!(account.notes.first().map(|n| n.body.as_str()), Some(expected.as_str()));
    assert!(account.promises.is_empty(), "{:?}", account.promises);
}

fn alices_desk(b: &Book) -> App {
    let me = b.alice.0.agent_by_name("alice").unwrap().unwrap();
    let store = Store::open(&b.path).unwrap();
    let mut app = common::open_app(store, me, Box::new(clock()), Rules::default(), false);
    app.resize(30);
    app
}

fn press(app: &mut App, event: Event) {
    let Event::Key(k) = event else { unreachable!() };
    app.key(k);
    app.settle();
}

#[test]
fn at_start_up_the_question_says_the_promise_will_not_be_recorded() {
    let b = book();
    let call = taken_by_bob(&b, 7);
    let mut alice = alices_desk(&b);
    let question = match alice.model.layers.last() {
        Some(Layer::Confirm(c)) => c.question.clone(),
        other => panic!("expected the offer to save the notes, got {other:?}"),
    };
    assert!(
        question.contains(
            "so it is not reopened; the promise of 1,200.00 by Tue 15 Dec will not be recorded (your notes will say so)."
        ),
        "{question}"
    );
    alice.key(KeyEvent::from(KeyCode::Char('y')));
    alice.settle();
    let notes = b.alice.0.account(7, b.alice.1).unwrap().unwrap().notes;
    assert_eq!(notes[0].body, format!("Jane will pay before Christmas\n\n{SAID}"));
    assert!(b.alice.0.call_taken_over(call).unwrap().is_some_and(|t| t.by == "bob"));
}

#[test]
fn the_wrap_up_says_up_front_that_only_the_notes_will_be_saved() {
    let b = book();
    let (store, alice_id) = (&b.alice.0, b.alice.1);
    let debtor = 8;
    let call = start(store, debtor, alice_id, now());
    store.set_pending_promise(call, Some(&promise(debtor, alice_id, call))).unwrap();
    // Alice's desk reopens the call; bob calls the debtor meanwhile.
    let mut alice = alices_desk(&b);
    assert!(alice.model.call().is_some_and(|c| c.call_id == call));
    start(&b.bob.0, debtor, b.bob.1, later());
    alice.tick();
    alice.settle();
    press(&mut alice, ctrl('s'));
    let mut t = Terminal::new(TestBackend::new(140, 42)).unwrap();
    t.draw(|f| recoup::ui::draw(f, &alice.model)).unwrap();
    let shown = screen(&t);
    assert!(
        shown.contains("Taken over by bob at 14:06 — only your notes will be saved"),
        "{shown}"
    );
    assert!(shown.contains("Next contact: not set by this call"), "{shown}");
    assert!(shown.contains("bob decides the next contact"), "{shown}");
    press(&mut alice, ctrl('s'));
    let status = alice.model.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.starts_with("Call saved with your notes only: bob took it over"), "{status}");
    let next: Option<String> = rusqlite::Connection::open(&b.path)
        .unwrap()
        .query_row("SELECT next_contact_at FROM calls WHERE id = ?1", [call], |r| r.get(0))
        .unwrap();
    assert_eq!(next, None);
    let notes = store.account(debtor, alice_id).unwrap().unwrap().notes;
    assert_eq!(notes[0].body, SAID, "no notes typed: the promise alone is said");
}
