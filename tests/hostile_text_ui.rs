//! Data text on the workstation's screen (ratatui's TestBackend): control
//! characters and bidi overrides drawn as a visible mark, names measured in
//! terminal cells, amounts never cut at the front, amounts capped in forms.

mod common;

use std::sync::atomic::AtomicBool;

use common::keys::{Script, ctrl, key, region, screen, text};
use common::{clock, moment};
use crossterm::event::{Event, KeyCode};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use recoup::app::{App, Rules};
use recoup::domain::Money;
use recoup::domain::people::DebtorStatus;
use recoup::store::{NewContact, NewDebtor, NewInvoice, NoteDraft, Store};
use recoup::tui;

const HOSTILE: &str = "\x1b]0;pwned\x07Evil\u{202e}Corp";
const CJK: &str = "株式会社山田製作所";
const EMOJI: &str = "Café 😀 Ltd";

/// A book of a few debtors, each owing one overdue invoice, all carol's.
fn app(dir: &std::path::Path) -> App {
    let store = Store::open(&dir.join("t.sqlite")).unwrap();
    let at = moment();
    let carol = store.resolve_agent("carol", at.now).unwrap();
    let mut w = store.book_writer(at).unwrap();
    let debtors = [
        ("H-1", HOSTILE, "INV\x1b[2J-1", Money(120_000)),
        ("J-1", CJK, "J-INV-1", Money(110_000)),
        ("E-1", EMOJI, "E-INV-1", Money(100_000)),
        ("P-1", "Plain Trading", "P-INV-1", Money(90_000)),
        ("B-1", "Huge Holdings", "B-INV-1", Money::MAX),
    ];
    let mut hostile_id = 0;
    for (reference, name, number, amount) in debtors {
        let (id, _) = w
            .debtor(&NewDebtor {
                reference: reference.into(),
                name: name.into(),
                timezone: "UTC".into(),
                terms_days: 30,
                terms_accepted_on: None,
                assigned_to: Some(carol.id),
                status: DebtorStatus::Active,
                do_not_call: false,
                ..recoup::import::rules::new_debtor("", "")
            })
            .unwrap();
        if reference == "H-1" {
            hostile_id = id;
            let contact = NewContact {
                name: "Mallory\u{9b}31m".into(),
                role: String::new(),
                phone: "+1 555 0100".into(),
                email: String::new(),
                timezone: None,
                primary: true,
            };
            w.contact(id, &contact).unwrap();
        }
        let invoice = NewInvoice {
            number: number.into(),
            supplied_on: None,
            issued_on: "2026-09-01".parse().unwrap(),
            due_on: "2026-10-01".parse().unwrap(),
            amount,
            currency: "USD".into(),
            dispute: None,
        };
        w.invoice(id, invoice).unwrap();
    }
    w.finish().unwrap();
    let note = NoteDraft {
        debtor_id: hostile_id,
        agent_id: carol.id,
        call_id: None,
        body: "first line\n\x1b]8;;http://evil/\x1b\\click\x1b]8;;\x1b\\",
    };
    store.add_note(&note, at.now).unwrap();
    common::open_app(store, carol, Box::new(clock()), Rules::default(), false)
}

fn run(app: &mut App, mut events: Vec<Event>) -> Terminal<TestBackend> {
    events.push(ctrl('c'));
    let mut terminal = Terminal::new(TestBackend::new(140, 42)).unwrap();
    tui::run(&mut terminal, &mut Script(events.into()), app, &AtomicBool::new(false)).unwrap();
    terminal
}

fn search(query: &str) -> Vec<Event> {
    let mut keys = vec![key(KeyCode::Char('/'))];
    keys.extend(text(query));
    keys.push(key(KeyCode::Enter));
    keys
}

/// No cell holds a control character or a bidi override.
fn assert_clean(t: &Terminal<TestBackend>) {
    let buffer = t.backend().buffer();
    for cell in buffer.content() {
        let bad = cell.symbol().chars().any(|c| {
            c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        });
        assert!(!bad, "a cell holds {:?}", cell.symbol());
    }
}

#[test]
fn control_characters_in_data_are_drawn_as_a_mark() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    let t = run(&mut app, search("pwned"));
    assert_clean(&t);
    let text = screen(&t);
    // The name in the queue, the header, the invoice and the contact: each
    // hidden character is a visible mark, not silently gone.
    assert!(text.contains("�]0;pwned�Evil�Corp"), "{text}");
    assert!(!text.contains("]0;pwnedEvil"), "{text}");
    assert!(text.contains("INV�[2J-1"), "{text}");
    assert!(text.contains("Mallory�31m"), "{text}");
    // A link hidden in a note shows its workings; the note's own lines stay.
    assert!(text.contains("first line"), "{text}");
    assert!(text.contains("�]8;;http://evil/�\\click�]8;;�\\"), "{text}");
}

#[test]
fn wide_names_keep_the_queue_columns_in_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    let t = run(&mut app, vec![]);
    assert_clean(&t);
    let queue = recoup::ui::layout::areas(Rect::new(0, 0, 140, 42)).queue;
    let buffer = t.backend().buffer();
    // The column of the last drawn cell of the row naming `name`.
    let row_end = |name: &str| {
        let rows = region(&t, queue);
        let y = rows.lines().position(|l| l.contains(name)).unwrap_or_else(|| panic!("{rows}"));
        let y = queue.y + y as u16;
        (queue.x..queue.right() - 1).rev().find(|x| buffer[(*x, y)].symbol() != " ").unwrap()
    };
    let plain = row_end("Plain Trading");
    // (A wide character's second cell reads as a space in the region.)
    assert_eq!(row_end("株 式 会 社"), plain, "{}", region(&t, queue));
    assert_eq!(row_end("Café 😀"), plain, "{}", region(&t, queue));
}

#[test]
fn an_amount_too_wide_for_its_column_is_shortened_not_cut() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    let t = run(&mut app, search("Huge"));
    let invoices = region(&t, recoup::ui::layout::areas(Rect::new(0, 0, 140, 42)).invoices);
    assert!(invoices.contains("999.9B"), "{invoices}");
    assert!(!invoices.contains(",999,999.99"), "{invoices}");
    // The header has room for the whole figure.
    assert!(screen(&t).contains("Balance 999,999,999,999.99"), "{}", screen(&t));
}

#[test]
fn a_form_refuses_an_amount_above_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    let mut keys = search("Plain");
    keys.push(key(KeyCode::Char('$')));
    keys.extend(text("1,000,000,000,000"));
    keys.push(ctrl('s'));
    let t = run(&mut app, keys);
    let text = screen(&t);
    assert!(text.contains("amounts are at most 999,999,999,999.99"), "{text}");
}
