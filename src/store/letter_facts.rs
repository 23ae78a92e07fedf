//! What a letter to one debtor is written from, read by indexed per-debtor
//! queries: the book's letterhead, the debtor and its primary contact, its
//! open invoices, recent payments, open promises and interest claims.

use chrono::{Days, NaiveDate};
use rusqlite::{OptionalExtension, params};

use super::account::date;
use super::{Result, Store, date_str};
use crate::domain::Money;
use crate::domain::interest_terms::InterestRegime;
use crate::domain::letters::facts::{
    ClaimFact, LetterContact, LetterDebtor, LetterFacts, OpenInvoice, PAYMENT_DAYS, PaymentFact,
    PromiseFact,
};

/// A statement lists at most this many open invoices (oldest first).
pub const LETTER_INVOICES: i64 = 2000;

impl Store {
    /// The facts for a letter to `debtor_id` on the book's day `today`,
    /// written by `agent`; `None` when there is no such debtor.
    pub fn letter_facts(
        &self,
        debtor_id: i64,
        agent: &str,
        today: NaiveDate,
    ) -> Result<Option<LetterFacts>> {
        let debtor = self
            .conn
            .prepare_cached(
                "SELECT name, ref, address, terms_days, interest FROM debtors WHERE id = ?1",
            )?
            .query_row([debtor_id], |r| {
                let address: String = r.get(2)?;
                let regime: String = r.get(4)?;
                Ok((
                    LetterDebtor {
                        name: r.get(0)?,
                        reference: r.get(1)?,
                        address: address.lines().map(str::to_owned).collect(),
                        terms_days: r.get(3)?,
                    },
                    regime,
                ))
            })
            .optional()?;
        let Some((debtor, regime)) = debtor else { return Ok(None) };
        let rules = self.book_rules()?;
        let claims = if regime.parse::<InterestRegime>().unwrap_or(InterestRegime::None)
            == InterestRegime::None
        {
            None
        } else {
            self.interest_claims(debtor_id, today)?
                .total
                .ok()
                .map(|t| ClaimFact { interest: t.interest, compensation: t.compensation })
        };
        Ok(Some(LetterFacts {
            today,
            agent: agent.to_owned(),
            sender: rules.sender,
            debtor,
            contact: self.letter_contact(debtor_id)?,
            invoices: self.open_invoices(debtor_id)?,
            payments: self.recent_payments(debtor_id, today)?,
            promises: self.open_promises(debtor_id)?,
            claims,
        }))
    }

    /// The primary contact (else the first), when there is one.
    fn letter_contact(&self, debtor_id: i64) -> Result<Option<LetterContact>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT name, role, email, phone FROM contacts WHERE debtor_id = ?1
                 ORDER BY is_primary DESC, id LIMIT 1",
            )?
            .query_row([debtor_id], |r| {
                Ok(LetterContact {
                    name: r.get(0)?,
                    role: r.get(1)?,
                    email: r.get(2)?,
                    phone: r.get(3)?,
                })
            })
            .optional()?)
    }

    fn open_invoices(&self, debtor_id: i64) -> Result<Vec<OpenInvoice>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT number, issued_on, due_on, amount_cents, amount_cents - paid_cents,
                        CASE WHEN dispute_resolved_on IS NULL THEN dispute_reason END
                   FROM invoices WHERE debtor_id = ?1 AND paid_cents < amount_cents
                  ORDER BY due_on, id LIMIT ?2",
            )?
            .query_map(params![debtor_id, LETTER_INVOICES], |r| {
                Ok(OpenInvoice {
                    number: r.get(0)?,
                    issued: date(r.get(1)?).unwrap_or_default(),
                    due: date(r.get(2)?).unwrap_or_default(),
                    amount: Money(r.get(3)?),
                    open: Money(r.get(4)?),
                    dispute: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn recent_payments(&self, debtor_id: i64, today: NaiveDate) -> Result<Vec<PaymentFact>> {
        let since = today.checked_sub_days(Days::new(PAYMENT_DAYS as u64)).unwrap_or(today);
        Ok(self
            .conn
            .prepare_cached(
                "SELECT received_on, amount_cents, reference FROM payments
                  WHERE debtor_id = ?1 AND received_on >= ?2 AND received_on <= ?3
                  ORDER BY received_on DESC, id DESC LIMIT 50",
            )?
            .query_map(params![debtor_id, date_str(since), date_str(today)], |r| {
                Ok(PaymentFact {
                    received: date(r.get(0)?).unwrap_or_default(),
                    amount: Money(r.get(1)?),
                    reference: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn open_promises(&self, debtor_id: i64) -> Result<Vec<PromiseFact>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT due_on, amount_cents FROM promises
                  WHERE debtor_id = ?1 AND status = 'open' ORDER BY due_on, id LIMIT 20",
            )?
            .query_map([debtor_id], |r| {
                Ok(PromiseFact {
                    due: date(r.get(0)?).unwrap_or_default(),
                    amount: Money(r.get(1)?),
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }
}
