//! Promises, plans, payments and disputes through the store, with a fixed
//! clock that can be moved across days.

mod common;

use chrono::{Days, NaiveDate};
use recoup::clock::Moment;
use recoup::domain::Money;
use recoup::domain::people::Role;
use recoup::domain::plan::{Frequency, Instalment, instalments};
use recoup::domain::promise::PromiseStatus;
use recoup::domain::queue::QueueFilter;
use recoup::import::rules::new_debtor;
use recoup::store::{
    ExportKind, NewDebtor, NewInvoice, Page, PaymentRequest, PromiseRequest, QueueKey, QueueScope,
    Store,
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(day: &str) -> Moment {
    Moment { now: format!("{day}T15:00:00Z").parse().unwrap(), today: d(day) }
}

const TODAY: &str = "2026-11-25";

struct Book {
    _dir: tempfile::TempDir,
    store: Store,
    alice: i64,
    /// The debtor under test, and a bigger one that would otherwise lead the queue.
    acme: i64,
    invoices: Vec<i64>,
}

fn book() -> Book {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("c.sqlite")).unwrap();
    let now = at(TODAY);
    let carol = store.resolve_agent("carol", now.now).unwrap();
    let alice = store.add_agent("alice", Role::Agent, Some(carol.id), now.now).unwrap().id;
    let mut w = store.book_writer(now).unwrap();
    let mut ids = Vec::new();
    for (reference, name, amounts) in [
        (
            "ACME",
            "Acme Corp",
            vec![("INV-1", 100_000, "2026-10-01"), ("INV-2", 50_000, "2026-11-01")],
        ),
        ("BIG", "Big Industries", vec![("B-1", 9_000_000, "2026-06-01")]),
    ] {
        let (id, _) = w
            .debtor(&NewDebtor {
                timezone: "America/New_York".into(),
                assigned_to: Some(alice),
                ..new_debtor(reference, name)
            })
            .unwrap();
        for (number, cents, due) in amounts {
            w.invoice(
                id,
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
        ids.push(id);
    }
    w.finish().unwrap();
    let acme = ids[0];
    let account = store.account(acme, alice).unwrap().unwrap();
    let invoices = account.invoices.iter().map(|i| i.id).collect();
    Book { _dir: dir, store, alice, acme, invoices }
}

impl Book {
    fn promise(
        &self,
        plan: Vec<Instalment>,
        frequency: Option<Frequency>,
        invoices: Vec<i64>,
        day: &str,
    ) {
        self.promise_replacing(plan, frequency, invoices, day, false);
    }

    fn promise_replacing(
        &self,
        plan: Vec<Instalment>,
        frequency: Option<Frequency>,
        invoices: Vec<i64>,
        day: &str,
        cancel_open: bool,
    ) {
        self.store
            .add_promise(
                &PromiseRequest {
                    debtor_id: self.acme,
                    agent_id: self.alice,
                    call_id: None,
                    instalments: plan,
                    frequency,
                    invoice_ids: invoices,
                    cancel_open,
                    waive_interest: false,
                },
                &at(day),
            )
            .unwrap();
    }

    fn pay(&self, cents: i64, on: &str, reference: &str) {
        self.store
            .record_payment(
                &PaymentRequest {
                    debtor_id: self.acme,
                    agent_id: self.alice,
                    received_on: d(on),
                    amount: Money(cents),
                    reference: reference.into(),
                    invoice_id: None,
                },
                &at(on),
            )
            .unwrap();
    }

    fn statuses(&self) -> Vec<(NaiveDate, PromiseStatus, Money)> {
        let mut p: Vec<_> = self
            .store
            .account(self.acme, self.alice)
            .unwrap()
            .unwrap()
            .promises
            .into_iter()
            .map(|p| (p.due_on, p.status, p.shortfall))
            .collect();
        p.sort_by_key(|x| x.0);
        p
    }

    fn audit(&self) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        self.store
            .export(ExportKind::Audit, |r: &[String]| -> Result<(), recoup::store::StoreError> {
                rows.push(r.to_vec());
                Ok(())
            })
            .unwrap();
        rows
    }

    fn top_of_queue(&self, filter: QueueFilter) -> recoup::store::QueueRow {
        self.store
            .queue_page(
                QueueScope::Mine(self.alice),
                filter,
                Page::From(QueueKey::FIRST),
                5,
                at(TODAY).now,
            )
            .unwrap()
            .remove(0)
    }
}

fn single(cents: i64, due: &str) -> Vec<Instalment> {
    vec![Instalment { amount: Money(cents), due_on: d(due) }]
}

#[test]
fn a_promise_paid_by_phone_is_kept_at_once_and_audited() {
    let b = book();
    b.promise(single(100_000, "2026-12-02"), None, vec![], TODAY);
    assert_eq!(b.statuses(), vec![(d("2026-12-02"), PromiseStatus::Open, Money(100_000))]);
    let top = b.top_of_queue(QueueFilter::All);
    assert_ne!(top.debtor_id(), b.acme, "an open promise not yet due leaves the due-now order");
    let due_now =
        b.store.queue_count(QueueScope::Mine(b.alice), QueueFilter::DueNow, at(TODAY).now).unwrap();
    assert_eq!(due_now, 1, "only BIG is due now");

    b.pay(100_000, TODAY, "CARD-1");
    assert_eq!(b.statuses(), vec![(d("2026-12-02"), PromiseStatus::Kept, Money::ZERO)]);
    let audit = b.audit();
    assert!(
        audit
            .iter()
            .any(|r| r[3] == "promise" && r[5] == "status" && r[6] == "open" && r[7] == "kept")
    );
    assert!(audit.iter().any(|r| r[3] == "payment" && r[2] == "alice"));
    let account = b.store.account(b.acme, b.alice).unwrap().unwrap();
    assert_eq!(account.debtor.balance, Money(50_000), "the payment paid the oldest invoice");
}

#[test]
fn an_unpaid_promise_breaks_when_the_grace_runs_out_and_tops_the_queue() {
    let b = book();
    b.promise(single(20_000, "2026-11-26"), None, vec![], TODAY);
    for (day, want) in [("2026-11-29", PromiseStatus::Open), ("2026-11-30", PromiseStatus::Broken)]
    {
        assert!(b.store.ensure_summaries(&at(day)).unwrap());
        assert_eq!(b.statuses()[0].1, want, "on {day}");
    }
    let top = b.top_of_queue(QueueFilter::DueNow);
    assert_eq!(top.debtor_id(), b.acme, "broken promise first, though BIG owes far more");
    assert!(top.ptp_broken);
    assert_eq!(b.top_of_queue(QueueFilter::BrokenPromises).debtor_id(), b.acme);
    assert!(
        b.audit()
            .iter()
            .any(|r| r[5] == "status" && r[6] == "open" && r[7] == "broken" && r[2].is_empty())
    );
}

#[test]
fn a_promise_due_today_says_ptp_due_and_comes_first() {
    let b = book();
    b.promise(single(20_000, TODAY), None, vec![], TODAY);
    let top = b.top_of_queue(QueueFilter::DueNow);
    assert_eq!(top.debtor_id(), b.acme);
    assert!(top.ptp_due);
}

#[test]
fn a_plan_defaults_at_its_first_broken_instalment() {
    let b = book();
    let plan = instalments(Money(90_000), 3, d("2026-12-01"), Frequency::Weekly).unwrap();
    b.promise(plan, Some(Frequency::Weekly), vec![], TODAY);
    b.pay(30_000, "2026-11-30", "W-1");
    b.store.ensure_summaries(&at("2026-12-12")).unwrap();
    let s = b.statuses();
    assert_eq!(
        s.iter().map(|x| x.1).collect::<Vec<_>>(),
        [PromiseStatus::Kept, PromiseStatus::Broken, PromiseStatus::Open]
    );
    let account = b.store.account(b.acme, b.alice).unwrap().unwrap();
    let plan = &account.plans[0];
    assert_eq!((plan.instalments, plan.kept, plan.frequency.as_str()), (3, 1, "weekly"));
    assert_eq!(plan.default_since, Some(d("2026-12-08")));
    assert_eq!(plan.next, Some((d("2026-12-15"), Money(30_000))));
}

#[test]
fn overpaying_an_instalment_carries_to_the_next() {
    let b = book();
    let plan = instalments(Money(60_000), 2, d("2026-12-01"), Frequency::Monthly).unwrap();
    b.promise(plan, Some(Frequency::Monthly), vec![], TODAY);
    b.pay(45_000, "2026-11-28", "X-1");
    let s = b.statuses();
    assert_eq!(s[0].1, PromiseStatus::Kept);
    assert_eq!((s[1].1, s[1].2), (PromiseStatus::Open, Money(15_000)));
}

#[test]
fn a_disputed_invoice_leaves_the_amount_to_collect_and_the_shortfall() {
    let b = book();
    b.promise(single(150_000, "2026-11-27"), None, b.invoices.clone(), TODAY);
    let before = b.store.account(b.acme, b.alice).unwrap().unwrap().debtor;
    assert_eq!(before.overdue, Money(150_000));
    // INV-2 (500.00) is disputed: out of the overdue amount and the promise.
    let inv2 = b.invoices[1];
    b.store.open_dispute(inv2, "quantity", "short by two pallets", b.alice, &at(TODAY)).unwrap();
    let after = b.store.account(b.acme, b.alice).unwrap().unwrap();
    assert_eq!(after.debtor.overdue, Money(100_000));
    assert_eq!(after.debtor.disputed, Money(50_000));
    assert_eq!(after.invoices[1].dispute_reason.as_deref(), Some("quantity"));
    assert!(
        after.notes[0]
            .body
            .contains("Dispute opened on invoice INV-2: quantity. short by two pallets")
    );
    assert_eq!(b.statuses()[0].2, Money(100_000), "shortfall leaves the disputed 500.00 out");

    b.pay(100_000, "2026-11-26", "P-1");
    assert_eq!(b.statuses()[0].1, PromiseStatus::Kept, "1,000.00 of 1,500.00 keeps it");

    b.store.resolve_dispute(inv2, b.alice, &at("2026-12-01")).unwrap();
    let s = b.statuses();
    assert_eq!(
        (s[0].1, s[0].2),
        (PromiseStatus::PartlyKept, Money(50_000)),
        "resolved: the 500.00 is owed again"
    );
    assert!(b.store.resolve_dispute(inv2, b.alice, &at("2026-12-01")).is_err());
}

#[test]
fn the_promises_report_counts_by_agent_as_of_a_date() {
    let b = book();
    b.promise(single(10_000, "2026-11-10"), None, vec![], "2026-11-01");
    b.promise(single(20_000, "2026-11-20"), None, vec![], "2026-11-01");
    b.pay(10_000, "2026-11-09", "R-1");
    b.pay(5_000, "2026-11-21", "R-2");
    let rows = b.store.promises_due(d("2026-11-01"), d("2026-11-30"), d("2026-11-30"), 3).unwrap();
    let (lines, total) = recoup::domain::promise_report::by_agent(rows);
    assert_eq!(lines.len(), 1);
    assert_eq!((total.due, total.kept, total.partly_kept, total.broken), (2, 1, 1, 0));
    assert_eq!(total.partly_paid, Money(5_000));
    // As of the 15th the second promise is not yet due and R-2 not yet paid.
    let early = b.store.promises_due(d("2026-11-01"), d("2026-11-30"), d("2026-11-15"), 3).unwrap();
    let (_, t) = recoup::domain::promise_report::by_agent(early);
    assert_eq!((t.kept, t.open), (1, 1));
}

#[test]
fn a_new_promise_can_replace_the_open_ones() {
    let b = book();
    b.promise(single(10_000, "2026-12-01"), None, vec![], TODAY);
    b.promise(single(20_000, "2026-12-02"), None, vec![], TODAY);
    b.promise_replacing(single(25_000, "2026-12-05"), None, vec![], TODAY, true);
    let s = b.statuses();
    assert_eq!(
        s.iter().map(|x| x.1).collect::<Vec<_>>(),
        [PromiseStatus::Cancelled, PromiseStatus::Cancelled, PromiseStatus::Open]
    );
    let replaced =
        b.audit().into_iter().filter(|r| r[7] == "cancelled (replaced by a new promise)").count();
    assert_eq!(replaced, 2);
}
