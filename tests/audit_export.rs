//! `recoup export audit` names what each row is about the way a lead knows
//! it: the debtor's ref and the invoice numbers (recoup issue 9, item 13,
//! filed as "debtor,80").

mod common;

use chrono::{Days, NaiveDate};
use common::{csv_rows, recoup, stderr, stdout};
use recoup::clock::Moment;
use recoup::domain::Money;
use recoup::domain::people::{DebtorStatus, Role};
use recoup::domain::plan::Instalment;
use recoup::store::{NewDebtor, NewInvoice, PaymentRequest, PromiseRequest, Store};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn the_audit_export_names_debtors_by_ref_and_invoices_by_number() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.sqlite");
    let at = Moment { now: "2026-11-25T15:00:00Z".parse().unwrap(), today: d("2026-11-25") };
    let store = Store::open(&path).unwrap();
    let carol = store.resolve_agent("carol", at.now).unwrap().id;
    let alice = store.add_agent("alice", Role::Agent, Some(carol), at.now).unwrap().id;
    let mut w = store.book_writer(at).unwrap();
    let mut debtors = Vec::new();
    // A few debtors first, so internal ids and refs cannot be mistaken.
    for n in 0..3 {
        let (id, _) = w
            .debtor(&NewDebtor {
                reference: format!("ACC-{}", 900 + n),
                name: format!("Debtor {n}"),
                timezone: "UTC".into(),
                terms_days: 30,
                terms_accepted_on: None,
                assigned_to: None,
                status: DebtorStatus::Active,
                do_not_call: false,
            })
            .unwrap();
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
    let invoices: Vec<(String, i64)> = store
        .account(debtor, carol)
        .unwrap()
        .unwrap()
        .invoices
        .iter()
        .map(|i| (i.number.clone(), i.id))
        .collect();
    let invoice = |n: &str| invoices.iter().find(|(x, _)| x == n).unwrap().1;

    store.assign(&[debtor], Some(alice), carol, &at).unwrap();
    store.open_dispute(invoice("INV-B-2"), "price", "", alice, &at).unwrap();
    let promise = PromiseRequest {
        debtor_id: debtor,
        agent_id: alice,
        call_id: None,
        instalments: vec![Instalment { amount: Money(50_000), due_on: d("2026-12-01") }],
        frequency: None,
        invoice_ids: vec![invoice("INV-A-2"), invoice("INV-B-2")],
        cancel_open: false,
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
    let out = recoup(dir.path()).args(["--db", db, "export", "audit"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = csv_rows(&stdout(&out));
    assert_eq!(
        rows[0],
        [
            "id",
            "at",
            "agent",
            "entity",
            "entity_id",
            "action",
            "before",
            "after",
            "debtor_ref",
            "invoice_number"
        ]
    );
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
