//! The Commitments pane and the promise, payment and dispute forms, driven
//! through the workstation's event loop on TestBackend.

mod common;

use std::sync::atomic::AtomicBool;

use common::keys::{Script, ctrl, key, region, screen, text};
use common::{clock, demo_book};
use crossterm::event::{Event, KeyCode};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use recoup::app::{App, Rules};
use recoup::clock::FixedClock;
use recoup::domain::promise::PromiseStatus;
use recoup::store::Store;
use recoup::tui;

struct Desk {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    clock: FixedClock,
    app: App,
}

fn desk(debtors: usize) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), debtors);
    drop(store);
    let store = Store::open(&path).unwrap();
    let me = store.agent_by_name("alice").unwrap().unwrap();
    let clock = clock();
    let app = common::open_app(store, me, Box::new(clock.clone()), Rules::default(), false);
    Desk { _dir: dir, path, clock, app }
}

/// Runs the keys, then quits, and returns the last frame at 140×42.
fn keys(desk: &mut Desk, mut events: Vec<Event>) -> Terminal<TestBackend> {
    desk.app.model.quit = false;
    events.push(ctrl('c'));
    let mut terminal = Terminal::new(TestBackend::new(140, 42)).unwrap();
    let mut script = Script(events.into());
    tui::run(&mut terminal, &mut script, &mut desk.app, &AtomicBool::new(false)).unwrap();
    terminal
}

fn commitments(t: &Terminal<TestBackend>) -> String {
    region(t, recoup::ui::layout::areas(Rect::new(0, 0, 140, 42)).commitments)
}

/// Selects a debtor by searching for its ref.
fn select(reference: &str) -> Vec<Event> {
    let mut e = vec![key(KeyCode::Char('/'))];
    e.extend(text(reference));
    e.push(key(KeyCode::Enter));
    e
}

#[test]
fn commitments_pane_shows_each_promise_state() {
    let mut desk = desk(12);
    for (reference, name, words) in [
        ("ACC-10000", "broken", &["BROKEN", "short"][..]),
        ("ACC-10001", "due_today_after_a_cancelled_one", &["OPEN", "CANCELLED"][..]),
        ("ACC-10002", "kept", &["KEPT", "1 of 1 kept · 100%"][..]),
        ("ACC-10003", "partly_kept", &["PARTLY KEPT", "paid", "short"][..]),
        ("ACC-10004", "plan", &["Plan: 3 monthly instalments", "next"][..]),
        ("ACC-10005", "open_dispute", &["Open disputes: INV-10005-001 (quantity)"][..]),
    ] {
        let t = keys(&mut desk, select(reference));
        let pane = commitments(&t);
        for w in words {
            assert!(pane.contains(w), "{reference} lacks {w:?}:\n{pane}");
        }
        insta::assert_snapshot!(format!("commitments_{name}"), pane);
    }
}

#[test]
fn p_records_a_promise_and_bad_fields_save_nothing() {
    let mut desk = desk(12);
    let mut events = select("ACC-10002");
    events.push(key(KeyCode::Char('p')));
    events.extend(text("12x"));
    events.push(key(KeyCode::Tab));
    events.extend(text("yesterday"));
    events.push(ctrl('s'));
    let t = keys(&mut desk, events);
    let s = screen(&t);
    assert!(s.contains("Promise to pay · "), "{s}");
    assert!(s.contains("expected an amount like 1234.56 or 1,234.56"), "{s}");
    assert!(s.contains("expected YYYY-MM-DD, +N days or a weekday like fri"), "{s}");
    assert!(s.contains("Nothing saved: see the fields marked"));
    let promises_before = desk.app.model.desk.account.as_ref().unwrap().promises.len();

    // Fix both fields: 3 monthly instalments from Friday.
    let mut fix = vec![key(KeyCode::BackTab)];
    fix.extend(std::iter::repeat_n(key(KeyCode::Backspace), 3));
    fix.extend(text("1,500"));
    fix.push(key(KeyCode::Tab));
    fix.extend(std::iter::repeat_n(key(KeyCode::Backspace), 9));
    fix.extend(text("fri"));
    fix.push(key(KeyCode::Tab));
    fix.push(key(KeyCode::Backspace));
    fix.extend(text("3"));
    fix.push(key(KeyCode::Tab));
    let t = keys(&mut desk, fix);
    assert!(
        screen(&t).contains("3 monthly instalments of 500.00, total 1,500.00"),
        "{}",
        screen(&t)
    );
    let t = keys(&mut desk, vec![ctrl('s')]);
    let s = screen(&t);
    assert!(s.contains("Plan recorded: 1,500.00 in 3 instalments from Fri 27 Nov"), "{s}");
    let account = desk.app.model.desk.account.as_ref().unwrap();
    assert_eq!(account.promises.len(), promises_before + 3);
    assert!(commitments(&t).contains("PTP 500.00 by 27 Nov 2026 — OPEN"));
}

#[test]
fn a_payment_taken_by_phone_keeps_the_promise_on_screen() {
    let mut desk = desk(12);
    let mut events = select("ACC-10002");
    events.push(key(KeyCode::Char('p')));
    events.extend(text("200"));
    events.push(key(KeyCode::Tab));
    events.extend(text("+5"));
    events.push(ctrl('s'));
    events.push(key(KeyCode::Char('$')));
    events.extend(text("200"));
    events.push(key(KeyCode::Tab));
    events.push(key(KeyCode::Tab));
    events.extend(text("VISA-4471"));
    events.push(ctrl('s'));
    let t = keys(&mut desk, events);
    assert!(
        screen(&t).contains("Payment of 200.00 recorded; promises re-checked"),
        "{}",
        screen(&t)
    );
    assert!(commitments(&t).contains("PTP 200.00 by 30 Nov 2026 — KEPT"), "{}", commitments(&t));
    let store = Store::open(&desk.path).unwrap();
    let mut payments = Vec::new();
    store
        .export(
            recoup::store::ExportKind::Payments,
            |r: &[String]| -> Result<(), recoup::store::StoreError> {
                payments.push(r.to_vec());
                Ok(())
            },
        )
        .unwrap();
    assert!(
        payments.iter().any(|r| r[4] == "VISA-4471" && r[2] == "200.00" && r[1] == "2026-11-25")
    );
}

#[test]
fn d_disputes_an_invoice_and_d_again_resolves_it() {
    let mut desk = desk(12);
    let mut events = select("ACC-10008");
    events.push(key(KeyCode::Char('d')));
    let t = keys(&mut desk, events);
    assert!(screen(&t).contains("Disputes are per invoice"), "from the queue, d explains itself");

    let number = desk.app.model.desk.account.as_ref().unwrap().invoices[0].number.clone();
    let mut events = vec![key(KeyCode::Tab), key(KeyCode::Char('d')), key(KeyCode::Right)];
    events.push(key(KeyCode::Tab));
    events.extend(text("never delivered to the depot"));
    events.push(ctrl('s'));
    let t = keys(&mut desk, events);
    let s = screen(&t);
    assert!(s.contains("Invoice disputed (not received)"), "{s}");
    assert!(s.contains("disputed: not received"), "{s}");
    let account = desk.app.model.desk.account.as_ref().unwrap();
    assert_eq!(account.invoices[0].dispute_reason.as_deref(), Some("not received"));
    assert!(
        account.notes[0].body.contains(&format!(
            "Dispute opened on invoice {number}: not received. never delivered"
        ))
    );

    let t = keys(&mut desk, vec![key(KeyCode::Char('d'))]);
    assert!(
        screen(&t).contains(&format!("Resolve the dispute on invoice {number} (not received)?"))
    );
    assert!(screen(&t).contains("y yes  n or Esc no"), "{}", screen(&t));
    let t = keys(&mut desk, vec![key(KeyCode::Char('y'))]);
    assert!(screen(&t).contains("Dispute resolved"));
    assert_eq!(desk.app.model.desk.account.as_ref().unwrap().invoices[0].dispute_reason, None);
}

#[test]
fn promises_break_on_the_first_tick_after_midnight() {
    let mut desk = desk(12);
    // A promise due today (Wed 25 Nov) with 3 days' grace breaks on Sun 29 Nov.
    let mut events = select("ACC-10002");
    events.push(key(KeyCode::Char('p')));
    events.extend(text("300"));
    events.push(key(KeyCode::Tab));
    events.extend(text("+0"));
    events.push(ctrl('s'));
    keys(&mut desk, events);
    let status = |desk: &Desk| {
        let account = desk.app.model.desk.account.as_ref().unwrap();
        account.promises.iter().find(|p| p.amount.cents() == 30_000).unwrap().status
    };
    assert_eq!(status(&desk), PromiseStatus::Open);

    desk.clock.set(chrono::DateTime::parse_from_rfc3339("2026-11-28T23:59:59+00:00").unwrap());
    desk.app.tick();
    desk.app.settle();
    assert_eq!(status(&desk), PromiseStatus::Open, "still inside the grace days");
    desk.clock.advance(chrono::Duration::seconds(2));
    desk.app.tick();
    desk.app.settle();
    assert_eq!(status(&desk), PromiseStatus::Broken);
    let t = keys(&mut desk, vec![key(KeyCode::Esc)]);
    let refs: Vec<_> = desk
        .app
        .model
        .desk
        .queue
        .rows
        .iter()
        .map(|r| (r.reference.clone(), r.ptp_broken))
        .collect();
    let row = desk
        .app
        .model
        .desk
        .queue
        .rows
        .iter()
        .find(|r| r.reference == "ACC-10002")
        .unwrap_or_else(|| panic!("{refs:?} {:?}", desk.app.model.desk.queue.search));
    assert!(row.ptp_broken);
    assert!(screen(&t).contains("Sun 29 Nov 00:00"), "the header clock moved");
}

#[test]
fn a_disputed_invoice_paid_in_full_shows_as_paid_and_leaves_the_open_disputes() {
    let mut desk = desk(12);
    keys(&mut desk, select("ACC-10005"));
    let account = desk.app.model.desk.account.clone().unwrap();
    let invoice = account.invoices.iter().find(|i| i.dispute_reason.is_some()).unwrap().clone();
    let store = Store::open(&desk.path).unwrap();
    store
        .record_payment(
            &recoup::store::PaymentRequest {
                debtor_id: account.debtor.id,
                agent_id: desk.app.model.me.id,
                received_on: common::moment().today,
                amount: invoice.balance,
                reference: "WIRE-1".into(),
                invoice_id: Some(invoice.id),
            },
            &common::moment(),
        )
        .unwrap();
    // Read the account again, as the workstation does when the book changes.
    let t = keys(&mut desk, select("ACC-10005"));
    let pane = commitments(&t);
    assert!(!pane.contains("Open disputes"), "{pane}");
    let row = screen(&t).lines().find(|l| l.contains(&invoice.number)).unwrap().to_owned();
    assert!(row.contains("paid") && !row.contains("disputed"), "{row}");
}
