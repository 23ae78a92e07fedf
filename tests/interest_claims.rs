//! Issue 13's glue: the book's rows to claims, through the store. Both
//! allocation orders, a resolved dispute, waivers, an unknown rate, and the
//! one-debtor read agreeing with the all-debtors pass. Figures by hand.

use chrono::NaiveDate;
use recoup::domain::Money;
use recoup::domain::interest::{Regime, Series, UnknownRate};
use recoup::store::{DebtorClaims, Store};
use rusqlite::Connection;

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// A book holding one debtor (`eu`, margin 8%) with invoice A of 1,000.00
/// due 2025-01-01, and an untied payment of 500.00 on 2025-01-31 that the
/// book allocated to A's principal; the ECB rate is 4% from 2024-06-01.
/// Also `contract` debtor C-1 (10%) with invoice B of 1,000.00 due
/// 2025-01-01, disputed 2025-01-11 to 2025-01-20, unpaid.
fn book(dir: &std::path::Path, order: &str) -> (Store, i64, i64) {
    let path = dir.join("book.sqlite");
    let store = Store::open(&path).unwrap();
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(&format!(
        "INSERT INTO meta (key, value) VALUES ('rule.allocation_order', '{order}');
         INSERT INTO reference_rates (series, effective_on, basis_points)
              VALUES ('ecb_refi', '2024-06-01', 400);
         INSERT INTO debtors (id, ref, name, interest, interest_rate)
              VALUES (1, 'E-1', 'Eu Ltd', 'eu', 800), (2, 'C-1', 'Contract Ltd', 'contract', 1000);
         INSERT INTO invoices (id, debtor_id, number, issued_on, due_on, amount_cents, paid_cents)
              VALUES (10, 1, 'A', '2024-12-01', '2025-01-01', 100000, 50000);
         INSERT INTO invoices (id, debtor_id, number, issued_on, due_on, amount_cents,
                               dispute_reason, dispute_opened_on, dispute_resolved_on)
              VALUES (20, 2, 'B', '2024-12-01', '2025-01-01', 100000, 'price',
                      '2025-01-11', '2025-01-20');
         INSERT INTO payments (id, debtor_id, received_on, amount_cents, created_at)
              VALUES (100, 1, '2025-01-31', 50000, '2025-01-31T10:00:00Z');
         INSERT INTO allocations (payment_id, invoice_id, amount_cents, received_on, issued_on, due_on)
              VALUES (100, 10, 50000, '2025-01-31', '2024-12-01', '2025-01-01');"
    ))
    .unwrap();
    (store, 1, 2)
}

fn only(claims: &DebtorClaims) -> recoup::domain::interest::Claim {
    assert_eq!(claims.invoices.len(), 1);
    claims.invoices[0].claim.unwrap()
}

#[test]
fn principal_first_keeps_the_books_allocation() {
    let dir = tempfile::tempdir().unwrap();
    let (store, eu, _) = book(dir.path(), "principal_first");
    let claims = store.interest_claims(eu, d("2025-03-01")).unwrap();
    assert_eq!((claims.debtor_ref.as_str(), claims.terms.regime), ("E-1", Regime::Eu));
    let a = only(&claims);
    // 12% (4 + 8). 2025-01-02..01-31: 30 days on 100,000 cents
    // = 3,600,000,000; 02-01..03-01: 29 days on 50,000 = 1,740,000,000.
    // 5,340,000,000 / 3,650,000 = 1,463.01 → 14.63.
    assert_eq!(a.interest, Money(1_463));
    assert_eq!((a.principal_unpaid, a.days_late, a.rate_bp), (Money(50_000), 59, Some(1_200)));
    assert_eq!(a.compensation, Money(4_000), "eu: 40.00 per late invoice");
    let total = claims.total.unwrap();
    assert_eq!(total.claimable, Money(50_000 + 1_463 + 4_000));
}

#[test]
fn costs_interest_principal_pays_compensation_then_interest_then_principal() {
    let dir = tempfile::tempdir().unwrap();
    let (store, eu, _) = book(dir.path(), "costs_interest_principal");
    let a = only(&store.interest_claims(eu, d("2025-03-01")).unwrap());
    // On 01-31 A owes compensation 40.00 and interest 3,600,000,000 /
    // 3,650,000 = 986.30 → 9.86: the 500.00 pays 40.00, 9.86, then
    // 450.14 of principal, leaving 549.86. Interest to 03-01:
    // 3,600,000,000 + 54,986 × 1,200 × 29 (1,913,512,800) = 5,513,512,800
    // / 3,650,000 = 1,510.55 → 15.11, less 9.86 paid = 5.25.
    assert_eq!(a.principal_unpaid, Money(54_986));
    assert_eq!(a.interest, Money(525));
    assert_eq!(a.compensation, Money::ZERO);
    // The book's own balance is untouched.
    let paid: i64 = Connection::open(dir.path().join("book.sqlite"))
        .unwrap()
        .query_row("SELECT paid_cents FROM invoices WHERE id = 10", [], |r| r.get(0))
        .unwrap();
    assert_eq!(paid, 50_000);
}

#[test]
fn a_resolved_dispute_accrues_as_if_undisputed_an_open_one_stops() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _, contract) = book(dir.path(), "principal_first");
    let b = only(&store.interest_claims(contract, d("2025-01-31")).unwrap());
    // 30 days × 100,000 × 1,000 = 3,000,000,000 / 3,650,000 = 821.92 → 8.22.
    assert_eq!((b.interest, b.days_late, b.compensation), (Money(822), 30, Money::ZERO));
    let conn = Connection::open(dir.path().join("book.sqlite")).unwrap();
    conn.execute("UPDATE invoices SET dispute_resolved_on = NULL WHERE id = 20", []).unwrap();
    let b = only(&store.interest_claims(contract, d("2025-01-31")).unwrap());
    // Open since 01-11: only 01-02..01-10 accrue, 9 × 100,000,000
    // = 900,000,000 / 3,650,000 = 246.58 → 2.47.
    assert_eq!(b.interest, Money(247));
}

#[test]
fn an_unknown_rate_is_named_and_the_pass_agrees_with_one_debtor() {
    let dir = tempfile::tempdir().unwrap();
    let (store, eu, contract) = book(dir.path(), "principal_first");
    let mut seen = Vec::new();
    store
        .for_each_interest_claim(d("2025-03-01"), |c| {
            seen.push(c);
            Ok(())
        })
        .unwrap();
    let refs: Vec<&str> = seen.iter().map(|c| c.debtor_ref.as_str()).collect();
    assert_eq!(refs, ["C-1", "E-1"]);
    assert_eq!(seen[1], store.interest_claims(eu, d("2025-03-01")).unwrap());
    assert_eq!(seen[0], store.interest_claims(contract, d("2025-03-01")).unwrap());
    let conn = Connection::open(dir.path().join("book.sqlite")).unwrap();
    conn.execute("DELETE FROM reference_rates", []).unwrap();
    let claims = store.interest_claims(eu, d("2025-03-01")).unwrap();
    let unknown = UnknownRate { series: Series::EcbRefi, day: d("2025-01-01") };
    assert_eq!(claims.invoices[0].claim, Err(unknown));
    assert_eq!(claims.total, Err(unknown));
    assert!(store.interest_claims(999, d("2025-03-01")).is_err());
}
