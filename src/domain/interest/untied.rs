//! Payments not tied to an invoice, spread by the book's allocation order
//! over what each invoice owed on the day they arrived. The book's own
//! balances stay as the book allocated them (principal, oldest first); only
//! the claim sees the order.

use chrono::NaiveDate;

use super::accrual::InvoiceFacts;
use super::claim::claim_invoice;
use super::order::{AllocationOrder, Owed, spread_payment};
use super::rates::{RateTable, UnknownRate};
use super::regime::Terms;
use super::waiver::Waiver;
use crate::domain::money::Money;

/// A payment not tied to an invoice, as the claim spreads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Untied {
    pub received_on: NaiveDate,
    /// `principal_first`: what the book left on account (its allocations
    /// already paid principal); `costs_interest_principal`: the whole
    /// payment (the caller leaves the book's allocations of it out of the
    /// invoices' payments).
    pub amount: Money,
}

/// Applies `untied`, oldest first, to `invoices`: each payment is spread
/// with [`spread_payment`] over what every invoice owed that day
/// (compensation and interest as claimable then, after the waivers in
/// effect), and its parts recorded as principal payments or as interest
/// and compensation paid. Under `principal_first` no principal is owed to
/// an untied payment (the book's allocations paid it), so what is left
/// pays compensation, then interest. Unknown when a day's figure is.
pub fn apply_untied(
    invoices: &mut [InvoiceFacts],
    untied: &[Untied],
    order: AllocationOrder,
    terms: Terms,
    table: &RateTable,
    waivers: &[Waiver],
) -> Result<(), UnknownRate> {
    let mut sorted: Vec<&Untied> = untied.iter().filter(|u| u.amount.cents() > 0).collect();
    sorted.sort_by_key(|u| u.received_on);
    for u in sorted {
        let owed = owed_on(invoices, u.received_on, order, terms, table, waivers)?;
        let spread = spread_payment(u.amount, order, &owed);
        for split in spread.splits {
            let Some(inv) = invoices.iter_mut().find(|i| i.id == split.id) else {
                continue;
            };
            if !split.principal.is_zero() {
                inv.payments.push((u.received_on, split.principal));
            }
            inv.interest_paid = inv.interest_paid + split.interest;
            inv.compensation_paid = inv.compensation_paid + split.compensation;
        }
    }
    Ok(())
}

fn owed_on(
    invoices: &[InvoiceFacts],
    day: NaiveDate,
    order: AllocationOrder,
    terms: Terms,
    table: &RateTable,
    waivers: &[Waiver],
) -> Result<Vec<Owed>, UnknownRate> {
    let mut owed = Vec::with_capacity(invoices.len());
    for inv in invoices {
        // An invoice not yet due owes only principal; it is claimed as of
        // the day all the same (no late day, so no interest).
        let claim = claim_invoice(inv, terms, table, waivers, day)?;
        let principal = match order {
            AllocationOrder::PrincipalFirst => Money::ZERO,
            AllocationOrder::CostsInterestPrincipal => claim.principal_unpaid,
        };
        owed.push(Owed {
            id: inv.id,
            due_on: inv.due_on,
            compensation: claim.claimable_compensation(),
            interest: claim.claimable_interest(),
            principal,
            disputed: inv.disputes.iter().any(|d| d.stops(day)),
        });
    }
    Ok(owed)
}
