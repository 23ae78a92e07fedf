//! Reads for reports. Figures are computed by the domain from these rows.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rusqlite::params;

use super::promises::receipts;
use super::{Result, Store, date_str, parse_date};
use crate::domain::Money;
use crate::domain::promise::{PromiseStatus, PromiseTerms, evaluate};

impl Store {
    /// Promises due between `from` and `to` (inclusive), each with the agent
    /// who took it, evaluated as of `as_of` from payments received by then.
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
            let rows: Vec<(PromiseTerms, Option<String>)> = self
                .conn
                .prepare_cached(
                    "SELECT p.id, p.amount_cents, p.due_on, p.made_on, p.cancelled, a.name
                       FROM promises p LEFT JOIN agents a ON a.id = p.agent_id
                      WHERE p.debtor_id = ?1 AND p.made_on <= ?2",
                )?
                .query_map(params![debtor, date_str(as_of)], |r| {
                    let due: String = r.get(2)?;
                    let made: String = r.get(3)?;
                    Ok((
                        PromiseTerms {
                            id: r.get(0)?,
                            amount: Money(r.get(1)?),
                            due_on: parse_date(&due).unwrap_or_default(),
                            made_on: parse_date(&made).unwrap_or_default(),
                            cancelled: r.get(4)?,
                            disputed: Money::ZERO,
                        },
                        r.get(5)?,
                    ))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let terms: Vec<PromiseTerms> = rows.iter().map(|(t, _)| t.clone()).collect();
            let paid = receipts(&self.conn, debtor, Some(as_of))?;
            for (eval, (t, agent)) in
                evaluate(&terms, &paid, as_of, grace_days).into_iter().zip(&rows)
            {
                if t.due_on >= from && t.due_on <= to {
                    let agent = agent.clone().unwrap_or_else(|| "(none)".into());
                    out.push((agent, eval.status, t.amount, eval.paid));
                }
            }
        }
        Ok(out)
    }
}
