//! Which invoices a payment pays off.

use chrono::NaiveDate;

use super::money::Money;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenInvoice {
    pub id: i64,
    pub due_on: NaiveDate,
    pub balance: Money,
    pub disputed: bool,
}

/// Splits a payment over invoices: first the invoice it names (if any), then
/// the oldest-due undisputed invoices. Whatever is left stays on account.
pub fn allocate(amount: Money, named: Option<i64>, open: &[OpenInvoice]) -> Vec<(i64, Money)> {
    let mut left = amount.cents();
    let mut out = Vec::new();
    if let Some(target) = named.and_then(|id| open.iter().find(|i| i.id == id)) {
        let take = target.balance.cents().min(left).max(0);
        if take > 0 {
            out.push((target.id, Money(take)));
            left -= take;
        }
    }
    let mut rest: Vec<&OpenInvoice> =
        open.iter().filter(|i| Some(i.id) != named && !i.disputed).collect();
    rest.sort_by_key(|i| (i.due_on, i.id));
    for inv in rest {
        if left == 0 {
            break;
        }
        let take = inv.balance.cents().min(left);
        if take > 0 {
            out.push((inv.id, Money(take)));
            left -= take;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inv(id: i64, due: &str, cents: i64, disputed: bool) -> OpenInvoice {
        OpenInvoice { id, due_on: due.parse().unwrap(), balance: Money(cents), disputed }
    }

    #[test]
    fn named_invoice_first_then_oldest_undisputed() {
        let open = [
            inv(1, "2026-09-01", 1_000, false),
            inv(2, "2026-08-01", 1_000, true),
            inv(3, "2026-10-01", 5_000, false),
        ];
        assert_eq!(allocate(Money(4_000), Some(3), &open), vec![(3, Money(4_000))]);
        assert_eq!(
            allocate(Money(6_500), Some(3), &open),
            vec![(3, Money(5_000)), (1, Money(1_000))]
        );
        assert_eq!(allocate(Money(1_500), None, &open), vec![(1, Money(1_000)), (3, Money(500))]);
    }

    #[test]
    fn overpayment_stays_on_account() {
        let open = [inv(1, "2026-09-01", 1_000, false)];
        let got = allocate(Money(9_000), None, &open);
        assert_eq!(got, vec![(1, Money(1_000))]);
    }
}
