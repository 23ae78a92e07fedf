//! The triage screen and `w` through the workstation on TestBackend.

mod common;

use std::sync::atomic::AtomicBool;

use common::keys::{Script, ctrl, screen};
use common::{clock, demo_book};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use recoup::app::{App, Rules};
use recoup::store::Store;
use recoup::tui;

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn run(app: &mut App, mut events: Vec<Event>) -> String {
    app.model.quit = false;
    events.push(ctrl('c'));
    let mut terminal = Terminal::new(TestBackend::new(140, 42)).unwrap();
    tui::run(&mut terminal, &mut Script(events.into()), app, &AtomicBool::new(false)).unwrap();
    screen(&terminal)
}

fn app(agent: &str) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 40);
    drop(store);
    let store = Store::open(&path).unwrap();
    let me = store.agent_by_name(agent).unwrap().unwrap();
    let app = common::open_app(store, me, Box::new(clock()), Rules::default(), false);
    (dir, app)
}

#[test]
fn triage_screen() {
    let (_dir, mut app) = app("carol");
    let screen = run(&mut app, vec![key('L')]);
    for part in [
        "┌Triage",
        "Outstanding ",
        "Promises due today ",
        "Collection KPIs · October 2026 (last full month, 2026-10-01 to 2026-10-31, 31 days) · as of 25 Nov 2026 14:03",
        "period             from – to",
        "DSO    best DSO         ADD     CEI PTP kept   inv. lag",
        "last full month    2026-10-01 – 2026-10-31",
        "month to date      2026-11-01 – 2026-11-25",
        "Aging (undisputed)",
        "Agent        Role   Accounts",
        "Debtors · all · 1 of 40 · 0 selected",
        "Wide World National Logistics Inc ",
        " call back ",
    ] {
        assert!(screen.contains(part), "lacks {part:?}:\n{screen}");
    }
    insta::assert_snapshot!("triage_140x42", screen);
}

#[test]
fn w_explains_the_place_in_the_queue_term_by_term() {
    let (_dir, mut app) = app("alice");
    // Move to the first debtor in alice's queue with a promise due today.
    let at = app.model.desk.queue.rows.iter().position(|r| r.ptp_due).expect("a promise is due");
    let mut keys = vec![key('j'); at];
    keys.push(key('w'));
    let screen = run(&mut app, keys);
    assert!(
        screen.contains("In the first group, with callbacks and promises due: a promise"),
        "{screen}"
    );
    assert!(screen.contains("Within a group, the higher score comes first."), "{screen}");
    assert!(screen.contains("+200  a promise is due"), "{screen}");
    assert!(screen.contains("points in all"), "{screen}");
    assert!(screen.contains("never contacted") || screen.contains("days since last contact"));
}

#[test]
fn the_cursor_stays_on_the_debtor_a_lead_acts_on() {
    let (_dir, mut app) = app("carol");
    run(&mut app, vec![key('L'), key('j'), key('j'), key('j')]);
    let triage = |app: &App| {
        app.model
            .layers
            .iter()
            .find_map(|l| match l {
                recoup::app::layer::Layer::Triage(t) => {
                    Some(t.list.selected_row().cloned().unwrap())
                }
                _ => None,
            })
            .unwrap()
    };
    let chosen = triage(&app);
    assert!(app.model.desk.queue.total > 0);
    let screen = run(&mut app, vec![key('+'), key('+'), key('+')]);
    let now = triage(&app);
    assert_eq!(now.debtor_id(), chosen.debtor_id(), "three pins on the same debtor");
    assert_eq!(now.pin, 3);
    assert!(screen.contains("pin 3"), "{screen}");
    let mut hold = vec![key('h')];
    hold.extend(common::keys::text("customer in administration"));
    hold.push(ctrl('s'));
    run(&mut app, hold);
    let held = triage(&app);
    assert_eq!((held.debtor_id(), held.status.as_str()), (chosen.debtor_id(), "hold"));
}

#[test]
fn bulk_actions_name_the_one_debtor_they_act_on_or_count_them() {
    let (_dir, mut one) = app("carol");
    let shown = run(&mut one, vec![key('L'), key('x')]);
    let row = one
        .model
        .layers
        .iter()
        .find_map(|l| match l {
            recoup::app::layer::Layer::Triage(t) => t.list.selected_row().cloned(),
            _ => None,
        })
        .unwrap();
    let title = format!("Escalate {} ({})", row.name, row.reference);
    assert!(shown.contains(&title), "lacks {title:?}:\n{shown}");
    // Two chosen with Space: the picker counts them.
    let (_dir2, mut two) = app("carol");
    let shown = run(&mut two, vec![key('L'), key(' '), key('j'), key(' '), key('a')]);
    assert!(shown.contains("Assign 2 debtors to"), "{shown}");
}

#[test]
fn triage_counts_the_letters_the_outbox_could_not_send() {
    let (dir, mut app) = app("carol");
    let screen = run(&mut app, vec![key('L')]);
    assert!(!screen.contains("Letters not sent"), "none yet:\n{screen}");
    // A letter the mail server refused for good, from another process.
    let store = Store::open(&dir.path().join("book.sqlite")).unwrap();
    let carol = store.agent_by_name("carol").unwrap().unwrap();
    let now = common::moment().now;
    let message = recoup::store::NewMessage {
        debtor_id: 1,
        template: "statement",
        title: "Statement of account",
        kind: recoup::store::MessageKind::Email,
        to: "ap@example.com",
        subject: "Statement",
        body: "Dear all",
        attachment: None,
        by: carol.id,
        book_day: now.date_naive(),
    };
    store.queue_message(&message, now).unwrap();
    let claimed = store.claim_message(now).unwrap().unwrap();
    store.mark_failed(&claimed, "550 5.1.1 mailbox unavailable", true, now).unwrap();
    // Triage opened again reads its figures again.
    let esc = Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    let screen = run(&mut app, vec![esc, key('L')]);
    assert!(screen.contains("Letters not sent 1"), "{screen}");
}
