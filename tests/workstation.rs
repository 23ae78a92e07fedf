//! The workstation driven through its real event loop with scripted keys on
//! ratatui's TestBackend, over a demo book on a temp file.

mod common;

use std::sync::atomic::AtomicBool;

use common::keys::{Script, ctrl, key, screen, text};
use common::{clock, demo_book};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use recoup::app::{App, Rules};
use recoup::store::Store;
use recoup::tui;

struct Bench {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    app: App,
}

fn open(agent: &str, debtors: usize) -> Bench {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), debtors);
    drop(store);
    let store = Store::open(&path).unwrap();
    let me = store.agent_by_name(agent).unwrap().unwrap();
    let app = common::open_app(store, me, Box::new(clock()), Rules::default(), false);
    Bench { _dir: dir, path, app }
}

/// Runs the event loop over `events` (which must end by quitting) and
/// returns the last frame.
fn run(bench: &mut Bench, width: u16, height: u16, events: Vec<Event>) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let mut script = Script(events.into());
    tui::run(&mut terminal, &mut script, &mut bench.app, &AtomicBool::new(false)).unwrap();
    terminal
}

/// Draws the current model without quitting.
fn frame(bench: &mut Bench, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    bench
        .app
        .resize(recoup::ui::layout::queue_rows(ratatui::layout::Rect::new(0, 0, width, height)));
    terminal.draw(|f| recoup::ui::draw(f, &bench.app.model)).unwrap();
    terminal
}

#[test]
fn workstation_at_140_by_42() {
    let mut bench = open("alice", 40);
    let terminal = frame(&mut bench, 140, 42);
    let text = screen(&terminal);
    for title in ["Queue", "Invoices", "Commitments", "Notes"] {
        assert!(text.contains(title), "pane {title}");
    }
    insta::assert_snapshot!("workstation_140x42", terminal.backend());
}

#[test]
fn tiny_terminal_says_so_instead_of_a_broken_layout() {
    let mut bench = open("alice", 5);
    let terminal = frame(&mut bench, 60, 15);
    let text = screen(&terminal);
    assert!(text.contains("Terminal too small"));
    assert!(text.contains("60×15 here; recoup needs at least 80×24."));
    insta::assert_snapshot!("workstation_tiny", terminal.backend());
}

#[test]
fn queue_starts_focused_on_the_first_debtor_and_moves() {
    let mut bench = open("alice", 40);
    let first = bench.app.model.desk.queue.selected_debtor().unwrap();
    assert_eq!(bench.app.model.desk.account.as_ref().unwrap().debtor.id, first);
    // Promises due and callbacks due share the top tier and lead the queue;
    // the demo's promise-due-today and callback-today debtors are among them.
    let rows = &bench.app.model.desk.queue.rows;
    let top = rows.iter().take_while(|r| r.ptp_due || r.callback_due).count();
    assert!(top >= 2 && rows[top..].iter().all(|r| !r.ptp_due && !r.callback_due));
    let leaders: Vec<&str> = rows[..top].iter().map(|r| r.reference.as_str()).collect();
    assert!(leaders.contains(&"ACC-10001") && leaders.contains(&"ACC-10006"), "{leaders:?}");
    let top: Vec<String> = rows[..2].iter().map(|r| r.reference.clone()).collect();
    assert_eq!(bench.app.model.desk.queue.selected_row().unwrap().reference, top[0]);
    run(
        &mut bench,
        140,
        42,
        vec![
            key(KeyCode::Char('j')),
            key(KeyCode::Char('j')),
            key(KeyCode::Char('k')),
            key(KeyCode::Char('q')),
        ],
    );
    let q = &bench.app.model.desk.queue;
    assert_eq!(q.selected, 1);
    let second = q.selected_debtor().unwrap();
    assert_ne!(second, first);
    assert_eq!(bench.app.model.desk.account.as_ref().unwrap().debtor.id, second);
    assert_eq!(q.selected_row().unwrap().reference, top[1]);
    assert!(bench.app.model.quit);
}

#[test]
fn agents_see_their_own_queue_and_leads_see_everyone() {
    let alice = open("alice", 40);
    let carol = open("carol", 40);
    assert!(alice.app.model.desk.queue.total < carol.app.model.desk.queue.total);
    let mut carol = carol;
    run(&mut carol, 140, 42, vec![key(KeyCode::Char('f')), key(KeyCode::Char('q'))]);
    assert_eq!(carol.app.model.desk.queue.total, 40, "filter 'all' for a lead is the whole book");
}

#[test]
fn a_note_is_written_saved_and_shown() {
    let mut bench = open("alice", 20);
    let debtor = bench.app.model.desk.queue.selected_debtor().unwrap();
    let mut events = vec![key(KeyCode::Char('n'))];
    events.extend(text("Spoke to Jane; pays Friday."));
    events.push(key(KeyCode::Enter));
    events.extend(text("Wire from Chase."));
    events.push(ctrl('s'));
    events.push(key(KeyCode::Char('q')));
    let terminal = run(&mut bench, 140, 42, events);
    let account = bench.app.model.desk.account.as_ref().unwrap();
    assert_eq!(account.debtor.id, debtor);
    assert_eq!(account.notes[0].body, "Spoke to Jane; pays Friday.\nWire from Chase.");
    assert_eq!(account.notes[0].agent, "alice");
    assert_eq!(account.draft, None, "the draft is cleared once saved");
    // The note keeps its line break on screen.
    let shown = screen(&terminal);
    let first = shown.lines().position(|l| l.contains("Spoke to Jane; pays Friday.")).unwrap();
    assert!(shown.lines().nth(first + 1).unwrap().contains("    Wire from Chase."), "{shown}");
}

#[test]
fn every_keystroke_of_a_note_is_kept_as_a_draft_until_saved() {
    let mut bench = open("alice", 10);
    let debtor = bench.app.model.desk.queue.selected_debtor().unwrap();
    let mut events = vec![key(KeyCode::Char('n'))];
    events.extend(text("half a thought"));
    events.push(ctrl('c'));
    run(&mut bench, 140, 42, events);
    assert!(bench.app.model.quit, "Ctrl-C quits from inside the editor");
    let other = Store::open(&bench.path).unwrap();
    let draft = other.draft(bench.app.model.me.id, debtor).unwrap().unwrap();
    assert_eq!(draft.body, "half a thought");

    // Opening the note again brings the draft back.
    bench.app.model.quit = false;
    let terminal = run(&mut bench, 140, 42, vec![key(KeyCode::Char('n')), ctrl('c')]);
    assert!(screen(&terminal).contains("half a thought"));
    assert!(screen(&terminal).contains("Note · "));
}

#[test]
fn esc_asks_before_discarding_text() {
    let mut bench = open("alice", 10);
    let debtor = bench.app.model.desk.queue.selected_debtor().unwrap();
    let mut events = vec![key(KeyCode::Char('n'))];
    events.extend(text("maybe"));
    events.push(key(KeyCode::Esc));
    events.push(key(KeyCode::Char('n'))); // no: keep editing
    events.extend(text("!"));
    events.push(key(KeyCode::Esc));
    events.push(ctrl('c'));
    let terminal = run(&mut bench, 140, 42, events);
    assert!(screen(&terminal).contains("Discard this note?"));
    assert_eq!(bench.app.model.layers.len(), 1, "still in the editor");
    let store = Store::open(&bench.path).unwrap();
    assert_eq!(store.draft(bench.app.model.me.id, debtor).unwrap().unwrap().body, "maybe!");

    bench.app.model.quit = false;
    run(&mut bench, 140, 42, vec![key(KeyCode::Char('y')), key(KeyCode::Char('q'))]);
    assert!(bench.app.model.layers.is_empty());
    assert_eq!(store.draft(bench.app.model.me.id, debtor).unwrap(), None);
    assert!(
        bench.app.model.desk.account.as_ref().unwrap().notes.iter().all(|n| n.body != "maybe!")
    );
}

#[test]
fn search_is_incremental_and_esc_returns_to_the_queue() {
    let mut bench = open("alice", 60);
    let queue_total = bench.app.model.desk.queue.total;
    let mut events = vec![key(KeyCode::Char('/'))];
    events.extend(text("acc-10031"));
    events.push(key(KeyCode::Enter));
    events.push(key(KeyCode::Char('q')));
    let terminal = run(&mut bench, 140, 42, events);
    let q = &bench.app.model.desk.queue;
    assert_eq!(q.search.as_deref(), Some("acc-10031"));
    assert_eq!(q.total, 1);
    assert_eq!(q.rows[0].reference, "ACC-10031");
    assert_eq!(bench.app.model.desk.account.as_ref().unwrap().debtor.reference, "ACC-10031");
    assert!(screen(&terminal).contains("search \"acc-10031\": 1 found"));

    bench.app.model.quit = false;
    run(&mut bench, 140, 42, vec![key(KeyCode::Esc), key(KeyCode::Char('q'))]);
    assert_eq!(bench.app.model.desk.queue.search, None);
    assert_eq!(bench.app.model.desk.queue.total, queue_total);
}

#[test]
fn help_lists_every_key_in_the_table() {
    let mut bench = open("alice", 5);
    let press = |bench: &mut Bench, c: char| {
        bench.app.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    };
    press(&mut bench, '?');
    // Read every page of the help as it scrolls.
    let mut seen = String::new();
    for _ in 0..40 {
        seen.push_str(&screen(&frame(&mut bench, 140, 42)));
        press(&mut bench, 'j');
    }
    for b in recoup::app::keymap::DEFAULT_BINDINGS {
        use recoup::app::keymap::Scope;
        if matches!(b.scope, Scope::Confirm | Scope::Help | Scope::PreCallEdit | Scope::WrapUpEdit)
            || matches!(b.command, recoup::app::keymap::Command::Pick(n) if n > 1)
        {
            continue;
        }
        assert!(seen.contains(b.help), "help lacks {:?}", b.help);
    }
}

#[test]
fn another_process_commit_shows_within_a_poll() {
    let mut bench = open("alice", 10);
    let reference = bench.app.model.desk.account.as_ref().unwrap().debtor.reference.clone();
    let other = Store::open(&bench.path).unwrap();
    other
        .add_note_by_ref(&reference, 2, "bob added this from his desk", common::moment().now)
        .unwrap();
    // Waits for the note, not for a poll interval.
    let seen = common::poll_until(&mut bench.app, |app| {
        app.model.desk.account.as_ref().is_some_and(|a| {
            a.notes.first().is_some_and(|n| n.body == "bob added this from his desk")
        })
    });
    assert!(seen, "the other desk's note shows");
    let notes = &bench.app.model.desk.account.as_ref().unwrap().notes;
    assert_eq!(notes[0].agent, "bob");
}

#[test]
fn pasted_text_lands_in_the_note_in_one_piece() {
    let mut bench = open("alice", 10);
    let events = vec![
        key(KeyCode::Char('n')),
        Event::Paste("Remittance advice:\r\nINV-1 and INV-2 paid".into()),
        ctrl('s'),
        key(KeyCode::Char('q')),
    ];
    run(&mut bench, 140, 42, events);
    let notes = &bench.app.model.desk.account.as_ref().unwrap().notes;
    assert_eq!(notes[0].body, "Remittance advice:\nINV-1 and INV-2 paid");
}

#[test]
fn scrolling_the_notes_says_how_many_newer_ones_are_above() {
    let mut bench = open("alice", 40);
    // Find a debtor with at least three notes.
    let mut moves = 0;
    while bench.app.model.desk.account.as_ref().unwrap().notes.len() < 3 {
        run(&mut bench, 140, 42, vec![key(KeyCode::Char('j')), key(KeyCode::Char('q'))]);
        bench.app.model.quit = false;
        moves += 1;
        assert!(moves < 14, "no debtor in alice's queue has three notes");
    }
    let keys = vec![
        key(KeyCode::Tab),
        key(KeyCode::Tab),
        key(KeyCode::Tab),
        key(KeyCode::Char('j')),
        key(KeyCode::Char('j')),
        key(KeyCode::Char('q')),
    ];
    let shown = screen(&run(&mut bench, 140, 42, keys));
    assert_eq!(bench.app.model.desk.note_scroll, 2);
    assert!(shown.contains("↑ 2 newer notes above (k)"), "{shown}");
}
