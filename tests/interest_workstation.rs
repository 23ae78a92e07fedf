//! Issue 13 where it shows: a `uk` debtor's account on the workstation at
//! 140×42 and 80×24 (interest and compensation per invoice, the claim line
//! in the header), a lead's keys (regime and rate, a waiver with a reason)
//! and an agent's refusal, and a lead's waiver reaching another desk.

mod common;

use common::keys::{region, screen};
use common::{clock, demo_book, moment, open_app, poll_until};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use recoup::app::{App, Rules};
use recoup::domain::interest::{SHIPPED_RATES_CSV, parse_rates_csv};
use recoup::domain::interest_terms::{InterestRegime, Waived};
use recoup::store::{NewWaiver, Store};

struct Book {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    debtor: i64,
    reference: String,
}

/// A demo book with the shipped rates, and alice's first due debtor put
/// under `uk` by carol (the lead).
fn book() -> Book {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 30);
    let carol = store.agent_by_name("carol").unwrap().unwrap().id;
    let rates = parse_rates_csv(SHIPPED_RATES_CSV).unwrap();
    store.import_rates(&rates, "shipped", carol, moment().now).unwrap();
    let row = common::alice_due_now(&store)
        .into_iter()
        .find(|r| r.over_90 && !r.disputed)
        .expect("a debtor 90 days late");
    let debtor = row.debtor_id();
    assert!(
        store.set_debtor_interest(debtor, InterestRegime::Uk, 800, carol, moment().now).unwrap()
    );
    Book { _dir: dir, path, debtor, reference: row.reference }
}

fn press(app: &mut App, code: KeyCode) {
    let mods = match code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    app.key(KeyEvent::new(code, mods));
    app.settle();
}

fn ctrl(app: &mut App, c: char) {
    app.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    app.settle();
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// `agent`'s workstation with the book's debtor found and selected.
fn desk(b: &Book, agent: &str) -> App {
    let store = Store::open(&b.path).unwrap();
    let me = store.agent_by_name(agent).unwrap().unwrap();
    let mut app = open_app(store, me, Box::new(clock()), Rules::default(), false);
    app.resize(30);
    press(&mut app, KeyCode::Char('/'));
    typed(&mut app, &b.reference);
    press(&mut app, KeyCode::Enter);
    let id = b.debtor;
    assert!(poll_until(&mut app, |a| a
        .model
        .desk
        .account
        .as_ref()
        .is_some_and(|x| x.debtor.id == id)));
    app
}

fn frame(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    app.resize(recoup::ui::layout::queue_rows(Rect::new(0, 0, width, height)));
    t.draw(|f| recoup::ui::draw(f, &app.model)).unwrap();
    t
}

/// The right-hand column (header and invoices) of the screen.
fn right(t: &Terminal<TestBackend>, width: u16, height: u16) -> String {
    let a = recoup::ui::layout::areas(Rect::new(0, 0, width, height));
    let column = Rect { height: a.debtor.height + a.invoices.height, ..a.debtor };
    region(t, column)
}

/// The figures the store computes for the debtor today, as shown.
fn figures(b: &Book) -> (String, String, usize) {
    let store = Store::open(&b.path).unwrap();
    let claims = store.interest_claims(b.debtor, common::now().date_naive()).unwrap();
    let total = claims.total.unwrap();
    assert!(total.interest.cents() > 0, "90 days late under uk: interest accrues");
    (total.interest.format(), total.compensation.format(), claims.late().count())
}

#[test]
fn at_140_by_42_each_invoice_shows_its_interest_and_compensation_and_the_header_the_total() {
    let b = book();
    let mut app = desk(&b, "alice");
    let t = frame(&mut app, 140, 42);
    let shown = right(&t, 140, 42);
    let (interest, compensation, late) = figures(&b);
    assert!(shown.contains(&format!("interest {interest}")), "{shown}");
    assert!(shown.contains(&format!("compensation {compensation}")), "{shown}");
    assert!(shown.contains("claimable "), "{shown}");
    assert!(shown.contains("Interest") && shown.contains("Comp"), "the columns: {shown}");
    let rows = shown.lines().filter(|l| l.contains("INV-") && l.contains(".00 ")).count();
    assert!(rows >= late.min(3), "late invoices show their compensation: {shown}");
    insta::assert_snapshot!("interest_account_140x42", t.backend());
}

#[test]
fn at_80_by_24_interest_stays_beside_the_balance_and_the_claim_line_keeps_its_figures() {
    let b = book();
    let mut app = desk(&b, "alice");
    let t = frame(&mut app, 80, 24);
    let s = screen(&t);
    assert!(!s.contains("too small"), "{s}");
    let shown = right(&t, 80, 24);
    let (interest, _, _) = figures(&b);
    assert!(
        shown.contains(&format!("int {interest}"))
            || shown.contains(&format!("interest {interest}")),
        "{shown}"
    );
    assert!(shown.contains("claim"), "{shown}");
    assert!(shown.contains("Interest"), "{shown}");
    insta::assert_snapshot!("interest_account_80x24", t.backend());
}

#[test]
fn a_lead_waives_interest_on_the_whole_account_with_a_reason_an_agent_is_refused() {
    let b = book();
    let mut alice = desk(&b, "alice");
    press(&mut alice, KeyCode::Char('X'));
    // Whole at the smallest terminal.
    let said = screen(&frame(&mut alice, 80, 24));
    let refusal = "Only a lead sets interest or waives it; offer a waiver with a promise (p)";
    assert!(said.contains(refusal), "{said}");
    press(&mut alice, KeyCode::Char('I'));
    assert!(alice.model.layers.is_empty(), "no form opens for an agent");

    let mut carol = desk(&b, "carol");
    press(&mut carol, KeyCode::Char('X'));
    assert!(screen(&frame(&mut carol, 140, 42)).contains("Waive on the whole account"));
    ctrl(&mut carol, 's');
    assert!(screen(&frame(&mut carol, 140, 42)).contains("Nothing saved"), "a reason is needed");
    press(&mut carol, KeyCode::Tab);
    typed(&mut carol, "goodwill: paid on time for years");
    ctrl(&mut carol, 's');
    let store = Store::open(&b.path).unwrap();
    assert!(poll_until(&mut carol, |_| store.interest_waivers(b.debtor).unwrap().len() == 1));
    let w = &store.interest_waivers(b.debtor).unwrap()[0];
    assert_eq!(
        (w.what, w.invoice_id, w.reason.as_str()),
        (Waived::Interest, None, "goodwill: paid on time for years")
    );
    let id = b.debtor;
    let waived = |a: &App| {
        a.model.desk.account.as_ref().and_then(|x| x.claims.as_ref()).is_some_and(|c| {
            c.total.as_ref().is_ok_and(|t| t.interest.cents() == 0 && t.waived.cents() > 0)
        }) && a.model.desk.account.as_ref().is_some_and(|x| x.debtor.id == id)
    };
    assert!(poll_until(&mut carol, waived), "the account is read again, interest waived");
    let shown = right(&frame(&mut carol, 140, 42), 140, 42);
    assert!(shown.contains("interest 0.00") && shown.contains("waived "), "{shown}");
    let notes = store.account(b.debtor, 1).unwrap().unwrap().notes;
    assert!(
        notes
            .iter()
            .any(|n| n.body
                == "Interest waived on the whole account: goodwill: paid on time for years"),
        "{notes:?}"
    );
}

#[test]
fn a_lead_sets_the_regime_and_rate_from_the_workstation() {
    let b = book();
    let mut carol = desk(&b, "carol");
    press(&mut carol, KeyCode::Char('I'));
    assert!(screen(&frame(&mut carol, 140, 42)).contains("Interest · "));
    // Regime: uk → eu; rate 8 → 6.5.
    carol.key(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE));
    press(&mut carol, KeyCode::Tab);
    for _ in 0..3 {
        press(&mut carol, KeyCode::Backspace);
    }
    typed(&mut carol, "6.5");
    ctrl(&mut carol, 's');
    let store = Store::open(&b.path).unwrap();
    let terms = |s: &Store| s.interest_claims(b.debtor, common::now().date_naive()).unwrap().terms;
    assert!(poll_until(&mut carol, |_| terms(&store).regime == InterestRegime::Eu));
    assert_eq!(terms(&store).rate_bp, 650);
}

#[test]
fn a_leads_waiver_shows_on_another_workstations_account() {
    let b = book();
    let mut alice = desk(&b, "alice");
    let before = alice.model.desk.account.as_ref().unwrap().claims.clone().unwrap();
    let first_late = before.late().next().expect("a late invoice").id;
    // Carol, on her own desk, waives the compensation on one invoice.
    let store = Store::open(&b.path).unwrap();
    let carol = store.agent_by_name("carol").unwrap().unwrap().id;
    let w = NewWaiver {
        debtor_id: b.debtor,
        invoice_id: Some(first_late),
        what: Waived::Compensation,
        reason: "disputed delivery costs settled",
        by_agent: carol,
        promise_id: None,
    };
    store.add_interest_waiver(&w, &moment()).unwrap();
    let waived_on = |a: &App| {
        a.model.desk.account.as_ref().and_then(|x| x.claims.as_ref()).is_some_and(|c| {
            c.invoices
                .iter()
                .any(|i| i.id == first_late && i.claim.is_ok_and(|c| c.waived.compensation))
        })
    };
    assert!(poll_until(&mut alice, waived_on), "alice's account is read again");
    let shown = right(&frame(&mut alice, 140, 42), 140, 42);
    assert!(shown.contains("waived"), "{shown}");
    let after = alice.model.desk.account.as_ref().unwrap().claims.clone().unwrap().total.unwrap();
    let was = before.total.unwrap();
    assert!(after.compensation < was.compensation, "{after:?} vs {was:?}");
}

/// An agent's promise offering to waive interest: the waiver is tied to
/// it, pending while it is open, in effect once it is kept.
#[test]
fn a_promise_offering_to_waive_interest_waives_it_only_once_kept() {
    let b = book();
    let store = Store::open(&b.path).unwrap();
    let alice = store.agent_by_name("alice").unwrap().unwrap().id;
    let today = common::now().date_naive();
    let account = store.account_on(b.debtor, alice, today).unwrap().unwrap();
    let invoice = account.invoices.iter().find(|i| i.balance.cents() > 0).unwrap().clone();
    let claim_on = |s: &Store| {
        let claims = s.interest_claims(b.debtor, today).unwrap();
        claims.invoices.iter().find(|i| i.id == invoice.id).unwrap().claim.unwrap()
    };
    let before = claim_on(&store);
    assert!(before.interest.cents() > 0 && !before.waived.interest);
    let req = recoup::store::PromiseRequest {
        debtor_id: b.debtor,
        agent_id: alice,
        call_id: None,
        instalments: vec![recoup::domain::plan::Instalment {
            amount: invoice.balance,
            due_on: today + chrono::Duration::days(2),
        }],
        frequency: None,
        invoice_ids: vec![invoice.id],
        cancel_open: true,
        waive_interest: true,
    };
    let ids = store.add_promise(&req, &moment()).unwrap();
    let waivers = store.interest_waivers(b.debtor).unwrap();
    assert_eq!(waivers.len(), 1);
    let w = &waivers[0];
    assert_eq!(
        (w.promise_id, w.invoice_id, w.what),
        (ids.last().copied(), Some(invoice.id), Waived::Interest)
    );
    let open = claim_on(&store);
    assert!(open.pending.interest && !open.waived.interest, "offered, not given: {open:?}");
    assert_eq!(open.claimable_interest(), before.interest);
    let paid = recoup::store::PaymentRequest {
        debtor_id: b.debtor,
        agent_id: alice,
        received_on: today,
        amount: invoice.balance,
        reference: "PAY-KEPT".into(),
        invoice_id: Some(invoice.id),
    };
    store.record_payment(&paid, &moment()).unwrap();
    let kept = claim_on(&store);
    assert!(kept.waived.interest, "kept: the waiver takes effect: {kept:?}");
    assert_eq!(kept.claimable_interest(), recoup::domain::Money::ZERO);
    assert_eq!(kept.principal_unpaid, recoup::domain::Money::ZERO);
}

/// A promise taken on a call offering the waiver: saved at wrap-up with the
/// promise, in the same write, tied to it.
#[test]
fn a_calls_promise_offering_the_waiver_records_it_at_wrap_up() {
    let b = book();
    let store = Store::open(&b.path).unwrap();
    let alice = store.agent_by_name("alice").unwrap().unwrap().id;
    let start = recoup::store::CallStart {
        debtor_id: b.debtor,
        agent_id: alice,
        contact_id: None,
        checklist: "[]".into(),
        goal: "PTP".into(),
        overrides: String::new(),
        take_over: false,
    };
    let call_id = store.start_call(&start, moment().now).unwrap();
    let promise = recoup::store::PromiseRequest {
        debtor_id: b.debtor,
        agent_id: alice,
        call_id: Some(call_id),
        instalments: vec![recoup::domain::plan::Instalment {
            amount: recoup::domain::Money(50_000),
            due_on: common::now().date_naive() + chrono::Duration::days(3),
        }],
        frequency: None,
        invoice_ids: Vec::new(),
        cancel_open: true,
        waive_interest: true,
    };
    let wrap = recoup::store::WrapUp {
        call_id,
        debtor_id: b.debtor,
        agent_id: alice,
        outcome: "PTP".into(),
        contacted: true,
        next_contact_at: Some(moment().now + chrono::Duration::days(3)),
        note: "agreed 500 by Saturday, interest waived if paid".into(),
        promise: Some(promise),
    };
    store.wrap_up(&wrap, &moment()).unwrap();
    let waivers = store.interest_waivers(b.debtor).unwrap();
    assert_eq!(waivers.len(), 1, "{waivers:?}");
    let w = &waivers[0];
    assert_eq!(
        (w.invoice_id, w.what, w.promise_status.as_deref()),
        (None, Waived::Interest, Some("open"))
    );
    assert!(w.reason.starts_with("offered on the promise: paid in full by "), "{}", w.reason);
}
