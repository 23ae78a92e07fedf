//! The context a template is rendered over: the letter's facts with every
//! amount and date already written out (`12,400.00`, `2 December 2026`),
//! so a template never does arithmetic. The README lists these names; a
//! template that uses any other fails with its line and column.

use chrono::NaiveDate;
use serde::Serialize;

use super::facts::{Figures, LetterFacts, OpenInvoice};
use crate::domain::aging::{Bucket, days_past_due};

#[derive(Serialize)]
pub struct LetterContext {
    /// `2 December 2026`
    pub today: String,
    pub agent: Named,
    pub sender: SenderCx,
    pub debtor: DebtorCx,
    /// The primary contact; empty strings when there is none.
    pub contact: ContactCx,
    pub invoices: Vec<InvoiceCx>,
    pub totals: TotalsCx,
    pub payments: Vec<PaymentCx>,
    pub promises: Vec<PromiseCx>,
    pub disputes: Vec<DisputeCx>,
    /// Interest and compensation, present when the regime claims them.
    pub interest: Option<InterestCx>,
}

#[derive(Serialize)]
pub struct Named {
    pub name: String,
}

#[derive(Serialize)]
pub struct SenderCx {
    pub name: String,
    pub address: Vec<String>,
    pub email: String,
    pub phone: String,
    pub bank: Vec<String>,
}

#[derive(Serialize)]
pub struct DebtorCx {
    pub name: String,
    pub reference: String,
    pub address: Vec<String>,
    pub terms_days: i64,
}

#[derive(Serialize)]
pub struct ContactCx {
    pub name: String,
    pub role: String,
    pub email: String,
    pub phone: String,
}

#[derive(Serialize)]
pub struct InvoiceCx {
    pub number: String,
    pub issued: String,
    pub due: String,
    pub days_overdue: i64,
    pub bucket: &'static str,
    pub amount: String,
    pub open: String,
    pub disputed: bool,
}

#[derive(Serialize)]
pub struct TotalsCx {
    pub open: String,
    pub overdue: String,
    pub disputed: String,
    pub not_yet_due: String,
    pub due_now: String,
    /// `current`, `d1_30`, `d31_60`, `d61_90`, `d90_plus`.
    pub buckets: BucketsCx,
    /// Whether anything is overdue (for `{% if %}`).
    pub any_overdue: bool,
    /// Days the oldest open invoice is past due (0 when none is).
    pub oldest_days: i64,
}

#[derive(Serialize)]
pub struct BucketsCx {
    pub current: String,
    pub d1_30: String,
    pub d31_60: String,
    pub d61_90: String,
    pub d90_plus: String,
}

#[derive(Serialize)]
pub struct PaymentCx {
    pub received: String,
    pub amount: String,
    pub reference: String,
}

#[derive(Serialize)]
pub struct PromiseCx {
    pub due: String,
    pub amount: String,
}

#[derive(Serialize)]
pub struct DisputeCx {
    pub invoice: String,
    pub amount: String,
    pub reason: String,
}

#[derive(Serialize)]
pub struct InterestCx {
    pub interest: String,
    pub compensation: String,
}

/// `2 December 2026`
pub fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

impl LetterContext {
    pub fn new(facts: &LetterFacts, figures: &Figures) -> LetterContext {
        let today = facts.today;
        let s = &facts.sender;
        LetterContext {
            today: long_date(today),
            agent: Named { name: facts.agent.clone() },
            sender: SenderCx {
                name: s.name.clone(),
                address: s.address.clone(),
                email: s.email.clone(),
                phone: s.phone.clone(),
                bank: s.bank.clone(),
            },
            debtor: DebtorCx {
                name: facts.debtor.name.clone(),
                reference: facts.debtor.reference.clone(),
                address: facts.debtor.address.clone(),
                terms_days: facts.debtor.terms_days,
            },
            contact: contact(facts),
            invoices: facts.invoices.iter().map(|i| invoice(i, today)).collect(),
            totals: totals(facts, figures),
            payments: facts
                .payments
                .iter()
                .map(|p| PaymentCx {
                    received: long_date(p.received),
                    amount: p.amount.format(),
                    reference: p.reference.clone(),
                })
                .collect(),
            promises: facts
                .promises
                .iter()
                .map(|p| PromiseCx { due: long_date(p.due), amount: p.amount.format() })
                .collect(),
            disputes: facts
                .invoices
                .iter()
                .filter_map(|i| {
                    Some(DisputeCx {
                        invoice: i.number.clone(),
                        amount: i.open.format(),
                        reason: i.dispute.clone()?,
                    })
                })
                .collect(),
            interest: facts.claims.map(|_| InterestCx {
                interest: figures.interest.format(),
                compensation: figures.compensation.format(),
            }),
        }
    }
}

fn contact(facts: &LetterFacts) -> ContactCx {
    let c = facts.contact.as_ref();
    let field =
        |f: fn(&super::facts::LetterContact) -> &String| c.map(f).cloned().unwrap_or_default();
    ContactCx {
        name: field(|c| &c.name),
        role: field(|c| &c.role),
        email: field(|c| &c.email),
        phone: field(|c| &c.phone),
    }
}

fn invoice(i: &OpenInvoice, today: NaiveDate) -> InvoiceCx {
    let days = days_past_due(i.due, today);
    InvoiceCx {
        number: i.number.clone(),
        issued: long_date(i.issued),
        due: long_date(i.due),
        days_overdue: days.max(0),
        bucket: Bucket::for_days(days).label(),
        amount: i.amount.format(),
        open: i.open.format(),
        disputed: i.dispute.is_some(),
    }
}

fn totals(facts: &LetterFacts, figures: &Figures) -> TotalsCx {
    let b = figures.buckets;
    TotalsCx {
        open: figures.open.format(),
        overdue: figures.overdue.format(),
        disputed: figures.disputed.format(),
        not_yet_due: figures.not_yet_due.format(),
        due_now: figures.due_now.format(),
        buckets: BucketsCx {
            current: b[0].format(),
            d1_30: b[1].format(),
            d31_60: b[2].format(),
            d61_90: b[3].format(),
            d90_plus: b[4].format(),
        },
        any_overdue: figures.overdue.cents() > 0,
        oldest_days: facts
            .invoices
            .iter()
            .map(|i| days_past_due(i.due, facts.today))
            .max()
            .unwrap_or(0)
            .max(0),
    }
}
