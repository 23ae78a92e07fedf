//! Promises and disputes as the figures show them (recoup issue 9, items 5
//! and 12): a dispute on one invoice of a plan comes off the plan once, and
//! the track record counts part payments. Through the store on a real file,
//! and the Commitments pane through the workstation's event loop.

mod common;

use recoup::import::rules::new_debtor;
use std::sync::atomic::AtomicBool;

use chrono::{DateTime, Days, NaiveDate};
use common::keys::{Script, ctrl, key, region};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use recoup::app::Rules;
use recoup::clock::{FixedClock, Moment};
use recoup::domain::Money;
use recoup::domain::people::Role;
use recoup::domain::plan::{Frequency, Instalment, instalments};
use recoup::domain::promise::PromiseStatus;
use recoup::store::{NewDebtor, NewInvoice, PaymentRequest, PromiseRequest, Store};
use recoup::tui;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(day: &str) -> Moment {
    Moment { now: format!("{day}T15:00:00Z").parse().unwrap(), today: d(day) }
}

struct Book {
    dir: tempfile::TempDir,
    store: Store,
    alice: i64,
    debtor: i64,
    /// Invoice ids by number.
    invoices: Vec<(String, i64)>,
}

/// One debtor owing the invoices given (number, cents, due date).
fn book(invoices: &[(&str, i64, &str)]) -> Book {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("plan.sqlite")).unwrap();
    let now = at("2026-11-01");
    let carol = store.resolve_agent("carol", now.now).unwrap();
    let alice = store.add_agent("alice", Role::Agent, Some(carol.id), now.now).unwrap().id;
    let mut w = store.book_writer(now).unwrap();
    let (debtor, _) = w
        .debtor(&NewDebtor { assigned_to: Some(alice), ..new_debtor("ACME", "Acme Corp") })
        .unwrap();
    for (number, cents, due) in invoices {
        w.invoice(
            debtor,
            NewInvoice {
                number: (*number).into(),
                supplied_on: None,
                issued_on: d(due) - Days::new(30),
                due_on: d(due),
                amount: Money(*cents),
                currency: "USD".into(),
                dispute: None,
            },
        )
        .unwrap();
    }
    w.finish().unwrap();
    let account = store.account(debtor, alice).unwrap().unwrap();
    let invoices = account.invoices.iter().map(|i| (i.number.clone(), i.id)).collect();
    Book { dir, store, alice, debtor, invoices }
}

impl Book {
    fn invoice(&self, number: &str) -> i64 {
        self.invoices.iter().find(|(n, _)| n == number).unwrap().1
    }

    fn promise(&self, plan: Vec<Instalment>, frequency: Option<Frequency>, day: &str) {
        let req = PromiseRequest {
            debtor_id: self.debtor,
            agent_id: self.alice,
            call_id: None,
            instalments: plan,
            frequency,
            invoice_ids: self.invoices.iter().map(|(_, id)| *id).collect(),
            cancel_open: false,
            waive_interest: false,
        };
        self.store.add_promise(&req, &at(day)).unwrap();
    }

    fn pay(&self, cents: i64, on: &str) {
        let req = PaymentRequest {
            debtor_id: self.debtor,
            agent_id: self.alice,
            received_on: d(on),
            amount: Money(cents),
            reference: format!("P-{on}"),
            invoice_id: None,
        };
        self.store.record_payment(&req, &at(on)).unwrap();
    }

    fn account(&self) -> recoup::store::Account {
        self.store.account(self.debtor, self.alice).unwrap().unwrap()
    }

    /// The Commitments pane as the workstation draws it, as of `now`.
    fn commitments_pane(self, now: &str) -> String {
        let Book { dir, store, alice, .. } = self;
        let me = store.agent_by_name("alice").unwrap().unwrap();
        assert_eq!(me.id, alice);
        let clock = FixedClock::new(DateTime::parse_from_rfc3339(now).unwrap());
        let mut app = common::open_app(store, me, Box::new(clock), Rules::default(), false);
        let mut terminal = Terminal::new(TestBackend::new(140, 42)).unwrap();
        // `f`: the queue of all debtors, as a plan not yet due leaves "due now".
        let mut script = Script(vec![key(KeyCode::Char('f')), ctrl('c')].into());
        tui::run(&mut terminal, &mut script, &mut app, &AtomicBool::new(false)).unwrap();
        drop(dir);
        region(&terminal, recoup::ui::layout::areas(Rect::new(0, 0, 140, 42)).commitments)
    }
}

/// Issue 9, item 5, as filed: a plan of 5,900.00 over three months on two
/// invoices; the invoice of 463.85 is disputed after 2,000.00 came in for
/// the first instalment. Each instalment used to expect 1,502.81 (4,508.45
/// in all) and January showed "paid 497.19" with no money received for it.
#[test]
fn a_dispute_on_one_invoice_of_a_plan_comes_off_the_plan_once() {
    let b = book(&[("INV-A", 543_615, "2026-10-15"), ("INV-B", 46_385, "2026-10-20")]);
    let plan = instalments(Money(590_000), 3, d("2026-12-01"), Frequency::Monthly).unwrap();
    b.promise(plan, Some(Frequency::Monthly), "2026-11-25");
    b.pay(200_000, "2026-12-01");
    b.store
        .open_dispute(
            b.invoice("INV-B"),
            "quantity",
            "short by two pallets",
            b.alice,
            &at("2026-12-10"),
        )
        .unwrap();

    let account = b.account();
    let mut parts = account.promises.clone();
    parts.sort_by_key(|p| p.due_on);
    let rows: Vec<(NaiveDate, PromiseStatus, Money, Money, Money)> =
        parts.iter().map(|p| (p.due_on, p.status, p.expected(), p.paid, p.shortfall)).collect();
    assert_eq!(
        rows,
        [
            // Due before the dispute and kept: it keeps its amount.
            (d("2026-12-01"), PromiseStatus::Kept, Money(196_666), Money(196_666), Money::ZERO),
            // Only the 33.34 paid over December's instalment counts toward January.
            (d("2027-01-01"), PromiseStatus::Open, Money(196_666), Money(3_334), Money(193_332)),
            // The disputed 463.85 comes off the last instalment, once.
            (d("2027-02-01"), PromiseStatus::Open, Money(150_283), Money::ZERO, Money(150_283)),
        ]
    );
    let plan = &account.plans[0];
    assert_eq!(plan.total, Money(543_615), "5,900.00 less the disputed 463.85");
    assert_eq!(plan.set_aside, Money(46_385));
    assert_eq!(plan.next, Some((d("2027-01-01"), Money(196_666))));

    // Resolved: the plan asks for the whole 5,900.00 again.
    b.store.resolve_dispute(b.invoice("INV-B"), b.alice, &at("2026-12-20")).unwrap();
    let total: Money = b.account().promises.iter().map(|p| p.expected()).sum();
    assert_eq!(total, Money(590_000));
}

#[test]
fn the_commitments_pane_shows_what_each_instalment_expects_and_only_money_paid() {
    let b = book(&[("INV-A", 543_615, "2026-10-15"), ("INV-B", 46_385, "2026-10-20")]);
    let plan = instalments(Money(590_000), 3, d("2026-12-01"), Frequency::Monthly).unwrap();
    b.promise(plan, Some(Frequency::Monthly), "2026-11-25");
    b.store.open_dispute(b.invoice("INV-B"), "price", "", b.alice, &at("2026-11-26")).unwrap();
    let pane = b.commitments_pane("2026-11-26T15:00:00+00:00");
    for line in [
        "Plan: 3 monthly instalments, 0 kept · 5,436.15 in all, 463.85 off for dispute",
        "PTP 1,502.83 by 01 Feb 2027 — OPEN · 463.85 off for dispute",
        "PTP 1,966.66 by 01 Jan 2027 — OPEN · INV-A INV-B · alice",
        "PTP 1,966.66 by 01 Dec 2026 — OPEN · INV-A INV-B · alice",
    ] {
        assert!(pane.contains(line), "lacks {line:?}:\n{pane}");
    }
    assert!(!pane.contains(" · paid "), "no money came in:\n{pane}");
}

/// Issue 9, item 12, as filed: "0.00 of 5,000.00 kept" while 2,950.00 had
/// been paid toward the promise.
#[test]
fn the_track_record_by_amount_counts_part_payments() {
    let b = book(&[("INV-1", 800_000, "2026-10-01")]);
    b.promise(
        vec![Instalment { amount: Money(500_000), due_on: d("2026-11-20") }],
        None,
        "2026-11-10",
    );
    b.pay(295_000, "2026-11-18");
    b.store.ensure_summaries(&at("2026-11-25")).unwrap();
    let p = &b.account().promises[0];
    assert_eq!(
        (p.status, p.paid, p.shortfall),
        (PromiseStatus::PartlyKept, Money(295_000), Money(205_000))
    );
    let pane = b.commitments_pane("2026-11-25T15:00:00+00:00");
    assert!(pane.contains("Track record: 0 of 1 kept · 0% · 2,950.00 of 5,000.00 paid"), "{pane}");
}
