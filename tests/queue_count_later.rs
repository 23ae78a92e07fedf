//! Issue 16: the first page of a long list is drawn before the list is
//! counted (on a million debtors the count is the slowest read at start);
//! the count fills in when it comes, on the workstation and in triage.

mod common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use recoup::app::{App, Rules};
use recoup::domain::queue::QueueFilter;
use recoup::store::{QueueScope, Store};

/// The workstation on the book as `agent`, its first reads not yet answered.
fn open(path: &std::path::Path, store: &Store, agent: &str) -> App {
    let me = store.agent_by_name(agent).unwrap().unwrap();
    App::new(Store::open(path).unwrap(), me, Box::new(common::clock()), Rules::default(), false)
        .unwrap()
}

fn header(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(140, 42)).unwrap();
    t.draw(|f| recoup::ui::draw(f, &app.model)).unwrap();
    let buffer = t.backend().buffer();
    (0..3).map(|y| (0..140).map(|x| buffer[(x, y)].symbol()).collect::<String>()).collect()
}

#[test]
fn the_first_page_shows_before_the_count_then_the_count_fills_in() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = common::demo_book(dir.path(), 1200);
    let due =
        store.queue_count(QueueScope::All, QueueFilter::DueNow, common::moment().now).unwrap();
    assert!(due > 200, "more than a page due: {due}");
    let mut app = open(&path, &store, "carol");
    // The first answer: the first page, not yet counted.
    assert!(common::poll_until(&mut app, |a| !a.model.desk.queue.rows.is_empty()));
    let q = &app.model.desk.queue;
    assert!(!q.counted, "the page came before the count");
    assert_eq!(q.rows.len(), 200);
    let first = header(&app);
    assert!(first.contains("All debtors 200+ due"), "{first}");
    assert!(first.contains("due now · 1 of 200+"), "{first}");
    // Then the count.
    app.settle();
    let counted = header(&app);
    assert!(counted.contains(&format!("All debtors {due} due")), "{counted}");
    assert!(counted.contains(&format!("due now · 1 of {due}")), "{counted}");
    // Moving past the first page and to the end works as before.
    for _ in 0..250 {
        app.key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
        app.settle();
    }
    assert_eq!(app.model.desk.queue.selected, 250);
    app.key(KeyEvent::new(KeyCode::Char('G'), KeyModifiers::NONE));
    app.settle();
    assert_eq!(app.model.desk.queue.selected, due - 1);
}

#[test]
fn a_short_list_is_counted_with_its_first_page() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = common::demo_book(dir.path(), 60);
    let mut app = open(&path, &store, "alice");
    assert!(common::poll_until(&mut app, |a| !a.model.desk.queue.rows.is_empty()));
    assert!(app.model.desk.queue.counted, "a page short of full is the whole list");
    let n = app.model.desk.queue.rows.len();
    assert!(header(&app).contains(&format!("My queue {n} due")), "{}", header(&app));
}
