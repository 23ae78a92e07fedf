//! The pre-call plan's hint when several checks fail (issue 9 follow-ups,
//! item 4): an agent learns what only a lead may override and also which
//! failing check is hers to override, with an example reason.

mod common;

use std::sync::atomic::AtomicBool;

use common::demo_book;
use common::keys::{Script, ctrl, key, screen, text};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use recoup::app::Rules;
use recoup::clock::FixedClock;
use recoup::store::{ExportKind, Store};
use recoup::tui;

/// 15:00 UTC on Wednesday 25 Nov: 10:00 in New York, inside calling hours.
const NY_MORNING: &str = "2026-11-25T15:00:00+00:00";

/// The plan as `agent` sees it on `reference`, after Ctrl-S.
fn plan_seen_by(path: &std::path::Path, agent: &str, reference: &str) -> String {
    let store = Store::open(path).unwrap();
    let me = store.agent_by_name(agent).unwrap().unwrap();
    let clock = FixedClock::parse(NY_MORNING).unwrap();
    let mut app = common::open_app(store, me, Box::new(clock), Rules::default(), false);
    let mut events = vec![key(KeyCode::Char('/'))];
    events.extend(text(reference));
    events.extend([key(KeyCode::Enter), key(KeyCode::Char('c')), ctrl('s'), ctrl('c')]);
    let mut terminal = Terminal::new(TestBackend::new(140, 42)).unwrap();
    tui::run(&mut terminal, &mut Script(events.into()), &mut app, &AtomicBool::new(false)).unwrap();
    let seen = screen(&terminal);
    // Esc gives the debtor back.
    app.model.quit = false;
    let esc = vec![key(KeyCode::Esc), ctrl('c')];
    tui::run(&mut terminal, &mut Script(esc.into()), &mut app, &AtomicBool::new(false)).unwrap();
    app.settle();
    seen
}

#[test]
fn an_agent_learns_which_failing_check_is_hers_to_override() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 12);
    drop(store);
    let debtors = common::exported(&path, ExportKind::Debtors);
    let reference = debtors
        .iter()
        .find(|r| r[6] == "America/New_York" && r[9] == "alice" && r[11] == "no")
        .map(|r| r[0].clone())
        .expect("a New York debtor of alice's");
    // Marked do not call (a lead's to override) and on hold (anyone's).
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("UPDATE debtors SET do_not_call = 1, status = 'hold' WHERE ref = ?1", [&reference])
        .unwrap();
    let s = plan_seen_by(&path, "alice", &reference);
    assert!(s.contains("✗ do not call: marked do not call"), "{s}");
    assert!(s.contains("✗ dispute hold: the account is on hold"), "{s}");
    assert!(s.contains("Only a lead can override do-not-call."), "{s}");
    assert!(
        s.contains("  dispute hold can be overridden with a reason recorded on the"),
        "the agent learns the hold is hers to override: {s}"
    );
    // A lead may override both, and is told so.
    let s = plan_seen_by(&path, "carol", &reference);
    assert!(!s.contains("Only a lead can"), "{s}");
    assert!(s.contains("do not call and dispute hold can be overridden with a reason"), "{s}");
}
