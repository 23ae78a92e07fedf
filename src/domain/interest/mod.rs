//! Late-payment interest and compensation (issue 13), pure.
//!
//! - **Regimes** ([`Regime`]): `none` (nothing), `uk` (Bank of England base
//!   rate + 8 points, compensation 40/70/100 by invoice amount), `eu` (ECB
//!   main refinancing rate + the debtor's margin, 40 per late invoice),
//!   `contract` (the debtor's own annual rate, no compensation). Rates are
//!   basis points; the debtor's `interest_rate` defaults to 800 (8%).
//! - **Reference rate per half-year** ([`rates::reference_day`]): UK uses
//!   the base rate in force on 31 December for January–June and on 30 June
//!   for July–December; EU the ECB rate in force on 1 January / 1 July. A day
//!   with no change point on or before its reference day is [`UnknownRate`]:
//!   the figure is unknown, never zero.
//! - **Day count**: simple interest for each day after the due date up to
//!   and including the as-of day or the day the principal is paid in full,
//!   on the principal unpaid that day (a payment lowers it from the day
//!   after). A day is 1/365 of the annual rate in every year, 366-day years
//!   too (as the UK guidance and most contracts count). The exact sum of
//!   cents × basis points is divided by 365 × 10,000 and rounded half-up to
//!   the cent once per invoice. Interest accrued stays owed after the
//!   principal is paid, until paid or waived.
//! - **Disputes**: the days of a dispute (its first through its last day)
//!   accrue nothing while it is open and when it is resolved for the
//!   debtor. Resolved in the supplier's favour, the dispute stops nothing:
//!   accrual runs from the due date as if it never happened, because the
//!   debt was owed (and late) all along; the debtor chose to withhold it,
//!   and the statute and the directive run interest from the due date, not
//!   from the end of an argument the debtor lost.
//! - **Compensation** is owed once per invoice that became late (a day after
//!   its due date with principal unpaid and no dispute stopping accrual), in
//!   the book's currency.
//! - **Waivers** ([`Waiver`]) drop interest and/or compensation from an
//!   invoice or all of a debtor's; one tied to a promise counts only once
//!   the promise is kept.
//! - **Allocation order** ([`AllocationOrder`]): where a payment not tied to
//!   an invoice goes, bucket by bucket ([`spread_payment`]).

pub mod accrual;
pub mod claim;
pub mod compensation;
pub mod order;
pub mod rates;
pub mod rates_csv;
pub mod regime;
pub mod untied;
pub mod waiver;

#[cfg(test)]
mod tests_accrual;
#[cfg(test)]
mod tests_claim;
#[cfg(test)]
mod tests_order;
#[cfg(test)]
mod tests_props;
#[cfg(test)]
mod tests_rates;

pub use accrual::{Accrual, DisputePeriod, InvoiceFacts, accrue};
pub use claim::{Claim, ClaimTotal, claim_invoice, debtor_claims, total_of};
pub use compensation::compensation_for;
pub use order::{AllocationOrder, Owed, Split, Spread, spread_payment};
pub use rates::{
    RateRow, RateTable, Series, UnknownRate, annual_rate_bp, half_year_of, stale_since,
};
pub use rates_csv::{
    RATES_HEADER, RatesCsvError, SHIPPED_RATES_CSV, parse_rates_csv, percent_to_bp, read_rates_csv,
};
pub use regime::{DEFAULT_RATE_BP, Regime, Terms};
pub use untied::{Untied, apply_untied};
pub use waiver::{PromiseState, Waived, Waiver};
