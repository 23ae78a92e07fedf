//! Triage figures and a lead's bulk actions through the store, on a small
//! book whose numbers are worked out by hand here.

mod common;

use chrono::NaiveDate;
use recoup::clock::Moment;
use recoup::domain::Money;
use recoup::domain::kpi::{
    Period, PeriodFigures, best_possible_dso_tenths, cei_tenths, dso_tenths,
};
use recoup::domain::people::Role;
use recoup::domain::queue::QueueFilter;
use recoup::import::rules::new_debtor;
use recoup::store::{
    AgingBy, EscalateTo, ExportKind, LeadTargets, NewDebtor, NewInvoice, NewPayment, Page,
    QueueKey, QueueScope, Store, StoreError,
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(day: &str) -> Moment {
    Moment { now: format!("{day}T16:00:00Z").parse().unwrap(), today: d(day) }
}

/// Two debtors, as of Monday 30 November 2026 (a month end):
/// - A: INV-1 issued 5 Oct, due 4 Nov, 10,000.00, of which 4,000.00 paid on 10 Nov;
///   INV-2 issued 12 Nov, due 12 Dec, 6,000.00.
/// - B: INV-3 issued 1 Sep, due 1 Oct, 5,000.00, paid in full on 20 Nov;
///   INV-4 issued 20 Nov, due 20 Dec, 1,000.00.
fn book(dir: &std::path::Path) -> (Store, i64, i64) {
    let store = Store::open(&dir.join("t.sqlite")).unwrap();
    let now = at("2026-11-30");
    let carol = store.resolve_agent("carol", now.now).unwrap();
    let alice = store.add_agent("alice", Role::Agent, Some(carol.id), now.now).unwrap();
    let mut w = store.book_writer(now).unwrap();
    for (reference, invoices, payments) in [
        (
            "A",
            vec![
                ("INV-1", "2026-10-05", "2026-11-04", 1_000_000),
                ("INV-2", "2026-11-12", "2026-12-12", 600_000),
            ],
            vec![("2026-11-10", 400_000, "P-1")],
        ),
        (
            "B",
            vec![
                ("INV-3", "2026-09-01", "2026-10-01", 500_000),
                ("INV-4", "2026-11-20", "2026-12-20", 100_000),
            ],
            vec![("2026-11-20", 500_000, "P-2")],
        ),
    ] {
        let (id, _) = w
            .debtor(&NewDebtor {
                assigned_to: Some(alice.id),
                ..new_debtor(reference, &format!("Debtor {reference}"))
            })
            .unwrap();
        for (number, issued, due, cents) in invoices {
            w.invoice(
                id,
                NewInvoice {
                    number: number.into(),
                    supplied_on: Some(d(issued) - chrono::Days::new(2)),
                    issued_on: d(issued),
                    due_on: d(due),
                    amount: Money(cents),
                    currency: "USD".into(),
                    dispute: None,
                },
            )
            .unwrap();
        }
        for (on, cents, reference) in payments {
            w.payment(
                id,
                &NewPayment {
                    received_on: d(on),
                    amount: Money(cents),
                    invoice_number: None,
                    reference: reference.into(),
                },
            )
            .unwrap();
        }
    }
    w.finish().unwrap();
    (store, carol.id, alice.id)
}

#[test]
fn month_end_kpis_from_a_hand_computed_book() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _, _) = book(dir.path());
    let period = Period::month_to(d("2026-11-30"));
    assert_eq!((period.days(), period.eve()), (30, d("2026-10-31")));

    // Opening (31 Oct): INV-1 10,000 + INV-3 5,000.
    assert_eq!(store.receivables_at(period.eve()).unwrap(), Money(1_500_000));
    let activity = store.activity(period.from, period.to).unwrap();
    // Issued in November: INV-2 6,000 + INV-4 1,000. Collected: 4,000 + 5,000.
    assert_eq!(activity.credit_sales, Money(700_000));
    assert_eq!(activity.collected, Money(900_000));
    assert_eq!((activity.lag_days, activity.lag_invoices), (4, 2));
    let totals = store.book_totals().unwrap();
    // Closing: INV-1 6,000 (26 days past due) + INV-2 6,000 + INV-4 1,000 (not yet due).
    assert_eq!(totals.outstanding(), Money(1_300_000));
    assert_eq!(totals.current_receivables(), Money(700_000));
    assert_eq!(totals.buckets[1], Money(600_000));

    let figures = PeriodFigures {
        opening_receivables: Money(1_500_000),
        credit_sales: activity.credit_sales,
        closing_receivables: totals.outstanding(),
        closing_current: totals.current_receivables(),
    };
    // DSO = 13,000 / 7,000 × 30 = 55.7; best = 7,000 / 7,000 × 30 = 30.0;
    // CEI = (15,000 + 7,000 − 13,000) / (15,000 + 7,000 − 7,000) = 60.0 %.
    assert_eq!(dso_tenths(&figures, 30), Some(557));
    assert_eq!(best_possible_dso_tenths(&figures, 30), Some(300));
    assert_eq!(cei_tenths(&figures), Some(600));

    // The same receivables the long way, at several dates.
    for day in ["2026-09-30", "2026-10-31", "2026-11-10", "2026-11-19", "2026-11-30"] {
        let (slow, _) = store.receivables_as_of(d(day)).unwrap();
        assert_eq!(store.receivables_at(d(day)).unwrap(), slow, "on {day}");
    }
    let (_, current) = store.receivables_as_of(d("2026-11-30")).unwrap();
    assert_eq!(current, Money(700_000));
}

#[test]
fn the_aging_report_as_of_today_matches_the_triage_totals() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = common::demo_book(dir.path(), 150);
    let today = common::moment().today;
    let items = store.open_items(today, AgingBy::Agent).unwrap();
    let (lines, total) = recoup::domain::aging_report::aging(&items, today);
    let triage = store.book_totals().unwrap();
    assert_eq!(total.buckets, triage.buckets);
    assert_eq!(total.disputed, triage.disputed);
    assert_eq!(total.total(), triage.outstanding());
    assert_eq!(
        lines.iter().map(|l| l.label.as_str()).collect::<Vec<_>>(),
        ["(unassigned)", "alice", "bob"]
    );
    let rows = store.agent_rows(common::moment().now, common::moment().now, today, today).unwrap();
    let alice = rows.iter().find(|r| r.name == "alice").unwrap();
    let alice_line = lines.iter().find(|l| l.label == "alice").unwrap();
    assert_eq!(alice.overdue, alice_line.overdue());
    // Agents' lines, unassigned debtors included, add up to the book.
    let nobody = rows.iter().find(|r| r.name == "(unassigned)").unwrap();
    let nobody_line = lines.iter().find(|l| l.label == "(unassigned)").unwrap();
    assert_eq!(nobody.overdue, nobody_line.overdue());
    let overdue: recoup::domain::Money = rows.iter().map(|r| r.overdue).sum();
    assert_eq!(overdue, lines.iter().map(|l| l.overdue()).sum());
}

#[test]
fn assigning_is_one_audited_change_per_debtor() {
    let dir = tempfile::tempdir().unwrap();
    let (store, carol, alice) = book(dir.path());
    let bob = store.add_agent("bob", Role::Agent, Some(carol), at("2026-11-30").now).unwrap().id;
    let both = LeadTargets::Debtors(vec![1, 2]);
    assert_eq!(store.assign(&both, Some(bob), carol, &at("2026-11-30")).unwrap().changed, 2);
    assert_eq!(
        store.assign(&both, Some(bob), carol, &at("2026-11-30")).unwrap().changed,
        0,
        "already bob's"
    );
    let mut audit = Vec::new();
    store
        .export(ExportKind::Audit, |r: &[String]| -> Result<(), StoreError> {
            audit.push(r.to_vec());
            Ok(())
        })
        .unwrap();
    let assigns: Vec<_> = audit.iter().filter(|r| r[5] == "assign").collect();
    assert_eq!(assigns.len(), 2);
    for r in &assigns {
        assert_eq!((r[2].as_str(), r[6].as_str(), r[7].as_str()), ("carol", "alice", "bob"));
    }
    let now = at("2026-11-30").now;
    let alices = store.queue_count(QueueScope::Mine(alice), QueueFilter::All, now).unwrap();
    assert_eq!(alices, 0);
    assert_eq!(store.queue_count(QueueScope::Mine(bob), QueueFilter::All, now).unwrap(), 2);
}

#[test]
fn pins_holds_and_escalations_move_debtors_and_leave_a_trail() {
    let dir = tempfile::tempdir().unwrap();
    let (store, carol, alice) = book(dir.path());
    let now = at("2026-11-30");
    let first = |store: &Store| {
        store
            .queue_page(
                QueueScope::Mine(alice),
                QueueFilter::All,
                Page::From(QueueKey::FIRST),
                5,
                now.now,
            )
            .unwrap()[0]
            .reference
            .clone()
    };
    assert_eq!(first(&store), "A", "A owes more");
    let (a, b) = (LeadTargets::Debtors(vec![1]), LeadTargets::Debtors(vec![2]));
    store.pin(&b, 1, carol, &now).unwrap();
    assert_eq!(first(&store), "B", "a pin lifts B");
    store.pin(&b, -5, carol, &now).unwrap();
    assert_eq!(first(&store), "A");

    store.toggle_hold(&a, "customer in administration", carol, &now).unwrap();
    assert_eq!(
        store.queue_count(QueueScope::Mine(alice), QueueFilter::DueNow, now.now).unwrap(),
        0,
        "held accounts are not due"
    );
    store.toggle_hold(&a, "administrator appointed", carol, &now).unwrap();
    assert_eq!(store.account(1, carol).unwrap().unwrap().debtor.status.as_str(), "active");

    assert!(store.escalate(&a, EscalateTo::Legal, " ", carol, &now).is_err());
    store.escalate(&a, EscalateTo::Legal, "no response in 120 days", carol, &now).unwrap();
    let account = store.account(1, carol).unwrap().unwrap();
    assert_eq!(account.debtor.status.as_str(), "escalated");
    assert_eq!(account.notes[0].body, "Escalated to legal: no response in 120 days");
    let candidates =
        store.queue_count(QueueScope::All, QueueFilter::Escalation(20), now.now).unwrap();
    assert_eq!(candidates, 0, "escalated debtors are no longer candidates");
}
