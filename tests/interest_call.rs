//! Issue 13 on a call: interest is said only once the agent claims it
//! (`Ctrl-T`): the call's header offers it, then says it is claimed, and the
//! calm card restates it; before that the card says nothing of it.

mod common;

use std::sync::atomic::AtomicBool;

use common::keys::{Script, ctrl, key, region, screen, text};
use common::{clock, demo_book, moment};
use crossterm::event::{Event, KeyCode};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use recoup::app::{App, Rules};
use recoup::domain::interest::{SHIPPED_RATES_CSV, parse_rates_csv};
use recoup::domain::interest_terms::InterestRegime;
use recoup::store::Store;
use recoup::tui;

/// 15:00 UTC on Wednesday 25 Nov: 09:00 in Chicago (as the contact flow's
/// screens are tested).
const NOW: &str = "2026-11-25T15:00:00+00:00";
const DEBTOR: &str = "ACC-10004";

fn desk(dir: &std::path::Path) -> (App, String) {
    let (path, store) = demo_book(dir, 12);
    let carol = store.agent_by_name("carol").unwrap().unwrap().id;
    let rates = parse_rates_csv(SHIPPED_RATES_CSV).unwrap();
    store.import_rates(&rates, "shipped", carol, moment().now).unwrap();
    let id = store.search(&recoup::domain::search::SearchQuery::new(DEBTOR), 5).unwrap().debtors[0];
    store.set_debtor_interest(id, InterestRegime::Uk, 800, carol, moment().now).unwrap();
    let today = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().date_naive();
    let total = store.interest_claims(id, today).unwrap().total.unwrap();
    assert!(total.interest.cents() > 0);
    drop(store);
    let store = Store::open(&path).unwrap();
    let me = store.agent_by_name("alice").unwrap().unwrap();
    let clock = clock();
    clock.set(chrono::DateTime::parse_from_rfc3339(NOW).unwrap());
    let app = common::open_app(store, me, Box::new(clock), Rules::default(), false);
    (app, total.interest.format())
}

fn keys(app: &mut App, mut events: Vec<Event>) -> Terminal<TestBackend> {
    app.model.quit = false;
    events.push(ctrl('c'));
    let mut terminal = Terminal::new(TestBackend::new(140, 42)).unwrap();
    let mut script = Script(events.into());
    tui::run(&mut terminal, &mut script, app, &AtomicBool::new(false)).unwrap();
    terminal
}

/// Selects the debtor, fills in the plan and starts the call.
fn call() -> Vec<Event> {
    let mut e = vec![key(KeyCode::Char('/'))];
    e.extend(text(DEBTOR));
    e.extend([key(KeyCode::Enter), key(KeyCode::Char('c')), key(KeyCode::Char(' '))]);
    e.extend([key(KeyCode::Down), key(KeyCode::Char(' ')), key(KeyCode::Down)]);
    e.extend([key(KeyCode::Down), key(KeyCode::Enter)]);
    e.extend(text("PTP"));
    e.extend([key(KeyCode::Enter), key(KeyCode::Down), key(KeyCode::Enter)]);
    e.extend(text("3 x 800"));
    e.extend([key(KeyCode::Enter), key(KeyCode::Down), key(KeyCode::Char(' '))]);
    e.push(ctrl('s'));
    e
}

#[test]
fn interest_is_offered_on_the_call_and_said_on_the_card_only_once_claimed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, interest) = desk(dir.path());
    let mut events = call();
    events.push(ctrl('e'));
    let t = keys(&mut app, events);
    let s = screen(&t);
    assert!(s.contains("ON CALL"), "{s}");
    let head = region(&t, Rect::new(0, 1, 140, 3));
    let offered = [format!("interest {interest} · Ctrl-T to claim"), format!("· int {interest} ·")];
    assert!(offered.iter().any(|o| head.contains(o.as_str())), "{head}");
    assert!(s.contains("If it gets heated") && !s.contains("on top of that"), "{s}");

    let t = keys(&mut app, vec![key(KeyCode::Esc), ctrl('t'), ctrl('e')]);
    let s = screen(&t);
    let head = region(&t, Rect::new(0, 1, 140, 3));
    let claimed =
        [format!("claiming interest {interest} + comp "), format!("int {interest} claimed")];
    assert!(claimed.iter().any(|o| head.contains(o.as_str())), "{head}");
    let flat = s.replace(['│', '\n'], " ").split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(&format!("on top of that late-payment interest of {interest}")), "{s}");
}
