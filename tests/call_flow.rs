//! The contact flow through the workstation's event loop on TestBackend:
//! screens, overrides, PTP without a promise, dialling, and the store rules
//! behind them.

mod common;

use std::sync::atomic::AtomicBool;

use common::keys::{Script, ctrl, key, screen, text};
use common::{clock, demo_book};
use crossterm::event::{Event, KeyCode};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use recoup::app::{App, Rules};
use recoup::clock::FixedClock;

use recoup::store::{ExportKind, Store};
use recoup::tui;

struct Desk {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    clock: FixedClock,
    app: App,
}

fn desk_with(rules: Rules, now: &str) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 12);
    drop(store);
    desk_on(dir, path, "alice", rules, now)
}

fn desk_on(
    dir: tempfile::TempDir,
    path: std::path::PathBuf,
    agent: &str,
    rules: Rules,
    now: &str,
) -> Desk {
    let store = Store::open(&path).unwrap();
    let me = store.agent_by_name(agent).unwrap().unwrap();
    let clock = clock();
    clock.set(chrono::DateTime::parse_from_rfc3339(now).unwrap());
    let app = common::open_app(store, me, Box::new(clock.clone()), rules, false);
    Desk { _dir: dir, path, clock, app }
}

/// 15:00 UTC on Wednesday 25 Nov: 10:00 in New York.
const NY_MORNING: &str = "2026-11-25T15:00:00+00:00";

fn keys(desk: &mut Desk, mut events: Vec<Event>) -> Terminal<TestBackend> {
    desk.app.model.quit = false;
    events.push(ctrl('c'));
    let mut terminal = Terminal::new(TestBackend::new(140, 42)).unwrap();
    let mut script = Script(events.into());
    tui::run(&mut terminal, &mut script, &mut desk.app, &AtomicBool::new(false)).unwrap();
    terminal
}

fn select(reference: &str) -> Vec<Event> {
    let mut e = vec![key(KeyCode::Char('/'))];
    e.extend(text(reference));
    e.push(key(KeyCode::Enter));
    e
}

/// Opens the pre-call plan and fills in the required items.
fn plan(reference: &str, goal: &str) -> Vec<Event> {
    let mut e = select(reference);
    e.push(key(KeyCode::Char('c')));
    e.push(key(KeyCode::Char(' ')));
    e.push(key(KeyCode::Down));
    e.push(key(KeyCode::Char(' ')));
    e.push(key(KeyCode::Down));
    e.push(key(KeyCode::Down));
    e.push(key(KeyCode::Enter));
    e.extend(text(goal));
    e.push(key(KeyCode::Enter));
    e.push(key(KeyCode::Down));
    e.push(key(KeyCode::Down));
    e.push(key(KeyCode::Char(' ')));
    e
}

/// A New York debtor of alice's from the demo book.
fn new_york_debtor(desk: &Desk) -> String {
    let debtors = common::exported(&desk.path, ExportKind::Debtors);
    debtors
        .iter()
        .find(|r| r[6] == "America/New_York" && r[9] == "alice" && r[11] == "no")
        .map(|r| r[0].clone())
        .expect("a New York debtor")
}

#[test]
fn screens_of_the_contact_flow() {
    let mut desk = desk_with(Rules::default(), NY_MORNING);
    let reference = new_york_debtor(&desk);
    let t = keys(&mut desk, plan(&reference, "PTP 500 by Friday"));
    let s = screen(&t);
    assert!(s.contains("Pre-call plan"));
    assert!(s.contains("▶ [x] If it gets heated"), "{s}");
    insta::assert_snapshot!("pre_call_plan", t.backend());

    let mut call = vec![ctrl('s')];
    call.extend(text("Jane says the invoice is approved."));
    call.push(ctrl('p'));
    call.extend(text("500"));
    call.push(key(KeyCode::Tab));
    call.extend(text("fri"));
    call.push(ctrl('s'));
    call.push(ctrl('r'));
    let t = keys(&mut desk, call);
    let s = screen(&t);
    assert!(s.contains("ON CALL 00:00"), "{s}");
    assert!(s.contains("Goal: PTP 500 by Friday"));
    assert!(s.contains("will pay 500.00 by") && s.contains("Friday 27 November 2026."), "{s}");
    insta::assert_snapshot!("live_call_read_back", t.backend());

    desk.clock.advance(chrono::Duration::seconds(75));
    desk.app.tick();
    desk.app.settle();
    let t = keys(&mut desk, vec![key(KeyCode::Esc), ctrl('s'), key(KeyCode::Char('1'))]);
    let s = screen(&t);
    assert!(s.contains("Wrap-up"));
    assert!(s.contains("Next contact: 2026-11-30"), "the business day after the promise: {s}");
    assert!(s.contains("→ Mon 30 Nov 2026 10:00"), "{s}");
    insta::assert_snapshot!("wrap_up", t.backend());

    let t = keys(&mut desk, vec![ctrl('s')]);
    assert!(
        // 10:00 in New York, shown on the agent's clock (UTC here).
        screen(&t).contains("Call saved: PTP · next contact Mon 30 Nov 15:00"),
        "{}",
        screen(&t)
    );
    let calls = common::exported(&desk.path, ExportKind::Calls);
    let last = calls.last().unwrap();
    assert_eq!((last[5].as_str(), last[4].as_str()), ("PTP", "75"));
    let promises = common::exported(&desk.path, ExportKind::Promises);
    assert!(promises.iter().any(|p| p[0] == reference && p[1] == "500.00" && p[2] == "2026-11-27"));
    let notes = common::exported(&desk.path, ExportKind::Notes);
    assert!(notes.iter().any(|n| n[6] == "Jane says the invoice is approved." && !n[4].is_empty()));
}

#[test]
fn a_failing_check_needs_a_reason_which_is_kept_on_the_call() {
    // 03:00 in New York: outside calling hours.
    let mut desk = desk_with(Rules::default(), "2026-11-25T08:00:00+00:00");
    let reference = new_york_debtor(&desk);
    let mut e = plan(&reference, "Catch them before the run");
    e.push(ctrl('s'));
    let t = keys(&mut desk, e);
    let s = screen(&t);
    assert!(s.contains("✗ calling hours: 03:00 EST in New York is outside 08:00–18:00"), "{s}");
    assert!(s.contains("Override: calling hours"), "{s}");
    let t = keys(&mut desk, vec![ctrl('s')]);
    assert!(screen(&t).contains("say why the call goes ahead anyway"));
    let mut e = text("customer asked for an early call");
    e.push(ctrl('s'));
    let t = keys(&mut desk, e);
    assert!(screen(&t).contains("ON CALL"));
    let calls = common::exported(&desk.path, ExportKind::Calls);
    let overrides = &calls.last().unwrap()[9];
    assert_eq!(
        overrides,
        "calling hours (03:00 EST in New York is outside 08:00–18:00): customer asked for an early call"
    );
}

#[test]
fn ptp_without_a_promise_asks_for_the_promise_first() {
    let mut desk = desk_with(Rules::default(), NY_MORNING);
    let reference = new_york_debtor(&desk);
    let mut e = plan(&reference, "PTP");
    e.push(ctrl('s'));
    e.push(ctrl('s'));
    e.push(key(KeyCode::Char('1')));
    e.push(ctrl('s'));
    let t = keys(&mut desk, e);
    let s = screen(&t);
    assert!(s.contains("PTP needs the promise"), "{s}");
    assert!(s.contains("Promise to pay · "), "{s}");
    let mut e = text("250");
    e.push(key(KeyCode::Tab));
    e.extend(text("+3"));
    e.push(ctrl('s'));
    let t = keys(&mut desk, e);
    assert!(screen(&t).contains("Next contact: 2026-11-30"), "{}", screen(&t));
    let t = keys(&mut desk, vec![ctrl('s')]);
    assert!(screen(&t).contains("Call saved: PTP"), "{}", screen(&t));
}

#[test]
fn a_failing_dial_command_is_reported_and_the_call_goes_on() {
    let rules = Rules { dial_command: Some("false {phone}".into()), ..Rules::default() };
    let mut desk = desk_with(rules, NY_MORNING);
    let reference = new_york_debtor(&desk);
    let mut e = plan(&reference, "Goal");
    e.push(ctrl('s'));
    let t = keys(&mut desk, e);
    // Still dialling, or `false` already exited before this frame.
    let s = screen(&t);
    assert!(s.contains("dialling +") || s.contains("Dialling failed"), "{s}");
    // The dial command's exit is noticed on a tick: wait for that, not a time.
    let failed = "Dialling failed: the dial command exited with exit status: 1";
    let said =
        |desk: &Desk| desk.app.model.status.as_ref().is_some_and(|s| s.text.contains(failed));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !said(&desk) && std::time::Instant::now() < deadline {
        desk.app.tick();
        desk.app.settle();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let t = keys(&mut desk, vec![]);
    let s = screen(&t);
    assert!(
        s.contains(
            "Dialling failed: the dial command exited with exit status: 1; the call goes on"
        ),
        "{s}"
    );
    assert!(s.contains("ON CALL"));
}

#[test]
fn starting_the_call_dials_the_contacts_phone() {
    let out = tempfile::tempdir().unwrap();
    let rules = Rules {
        dial_command: Some(format!("touch {}/dialled:{{phone}}", out.path().display())),
        ..Rules::default()
    };
    let mut desk = desk_with(rules, NY_MORNING);
    let reference = new_york_debtor(&desk);
    let phone = common::exported(&desk.path, ExportKind::Debtors)
        .into_iter()
        .find(|r| r[0] == reference)
        .map(|r| r[4].clone())
        .unwrap();
    let mut e = plan(&reference, "Goal");
    e.push(ctrl('s'));
    keys(&mut desk, e);
    let dialled = out.path().join(format!("dialled:{phone}"));
    for _ in 0..50 {
        if dialled.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(dialled.exists(), "dial command ran with {phone}");
}

#[test]
fn a_promise_on_the_call_needs_the_ptp_outcome_and_typing_replaces_the_suggestion() {
    let mut desk = desk_with(Rules::default(), NY_MORNING);
    let reference = new_york_debtor(&desk);
    let mut e = plan(&reference, "PTP");
    e.push(ctrl('s'));
    e.push(ctrl('p'));
    e.extend(text("200"));
    e.push(key(KeyCode::Tab));
    e.extend(text("+7"));
    e.push(ctrl('s'));
    e.push(ctrl('s'));
    e.push(key(KeyCode::Char('5')));
    e.push(ctrl('s'));
    let t = keys(&mut desk, e);
    let s = screen(&t);
    assert!(s.contains("A promise was recorded on this call, so the outcome is 1 PTP"), "{s}");
    assert!(s.contains("Wrap-up"), "still in wrap-up");

    let mut e = vec![key(KeyCode::Char('1')), key(KeyCode::Tab)];
    e.extend(text("mon 09:30"));
    let t = keys(&mut desk, e);
    let s = screen(&t);
    assert!(s.contains("Next contact: mon 09:30"), "the suggestion was replaced: {s}");
    // Times typed are the debtor's (New York); the agent's clock here is UTC.
    assert!(s.contains("→ Mon 30 Nov 2026 09:30 in New York (Mon 14:30 here)"), "{s}");
    let t = keys(&mut desk, vec![key(KeyCode::Tab), ctrl('s')]);
    assert!(
        screen(&t).contains("Call saved: PTP · next contact Mon 30 Nov 14:30"),
        "{}",
        screen(&t)
    );
}

#[test]
fn the_still_to_do_list_shrinks_as_the_plan_is_done() {
    let mut desk = desk_with(Rules::default(), NY_MORNING);
    let reference = new_york_debtor(&desk);
    let mut start = select(&reference);
    start.push(key(KeyCode::Char('c')));
    start.push(ctrl('s'));
    let s = screen(&keys(&mut desk, start));
    let status = |s: &str| s.lines().last().unwrap_or_default().to_owned();
    let first = " Not started, still to do: Invoices, amounts and due dates reviewed · Prior";
    assert!(status(&s).starts_with(first), "{s}");
    assert_eq!(s.matches("(still to do)").count(), 4, "{s}");
    // Tick the first item: one fewer to do, in the plan and the status line.
    let s = screen(&keys(&mut desk, vec![key(KeyCode::Char(' '))]));
    assert_eq!(s.matches("(still to do)").count(), 3, "{s}");
    let next = " Not started, still to do: Prior commitments and track record reviewed";
    assert!(status(&s).starts_with(next), "{s}");
    // Do the rest as `plan` does: the marks and the message go away.
    let mut rest = vec![key(KeyCode::Down), key(KeyCode::Char(' '))];
    rest.extend([key(KeyCode::Down), key(KeyCode::Down), key(KeyCode::Enter)]);
    rest.extend(text("PTP by Friday"));
    rest.extend([key(KeyCode::Enter), key(KeyCode::Down), key(KeyCode::Down)]);
    rest.push(key(KeyCode::Char(' ')));
    let s = screen(&keys(&mut desk, rest));
    assert!(!s.contains("still to do"), "{s}");
}

#[test]
fn esc_on_a_live_call_says_how_to_end_it() {
    let mut desk = desk_with(Rules::default(), NY_MORNING);
    let reference = new_york_debtor(&desk);
    let mut e = plan(&reference, "PTP by Friday");
    e.push(ctrl('s'));
    e.push(key(KeyCode::Esc));
    let s = screen(&keys(&mut desk, e));
    assert!(s.contains("ON CALL"), "still on the call: {s}");
    assert!(s.contains("On a call: Ctrl-S ends it and opens the wrap-up"), "{s}");
}

#[test]
fn only_a_lead_overrides_do_not_call_and_the_hint_fits_the_check() {
    let mut desk = desk_with(Rules::default(), NY_MORNING);
    let reference = new_york_debtor(&desk);
    rusqlite::Connection::open(&desk.path)
        .unwrap()
        .execute("UPDATE debtors SET do_not_call = 1 WHERE ref = ?1", [&reference])
        .unwrap();
    let mut e = plan(&reference, "PTP by Friday");
    e.push(ctrl('s'));
    let s = screen(&keys(&mut desk, e));
    assert!(s.contains("Only a lead can override do-not-call"), "{s}");
    assert!(!s.contains("Override:"), "no override form for an agent: {s}");
    // The lead gets the form, with an example that fits do-not-call.
    let Desk { _dir, path, .. } = desk;
    let mut lead = desk_on(_dir, path, "carol", Rules::default(), NY_MORNING);
    let mut e = plan(&reference, "PTP by Friday");
    e.push(ctrl('s'));
    let s = screen(&keys(&mut lead, e));
    assert!(s.contains("Override: do not call"), "{s}");
    assert!(s.contains("request of 20 Nov to call again"), "{s}");
}
