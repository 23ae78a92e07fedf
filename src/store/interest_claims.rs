//! The interest a debtor may claim, from the book's rows to
//! `domain::interest`'s claims: one debtor (the account view: a few indexed
//! queries) or every debtor with a regime in one ordered pass (reports).
//! The rates table is read once per call.
//!
//! What the book does not say, decided here (see the README):
//! - A dispute's outcome is not stored. A resolved dispute counts as
//!   resolved in the supplier's favour: the invoice stayed in the book, owed
//!   or paid, so its days accrue as if undisputed. Had the debtor won, the
//!   supplier credits it (lowers its amount by import) and a lead waives the
//!   interest if the dispute's days should not count. An open dispute stops
//!   accrual from its first day (the due date when the day is not known).
//! - The allocation order changes only the claim: under
//!   `costs_interest_principal` a payment not tied to an invoice pays
//!   compensation, then interest, then principal, oldest invoice first, in
//!   place of the principal the book allocated it to; under
//!   `principal_first` the book's allocations stand and what it left on
//!   account pays compensation, then interest.

use chrono::NaiveDate;
use rustc_hash::FxHashSet;

use super::interest_reads::{DebtorInterest, InterestInvoice};
use super::waivers::WaiverRow;
use super::{Result, Store, StoreError};
use crate::domain::Money;
use crate::domain::interest::{
    AllocationOrder, Claim, ClaimTotal, DisputePeriod, InvoiceFacts, PromiseState, RateTable,
    Terms, UnknownRate, Untied, Waiver, accrue, apply_untied, claim_invoice, total_of,
};

/// One invoice's claim, with what a report names it by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceClaim {
    pub id: i64,
    pub number: String,
    pub due_on: NaiveDate,
    /// Known whatever the rates: principal unpaid at the end of the as-of
    /// day and calendar days late (as the claim counts them).
    pub principal_unpaid: Money,
    pub days_late: i64,
    /// Unknown when a day it accrues needs a rate the table lacks.
    pub claim: Result<Claim, UnknownRate>,
}

/// A debtor's claims on the as-of day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DebtorClaims {
    pub debtor_id: i64,
    pub debtor_ref: String,
    pub terms: Terms,
    /// Every invoice, by due date then number.
    pub invoices: Vec<InvoiceClaim>,
    /// The invoices' claims added up; unknown (naming the first rate
    /// missing) if any invoice's is.
    pub total: Result<ClaimTotal, UnknownRate>,
}

impl DebtorClaims {
    /// Invoices that were late with something to claim or waived, or
    /// whose figure is unknown.
    pub fn late(&self) -> impl Iterator<Item = &InvoiceClaim> {
        self.invoices.iter().filter(|i| match &i.claim {
            Ok(c) => {
                c.days_late > 0
                    && (c.total_claimable().cents() > 0 || c.waived_amount().cents() > 0)
            }
            Err(_) => true,
        })
    }
}

/// The book's claimable interest and compensation (triage's "Book now").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BookInterest {
    /// Debtors with a regime other than `none`: 0, and triage shows nothing.
    pub debtors: usize,
    /// Every invoice's claim whose figure is known, added up.
    pub total: ClaimTotal,
    /// The first rate missing, if any figure is unknown: then the book's
    /// total is unknown too.
    pub unknown: Option<UnknownRate>,
}

impl Store {
    /// Every debtor's claims added up as of `as_of`: one pass.
    pub fn book_interest(&self, as_of: NaiveDate) -> Result<BookInterest> {
        let mut book = BookInterest::default();
        self.for_each_interest_claim(as_of, |d| {
            book.debtors += 1;
            for inv in &d.invoices {
                match &inv.claim {
                    Ok(c) => book.total.add(c),
                    Err(e) => book.unknown = book.unknown.or(Some(*e)),
                }
            }
            Ok(())
        })?;
        Ok(book)
    }

    /// The reference rates as the interest rules read them.
    pub fn rate_table(&self) -> Result<RateTable> {
        Ok(RateTable::from_rows(self.reference_rates()?))
    }

    /// One debtor's claims as of `as_of` (regime `none`: nothing but
    /// principal). Refused when there is no such debtor.
    pub fn interest_claims(&self, debtor_id: i64, as_of: NaiveDate) -> Result<DebtorClaims> {
        let facts = self
            .debtor_interest(debtor_id)?
            .ok_or_else(|| StoreError::Refused(format!("there is no debtor {debtor_id}")))?;
        let order = self.book_rules()?.allocation_order;
        Ok(claims_of(&facts, &self.rate_table()?, order, as_of))
    }

    /// Every debtor with a regime other than `none`, by ref, handed to `f`
    /// one at a time with its claims as of `as_of`: one pass, the rates and
    /// rules read once.
    pub fn for_each_interest_claim(
        &self,
        as_of: NaiveDate,
        mut f: impl FnMut(DebtorClaims) -> Result<()>,
    ) -> Result<()> {
        let table = self.rate_table()?;
        let order = self.book_rules()?.allocation_order;
        self.for_each_interest_debtor(|d| f(claims_of(&d, &table, order, as_of)))
    }
}

/// The claims from one debtor's rows (no IO).
pub fn claims_of(
    d: &DebtorInterest,
    table: &RateTable,
    order: AllocationOrder,
    as_of: NaiveDate,
) -> DebtorClaims {
    let terms = Terms { regime: d.regime, rate_bp: d.rate };
    let waivers: Vec<Waiver> = d.waivers.iter().filter_map(waiver).collect();
    let untied_ids: FxHashSet<i64> = d.untied_payments.iter().map(|p| p.id).collect();
    let respread = order == AllocationOrder::CostsInterestPrincipal;
    let mut facts: Vec<InvoiceFacts> =
        d.invoices.iter().map(|i| invoice_facts(i, respread.then_some(&untied_ids))).collect();
    let untied: Vec<Untied> = d
        .untied_payments
        .iter()
        .filter(|p| p.received_on <= as_of)
        .map(|p| {
            let amount = if respread {
                p.amount
            } else {
                let allocated: i64 = d
                    .invoices
                    .iter()
                    .flat_map(|i| &i.paid)
                    .filter(|a| a.payment_id == p.id)
                    .map(|a| a.amount.cents())
                    .sum();
                Money((p.amount.cents() - allocated).max(0))
            };
            Untied { received_on: p.received_on, amount }
        })
        .collect();
    let spread = apply_untied(&mut facts, &untied, order, terms, table, &waivers);
    let invoices: Vec<InvoiceClaim> = d
        .invoices
        .iter()
        .zip(&facts)
        .map(|(row, inv)| {
            // No rate is asked for when every rate is 0.
            let plain = accrue(inv, as_of, |_| Ok(0)).unwrap_or_default();
            InvoiceClaim {
                id: row.id,
                number: row.number.clone(),
                due_on: row.due_on,
                principal_unpaid: plain.principal_unpaid,
                days_late: plain.days_late,
                claim: spread.and_then(|()| claim_invoice(inv, terms, table, &waivers, as_of)),
            }
        })
        .collect();
    let total = invoices
        .iter()
        .map(|i| i.claim.as_ref().copied().map_err(|e| *e))
        .collect::<Result<Vec<Claim>, UnknownRate>>()
        .map(|claims| total_of(&claims));
    DebtorClaims {
        debtor_id: d.debtor_id,
        debtor_ref: d.debtor_ref.clone(),
        terms,
        invoices,
        total,
    }
}

/// An invoice's facts; `leave_out` names payments whose book allocations
/// the claim spreads itself (`costs_interest_principal`).
fn invoice_facts(row: &InterestInvoice, leave_out: Option<&FxHashSet<i64>>) -> InvoiceFacts {
    let payments = row
        .paid
        .iter()
        .filter(|p| leave_out.is_none_or(|ids| !ids.contains(&p.payment_id)))
        .map(|p| (p.received_on, p.amount))
        .collect();
    let disputes = row
        .dispute
        .iter()
        .map(|d| {
            let from = d.opened_on.unwrap_or(row.due_on);
            DisputePeriod {
                from,
                until: d.resolved_on,
                resolved_for_supplier: d.resolved_on.is_some(),
            }
        })
        .collect();
    InvoiceFacts {
        id: row.id,
        amount: row.amount,
        due_on: row.due_on,
        payments,
        disputes,
        interest_paid: Money::ZERO,
        compensation_paid: Money::ZERO,
    }
}

/// A waiver the rules count: not withdrawn; tied to a promise, that
/// promise's state (open, kept, or anything else: never takes effect).
fn waiver(w: &WaiverRow) -> Option<Waiver> {
    if w.withdrawn_at.is_some() {
        return None;
    }
    let taken = w.what.takes();
    let promise = w.promise_id.map(|_| match w.promise_status.as_deref() {
        Some("open") => PromiseState::Open,
        Some("kept") => PromiseState::Kept,
        _ => PromiseState::Broken,
    });
    Some(Waiver {
        invoice_id: w.invoice_id,
        interest: taken.interest,
        compensation: taken.compensation,
        promise,
    })
}
