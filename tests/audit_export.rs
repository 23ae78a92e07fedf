//! `recoup export audit` names what each row is about the way a lead knows
//! it: the debtor's ref and the invoice numbers (recoup issue 9, item 13,
//! filed as "debtor,80").

mod common;

use chrono::{Days, NaiveDate};
use common::{csv_rows, recoup, stderr, stdout};
use recoup::clock::Moment;
use recoup::domain::Money;
use recoup::domain::people::Role;
use recoup::domain::plan::Instalment;
use recoup::import::rules::new_debtor;
use recoup::store::{NewInvoice, PaymentRequest, PromiseRequest, Store};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A book of three debtors with two invoices each; returns the store, the
/// lead and agent ids, and the third debtor with its invoices by number.
fn book(path: &std::path::Path, at: Moment) -> (Store, i64, i64, i64, Vec<(String, i64)>) {
    let store = Store::open(path).unwrap();
    let carol = store.resolve_agent("carol", at.now).unwrap().id;
    let alice = store.add_agent("alice", Role::Agent, Some(carol), at.now).unwrap().id;
    let mut w = store.book_writer(at).unwrap();
    let mut debtors = Vec::new();
    // A few debtors first, so internal ids and refs cannot be mistaken.
    for n in 0..3 {
        let (id, _) =
            w.debtor(&new_debtor(&format!("ACC-{}", 900 + n), &format!("Debtor {n}"))).unwrap();
        for number in ["INV-A", "INV-B"] {
            let invoice = NewInvoice {
                number: format!("{number}-{n}"),
                supplied_on: None,
                issued_on: d("2026-10-01"),
                due_on: d("2026-10-01") + Days::new(30),
                amount: Money(100_000),
                currency: "USD".into(),
                dispute: None,
            };
            w.invoice(id, invoice).unwrap();
        }
        debtors.push(id);
    }
    w.finish().unwrap();
    let debtor = debtors[2];
    let account = store.account(debtor, carol).unwrap().unwrap();
    let invoices = account.invoices.iter().map(|i| (i.number.clone(), i.id)).collect();
    (store, carol, alice, debtor, invoices)
}

/// `recoup export audit`, as rows (the header first).
fn audit_rows(dir: &std::path::Path, db: &str) -> Vec<Vec<String>> {
    let out = recoup(dir).args(["--db", db, "export", "audit"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    csv_rows(&stdout(&out))
}

#[test]
fn the_audit_export_names_debtors_by_ref_and_invoices_by_number() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.sqlite");
    let at = Moment { now: "2026-11-25T15:00:00Z".parse().unwrap(), today: d("2026-11-25") };
    let (store, carol, alice, debtor, invoices) = book(&path, at);
    let invoice = |n: &str| invoices.iter().find(|(x, _)| x == n).unwrap().1;

    store
        .assign(&recoup::store::LeadTargets::Debtors(vec![debtor]), Some(alice), carol, &at)
        .unwrap();
    store.open_dispute(invoice("INV-B-2"), "price", "", alice, &at).unwrap();
    let promise = PromiseRequest {
        debtor_id: debtor,
        agent_id: alice,
        call_id: None,
        instalments: vec![Instalment { amount: Money(50_000), due_on: d("2026-12-01") }],
        frequency: None,
        invoice_ids: vec![invoice("INV-A-2"), invoice("INV-B-2")],
        cancel_open: false,
        waive_interest: false,
    };
    store.add_promise(&promise, &at).unwrap();
    let payment = PaymentRequest {
        debtor_id: debtor,
        agent_id: alice,
        received_on: d("2026-11-25"),
        amount: Money(10_000),
        reference: "CARD-1".into(),
        invoice_id: Some(invoice("INV-A-2")),
    };
    store.record_payment(&payment, &at).unwrap();
    drop(store);

    let db = path.to_str().unwrap();
    let out = recoup(dir.path())
        .args(["--db", db, "--agent", "alice", "note", "add", "ACC-902", "Called back"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = audit_rows(dir.path(), db);
    let header = "id,at,agent,entity,entity_id,action,before,after,debtor_ref,invoice_number";
    assert_eq!(rows[0].join(","), header);
    let find = |entity: &str, action: &str| {
        rows.iter()
            .find(|r| r[3] == entity && r[5] == action)
            .unwrap_or_else(|| panic!("no {entity} {action} in {rows:#?}"))
    };
    let readable = |r: &Vec<String>| (r[8].clone(), r[9].clone());
    let assigned = find("debtor", "assign");
    assert_eq!(assigned[4], debtor.to_string(), "the id stays for machines");
    assert_eq!(readable(assigned), ("ACC-902".into(), String::new()));
    assert_eq!(readable(find("invoice", "dispute")), ("ACC-902".into(), "INV-B-2".into()));
    assert_eq!(readable(find("promise", "add")), ("ACC-902".into(), "INV-A-2 INV-B-2".into()));
    assert_eq!(readable(find("payment", "add")), ("ACC-902".into(), "INV-A-2".into()));
    assert_eq!(readable(find("note", "add")).0, "ACC-902");
}
