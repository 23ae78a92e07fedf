//! The Payments pane (issue 11, item 6): the account's payments, newest
//! first, with the day, the amount, the invoices each went to and the
//! reference; a pane below the invoices at 140×42, the newest payment in the
//! Invoices pane's bottom border at 80×24.

mod common;

use std::sync::atomic::AtomicBool;

use common::keys::{Script, ctrl, key, region, screen, text};
use common::{clock, demo_book, moment};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use recoup::app::{App, Rules};
use recoup::domain::Money;
use recoup::store::{PaymentRequest, Store};

struct Bench {
    _dir: tempfile::TempDir,
    app: App,
    debtor: i64,
    reference: String,
}

fn open(store: Store) -> App {
    let me = store.agent_by_name("alice").unwrap().unwrap();
    common::open_app(store, me, Box::new(clock()), Rules::default(), false)
}

/// A demo book whose first debtor in alice's queue took two payments by
/// phone: 1,200.00 on the 24th (ref 4411) and 50.00 on the 20th.
fn bench() -> Bench {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 12);
    let first = open(store).model.desk.account.clone().unwrap().debtor;
    let (debtor, reference) = (first.id, first.reference);
    let store = Store::open(&path).unwrap();
    let alice = store.agent_by_name("alice").unwrap().unwrap().id;
    for (cents, on, reference) in [(5_000, "2026-11-20", ""), (120_000, "2026-11-24", "4411")] {
        let req = PaymentRequest {
            debtor_id: debtor,
            agent_id: alice,
            received_on: on.parse().unwrap(),
            amount: Money(cents),
            reference: reference.into(),
            invoice_id: None,
        };
        store.record_payment(&req, &moment()).unwrap();
    }
    Bench { _dir: dir, app: open(store), debtor, reference }
}

/// Selects the debtor (paid, it may have left the queue's head) by its
/// ref and returns the last frame at `width` × `height`.
fn frame(b: &mut Bench, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut events = vec![key(KeyCode::Char('/'))];
    events.extend(text(&b.reference));
    events.extend([key(KeyCode::Enter), ctrl('c')]);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let mut script = Script(events.into());
    recoup::tui::run(&mut terminal, &mut script, &mut b.app, &AtomicBool::new(false)).unwrap();
    assert_eq!(b.app.model.desk.account.as_ref().unwrap().debtor.id, b.debtor);
    terminal
}

/// The Invoices pane's area, the payments' with it.
fn account_area(width: u16, height: u16) -> Rect {
    recoup::ui::layout::areas(Rect::new(0, 0, width, height)).invoices
}

#[test]
fn payments_show_newest_first_with_the_invoices_they_went_to_at_140_by_42() {
    let mut b = bench();
    let t = frame(&mut b, 140, 42);
    let account = b.app.model.desk.account.clone().unwrap();
    let newest = &account.payments.rows[0];
    assert_eq!((newest.amount, newest.reference.as_str()), (Money(120_000), "4411"));
    let went_to: Vec<&str> = newest.to.iter().map(|(n, _)| n.as_str()).collect();
    let pane = region(&t, account_area(140, 42));
    let lines: Vec<&str> = pane.lines().collect();
    let title = lines.iter().position(|l| l.contains("┌Payments")).expect(&pane);
    let first = lines[title + 1];
    assert!(first.contains("24 Nov 26") && first.contains("1,200.00"), "{first}");
    assert!(first.contains(&format!("→ {}", went_to[0])), "{first}");
    assert!(first.contains("ref 4411") && first.contains("alice"), "{first}");
    assert!(lines[title + 2].contains("20 Nov 26") && lines[title + 2].contains("50.00"), "{pane}");
    assert!(
        lines[title + 3].contains("27 Nov 25") && lines[title + 3].contains("520.32"),
        "{pane}"
    );
    assert_eq!(account.payments.count, 3);
    assert!(!pane.contains("more, older"), "all three fit:\n{pane}");
    assert!(pane.contains("Invoice        Issued"), "the invoices keep their pane:\n{pane}");
    insta::assert_snapshot!("payments_140x42", pane);
}

#[test]
fn the_newest_payment_fits_the_invoices_border_at_80_by_24() {
    let mut b = bench();
    let t = frame(&mut b, 80, 24);
    let count = b.app.model.desk.account.as_ref().unwrap().payments.count;
    let s = screen(&t);
    assert!(!s.contains("Terminal too small"), "{s}");
    let pane = region(&t, account_area(80, 24));
    let bottom = pane.lines().last().unwrap();
    assert!(bottom.starts_with("└Paid 24 Nov 26 1,200.00 → INV-10001-006 +1"), "{pane}");
    assert!(bottom.ends_with('┘'), "{bottom}");
    assert_eq!(count, 3, "two more than the one shown, not said for want of room");
    assert!(pane.contains("Invoice        Due"), "{pane}");
    insta::assert_snapshot!("payments_80x24", pane);
}
