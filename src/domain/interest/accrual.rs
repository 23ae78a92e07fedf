//! Simple interest on one invoice, day by day, summed exactly and rounded
//! once.

use chrono::{Datelike, Days, NaiveDate};

use super::rates::UnknownRate;
use crate::domain::money::Money;

/// The denominator of one day's interest: 365 days × 10,000 basis points.
/// Leap years count 365 too, so a day is always 1/365 of the annual rate.
pub const DAY_DENOMINATOR: i128 = 365 * 10_000;

/// A period an invoice was in dispute: from `from` through `until` (both
/// days included; `None` while still open).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DisputePeriod {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    /// Resolved in the supplier's favour: the debt was owed all along, so
    /// the period accrues as if never disputed.
    pub resolved_for_supplier: bool,
}

impl DisputePeriod {
    /// Whether `day` accrues nothing because of this dispute.
    pub fn stops(&self, day: NaiveDate) -> bool {
        !self.resolved_for_supplier && self.from <= day && self.until.is_none_or(|u| day <= u)
    }
}

/// What the book knows about one invoice, as plain values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InvoiceFacts {
    pub id: i64,
    pub amount: Money,
    pub due_on: NaiveDate,
    /// Payments applied to the principal: (day received, amount).
    pub payments: Vec<(NaiveDate, Money)>,
    pub disputes: Vec<DisputePeriod>,
    /// Money already applied to this invoice's interest and compensation
    /// (under `costs_interest_principal`, or after the principal).
    pub interest_paid: Money,
    pub compensation_paid: Money,
}

/// The interest one invoice has accrued up to a day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Accrual {
    /// Σ unpaid cents × rate bp over the accruing days, before ÷ 365 × 10,000.
    pub numerator: i128,
    /// Interest rounded half-up to the cent, once.
    pub interest: Money,
    /// Days after the due date that accrued (unpaid, not stopped by a dispute).
    pub accruing_days: i64,
    /// Calendar days late: from the due date to the as-of day or the day the
    /// principal was paid in full, whichever is first (disputes included).
    pub days_late: i64,
    /// The last late day (`None` when the invoice is not late).
    pub last_late_day: Option<NaiveDate>,
    pub principal_unpaid: Money,
}

/// `numerator ÷ DAY_DENOMINATOR`, rounded half-up to the cent.
pub fn round_interest(numerator: i128) -> Money {
    let cents = (numerator + DAY_DENOMINATOR / 2).div_euclid(DAY_DENOMINATOR);
    Money(i64::try_from(cents).unwrap_or(i64::MAX))
}

/// The principal still unpaid on `day`: a payment lowers it from the day
/// after it was received.
pub fn unpaid_on(inv: &InvoiceFacts, day: NaiveDate) -> i64 {
    let paid: i64 = inv.payments.iter().filter(|(on, _)| *on < day).map(|(_, m)| m.cents()).sum();
    (inv.amount.cents() - paid).max(0)
}

/// The day the payments reached the amount, if they did by `as_of`.
pub fn paid_in_full_on(inv: &InvoiceFacts, as_of: NaiveDate) -> Option<NaiveDate> {
    let mut dated: Vec<&(NaiveDate, Money)> =
        inv.payments.iter().filter(|(on, _)| *on <= as_of).collect();
    dated.sort_by_key(|(on, _)| *on);
    let mut paid = 0i64;
    for (on, m) in dated {
        paid += m.cents();
        if paid >= inv.amount.cents() {
            return Some(*on);
        }
    }
    None
}

fn next_day(day: NaiveDate) -> NaiveDate {
    day.checked_add_days(Days::new(1)).unwrap_or(day)
}

/// The days from which something may change in `first..=last`: the day
/// after a payment, a dispute's start and the day after its end, and each
/// half-year's first day (where the reference rate may change).
fn change_days(inv: &InvoiceFacts, first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    let mut days = vec![first];
    days.extend(inv.payments.iter().map(|(on, _)| next_day(*on)));
    for d in &inv.disputes {
        days.push(d.from);
        days.extend(d.until.map(next_day));
    }
    for year in first.year()..=last.year() {
        days.extend([1, 7].into_iter().filter_map(|m| NaiveDate::from_ymd_opt(year, m, 1)));
    }
    days.retain(|d| first <= *d && *d <= last);
    days.sort();
    days.dedup();
    days
}

/// The interest on `inv` for each day after its due date up to and
/// including `as_of` (or the day its principal was paid in full), at
/// `rate(day)` basis points a year: a rate asked only for days that accrue,
/// and taken as constant within each calendar half-year.
pub fn accrue(
    inv: &InvoiceFacts,
    as_of: NaiveDate,
    rate: impl Fn(NaiveDate) -> Result<i64, UnknownRate>,
) -> Result<Accrual, UnknownRate> {
    let unpaid_now = unpaid_on(inv, next_day(as_of));
    let mut out = Accrual { principal_unpaid: Money(unpaid_now), ..Accrual::default() };
    let last = paid_in_full_on(inv, as_of).map_or(as_of, |paid| paid.min(as_of));
    let first = next_day(inv.due_on);
    if last < first {
        return Ok(out);
    }
    out.days_late = (last - inv.due_on).num_days();
    out.last_late_day = Some(last);
    let starts = change_days(inv, first, last);
    for (i, start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(next_day(last), |d| *d);
        let days = (end - *start).num_days();
        let unpaid = unpaid_on(inv, *start);
        if unpaid == 0 || inv.disputes.iter().any(|d| d.stops(*start)) {
            continue;
        }
        let bp = rate(*start)?;
        out.numerator += i128::from(unpaid) * i128::from(bp) * i128::from(days);
        out.accruing_days += days;
    }
    out.interest = round_interest(out.numerator);
    Ok(out)
}
