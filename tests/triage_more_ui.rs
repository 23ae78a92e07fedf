//! Triage and help at the smallest terminal (80x24) and a roomy one
//! (140x42), the figures' headers, and the assign picker, through the
//! workstation's event loop on TestBackend.

mod common;

use std::sync::atomic::AtomicBool;

use common::keys::{Script, ctrl, screen};
use common::{clock, demo_book};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use recoup::app::layer::Layer;
use recoup::app::{App, Rules};
use recoup::store::Store;
use recoup::tui;

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn esc() -> Event {
    Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE))
}

fn run(app: &mut App, mut events: Vec<Event>, size: (u16, u16)) -> String {
    app.model.quit = false;
    events.push(ctrl('c'));
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
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

fn has(screen: &str, parts: &[&str]) {
    for part in parts {
        assert!(screen.contains(part), "lacks {part:?}:\n{screen}");
    }
}

/// The lines of the screen between the first that contains `from` and the
/// next box bottom.
fn section<'a>(screen: &'a str, from: &str) -> Vec<&'a str> {
    screen.lines().skip_while(|l| !l.contains(from)).take_while(|l| !l.contains('└')).collect()
}

#[test]
fn triage_at_80x24_keeps_the_aging_bars_the_unassigned_line_and_debtors() {
    let (_dir, mut app) = app("carol");
    let screen = run(&mut app, vec![key('L')], (80, 24));
    has(
        &screen,
        &[
            "┌Triage",
            "Book now · as of 25 Nov 2026 14:03",
            "Collection KPIs · October 2026 (last full month) · as of 25 Nov 2026 14:03",
            "Oct 2026            39,370.49    89.4    41.1    48.3   16.9      50%",
            "Aging (undisputed)",
            "Agents · calls today, kept Oct 2026",
            "(unassigned)     4        0.00",
            "Debtors · all · 1 of 40 · 0 selected",
            "[ ] Wide World National…",
        ],
    );
    for bucket in ["current ", "1-30    ", "31-60   ", "61-90   ", "90+     "] {
        let line =
            screen.lines().find(|l| l.contains(&format!("│{bucket}"))).unwrap_or_else(|| {
                panic!("no bar for {bucket:?}:\n{screen}");
            });
        assert!(line.contains('█'), "{bucket:?} has a bar: {line}");
    }
    let debtors = screen.lines().filter(|l| l.contains("[ ] ")).count();
    assert!(debtors >= 5, "five debtors show at 80x24:\n{screen}");
    insta::assert_snapshot!("triage_80x24", screen);
}

#[test]
fn triage_at_140x42_heads_each_block_with_its_period_and_as_of() {
    let (_dir, mut app) = app("carol");
    let screen = run(&mut app, vec![key('L')], (140, 42));
    has(
        &screen,
        &[
            "Book now · as of 25 Nov 2026 14:03",
            "Collection KPIs · October 2026 (last full month, 2026-10-01 to 2026-10-31, 31 days) · as of 25 Nov 2026 14:03",
            "last full month    2026-10-01 – 2026-10-31",
            "month to date      2026-11-01 – 2026-11-25",
            "Aging (undisputed) · as of 25 Nov 2026 14:03",
            "Agents · accounts and overdue now, contacts today, kept: October 2026 (last full month) · as of 25 Nov 2026 14:03",
            "(unassigned)               4             0.00",
            "Debtors · all · 1 of 40 · 0 selected",
        ],
    );
    insta::assert_snapshot!("triage_140x42_blocks", screen);
    // `p`: every header follows the period shown.
    let three = run(&mut app, vec![key('p')], (140, 42));
    has(
        &three,
        &[
            "Collection KPIs · August – October 2026 (last 3 full months, 2026-08-01 to 2026-10-31, 92 days) · as of 25 Nov 2026 14:03",
            "kept: August – October 2026 (last 3 full months)",
        ],
    );
    let to_date = run(&mut app, vec![key('p')], (80, 24));
    has(
        &to_date,
        &[
            "Collection KPIs · 1–25 November 2026 (month to date) · as of 25 Nov 2026 14:03",
            "calls today, kept 1–25 Nov",
            "1–25 Nov 2026",
        ],
    );
}

#[test]
fn the_assign_picker_offers_unassigned_once() {
    let (_dir, mut app) = app("carol");
    let screen = run(&mut app, vec![key('L'), key('a')], (140, 42));
    let Some(Layer::Picker(p)) = app.model.layers.last() else { panic!("no picker:\n{screen}") };
    let names: Vec<&str> = p.options.iter().map(|o| o.1.as_str()).collect();
    assert_eq!(names, ["alice", "bob", "carol", "(unassigned)"]);
    let picker = section(&screen, "Assign Wide World National Logistics Inc (ACC-10001) to");
    // Only the popup's columns: the agents' table beside it has its own line.
    let top: Vec<char> = picker[0].chars().collect();
    let left = top.iter().position(|c| *c == '┌').unwrap();
    let right = left + top[left..].iter().position(|c| *c == '┐').unwrap();
    let inside: Vec<String> =
        picker.iter().map(|l| l.chars().skip(left).take(right - left + 1).collect()).collect();
    assert_eq!(inside.iter().filter(|l| l.contains("(unassigned)")).count(), 1, "{inside:#?}");
}

/// Every key's description shows whole in the help's visible lines.
fn whole_lines(screen: &str, texts: &[&str]) {
    for text in texts {
        assert!(screen.contains(text), "help lacks {text:?} whole:\n{screen}");
    }
}

#[test]
fn help_at_80x24_is_one_column_of_whole_lines_for_the_workstation_and_triage() {
    let (_dir, mut app) = app("carol");
    let desk = run(&mut app, vec![key('?')], (80, 24));
    whole_lines(
        &desk,
        &[
            "│Workstation ",
            "  /            search: name, ref, invoice number, phone ",
            "  c            contact the debtor: the pre-call plan ",
            "  d            dispute or resolve the invoice (Invoices) ",
        ],
    );
    assert!(!desk.contains("Pre-call plan"), "one column: the next sections scroll\n{desk}");
    insta::assert_snapshot!("help_workstation_80x24", desk);
    let triage = run(&mut app, vec![esc(), key('L'), key('?')], (80, 24));
    whole_lines(
        &triage,
        &[
            "│Triage (leads) ",
            "  Space        select or unselect, and move down ",
            "  V            select all of the filter, or none ",
            "  /            search in the filter (as in the queue) ",
            "  h            hold or release, with a reason ",
            "  x            escalate to agency or legal, with a reason ",
        ],
    );
    insta::assert_snapshot!("help_triage_80x24", triage);
}

#[test]
fn help_at_140x42_is_two_columns_of_whole_lines_for_the_workstation_and_triage() {
    let (_dir, mut app) = app("carol");
    let desk = run(&mut app, vec![key('?')], (140, 42));
    let first = desk.lines().find(|l| l.contains("│Workstation")).unwrap();
    assert!(first.contains("On call"), "two columns side by side: {first}");
    whole_lines(&desk, &["  /            search: name, ref, invoice number, phone "]);
    insta::assert_snapshot!("help_workstation_140x42", desk);
    let triage = run(&mut app, vec![esc(), key('L'), key('?')], (140, 42));
    let first = triage.lines().find(|l| l.contains("│Triage (leads)")).unwrap();
    assert!(first.matches('│').count() >= 2, "{first}");
    whole_lines(
        &triage,
        &[
            "  Space        select or unselect, and move down ",
            "  x            escalate to agency or legal, with a reason ",
        ],
    );
    insta::assert_snapshot!("help_triage_140x42", triage);
}
