//! Triage's "Book now" shows the book's claimable interest and
//! compensation once debtors have a regime (issue 13), read with the rest
//! of the figures when triage opens; a book without regimes shows neither.

mod common;

use std::sync::atomic::AtomicBool;

use common::keys::{Script, ctrl, screen};
use common::{clock, demo_book};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use recoup::app::Rules;
use recoup::store::Store;
use recoup::tui;

fn triage(store: Store) -> String {
    let me = store.agent_by_name("carol").unwrap().unwrap();
    let mut app = common::open_app(store, me, Box::new(clock()), Rules::default(), false);
    let events = vec![Event::Key(KeyEvent::new(KeyCode::Char('L'), KeyModifiers::NONE)), ctrl('c')];
    let mut terminal = Terminal::new(TestBackend::new(140, 42)).unwrap();
    tui::run(&mut terminal, &mut Script(events.into()), &mut app, &AtomicBool::new(false)).unwrap();
    screen(&terminal)
}

#[test]
fn book_now_shows_interest_and_compensation_only_with_regimes() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 40);
    drop(store);
    let plain = triage(Store::open(&path).unwrap());
    assert!(plain.contains("Outstanding ") && !plain.contains("Interest "), "{plain}");

    // Every other debtor under `uk`, the base rate 5% since 2000.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "UPDATE debtors SET interest = 'uk' WHERE id % 2 = 0;
         INSERT INTO reference_rates (series, effective_on, basis_points)
              VALUES ('boe_base', '2000-01-01', 500);",
    )
    .unwrap();
    let store = Store::open(&path).unwrap();
    let today = store.moment(common::moment().now).unwrap().today;
    let book = store.book_interest(today).unwrap();
    assert_eq!(book.debtors, 20);
    assert!(book.unknown.is_none());
    assert!(book.total.interest.cents() > 0 && book.total.compensation.cents() > 0, "{book:?}");
    let shown = triage(store);
    let interest = format!("Interest {}", book.total.interest.format());
    let compensation = format!("Compensation {}", book.total.compensation.format());
    assert!(shown.contains(&interest) && shown.contains(&compensation), "{shown}");
}
