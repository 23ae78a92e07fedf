//! What a letter is written from: the sender, the debtor, its open
//! invoices, payments, promises and claims, read from the book by the
//! caller. Typed and in cents; the template sees them through
//! [`super::context::LetterContext`].

use chrono::NaiveDate;

use crate::domain::Money;
use crate::domain::aging::{Bucket, days_past_due};

/// The book's letterhead (`recoup rules set sender.name …`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sender {
    pub name: String,
    pub address: Vec<String>,
    pub email: String,
    pub phone: String,
    /// Bank details for the remittance slip, a line each.
    pub bank: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterDebtor {
    pub name: String,
    pub reference: String,
    /// Postal address, a line each (may be empty).
    pub address: Vec<String>,
    pub terms_days: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterContact {
    pub name: String,
    pub role: String,
    pub email: String,
    pub phone: String,
}

/// An invoice with something still open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenInvoice {
    pub number: String,
    pub issued: NaiveDate,
    pub due: NaiveDate,
    pub amount: Money,
    pub open: Money,
    /// The dispute's reason while one is open.
    pub dispute: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentFact {
    pub received: NaiveDate,
    pub amount: Money,
    pub reference: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromiseFact {
    pub due: NaiveDate,
    pub amount: Money,
}

/// Interest and compensation the debtor's regime claims (issue 13).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClaimFact {
    pub interest: Money,
    pub compensation: Money,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterFacts {
    /// The book's date the letter is written on.
    pub today: NaiveDate,
    /// Who writes (the agent's name).
    pub agent: String,
    pub sender: Sender,
    pub debtor: LetterDebtor,
    /// The primary contact, when there is one.
    pub contact: Option<LetterContact>,
    /// Open invoices, oldest due first.
    pub invoices: Vec<OpenInvoice>,
    /// Payments received in the last [`PAYMENT_DAYS`] days, newest first.
    pub payments: Vec<PaymentFact>,
    /// Promises still open, soonest first.
    pub promises: Vec<PromiseFact>,
    /// `None` unless the debtor's regime claims interest.
    pub claims: Option<ClaimFact>,
}

/// How far back "payments in the period" reach.
pub const PAYMENT_DAYS: i64 = 90;

/// The figures a letter states, computed once for the template, the table
/// and the slip alike.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    /// Everything open.
    pub open: Money,
    /// Open and past due.
    pub overdue: Money,
    /// Open under a dispute (not asked for).
    pub disputed: Money,
    /// Open and not yet due.
    pub not_yet_due: Money,
    /// Open by aging bucket, in [`Bucket::ALL`] order.
    pub buckets: [Money; 5],
    pub interest: Money,
    pub compensation: Money,
    /// What the letter asks for now: overdue and not disputed, with any
    /// interest and compensation claimed.
    pub due_now: Money,
}

impl LetterFacts {
    pub fn figures(&self) -> Figures {
        let mut f = Figures::default();
        let mut overdue_undisputed = Money::ZERO;
        for inv in &self.invoices {
            let days = days_past_due(inv.due, self.today);
            f.open = f.open + inv.open;
            let bucket = Bucket::for_days(days);
            let i = Bucket::ALL.iter().position(|b| *b == bucket).unwrap_or(0);
            f.buckets[i] = f.buckets[i] + inv.open;
            if inv.dispute.is_some() {
                f.disputed = f.disputed + inv.open;
            }
            if days > 0 {
                f.overdue = f.overdue + inv.open;
                if inv.dispute.is_none() {
                    overdue_undisputed = overdue_undisputed + inv.open;
                }
            } else {
                f.not_yet_due = f.not_yet_due + inv.open;
            }
        }
        if let Some(c) = self.claims {
            f.interest = c.interest;
            f.compensation = c.compensation;
        }
        f.due_now = overdue_undisputed + f.interest + f.compensation;
        f
    }
}
