//! Two people on one book at once: a lead's pin under an agent's open queue,
//! a call taken over, a call recovered on a debtor someone else has since
//! worked, a promise chased twice in a morning (issue 9, items 6, 7, 8).

mod common;

use common::keys::screen;
use common::{clock, demo_book, moment, poll_until};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use recoup::app::layer::Layer;
use recoup::app::{App, Rules};
use recoup::domain::queue::QueueFilter;
use recoup::store::{CallStart, Page, QueueKey, QueueScope, Store, WrapUp, WrapUpSaved};

fn app(path: &std::path::Path, agent: &str) -> App {
    let store = Store::open(path).unwrap();
    let me = store.agent_by_name(agent).unwrap().unwrap();
    let mut app = common::open_app(store, me, Box::new(clock()), Rules::default(), false);
    app.resize(30);
    app
}

fn drawn(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(140, 42)).unwrap();
    t.draw(|f| recoup::ui::draw(f, &app.model)).unwrap();
    screen(&t)
}

fn start(store: &Store, debtor_id: i64, agent_id: i64, take_over: bool) -> i64 {
    store
        .start_call(
            &CallStart {
                debtor_id,
                agent_id,
                contact_id: None,
                checklist: "[]".into(),
                goal: "PTP".into(),
                overrides: String::new(),
                take_over,
            },
            moment().now,
        )
        .unwrap()
}

fn wrap(call_id: i64, debtor_id: i64, agent_id: i64, next_days: i64, note: &str) -> WrapUp {
    WrapUp {
        call_id,
        debtor_id,
        agent_id,
        outcome: "LM".into(),
        contacted: false,
        next_contact_at: Some(moment().now + chrono::Duration::days(next_days)),
        note: note.into(),
        promise: None,
    }
}

#[test]
fn a_leads_pin_never_hides_a_debtor_from_the_agents_open_queue() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 60);
    let carol = store.agent_by_name("carol").unwrap().unwrap();
    let mut alice = app(&path, "alice");
    let total = alice.model.desk.queue.total;
    assert!(total > 3, "alice has a queue: {total}");
    // Pinning moves a debtor up the queue, before the key its row was read
    // at: the first row (the old window's first key), then one further down.
    for position in [0, 0, 5] {
        let target = alice.model.desk.queue.rows[position].debtor_id();
        store
            .pin(&recoup::store::LeadTargets::Debtors(vec![target]), 1, carol.id, &moment())
            .unwrap();
        let read_again = |a: &App| {
            let rows = &a.model.desk.queue.rows;
            rows.iter().any(|r| r.debtor_id() == target && r.pin > 0)
                && rows.windows(2).all(|w| w[0].key < w[1].key)
        };
        assert!(
            poll_until(&mut alice, read_again),
            "the pinned debtor (row {position}) is still in alice's queue: {:?}",
            alice.model.desk.queue.rows.iter().take(8).map(|r| &r.name).collect::<Vec<_>>()
        );
        assert_eq!(alice.model.desk.queue.total, total, "nobody left the queue");
        assert_eq!(alice.model.desk.queue.rows.len(), total.min(200), "every row still read");
    }
}

#[test]
fn a_promise_due_today_leaves_the_top_once_called_with_the_next_contact_booked() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, store) = demo_book(dir.path(), 40);
    let due = |s: &Store| -> Vec<(i64, bool)> {
        s.queue_page(
            QueueScope::All,
            QueueFilter::DueNow,
            Page::From(QueueKey::FIRST),
            100,
            moment().now,
        )
        .unwrap()
        .iter()
        .map(|r| (r.debtor_id(), r.ptp_due))
        .collect()
    };
    let (debtor, _) = *due(&store).iter().find(|(_, ptp)| *ptp).expect("a promise due today");
    let agent = store.agent_by_name("alice").unwrap().unwrap().id;
    let call = start(&store, debtor, agent, false);
    let saved = store.wrap_up(&wrap(call, debtor, agent, 2, "left a message"), &moment()).unwrap();
    assert_eq!(saved, WrapUpSaved::Whole);
    assert!(
        !due(&store).iter().any(|(d, _)| *d == debtor),
        "called this morning: not due again today"
    );
    // Tomorrow the promise is chased again, before the booked contact.
    let tomorrow = recoup::clock::Moment::in_zone(
        moment().now + chrono::Duration::days(1),
        chrono_tz::Tz::UTC,
    );
    store.ensure_summaries(&tomorrow).unwrap();
    let next_day: Vec<(i64, bool)> = store
        .queue_page(
            QueueScope::All,
            QueueFilter::DueNow,
            Page::From(QueueKey::FIRST),
            100,
            tomorrow.now,
        )
        .unwrap()
        .iter()
        .map(|r| (r.debtor_id(), r.ptp_due))
        .collect();
    assert!(next_day.contains(&(debtor, true)), "back tomorrow for the promise");
}

#[test]
fn a_call_taken_over_is_shown_at_once_and_its_wrap_up_keeps_to_its_notes() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 20);
    let alice_id = store.agent_by_name("alice").unwrap().unwrap().id;
    let carol_id = store.agent_by_name("carol").unwrap().unwrap().id;
    let debtor = 3;
    store.lease_for_precall(debtor, alice_id, moment().now).unwrap();
    let alices_call = start(&store, debtor, alice_id, false);
    // Alice's workstation is on the call (reopened as after a restart).
    let mut alice = app(&path, "alice");
    assert!(alice.model.call().is_some_and(|c| c.call_id == alices_call));
    // An agent cannot start a call over it; a lead takes it over.
    let bob_id = store.agent_by_name("bob").unwrap().unwrap().id;
    assert!(
        store
            .start_call(
                &CallStart {
                    debtor_id: debtor,
                    agent_id: bob_id,
                    contact_id: None,
                    checklist: "[]".into(),
                    goal: String::new(),
                    overrides: String::new(),
                    take_over: false
                },
                moment().now
            )
            .is_err()
    );
    let carols_call = start(&store, debtor, carol_id, true);
    // Alice's next heartbeat says so on her screen.
    alice.tick();
    alice.settle();
    let taken = alice.model.call().and_then(|c| c.taken_over.clone()).expect("shown at once");
    assert_eq!(taken.by, "carol");
    let shown = drawn(&alice);
    assert!(shown.contains("carol TOOK OVER AT 14:03"), "{shown}");
    assert!(
        alice.model.status.as_ref().is_some_and(|s| s.text.contains("carol took over this call"))
    );
    // Her heartbeats no longer take the lease back, even once carol is done.
    store.wrap_up(&wrap(carols_call, debtor, carol_id, 5, "carol's call"), &moment()).unwrap();
    alice.tick();
    alice.settle();
    let leased: Option<i64> = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("SELECT agent_id FROM leases WHERE debtor_id = ?1", [debtor], |r| r.get(0))
        .ok();
    assert_eq!(leased, None);
    // Alice's wrap-up saves her notes, not her next contact.
    let before = store.account(debtor, alice_id).unwrap().unwrap().debtor.next_contact_at;
    let saved =
        store.wrap_up(&wrap(alices_call, debtor, alice_id, 1, "alice's notes"), &moment()).unwrap();
    assert!(matches!(saved, WrapUpSaved::NoteOnly(ref t) if t.by == "carol"), "{saved:?}");
    let account = store.account(debtor, alice_id).unwrap().unwrap();
    assert_eq!(account.debtor.next_contact_at, before, "carol's next contact stands");
    assert!(account.notes.iter().any(|n| n.body == "alice's notes"), "alice's notes kept");
}

#[test]
fn a_recovered_call_is_not_reopened_on_a_debtor_someone_else_has_worked_since() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 20);
    let alice_id = store.agent_by_name("alice").unwrap().unwrap().id;
    let carol_id = store.agent_by_name("carol").unwrap().unwrap().id;
    let debtor = 4;
    let call = start(&store, debtor, alice_id, false);
    store.save_draft(alice_id, debtor, Some(call), "what the customer said", moment().now).unwrap();
    // Alice's desk is killed; carol takes the account over.
    start(&store, debtor, carol_id, true);
    let mut alice = app(&path, "alice");
    assert!(alice.model.call().is_none(), "not reopened");
    let question = match alice.model.layers.last() {
        Some(Layer::Confirm(c)) => c.question.clone(),
        other => panic!("expected the offer to save the notes, got {other:?}"),
    };
    assert!(question.contains("carol took the account over"), "{question}");
    alice.key(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('y')));
    alice.settle();
    let account = store.account(debtor, alice_id).unwrap().unwrap();
    assert!(account.notes.iter().any(|n| n.body == "what the customer said"));
    assert!(store.open_call(alice_id).unwrap().is_none(), "the old call is closed");
}
