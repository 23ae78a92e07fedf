//! The contact flow's screens at 80x24 and 140x42 (issue 11): the pre-call
//! plan, the live call with the read-back and the calm card, and the
//! wrap-up, each snapshotted, with what must stay visible asserted.

mod common;

use std::sync::atomic::AtomicBool;

use common::keys::{Script, ctrl, key, region, screen, text};
use common::{clock, demo_book};
use crossterm::event::{Event, KeyCode};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use recoup::app::{App, Rules};
use recoup::domain::checklist::{Answer, answers_json};
use recoup::store::{CallStart, Store};
use recoup::tui;

/// 15:00 UTC on Wednesday 25 Nov: 09:00 in Chicago.
const NOW: &str = "2026-11-25T15:00:00+00:00";
/// Lakeside Manufacturing Corp (Chicago, Net 30 accepted 3 May 2025): an
/// open plan of three 2,400.00 instalments, four notes.
const DEBTOR: &str = "ACC-10004";

struct Desk {
    _dir: tempfile::TempDir,
    app: App,
}

fn desk() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 12);
    drop(store);
    let store = Store::open(&path).unwrap();
    let me = store.agent_by_name("alice").unwrap().unwrap();
    let clock = clock();
    clock.set(chrono::DateTime::parse_from_rfc3339(NOW).unwrap());
    let app = common::open_app(store, me, Box::new(clock), Rules::default(), false);
    Desk { _dir: dir, app }
}

fn keys(desk: &mut Desk, (w, h): (u16, u16), mut events: Vec<Event>) -> Terminal<TestBackend> {
    desk.app.model.quit = false;
    events.push(ctrl('c'));
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let mut script = Script(events.into());
    tui::run(&mut terminal, &mut script, &mut desk.app, &AtomicBool::new(false)).unwrap();
    terminal
}

/// Selects the debtor, opens the plan and fills it in: the required items,
/// the goal and the fallback offer; the cursor ends on the last item.
fn plan() -> Vec<Event> {
    let mut e = vec![key(KeyCode::Char('/'))];
    e.extend(text(DEBTOR));
    e.extend([key(KeyCode::Enter), key(KeyCode::Char('c')), key(KeyCode::Char(' '))]);
    e.extend([key(KeyCode::Down), key(KeyCode::Char(' ')), key(KeyCode::Down)]);
    e.extend([key(KeyCode::Down), key(KeyCode::Enter)]);
    e.extend(text("PTP 2,400 Mon"));
    e.extend([key(KeyCode::Enter), key(KeyCode::Down), key(KeyCode::Enter)]);
    e.extend(text("3 x 800"));
    e.extend([key(KeyCode::Enter), key(KeyCode::Down), key(KeyCode::Char(' '))]);
    e
}

/// A part of the screen as one line of words: text wrapped over rows reads
/// on.
fn words(t: &Terminal<TestBackend>, area: Rect) -> String {
    let text = region(t, area).replace(['│', '─'], " ");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn shows(s: &str, all: &[&str]) {
    for want in all {
        assert!(s.contains(want), "{want:?} is not on screen:\n{s}");
    }
}

/// The columns inside a card over the call (70% of the width, at least
/// 60), below the call's header.
fn card((w, h): (u16, u16)) -> Rect {
    let width = (w * 70 / 100).max(60);
    Rect::new((w - width) / 2 + 1, 4, width - 2, h - 5)
}

/// The whole flow at one size, a snapshot of each screen.
fn flow(size: (u16, u16), name: &str) {
    let mut desk = desk();
    let t = keys(&mut desk, size, plan());
    let s = screen(&t);
    shows(&s, &["Pre-call plan", "Lakeside Manufacturing Corp", "Terms: Net 30"]);
    shows(&s, &["03 May 2025", "▶ [x] If it gets heated", "Automatic checks"]);
    // Every automatic check is named, whatever the height.
    let (w, h) = size;
    let plan_column = words(&t, Rect::new(w / 2, 5, w / 2, h - 7));
    for check in [
        "calling hours",
        "calling days",
        "do not call",
        "dispute hold",
        "attempts in 7 days",
        "someone else on a call",
    ] {
        assert!(plan_column.contains(check), "{check:?} is not on screen:\n{s}");
    }
    // The newest note is there; what does not fit says so.
    let notes_column = words(&t, Rect::new(1, 5, w / 2 - 1, h - 7));
    shows(&notes_column, &["Last notes", "Mon 23 Nov 15:46 alice: Call with Ahmed Brown"]);
    if size.1 < 30 {
        assert!(s.contains("▲ ") && s.contains(" more"), "marks for what is out of view:\n{s}");
    }
    insta::assert_snapshot!(format!("pre_call_{name}"), t.backend());

    let mut call = vec![ctrl('s')];
    call.extend(text("Ahmed confirms the first instalment."));
    call.push(ctrl('p'));
    call.extend(text("2400"));
    call.push(key(KeyCode::Tab));
    call.extend(text("mon"));
    // Keep the open plan (the choice has no default).
    call.extend([key(KeyCode::Tab), key(KeyCode::Tab), key(KeyCode::Tab), key(KeyCode::Tab)]);
    call.push(key(KeyCode::Right));
    call.push(ctrl('s'));
    call.push(ctrl('r'));
    let t = keys(&mut desk, size, call);
    let s = screen(&t);
    shows(&s, &["ON CALL 00:00", "Lakeside Manufact", "Goal: PTP 2,400 Mon", "Ahmed Brown (AP)"]);
    let head = region(&t, Rect::new(0, 1, w, 3));
    shows(&head, &["+1 537 8389 7444", "7,282.21", "INV-10004-001", "266", "2,400.00", "30 Nov"]);
    shows(&head, &["+2", "Fallback: 3 x 800"]);
    let body = words(&t, card(size));
    shows(&body, &["Read back", "will pay 2,400.00 by Monday 30 November 2026."]);
    shows(&body, &["Have I got that right?", "Esc closes this card"]);
    insta::assert_snapshot!(format!("live_call_read_back_{name}"), t.backend());

    // The calm card restates the total overdue and the oldest invoice,
    // with its year.
    let t = keys(&mut desk, size, vec![key(KeyCode::Esc), ctrl('e')]);
    let card = words(&t, card(size));
    shows(&card, &["If it gets heated", "1. Pause.", "Esc closes this card"]);
    shows(
        &card,
        &[
            "So the total overdue is 7,282.21, and the oldest invoice is INV-10004-001 for 4,057.95, due on 4 March 2026.",
        ],
    );

    let t = keys(&mut desk, size, vec![key(KeyCode::Esc), ctrl('s')]);
    let s = screen(&t);
    shows(&s, &["Wrap-up", "Outcome", "1 PTP", "9 WN", "Next contact:"]);
    shows(&s, &["Promise: 2,400.00 by Mon 30 Nov 2026", "Note: Ahmed confirms"]);
    insta::assert_snapshot!(format!("wrap_up_{name}"), t.backend());
}

#[test]
fn the_contact_flow_at_80x24() {
    flow((80, 24), "80x24");
}

#[test]
fn the_contact_flow_at_140x42() {
    flow((140, 42), "140x42");
}

/// A call reopened after a crash shows the fallback offer typed in its plan
/// (read back from the call's stored checklist) in its header.
#[test]
fn a_recovered_call_shows_the_fallback_typed_in_its_plan() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 12);
    let alice = store.agent_by_name("alice").unwrap().unwrap();
    let list = recoup::domain::checklist::Checklist::default_list();
    let mut answers: Vec<Answer> = list.items.iter().map(|i| Answer::blank(i.kind)).collect();
    answers[3] = Answer::Text("PTP 2,400 Mon".into());
    answers[4] = Answer::Text("3 x 800".into());
    let start = CallStart {
        // The demo's fifth debtor, ACC-10004.
        debtor_id: 5,
        agent_id: alice.id,
        contact_id: None,
        checklist: answers_json(&list, &answers),
        goal: "PTP 2,400 Mon".into(),
        overrides: String::new(),
        take_over: false,
    };
    store.start_call(&start, "2026-11-25T14:58:00Z".parse().unwrap()).unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    let clock = clock();
    clock.set(chrono::DateTime::parse_from_rfc3339(NOW).unwrap());
    let app = common::open_app(store, alice, Box::new(clock), Rules::default(), false);
    let mut desk = Desk { _dir: dir, app };
    let t = keys(&mut desk, (80, 24), Vec::new());
    let head = region(&t, Rect::new(0, 1, 80, 3));
    shows(&head, &["ON CALL 02:00", "Lakeside Manuf", "recovered", "Fallback: 3 x 800"]);
}
