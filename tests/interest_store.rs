//! Issue 13 in the store: waivers (audited, noted on the account, refused
//! when they cannot be), and the reads interest is computed from, for one
//! debtor and for every debtor with a regime in one pass.

mod common;

use std::path::Path;

use recoup::domain::Money;
use recoup::domain::interest_terms::{InterestRegime, Waived};
use recoup::store::{DebtorInterest, NewWaiver, StoreError};
use rusqlite::Connection;

fn sql_i64(db: &Path, sql: &str) -> i64 {
    Connection::open(db).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn ids(db: &Path, sql: &str) -> Vec<i64> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

/// A debtor with a promise, that promise, and one of its invoices.
fn debtor_with_promise(db: &Path) -> (i64, i64, i64) {
    let debtor = sql_i64(db, "SELECT debtor_id FROM promises ORDER BY id LIMIT 1");
    let promise = sql_i64(db, &format!("SELECT min(id) FROM promises WHERE debtor_id = {debtor}"));
    let invoice = sql_i64(db, &format!("SELECT min(id) FROM invoices WHERE debtor_id = {debtor}"));
    (debtor, promise, invoice)
}

/// A demo book and who and what a waiver there is about.
struct Desk {
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
    store: recoup::store::Store,
    at: recoup::clock::Moment,
    carol: i64,
    alice: i64,
    debtor: i64,
    promise: i64,
    invoice: i64,
}

impl Desk {
    fn new() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let (db, store) = common::demo_book(dir.path(), 12);
        let at = store.moment(common::moment().now).unwrap();
        let carol = store.agent_by_name("carol").unwrap().unwrap().id;
        let alice = store.agent_by_name("alice").unwrap().unwrap().id;
        let (debtor, promise, invoice) = debtor_with_promise(&db);
        Desk { _dir: dir, db, store, at, carol, alice, debtor, promise, invoice }
    }

    fn waiver<'a>(
        &self,
        invoice_id: Option<i64>,
        what: Waived,
        reason: &'a str,
        by_agent: i64,
        promise_id: Option<i64>,
    ) -> NewWaiver<'a> {
        NewWaiver { debtor_id: self.debtor, invoice_id, what, reason, by_agent, promise_id }
    }
}

#[test]
fn a_lead_waives_outright_an_agent_only_with_a_promise_each_noted_and_audited() {
    let d = Desk::new();
    let db = &d.db;
    let debtor = d.debtor;
    let notes_before =
        sql_i64(db, &format!("SELECT COUNT(*) FROM notes WHERE debtor_id = {debtor}"));
    let audit_before = sql_i64(db, "SELECT COUNT(*) FROM audit_log");
    let outright =
        d.waiver(Some(d.invoice), Waived::Interest, "goodwill after the audit", d.carol, None);
    let outright = d.store.add_interest_waiver(&outright, &d.at).unwrap();
    let offered =
        d.waiver(None, Waived::Both, "pays the principal by Friday", d.alice, Some(d.promise));
    let offered = d.store.add_interest_waiver(&offered, &d.at).unwrap();

    let listed = d.store.interest_waivers(debtor).unwrap();
    assert_eq!(listed.iter().map(|w| w.id).collect::<Vec<_>>(), [outright, offered]);
    assert_eq!(listed[0].invoice_id, Some(d.invoice));
    assert!(listed[0].invoice_number.is_some());
    assert_eq!((listed[0].what, listed[0].by.as_str()), (Waived::Interest, "carol"));
    assert_eq!((listed[0].promise_id, listed[0].withdrawn_at.as_deref()), (None, None));
    assert_eq!((listed[1].invoice_id, listed[1].what), (None, Waived::Both));
    assert_eq!(listed[1].promise_id, Some(d.promise));
    assert!(listed[1].promise_status.is_some(), "the promise's status comes with it");
    assert_eq!(listed[1].reason, "pays the principal by Friday");

    // Each is noted on the account and audited.
    assert_eq!(
        sql_i64(db, &format!("SELECT COUNT(*) FROM notes WHERE debtor_id = {debtor}")),
        notes_before + 2
    );
    noted(db, debtor);
    // Two notes and two waivers: four audit rows.
    assert_eq!(sql_i64(db, "SELECT COUNT(*) FROM audit_log"), audit_before + 4);
    let waiver_rows =
        sql_i64(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'waiver' AND action = 'add'");
    assert_eq!(waiver_rows, 2);
    // The audit export names the debtor (and the invoice) a waiver is about.
    let exported = common::exported(db, recoup::store::ExportKind::Audit);
    let rows: Vec<_> = exported.iter().filter(|r| r[3] == "waiver").collect();
    let debtor_ref = Connection::open(db)
        .unwrap()
        .query_row("SELECT ref FROM debtors WHERE id = ?1", [debtor], |r| r.get::<_, String>(0))
        .unwrap();
    assert_eq!(
        (rows[0][8].as_str(), rows[1][8].as_str()),
        (debtor_ref.as_str(), debtor_ref.as_str())
    );
    assert_eq!(Some(rows[0][9].as_str()), listed[0].invoice_number.as_deref());
    assert_eq!(rows[1][9], "", "a whole-account waiver names no invoice");
}

/// The last two notes on the account say what was waived, on what, and why.
fn noted(db: &Path, debtor: i64) {
    let notes = Connection::open(db)
        .unwrap()
        .prepare(&format!(
            "SELECT body FROM notes WHERE debtor_id = {debtor} ORDER BY id DESC LIMIT 2"
        ))
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect::<Vec<_>>();
    let whole = "Interest and compensation waived on the whole account, if the promise of ";
    assert!(notes[0].starts_with(whole), "{}", notes[0]);
    assert!(notes[0].ends_with(" is kept: pays the principal by Friday"), "{}", notes[0]);
    assert!(notes[1].starts_with("Interest waived on invoice "), "{}", notes[1]);
    assert!(notes[1].ends_with(": goodwill after the audit"), "{}", notes[1]);
}

#[test]
fn a_waiver_that_cannot_be_is_refused_and_nothing_is_written() {
    let d = Desk::new();
    let audit_before = sql_i64(&d.db, "SELECT COUNT(*) FROM audit_log");
    // An agent outright, no reason, another debtor's invoice or promise.
    let other =
        sql_i64(&d.db, &format!("SELECT min(id) FROM invoices WHERE debtor_id <> {}", d.debtor));
    let refusals = [
        (
            d.waiver(None, Waived::Interest, "nice", d.alice, None),
            "only a lead can waive interest outright",
        ),
        (d.waiver(None, Waived::Interest, "  ", d.carol, None), "a waiver needs a reason"),
        (d.waiver(Some(other), Waived::Interest, "x", d.carol, None), "the debtor has no invoice"),
        (d.waiver(None, Waived::Compensation, "x", d.alice, Some(-5)), "the debtor has no promise"),
    ];
    for (w, said) in refusals {
        match d.store.add_interest_waiver(&w, &d.at) {
            Err(StoreError::Refused(why)) => assert!(why.contains(said), "{why}"),
            other => panic!("expected a refusal ({said}), got {other:?}"),
        }
    }
    assert_eq!(d.store.interest_waivers(d.debtor).unwrap(), []);
    assert_eq!(sql_i64(&d.db, "SELECT COUNT(*) FROM audit_log"), audit_before);
}

fn set_regime(db: &Path, debtor: i64, regime: &str, rate: i64) {
    Connection::open(db)
        .unwrap()
        .execute(
            "UPDATE debtors SET interest = ?2, interest_rate = ?3 WHERE id = ?1",
            rusqlite::params![debtor, regime, rate],
        )
        .unwrap();
}

/// What one debtor's read must agree with, from plain SQL.
fn check_against_sql(db: &Path, d: &DebtorInterest) {
    let n = |sql: String| sql_i64(db, &sql);
    let id = d.debtor_id;
    assert_eq!(
        d.invoices.len() as i64,
        n(format!("SELECT COUNT(*) FROM invoices WHERE debtor_id = {id}"))
    );
    let balance: i64 = d.invoices.iter().map(|i| i.balance.cents()).sum();
    let sql_balance = n(format!(
        "SELECT COALESCE(SUM(amount_cents - paid_cents), 0) FROM invoices WHERE debtor_id = {id}"
    ));
    assert_eq!(balance, sql_balance);
    for i in &d.invoices {
        let paid: i64 = i.paid.iter().map(|p| p.amount.cents()).sum();
        let allocated = n(format!(
            "SELECT COALESCE(SUM(amount_cents), 0) FROM allocations WHERE invoice_id = {}",
            i.id
        ));
        assert_eq!(paid, allocated, "invoice {}", i.number);
        assert!(i.paid.windows(2).all(|w| w[0].received_on <= w[1].received_on), "oldest first");
    }
    let due: Vec<_> = d.invoices.iter().map(|i| i.due_on).collect();
    assert!(due.windows(2).all(|w| w[0] <= w[1]), "invoices by due date");
    let untied: i64 = d.untied_payments.iter().map(|p| p.amount.cents()).sum();
    let sql_untied = n(format!(
        "SELECT COALESCE(SUM(amount_cents), 0) FROM payments WHERE debtor_id = {id} AND invoice_id IS NULL"
    ));
    assert_eq!(untied, sql_untied);
}

#[test]
fn the_reads_give_one_debtor_or_every_debtor_with_a_regime_in_ref_order() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store) = common::demo_book(dir.path(), 30);
    let at = store.moment(common::moment().now).unwrap();
    let carol = store.agent_by_name("carol").unwrap().unwrap().id;
    let paid_debtors = ids(
        &db,
        "SELECT DISTINCT i.debtor_id FROM invoices i JOIN allocations a ON a.invoice_id = i.id ORDER BY i.debtor_id DESC LIMIT 3",
    );
    assert_eq!(paid_debtors.len(), 3, "the demo has debtors with payments");
    set_regime(&db, paid_debtors[0], "uk", 800);
    set_regime(&db, paid_debtors[1], "eu", 900);
    set_regime(&db, paid_debtors[2], "contract", 1050);
    store
        .add_interest_waiver(
            &NewWaiver {
                debtor_id: paid_debtors[1],
                invoice_id: None,
                what: Waived::Compensation,
                reason: "long-standing customer",
                by_agent: carol,
                promise_id: None,
            },
            &at,
        )
        .unwrap();
    // A dispute shows as a period on its invoice.
    let disputed = sql_i64(
        &db,
        &format!("SELECT min(id) FROM invoices WHERE debtor_id = {}", paid_debtors[0]),
    );
    store.open_dispute(disputed, "price", "", carol, &at).unwrap();

    let mut all = Vec::new();
    store
        .for_each_interest_debtor(|d| {
            all.push(d);
            Ok(())
        })
        .unwrap();
    assert_eq!(all.len(), 3, "only debtors with a regime");
    let refs: Vec<&str> = all.iter().map(|d| d.debtor_ref.as_str()).collect();
    let mut sorted = refs.clone();
    sorted.sort();
    assert_eq!(refs, sorted, "by debtor ref");
    for d in &all {
        check_against_sql(&db, d);
        // The one-debtor read is the same rows.
        assert_eq!(store.debtor_interest(d.debtor_id).unwrap().as_ref(), Some(d));
    }
    let by_id = |id: i64| all.iter().find(|d| d.debtor_id == id).unwrap();
    assert_eq!(
        (by_id(paid_debtors[0]).regime, by_id(paid_debtors[0]).rate),
        (InterestRegime::Uk, 800)
    );
    assert_eq!(
        (by_id(paid_debtors[1]).regime, by_id(paid_debtors[1]).rate),
        (InterestRegime::Eu, 900)
    );
    assert_eq!(by_id(paid_debtors[2]).regime, InterestRegime::Contract);
    assert_eq!(by_id(paid_debtors[1]).waivers.len(), 1);
    assert_eq!(by_id(paid_debtors[1]).waivers[0].what, Waived::Compensation);
    assert!(by_id(paid_debtors[0]).waivers.is_empty());
    let inv = by_id(paid_debtors[0]).invoices.iter().find(|i| i.id == disputed).unwrap();
    let dispute = inv.dispute.expect("the dispute is read");
    assert_eq!((dispute.opened_on, dispute.resolved_on), (Some(at.today), None));
    assert!(by_id(paid_debtors[0]).invoices.iter().any(|i| !i.paid.is_empty()));
    let total: Money = all.iter().flat_map(|d| &d.invoices).map(|i| i.amount).sum();
    assert!(total.cents() > 0);

    // A debtor without a regime is still read alone (the account view); a
    // debtor that does not exist is not.
    let plain = sql_i64(&db, "SELECT min(id) FROM debtors WHERE interest = 'none'");
    let read = store.debtor_interest(plain).unwrap().unwrap();
    assert_eq!(read.regime, InterestRegime::None);
    check_against_sql(&db, &read);
    assert_eq!(store.debtor_interest(-1).unwrap(), None);
}

#[test]
fn a_version_6_book_with_debtors_upgrades_to_no_interest_at_eight_percent() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store) = common::demo_book(dir.path(), 6);
    drop(store);
    // Back to schema 6: what versions 7 and 8 added, taken away again.
    Connection::open(&db)
        .unwrap()
        .execute_batch(
            "DROP INDEX debtors_interest;
             DROP INDEX payments_untied;
             DROP INDEX allocations_paid;
             ALTER TABLE debtors DROP COLUMN interest;
             ALTER TABLE debtors DROP COLUMN interest_rate;
             DROP TABLE reference_rates;
             DROP TABLE interest_waivers;
             PRAGMA user_version = 6;",
        )
        .unwrap();
    let store = recoup::store::Store::open(&db).unwrap();
    assert_eq!(store.schema_version().unwrap(), recoup::store::SCHEMA_VERSION);
    assert_eq!(store.check().unwrap().problems, Vec::<String>::new());
    let debtors = sql_i64(&db, "SELECT COUNT(*) FROM debtors");
    assert!(debtors >= 6);
    let defaults = sql_i64(
        &db,
        "SELECT COUNT(*) FROM debtors WHERE interest = 'none' AND interest_rate = 800",
    );
    assert_eq!(defaults, debtors, "every debtor claims nothing until a lead says so");
    assert_eq!(store.reference_rates().unwrap(), []);
    // The new columns refuse what the book does not know.
    let bad = Connection::open(&db).unwrap().execute("UPDATE debtors SET interest = 'fr'", []);
    assert!(bad.is_err());
}
