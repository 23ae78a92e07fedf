//! `Ctrl-W` deletes a word and `Ctrl-U` clears, as in a shell, in every
//! kind of text field (issue 11, item 4): the search line, each kind of form
//! field (amount, date, count, choice, text), the pre-call plan's text
//! items, the wrap-up's next contact, the picker's filter, and the
//! multi-line editors of notes (where `Ctrl-U` clears the line up to the
//! cursor rather than undoing).

mod common;

use common::{demo_book, open_app};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use recoup::app::layer::Layer;
use recoup::app::text_input::text;
use recoup::app::{App, Rules};
use recoup::clock::FixedClock;
use recoup::domain::checklist::Answer;
use recoup::store::{ExportKind, Store};

/// 15:00 UTC on Wednesday 25 Nov: 10:00 in New York.
const NY_MORNING: &str = "2026-11-25T15:00:00+00:00";

struct Desk {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    app: App,
}

fn desk(agent: &str) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 12);
    drop(store);
    let store = Store::open(&path).unwrap();
    let me = store.agent_by_name(agent).unwrap().unwrap();
    let clock = FixedClock::parse(NY_MORNING).unwrap();
    let app = open_app(store, me, Box::new(clock), Rules::default(), false);
    Desk { _dir: dir, path, app }
}

fn press(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    app.key(KeyEvent::new(code, mods));
    app.settle();
}

fn key(app: &mut App, code: KeyCode) {
    press(app, code, KeyModifiers::NONE);
}

fn ctrl(app: &mut App, c: char) {
    press(app, KeyCode::Char(c), KeyModifiers::CONTROL);
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// The text of the field being typed into, in the top screen.
fn field(app: &App) -> String {
    match app.model.layers.last().expect("a screen over the workstation") {
        Layer::Search(s) => s.text().to_owned(),
        Layer::Form(f) => f.fields.0[f.focus].value().to_owned(),
        Layer::Picker(p) => p.typed.as_str().to_owned(),
        Layer::PreCall(p) => match &p.answers[p.focus] {
            Answer::Text(t) => t.clone(),
            Answer::Tick(_) => panic!("item {} is not a text item", p.focus),
        },
        Layer::WrapUp(w) => w.next.as_str().to_owned(),
        Layer::Note(n) => text(&n.editor),
        Layer::Call(c) => text(&c.editor),
        other => panic!("no text field in {other:?}"),
    }
}

/// Clears what the field holds, types three words, takes the last one
/// back, then clears the field: `before` is what typing adds to.
fn shell_keys(app: &mut App, what: &str, before: &str) {
    word_keys(app, what, before, |app| ctrl(app, 'w'));
}

/// The same with `delete_word` taking the last word back (on a call,
/// Ctrl-W writes the statement, so Alt-Backspace deletes a word).
fn word_keys(app: &mut App, what: &str, before: &str, delete_word: impl Fn(&mut App)) {
    if before.is_empty() {
        ctrl(app, 'u');
        assert_eq!(field(app), "", "{what}: Ctrl-U clears");
    }
    typed(app, "alpha beta gamma");
    assert_eq!(field(app), format!("{before}alpha beta gamma"), "{what}");
    delete_word(app);
    assert_eq!(field(app), format!("{before}alpha beta "), "{what}: a word deleted");
    delete_word(app);
    assert_eq!(field(app), format!("{before}alpha "), "{what}: and another");
    ctrl(app, 'u');
    let cleared = before.rsplit_once('\n').map_or(String::new(), |(b, _)| format!("{b}\n"));
    assert_eq!(field(app), cleared, "{what}: Ctrl-U clears");
}

#[test]
fn the_search_line_takes_ctrl_w_and_ctrl_u() {
    let mut d = desk("alice");
    key(&mut d.app, KeyCode::Char('/'));
    shell_keys(&mut d.app, "search", "");
    assert_eq!(d.app.model.desk.queue.search, None, "a cleared search shows the queue");
}

#[test]
fn every_kind_of_form_field_takes_ctrl_w_and_ctrl_u() {
    let mut d = desk("alice");
    // The promise form: amount, due date, instalments (a count, "1"
    // already), frequency (a choice), invoices (text).
    key(&mut d.app, KeyCode::Char('p'));
    for what in ["amount", "due date", "instalments", "frequency", "invoices"] {
        shell_keys(&mut d.app, what, "");
        key(&mut d.app, KeyCode::Tab);
    }
    key(&mut d.app, KeyCode::Esc);
    // The dispute form: reason (a choice with a value), note.
    key(&mut d.app, KeyCode::Tab);
    key(&mut d.app, KeyCode::Char('d'));
    assert!(matches!(d.app.model.layers.last(), Some(Layer::Form(_))), "the dispute form");
    shell_keys(&mut d.app, "dispute reason", "");
    key(&mut d.app, KeyCode::Tab);
    shell_keys(&mut d.app, "dispute note", "");
}

#[test]
fn a_note_takes_ctrl_w_and_ctrl_u_on_its_last_line() {
    let mut d = desk("alice");
    key(&mut d.app, KeyCode::Char('n'));
    typed(&mut d.app, "Spoke to AP.");
    key(&mut d.app, KeyCode::Enter);
    shell_keys(&mut d.app, "note", "Spoke to AP.\n");
}

#[test]
fn the_picker_filter_takes_ctrl_w_and_ctrl_u() {
    let mut d = desk("carol");
    key(&mut d.app, KeyCode::Char('L'));
    key(&mut d.app, KeyCode::Char('a'));
    assert!(matches!(d.app.model.layers.last(), Some(Layer::Picker(_))), "the agent picker");
    shell_keys(&mut d.app, "picker", "");
}

/// The contact flow's fields: a text item of the plan, the call's notes,
/// the wrap-up's next contact.
#[test]
fn the_contact_flows_fields_take_ctrl_w_and_ctrl_u() {
    let mut d = desk("alice");
    let debtors = common::exported(&d.path, ExportKind::Debtors);
    let reference = debtors
        .iter()
        .find(|r| r[6] == "America/New_York" && r[9] == "alice" && r[11] == "no")
        .map(|r| r[0].clone())
        .expect("a New York debtor");
    key(&mut d.app, KeyCode::Char('/'));
    typed(&mut d.app, &reference);
    key(&mut d.app, KeyCode::Enter);
    key(&mut d.app, KeyCode::Char('c'));
    assert!(matches!(d.app.model.layers.last(), Some(Layer::PreCall(_))), "the plan");
    // Tick the two required items, then type into the goal (item 4).
    key(&mut d.app, KeyCode::Char(' '));
    key(&mut d.app, KeyCode::Down);
    key(&mut d.app, KeyCode::Char(' '));
    key(&mut d.app, KeyCode::Down);
    key(&mut d.app, KeyCode::Down);
    key(&mut d.app, KeyCode::Enter);
    shell_keys(&mut d.app, "plan item", "");
    typed(&mut d.app, "PTP by Friday");
    key(&mut d.app, KeyCode::Enter);
    key(&mut d.app, KeyCode::Down);
    key(&mut d.app, KeyCode::Down);
    key(&mut d.app, KeyCode::Char(' '));
    ctrl(&mut d.app, 's');
    assert!(matches!(d.app.model.layers.last(), Some(Layer::Call(_))), "on call");
    typed(&mut d.app, "Jane picked up.");
    key(&mut d.app, KeyCode::Enter);
    word_keys(&mut d.app, "call notes", "Jane picked up.\n", |app| {
        press(app, KeyCode::Backspace, KeyModifiers::ALT);
    });
    ctrl(&mut d.app, 'w');
    assert!(matches!(d.app.model.layers.last(), Some(Layer::Write(_))), "Ctrl-W writes on a call");
    key(&mut d.app, KeyCode::Esc);
    assert!(matches!(d.app.model.layers.last(), Some(Layer::Call(_))), "Esc: back to the call");
    ctrl(&mut d.app, 's');
    assert!(matches!(d.app.model.layers.last(), Some(Layer::WrapUp(_))), "the wrap-up");
    key(&mut d.app, KeyCode::Tab);
    shell_keys(&mut d.app, "next contact", "");
}
