//! Where a payment not tied to an invoice goes, in both book orders.

use super::order::*;
use super::tests_accrual::d;
use crate::domain::money::Money;

fn owed(id: i64, due: &str, comp: i64, int: i64, principal: i64) -> Owed {
    Owed {
        id,
        due_on: d(due),
        compensation: Money(comp),
        interest: Money(int),
        principal: Money(principal),
        disputed: false,
    }
}

fn split(id: i64, comp: i64, int: i64, principal: i64) -> Split {
    Split { id, compensation: Money(comp), interest: Money(int), principal: Money(principal) }
}

/// B is listed first but A is older: A is paid first in both orders.
fn book() -> [Owed; 2] {
    [owed(2, "2025-02-28", 4_000, 500, 30_000), owed(1, "2025-01-31", 4_000, 1_000, 50_000)]
}

#[test]
fn the_orders_read_and_write_their_names() {
    for o in [AllocationOrder::PrincipalFirst, AllocationOrder::CostsInterestPrincipal] {
        assert_eq!(AllocationOrder::parse(o.as_str()), Some(o));
    }
    assert_eq!(AllocationOrder::default(), AllocationOrder::PrincipalFirst);
    assert_eq!(AllocationOrder::parse("interest_first"), None);
}

#[test]
fn principal_first_pays_every_principal_before_any_interest() {
    // 600.00: A's principal 500.00, then B's 100.00 of 300.00.
    let got = spread_payment(Money(60_000), AllocationOrder::PrincipalFirst, &book());
    assert_eq!(got.splits, vec![split(1, 0, 0, 50_000), split(2, 0, 0, 10_000)]);
    assert_eq!(got.on_account, Money(0));
    // 1,000.00: both principals (800.00), then A's 40.00 + 10.00, B's 40.00 +
    // 5.00 (895.00 in all), 105.00 left on account.
    let got = spread_payment(Money(100_000), AllocationOrder::PrincipalFirst, &book());
    assert_eq!(got.splits, vec![split(1, 4_000, 1_000, 50_000), split(2, 4_000, 500, 30_000)]);
    assert_eq!(got.on_account, Money(10_500));
}

#[test]
fn costs_interest_principal_follows_section_367() {
    // 600.00: A's 40.00 compensation, 10.00 interest, 500.00 principal
    // (550.00); the 50.00 left: B's 40.00, 5.00, and 5.00 of principal.
    let got = spread_payment(Money(60_000), AllocationOrder::CostsInterestPrincipal, &book());
    assert_eq!(got.splits, vec![split(1, 4_000, 1_000, 50_000), split(2, 4_000, 500, 500)]);
    assert_eq!(got.on_account, Money(0));
    // 45.00 reaches only A's compensation and 5.00 of its interest.
    let got = spread_payment(Money(4_500), AllocationOrder::CostsInterestPrincipal, &book());
    assert_eq!(got.splits, vec![split(1, 4_000, 500, 0)]);
}

#[test]
fn disputed_invoices_take_nothing() {
    let mut b = book();
    b[1].disputed = true;
    for order in [AllocationOrder::PrincipalFirst, AllocationOrder::CostsInterestPrincipal] {
        let got = spread_payment(Money(40_000), order, &b);
        assert_eq!(got.splits, vec![split(2, 4_000, 500, 30_000)], "{order:?}");
        assert_eq!(got.on_account, Money(5_500));
    }
}

#[test]
fn nothing_owed_leaves_it_all_on_account() {
    let got = spread_payment(Money(1_234), AllocationOrder::CostsInterestPrincipal, &[]);
    assert_eq!((got.splits, got.on_account), (vec![], Money(1_234)));
}
