//! What may be claimed on each invoice and on a debtor: principal unpaid,
//! interest, compensation, less what is waived.

use chrono::NaiveDate;

use super::accrual::{InvoiceFacts, accrue};
use super::compensation::compensation_for;
use super::rates::{RateTable, UnknownRate, annual_rate_bp};
use super::regime::{Regime, Terms};
use super::waiver::{Waived, Waiver, pending_for, waived_for};
use crate::domain::money::Money;

/// One invoice's claim on the as-of day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Claim {
    pub invoice_id: i64,
    pub principal_unpaid: Money,
    pub days_late: i64,
    /// The annual rate on the last late day (`None`: not late, or `none`).
    pub rate_bp: Option<i64>,
    /// Interest accrued less interest already paid (before waivers).
    pub interest: Money,
    /// Compensation due less compensation already paid (before waivers).
    pub compensation: Money,
    /// Waived by waivers in effect.
    pub waived: Waived,
    /// Offered on a promise still open: waived if it is kept.
    pub pending: Waived,
}

impl Claim {
    pub fn claimable_interest(&self) -> Money {
        if self.waived.interest { Money::ZERO } else { self.interest }
    }

    pub fn claimable_compensation(&self) -> Money {
        if self.waived.compensation { Money::ZERO } else { self.compensation }
    }

    /// Interest and compensation given up by the waivers in effect.
    pub fn waived_amount(&self) -> Money {
        (self.interest - self.claimable_interest())
            + (self.compensation - self.claimable_compensation())
    }

    /// Principal unpaid + claimable interest + claimable compensation.
    pub fn total_claimable(&self) -> Money {
        self.principal_unpaid + self.claimable_interest() + self.claimable_compensation()
    }
}

/// The claim on `inv` under `terms` as of `as_of`. Compensation is due once
/// the invoice became late: at least one day after its due date on which
/// principal was unpaid and no dispute stopped accrual. Unknown when a day
/// that accrues (or the last late day) needs a rate the table lacks.
pub fn claim_invoice(
    inv: &InvoiceFacts,
    terms: Terms,
    table: &RateTable,
    waivers: &[Waiver],
    as_of: NaiveDate,
) -> Result<Claim, UnknownRate> {
    let accrual = accrue(inv, as_of, |day| annual_rate_bp(terms, table, day))?;
    let rate_bp = match (terms.regime, accrual.last_late_day) {
        (Regime::None, _) | (_, None) => None,
        (_, Some(last)) => Some(annual_rate_bp(terms, table, last)?),
    };
    let due = if accrual.accruing_days > 0 {
        compensation_for(terms.regime, inv.amount)
    } else {
        Money::ZERO
    };
    Ok(Claim {
        invoice_id: inv.id,
        principal_unpaid: accrual.principal_unpaid,
        days_late: accrual.days_late,
        rate_bp,
        interest: (accrual.interest - inv.interest_paid).max(Money::ZERO),
        compensation: (due - inv.compensation_paid).max(Money::ZERO),
        waived: waived_for(inv.id, waivers),
        pending: pending_for(inv.id, waivers),
    })
}

/// Every invoice's claim, in the order given; unknown if any is.
pub fn debtor_claims(
    invoices: &[InvoiceFacts],
    terms: Terms,
    table: &RateTable,
    waivers: &[Waiver],
    as_of: NaiveDate,
) -> Result<Vec<Claim>, UnknownRate> {
    invoices.iter().map(|inv| claim_invoice(inv, terms, table, waivers, as_of)).collect()
}

/// A debtor's (or a bucket's, or the book's) claims added up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClaimTotal {
    pub principal_unpaid: Money,
    pub interest: Money,
    pub compensation: Money,
    pub waived: Money,
    pub claimable: Money,
}

impl ClaimTotal {
    /// Adds one invoice's claim: interest and compensation as claimable
    /// (after waivers), what the waivers took in `waived`.
    pub fn add(&mut self, c: &Claim) {
        self.principal_unpaid = self.principal_unpaid + c.principal_unpaid;
        self.interest = self.interest + c.claimable_interest();
        self.compensation = self.compensation + c.claimable_compensation();
        self.waived = self.waived + c.waived_amount();
        self.claimable = self.claimable + c.total_claimable();
    }
}

/// The sum of the invoices' claims: each invoice is rounded on its own, so
/// the total is exactly the sum of the figures shown per invoice.
pub fn total_of<'a>(claims: impl IntoIterator<Item = &'a Claim>) -> ClaimTotal {
    let mut total = ClaimTotal::default();
    for c in claims {
        total.add(c);
    }
    total
}
