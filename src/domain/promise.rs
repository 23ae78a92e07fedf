//! Promise-to-pay evaluation: kept, partly kept, broken or still open.

use std::fmt;
use std::str::FromStr;

use chrono::{Days, NaiveDate};

use super::money::Money;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PromiseStatus {
    Open,
    Kept,
    PartlyKept,
    Broken,
    Cancelled,
}

impl PromiseStatus {
    pub const ALL: [PromiseStatus; 5] = [
        PromiseStatus::Open,
        PromiseStatus::Kept,
        PromiseStatus::PartlyKept,
        PromiseStatus::Broken,
        PromiseStatus::Cancelled,
    ];

    /// The word stored, exported and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            PromiseStatus::Open => "open",
            PromiseStatus::Kept => "kept",
            PromiseStatus::PartlyKept => "partly kept",
            PromiseStatus::Broken => "broken",
            PromiseStatus::Cancelled => "cancelled",
        }
    }

    /// Broken or partly kept: the customer did not do what they said.
    pub fn is_failed(self) -> bool {
        matches!(self, PromiseStatus::Broken | PromiseStatus::PartlyKept)
    }
}

impl fmt::Display for PromiseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PromiseStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PromiseStatus::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| format!("unknown promise status {}", super::text::quote(s)))
    }
}

/// A promise as evaluation needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromiseTerms {
    pub id: i64,
    pub amount: Money,
    pub due_on: NaiveDate,
    pub made_on: NaiveDate,
    /// Cancelled by an agent, or replaced by a newer promise.
    pub cancelled: bool,
    /// The day a newer promise replaced this one (it is then `cancelled`):
    /// payments received before that day still count toward it.
    pub replaced_on: Option<NaiveDate>,
    /// Open balance of disputed invoices this promise covers: it is left out
    /// of what the promise asks for.
    pub disputed: Money,
}

impl PromiseTerms {
    /// What the promise still asks for once disputed invoices are set aside.
    pub fn effective_amount(&self) -> Money {
        Money((self.amount.cents() - self.disputed.cents().max(0)).max(0))
    }

    /// Cancelled outright (not replaced), or everything it covers is in
    /// dispute: it takes no money.
    pub fn is_void(&self) -> bool {
        (self.cancelled && self.replaced_on.is_none()) || self.effective_amount().cents() == 0
    }

    /// Whether a payment received on `on` can count toward this promise:
    /// from the day it was made to due + grace, and before it was replaced.
    fn takes_payment_on(&self, on: NaiveDate, grace_days: u32) -> bool {
        on >= self.made_on
            && on <= last_counting_day(self.due_on, grace_days)
            && self.replaced_on.is_none_or(|replaced| on < replaced)
    }

    /// The status once `got` has been counted toward it.
    fn status(&self, got: i64, today: NaiveDate, grace_days: u32) -> PromiseStatus {
        let short = self.effective_amount().cents() - got;
        match self.replaced_on {
            _ if short <= 0 => PromiseStatus::Kept,
            // Replaced after its due date with part paid: judged on what it
            // got; replaced before it fell due, it was renegotiated in time.
            Some(replaced) if got > 0 && self.due_on < replaced => PromiseStatus::PartlyKept,
            Some(_) => PromiseStatus::Cancelled,
            None if today <= last_counting_day(self.due_on, grace_days) => PromiseStatus::Open,
            None if got > 0 => PromiseStatus::PartlyKept,
            None => PromiseStatus::Broken,
        }
    }
}

/// A payment received from the debtor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    pub id: i64,
    pub received_on: NaiveDate,
    pub amount: Money,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    pub id: i64,
    pub status: PromiseStatus,
    /// Money counted toward this promise.
    pub paid: Money,
    /// What is still missing (zero when kept or cancelled).
    pub shortfall: Money,
}

/// The last day a payment counts toward a promise.
pub fn last_counting_day(due_on: NaiveDate, grace_days: u32) -> NaiveDate {
    due_on.checked_add_days(Days::new(grace_days.into())).unwrap_or(NaiveDate::MAX)
}

/// Evaluates a debtor's promises against their payments as of `today`.
///
/// Payments are taken in date order; each goes to the earliest-due promise
/// that can still take money (made on or before the payment, not yet full,
/// and the payment not after due + grace). What one promise cannot take
/// carries to the next. The result does not depend on the order of the input.
/// Disputed invoices a promise covers are left out of its amount; a promise
/// whose every covered cent is disputed counts as cancelled. A promise a newer
/// one replaced takes the payments received before the day it was replaced
/// (the newer one counts from that day): kept if they cover it, partly kept
/// if it was already due then and they cover part, else cancelled.
pub fn evaluate(
    promises: &[PromiseTerms],
    receipts: &[Receipt],
    today: NaiveDate,
    grace_days: u32,
) -> Vec<Evaluation> {
    let mut order: Vec<&PromiseTerms> = promises.iter().filter(|p| !p.is_void()).collect();
    order.sort_by_key(|p| (p.due_on, p.made_on, p.id));
    let mut paid = vec![0i64; order.len()];

    let mut receipts: Vec<&Receipt> = receipts.iter().collect();
    receipts.sort_by_key(|r| (r.received_on, r.amount, r.id));
    for r in receipts {
        let mut left = r.amount.cents();
        for (i, p) in order.iter().enumerate() {
            if left == 0 {
                break;
            }
            let counts = p.takes_payment_on(r.received_on, grace_days);
            let room = p.effective_amount().cents() - paid[i];
            if counts && room > 0 {
                let take = room.min(left);
                paid[i] += take;
                left -= take;
            }
        }
    }

    promises
        .iter()
        .map(|p| {
            if p.is_void() {
                return Evaluation {
                    id: p.id,
                    status: PromiseStatus::Cancelled,
                    paid: Money::ZERO,
                    shortfall: Money::ZERO,
                };
            }
            let i = order.iter().position(|o| o.id == p.id).unwrap_or(0);
            let got = paid[i];
            let status = p.status(got, today, grace_days);
            let short = p.effective_amount().cents() - got;
            Evaluation {
                id: p.id,
                status,
                paid: Money(got),
                shortfall: Money(match status {
                    PromiseStatus::Kept | PromiseStatus::Cancelled => 0,
                    _ => short,
                }),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
