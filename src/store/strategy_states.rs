//! What a collection strategy reads of each debtor (issue 15), a page at a
//! time in id order: the summary's figures, where it stands in its
//! strategy, and two indexed lookups a debtor (its oldest open invoice's
//! due date, its earliest open promise).

use rusqlite::params;

use super::account::date;
use super::{Result, Store};
use crate::domain::Money;
use crate::domain::people::DebtorStatus;
use crate::domain::queue::promise_broken;
use crate::domain::strategy::Profile;
use crate::domain::strategy::evaluate::{DebtorState, Reached};

/// One debtor as a strategy run sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrategyRow {
    pub id: i64,
    pub reference: String,
    /// The debtor's own strategy; `None`: the book's default.
    pub strategy: Option<String>,
    /// The strategy its position was taken in (when it took a step).
    pub position_strategy: Option<String>,
    pub cycle: i64,
    pub state: DebtorState,
}

impl StrategyRow {
    /// The strategy it follows, given the book's default.
    pub fn follows<'a>(&'a self, default: &'a str) -> &'a str {
        self.strategy.as_deref().unwrap_or(default)
    }
}

impl Store {
    /// Up to `limit` debtors after id `after`.
    pub fn strategy_states(&self, after: i64, limit: usize) -> Result<Vec<StrategyRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.ref, d.status, d.do_not_call, d.terms_days, d.interest,
                    s.balance_cents, s.disputed_cents,
                    (SELECT min(i.due_on) FROM invoices i
                      WHERE i.debtor_id = d.id AND i.paid_cents < i.amount_cents),
                    s.next_promise_on,
                    d.strategy, p.strategy, p.cycle, p.step, p.reached_on,
                    s.last_failed_due, s.latest_open_made_on
               FROM debtors d JOIN debtor_summary s ON s.debtor_id = d.id
               LEFT JOIN strategy_position p ON p.debtor_id = d.id
              WHERE d.id > ?1 ORDER BY d.id LIMIT ?2",
        )?;
        let rows = stmt
            .query_map(params![after, limit as i64], |r| {
                let status: String = r.get(2)?;
                let regime: String = r.get(5)?;
                let balance = Money(r.get(6)?);
                let oldest: Option<String> = r.get(8)?;
                // A broken promise (an instalment of a plan missed, the
                // next still open) lifts the pause, as the queue sees it.
                let broken = promise_broken(date(r.get(15)?), date(r.get(16)?));
                let promise = date(r.get(9)?).filter(|_| !broken);
                let position_strategy: Option<String> = r.get(11)?;
                let step: Option<i64> = r.get(13)?;
                let reached_on = date(r.get(14)?);
                Ok(StrategyRow {
                    id: r.get(0)?,
                    reference: r.get(1)?,
                    strategy: r.get(10)?,
                    position_strategy,
                    cycle: r.get::<_, Option<i64>>(12)?.unwrap_or(1),
                    state: DebtorState {
                        status: status.parse().unwrap_or(DebtorStatus::Active),
                        do_not_call: r.get(3)?,
                        balance,
                        disputed: Money(r.get(7)?),
                        oldest_open_due: date(oldest),
                        promise_due: promise,
                        reached: step
                            .zip(reached_on)
                            .map(|(s, on)| Reached { step: s as usize, on }),
                        profile: Profile {
                            balance,
                            terms_days: r.get(4)?,
                            tags: Vec::new(),
                            regime: regime.parse().unwrap_or_default(),
                        },
                    },
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
