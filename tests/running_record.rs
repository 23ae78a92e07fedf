//! The running record (issue 11, items 6 and 7): a promise or a payment
//! recorded outside a call is noted on the account, attributed, in the same
//! transaction; the account lists the payments; and a payment dated before
//! a replacement counts toward the promise it was made for.

mod common;

use chrono::{Days, NaiveDate};
use recoup::clock::Moment;
use recoup::domain::Money;
use recoup::domain::people::Role;
use recoup::domain::plan::{Frequency, Instalment, instalments};
use recoup::domain::promise::PromiseStatus;
use recoup::import::rules::new_debtor;
use recoup::store::{
    Account, CallStart, NewDebtor, NewInvoice, PaymentRequest, PromiseRequest, Store, WrapUp,
};

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
    acme: i64,
    /// INV-1 (1,000.00 due 1 Oct), INV-2 (500.00 due 1 Nov).
    invoices: Vec<i64>,
}

fn book() -> Book {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("r.sqlite")).unwrap();
    let now = at("2026-11-01");
    let carol = store.resolve_agent("carol", now.now).unwrap();
    let alice = store.add_agent("alice", Role::Agent, Some(carol.id), now.now).unwrap().id;
    let mut w = store.book_writer(now).unwrap();
    let (acme, _) = w
        .debtor(&NewDebtor { assigned_to: Some(alice), ..new_debtor("ACME", "Acme Corp") })
        .unwrap();
    for (number, cents, due) in [("INV-1", 100_000, "2026-10-01"), ("INV-2", 50_000, "2026-11-01")]
    {
        w.invoice(
            acme,
            NewInvoice {
                number: number.into(),
                supplied_on: None,
                issued_on: d(due) - Days::new(30),
                due_on: d(due),
                amount: Money(cents),
                currency: "USD".into(),
                dispute: None,
            },
        )
        .unwrap();
    }
    w.finish().unwrap();
    let invoices =
        store.account(acme, alice).unwrap().unwrap().invoices.iter().map(|i| i.id).collect();
    Book { dir, store, alice, acme, invoices }
}

impl Book {
    fn account(&self) -> Account {
        self.store.account(self.acme, self.alice).unwrap().unwrap()
    }

    fn notes(&self) -> Vec<String> {
        self.account().notes.into_iter().map(|n| n.body).collect()
    }

    fn promise(&self, plan: Vec<Instalment>, replace: bool, day: &str) {
        let frequency = (plan.len() > 1).then_some(Frequency::Monthly);
        let req = PromiseRequest {
            debtor_id: self.acme,
            agent_id: self.alice,
            call_id: None,
            instalments: plan,
            frequency,
            invoice_ids: Vec::new(),
            cancel_open: replace,
            waive_interest: false,
        };
        self.store.add_promise(&req, &at(day)).unwrap();
    }

    fn payment(&self, cents: i64, on: &str, reference: &str) -> PaymentRequest {
        PaymentRequest {
            debtor_id: self.acme,
            agent_id: self.alice,
            received_on: d(on),
            amount: Money(cents),
            reference: reference.into(),
            invoice_id: None,
        }
    }

    fn pay(&self, cents: i64, on: &str, reference: &str, day: &str) {
        self.store.record_payment(&self.payment(cents, on, reference), &at(day)).unwrap();
    }

    /// (due, status, paid) of each promise, by due date.
    fn promises(&self) -> Vec<(NaiveDate, PromiseStatus, Money, bool)> {
        let mut p: Vec<_> = self
            .account()
            .promises
            .into_iter()
            .map(|p| (p.due_on, p.status, p.paid, p.replaced))
            .collect();
        p.sort_by_key(|x| x.0);
        p
    }
}

fn one(cents: i64, due: &str) -> Vec<Instalment> {
    vec![Instalment { amount: Money(cents), due_on: d(due) }]
}

#[test]
fn a_payment_taken_by_phone_is_noted_with_the_invoices_it_went_to() {
    let b = book();
    b.pay(120_000, "2026-11-24", "4411", "2026-11-25");
    let account = b.account();
    let note = &account.notes[0];
    assert_eq!(
        note.body,
        "Payment recorded: 1,200.00 received 24 Nov 2026, ref 4411, to INV-1 (1,000.00) and \
         INV-2 (200.00)."
    );
    assert_eq!((note.agent.as_str(), note.created_at), ("alice", at("2026-11-25").now));
    let paid = &account.payments;
    assert_eq!((paid.count, paid.rows.len()), (1, 1));
    let row = &paid.rows[0];
    assert_eq!(
        (row.received_on, row.amount, row.reference.as_str()),
        (d("2026-11-24"), Money(120_000), "4411")
    );
    assert_eq!(row.to, [("INV-1".to_owned(), Money(100_000)), ("INV-2".to_owned(), Money(20_000))]);
    assert_eq!((row.by.as_deref(), row.on_account()), (Some("alice"), Money::ZERO));
}

#[test]
fn a_refused_payment_writes_no_note() {
    let b = book();
    b.pay(10_000, "2026-11-24", "4411", "2026-11-25");
    let again = b.store.record_payment(&b.payment(5_000, "2026-11-25", "4411"), &at("2026-11-25"));
    assert!(again.unwrap_err().to_string().contains("reference \"4411\" is already recorded"));
    assert_eq!(b.notes().len(), 1, "{:?}", b.notes());
    assert_eq!(b.account().payments.count, 1);
}

#[test]
fn the_note_is_written_in_the_payments_transaction() {
    let b = book();
    // A note the book will not take (a trigger standing in for a full disk
    // at that moment) takes the payment, its allocations and its audit row
    // with it, and a promise's the same.
    let conn = rusqlite::Connection::open(b.dir.path().join("r.sqlite")).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER no_record BEFORE INSERT ON notes
         WHEN NEW.body LIKE 'Payment recorded%' OR NEW.body LIKE 'Promise recorded%'
         BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
    )
    .unwrap();
    let audit_rows =
        || -> i64 { conn.query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0)).unwrap() };
    let before = audit_rows();
    assert!(
        b.store.record_payment(&b.payment(10_000, "2026-11-24", "T-1"), &at("2026-11-25")).is_err()
    );
    let req = PromiseRequest {
        debtor_id: b.acme,
        agent_id: b.alice,
        call_id: None,
        instalments: one(10_000, "2026-12-01"),
        frequency: None,
        invoice_ids: Vec::new(),
        cancel_open: false,
        waive_interest: false,
    };
    assert!(b.store.add_promise(&req, &at("2026-11-25")).is_err());
    let account = b.account();
    assert_eq!((account.payments.count, account.promises.len()), (0, 0));
    assert_eq!(account.debtor.balance, Money(150_000), "no allocation left behind");
    assert_eq!(audit_rows(), before);
    let allocations: i64 =
        conn.query_row("SELECT COUNT(*) FROM allocations", [], |r| r.get(0)).unwrap();
    assert_eq!(allocations, 0);
}

#[test]
fn a_promise_outside_a_call_is_noted_and_says_what_it_keeps_or_replaces() {
    let b = book();
    b.promise(one(30_000, "2026-11-25"), false, "2026-11-20");
    b.promise(one(10_000, "2026-11-30"), false, "2026-11-21");
    let plan = instalments(Money(30_000), 3, d("2026-12-15"), Frequency::Monthly).unwrap();
    b.promise(plan, true, "2026-11-25");
    assert_eq!(
        b.notes(),
        [
            "Plan recorded: 300.00 in 3 monthly instalments of 100.00, 15 Dec 2026 to 15 Feb \
             2027 (replaces the open promises of 300.00 by 25 Nov 2026 and 100.00 by 30 Nov 2026).",
            "Promise recorded: 100.00 by 30 Nov 2026 (keeps the open promise of 300.00 by 25 Nov \
             2026 as well).",
            "Promise recorded: 300.00 by 25 Nov 2026.",
        ]
    );
    let replaced: Vec<bool> = b.promises().iter().map(|p| p.3).collect();
    assert_eq!(replaced, [true, true, false, false, false]);
}

#[test]
fn a_promise_made_on_a_call_is_covered_by_the_calls_own_note() {
    let b = book();
    let start = CallStart {
        debtor_id: b.acme,
        agent_id: b.alice,
        contact_id: None,
        checklist: "[]".into(),
        goal: "PTP".into(),
        overrides: String::new(),
        take_over: false,
    };
    let now = at("2026-11-25");
    let call_id = b.store.start_call(&start, now.now).unwrap();
    let promise = PromiseRequest {
        debtor_id: b.acme,
        agent_id: b.alice,
        call_id: Some(call_id),
        instalments: one(50_000, "2026-12-01"),
        frequency: None,
        invoice_ids: Vec::new(),
        cancel_open: false,
        waive_interest: false,
    };
    let wrap = WrapUp {
        call_id,
        debtor_id: b.acme,
        agent_id: b.alice,
        outcome: "PTP".into(),
        contacted: true,
        next_contact_at: None,
        note: "Agreed 500.00 by 1 Dec.".into(),
        promise: Some(promise),
    };
    b.store.wrap_up(&wrap, &now).unwrap();
    assert_eq!(b.notes(), ["Agreed 500.00 by 1 Dec."]);
    assert_eq!(b.account().promises.len(), 1);
}

#[test]
fn a_payment_dated_before_a_replacement_counts_toward_the_promise_it_was_made_for() {
    let b = book();
    // 1,000.00 due 25 Nov; on the 25th a plan of 1,000.00 replaces it. The
    // bank shows 1,000.00 arrived on the 24th; it is recorded on the 27th.
    b.promise(one(100_000, "2026-11-25"), false, "2026-11-20");
    let plan = instalments(Money(100_000), 2, d("2026-12-15"), Frequency::Monthly).unwrap();
    b.promise(plan, true, "2026-11-25");
    b.pay(100_000, "2026-11-24", "BANK-1", "2026-11-27");
    assert_eq!(
        b.promises(),
        [
            (d("2026-11-25"), PromiseStatus::Kept, Money(100_000), true),
            (d("2026-12-15"), PromiseStatus::Open, Money::ZERO, false),
            (d("2027-01-15"), PromiseStatus::Open, Money::ZERO, false),
        ]
    );
    // Paid on the day of the replacement, it goes to the plan.
    b.pay(50_000, "2026-11-25", "BANK-2", "2026-11-27");
    assert_eq!(b.promises()[1].1, PromiseStatus::Kept);
    // The promises report as of the 24th knows nothing of the replacement.
    let due = b.store.promises_due(d("2026-11-01"), d("2026-11-30"), d("2026-11-24"), 3).unwrap();
    let (_, total) = recoup::domain::promise_report::by_agent(due);
    assert_eq!((total.due, total.kept, total.cancelled), (1, 1, 0));
}

#[test]
fn the_account_reads_the_newest_payments_and_counts_the_rest() {
    let b = book();
    for day in 1..=25u64 {
        let on = d("2026-10-01") + Days::new(day);
        b.pay(100, &on.to_string(), &format!("R-{day}"), "2026-11-25");
    }
    let paid = b.account().payments;
    assert_eq!((paid.count, paid.rows.len()), (25, 20));
    assert_eq!(paid.rows[0].reference, "R-25");
    assert_eq!(paid.rows[19].reference, "R-6");
    assert!(paid.rows.windows(2).all(|w| w[0].received_on > w[1].received_on));
    assert_eq!(b.invoices.len(), 2);
}
