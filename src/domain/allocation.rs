//! Which invoices a payment pays off.

use chrono::NaiveDate;

use super::money::Money;
use super::text::and_list;

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

/// The running record of a payment an agent took: how much, the day it
/// arrived, its reference, and the invoices it went to (`to`, as allocated,
/// with what each got); what no invoice took stays on account.
pub fn payment_note(
    amount: Money,
    received_on: NaiveDate,
    reference: &str,
    to: &[(String, Money)],
) -> String {
    let mut text = format!(
        "Payment recorded: {} received {}",
        amount.format(),
        received_on.format("%d %b %Y")
    );
    if !reference.trim().is_empty() {
        text += &format!(", ref {}", reference.trim());
    }
    match to {
        [] => text += ", held on account (no open invoice to pay)",
        [(number, _)] => text += &format!(", to {number}"),
        many => {
            let each: Vec<String> =
                many.iter().map(|(n, part)| format!("{n} ({})", part.format())).collect();
            text += &format!(", to {}", and_list(&each));
        }
    }
    let left = amount - to.iter().map(|(_, part)| *part).sum();
    if left.cents() > 0 && !to.is_empty() {
        text += &format!("; {} left on account", left.format());
    }
    text.push('.');
    text
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

    #[test]
    fn a_payment_note_says_where_the_money_went() {
        let on = "2026-12-02".parse().unwrap();
        let to = |n: &str, c: i64| (n.to_owned(), Money(c));
        assert_eq!(
            payment_note(Money(120_000), on, " 4411 ", &[to("INV-12", 120_000)]),
            "Payment recorded: 1,200.00 received 02 Dec 2026, ref 4411, to INV-12."
        );
        assert_eq!(
            payment_note(Money(130_000), on, "", &[to("INV-12", 80_000), to("INV-13", 40_000)]),
            "Payment recorded: 1,300.00 received 02 Dec 2026, to INV-12 (800.00) and \
             INV-13 (400.00); 100.00 left on account."
        );
        assert_eq!(
            payment_note(Money(5_000), on, "T-1", &[]),
            "Payment recorded: 50.00 received 02 Dec 2026, ref T-1, held on account (no open \
             invoice to pay)."
        );
    }
}
