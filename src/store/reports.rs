//! Reads for reports. Figures are computed by the domain from these rows.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rusqlite::params;

use super::promises::promise_terms;
use super::{Result, Store, date_str};
use crate::domain::Money;
use crate::domain::promise::{PromiseStatus, PromiseTerms, evaluate};

impl Store {
    /// Promises due between `from` and `to` (inclusive), each with the agent
    /// who took it, what it asked for (disputes open at `as_of` set aside) and
    /// what was paid toward it, evaluated as of `as_of` from payments
    /// received by then.
    pub fn promises_due(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        as_of: NaiveDate,
        grace_days: u32,
    ) -> Result<Vec<(String, PromiseStatus, Money, Money)>> {
        let debtors: BTreeSet<i64> = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT debtor_id FROM promises WHERE due_on BETWEEN ?1 AND ?2",
            )?
            .query_map(params![date_str(from), date_str(to)], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for debtor in debtors {
            // The debtor's whole history, as payments may count across promises.
            let (stored, paid) = promise_terms(&self.conn, debtor, Some(as_of), grace_days)?;
            let terms: Vec<PromiseTerms> = stored.iter().map(|s| s.terms.clone()).collect();
            for (eval, s) in evaluate(&terms, &paid, as_of, grace_days).into_iter().zip(stored) {
                let t = &s.terms;
                if t.due_on >= from && t.due_on <= to {
                    let agent = s.agent.unwrap_or_else(|| "(none)".into());
                    out.push((agent, eval.status, t.effective_amount(), eval.paid));
                }
            }
        }
        Ok(out)
    }
}
