//! Every screen not snapshotted elsewhere, at the smallest terminal
//! (80x24) and a roomy one (140x42): search, the note, the promise,
//! payment and dispute forms, why this debtor is here, the assign picker
//! and a lead's confirmation. Each keeps its title, its fields and the keys
//! that save or leave it in view (issue 11, item 14).

mod common;

use std::sync::atomic::AtomicBool;

use common::keys::{Script, screen};
use common::{clock, demo_book};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use recoup::app::{App, Rules};
use recoup::store::Store;
use recoup::tui;

const SIZES: [(u16, u16); 2] = [(80, 24), (140, 42)];

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn chars(s: &str) -> Vec<Event> {
    s.chars().map(|c| key(KeyCode::Char(c))).collect()
}

/// The screen after `events`, on a fresh workstation of `agent` (each
/// screen starts from the queue).
fn shown(agent: &str, events: Vec<Event>, size: (u16, u16)) -> String {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 40);
    drop(store);
    let store = Store::open(&path).unwrap();
    let me = store.agent_by_name(agent).unwrap().unwrap();
    let mut app: App = common::open_app(store, me, Box::new(clock()), Rules::default(), false);
    // No quit key: the last frame is the screen itself, drawn once the
    // store has answered every key; then the script runs out.
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    let end =
        tui::run(&mut terminal, &mut Script(events.into()), &mut app, &AtomicBool::new(false));
    assert!(end.is_err_and(|e| e.to_string().contains("script ended")));
    screen(&terminal)
}

/// Checks each part is on screen, then snapshots it under `name_WxH`.
fn check(name: &str, agent: &str, events: Vec<Event>, parts: &[&str]) {
    for size in SIZES {
        let s = shown(agent, events.clone(), size);
        for part in parts {
            assert!(s.contains(part), "{name} at {}x{} lacks {part:?}:\n{s}", size.0, size.1);
        }
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), s);
    }
}

#[test]
fn search_keeps_the_query_and_its_results() {
    let mut keys = vec![key(KeyCode::Char('/'))];
    keys.extend(chars("ACC-1000"));
    check("search", "alice", keys, &["/ACC-1000", "debtors match \"ACC-1000\"", "ACC-10009"]);
}

/// No snapshot: the notes pane behind the form shows the draft as far as
/// the store has it, which depends on when the coalesced autosave ran.
#[test]
fn the_note_keeps_its_text_and_how_to_save() {
    let mut keys = vec![key(KeyCode::Char('n'))];
    keys.extend(chars("Called AP, left a message."));
    for size in SIZES {
        let s = shown("alice", keys.clone(), size);
        for part in ["Note", "Called AP, left a message.", "Ctrl-S", "Esc"] {
            assert!(s.contains(part), "the note at {size:?} lacks {part:?}:\n{s}");
        }
    }
}

#[test]
fn the_promise_form_keeps_every_field() {
    check(
        "promise_form",
        "alice",
        vec![key(KeyCode::Char('p'))],
        &["Promise to pay", "Amount", "Due date", "Instalments", "Frequency", "Ctrl-S save"],
    );
}

#[test]
fn the_payment_form_keeps_every_field() {
    check(
        "payment_form",
        "alice",
        vec![key(KeyCode::Char('$'))],
        &["Payment", "Amount", "Received", "Reference", "Ctrl-S save"],
    );
}

#[test]
fn the_dispute_form_names_its_invoice() {
    check(
        "dispute_form",
        "alice",
        vec![key(KeyCode::Tab), key(KeyCode::Char('d'))],
        &["Dispute · invoice INV-", "Reason", "Ctrl-S save"],
    );
}

#[test]
fn why_shows_the_score_whole() {
    check("why", "alice", vec![key(KeyCode::Char('w'))], &["score", "Esc"]);
}

#[test]
fn the_assign_picker_lists_the_agents_and_unassigned_once() {
    let keys = vec![key(KeyCode::Char('L')), key(KeyCode::Char(' ')), key(KeyCode::Char('a'))];
    for size in SIZES {
        let s = shown("carol", keys.clone(), size);
        for part in ["alice", "bob", "(unassigned)"] {
            assert!(s.contains(part), "the picker lacks {part:?}:\n{s}");
        }
        let in_picker = s.matches("│  (unassigned)").count() + s.matches("│▶ (unassigned)").count();
        assert_eq!(in_picker, 1, "the picker lists (unassigned) once:\n{s}");
        insta::assert_snapshot!(format!("assign_picker_{}x{}", size.0, size.1), s);
    }
}
