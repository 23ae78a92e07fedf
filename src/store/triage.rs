//! The figures of the triage screen and the agents report: book totals from
//! the per-debtor summaries, period activity from indexed date ranges.

use chrono::{DateTime, Days, NaiveDate, Utc};
use rusqlite::params;

use super::figure_sql;
use super::{Result, Store, date_str, ts};
use crate::domain::Money;
use crate::domain::kpi::{Period, PeriodFigures};

/// Open receivables now, from the summaries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BookTotals {
    /// current, 1-30, 31-60, 61-90, 90+ (undisputed).
    pub buckets: [Money; 5],
    pub disputed: Money,
    /// Disputed and not yet due.
    pub disputed_current: Money,
}

impl BookTotals {
    pub fn outstanding(&self) -> Money {
        self.buckets.iter().copied().sum::<Money>() + self.disputed
    }

    pub fn overdue(&self) -> Money {
        self.buckets[1..].iter().copied().sum()
    }

    /// Not yet due, disputed included (for the KPIs).
    pub fn current_receivables(&self) -> Money {
        self.buckets[0] + self.disputed_current
    }
}

/// What happened in a period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Activity {
    /// Invoices issued.
    pub credit_sales: Money,
    /// Payments received.
    pub collected: Money,
    /// Supplied → issued, summed over invoices with a supplied date.
    pub lag_days: i64,
    pub lag_invoices: i64,
}

/// Promises at a glance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PromisePulse {
    pub due_today: i64,
    pub due_today_amount: Money,
    pub broken_last_7_days: i64,
    /// Promises due in the period: kept, and kept + partly kept + broken.
    pub kept: i64,
    pub settled: i64,
}

/// One agent's line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AgentRow {
    /// The agent; 0 on the line of debtors nobody has.
    pub id: i64,
    pub name: String,
    pub role: String,
    pub accounts: i64,
    pub overdue: Money,
    /// Calls started in the period (attempts).
    pub contacts: i64,
    /// Of those, right-party conversations.
    pub right_party: i64,
    /// Promises due in the period that this agent took.
    pub kept: i64,
    pub settled: i64,
}

impl Store {
    /// Receivables at the end of day `d`, quickly: the summaries' open
    /// balance, less what was invoiced after `d` and still open, plus what was
    /// paid after `d` toward invoices issued by then. Only invoices issued and
    /// payments received after `d` are read.
    pub fn receivables_at(&self, d: NaiveDate) -> Result<Money> {
        self.receivables_from(self.open_now()?, d)
    }

    /// Every open balance now, from the summaries.
    fn open_now(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT COALESCE(SUM(balance_cents), 0) FROM debtor_summary",
            [],
            |r| r.get(0),
        )?)
    }

    /// Receivables at the end of `d`, given every open balance now.
    fn receivables_from(&self, open_now: i64, d: NaiveDate) -> Result<Money> {
        let day = date_str(d);
        let issued_later: i64 =
            self.conn.query_row(figure_sql::ISSUED_LATER, [&day], |r| r.get(0))?;
        let paid_later: i64 = self.conn.query_row(figure_sql::PAID_LATER, [&day], |r| r.get(0))?;
        Ok(Money(open_now - issued_later + paid_later))
    }

    /// Receivables not yet past due at the end of each day given (due that
    /// day or later), disputed ones included: invoices issued by then, less
    /// what was paid toward them by then. One pass over the invoices for all
    /// the days. The issue-date index is kept out of it (`+issued_on`):
    /// nearly every invoice is issued by then, and following that index
    /// fetches the rows at random, several times slower than reading the
    /// table in order. An index on due dates would make it a short range.
    pub fn current_receivables_at(&self, days: &[NaiveDate]) -> Result<Vec<Money>> {
        let (Some(first), Some(last)) = (days.iter().min(), days.iter().max()) else {
            return Ok(Vec::new());
        };
        let n = days.len();
        let sql = figure_sql::current_on(n);
        let mut params: Vec<String> = days.iter().map(|d| date_str(*d)).collect();
        params.push(date_str(*first));
        params.push(date_str(*last));
        let open_now: Vec<i64> = self
            .conn
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(&params), |r| {
                (0..n).map(|i| r.get(i)).collect()
            })?;
        let mut out = Vec::with_capacity(days.len());
        for (day, open) in params.iter().take(n).zip(open_now) {
            let paid_later: i64 =
                self.conn.query_row(figure_sql::PAID_LATER_CURRENT, [day], |r| r.get(0))?;
            out.push(Money(open + paid_later));
        }
        Ok(out)
    }

    /// What each period's KPIs are worked from, as the book stood at the end
    /// of the day before it and at the end of its last day, and what happened
    /// in it. The triage screen and `recoup report kpi` both read this.
    pub fn period_figures(&self, periods: &[Period]) -> Result<Vec<(PeriodFigures, Activity)>> {
        let mut ends: Vec<NaiveDate> = periods.iter().map(|p| p.to).collect();
        ends.sort_unstable();
        ends.dedup();
        let current: Vec<(NaiveDate, Money)> =
            ends.iter().copied().zip(self.current_receivables_at(&ends)?).collect();
        let open_now = self.open_now()?;
        // Periods often share a day (the last full month and the last three).
        let mut receivables: Vec<(NaiveDate, Money)> = Vec::new();
        let mut receivables_at = |d: NaiveDate| -> Result<Money> {
            if let Some((_, m)) = receivables.iter().find(|(day, _)| *day == d) {
                return Ok(*m);
            }
            let m = self.receivables_from(open_now, d)?;
            receivables.push((d, m));
            Ok(m)
        };
        periods
            .iter()
            .map(|period| {
                let activity = self.activity(period.from, period.to)?;
                let closing_current =
                    current.iter().find(|(d, _)| *d == period.to).map_or(Money::ZERO, |(_, m)| *m);
                let figures = PeriodFigures {
                    opening_receivables: receivables_at(period.eve())?,
                    credit_sales: activity.credit_sales,
                    closing_receivables: receivables_at(period.to)?,
                    closing_current,
                };
                Ok((figures, activity))
            })
            .collect()
    }

    /// Promises due in `period`, per agent who took them (`None`: nobody):
    /// kept, and settled (kept + partly kept + broken).
    pub fn kept_by_agent(&self, period: Period) -> Result<Vec<(Option<i64>, i64, i64)>> {
        Ok(self
            .conn
            .prepare_cached(figure_sql::KEPT_BY_AGENT)?
            .query_map(params![date_str(period.from), date_str(period.to)], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    pub fn book_totals(&self) -> Result<BookTotals> {
        Ok(self.conn.query_row(figure_sql::BOOK_TOTALS, [], |r| {
            Ok(BookTotals {
                buckets: [
                    Money(r.get(0)?),
                    Money(r.get(1)?),
                    Money(r.get(2)?),
                    Money(r.get(3)?),
                    Money(r.get(4)?),
                ],
                disputed: Money(r.get(5)?),
                disputed_current: Money(r.get(6)?),
            })
        })?)
    }

    pub fn activity(&self, from: NaiveDate, to: NaiveDate) -> Result<Activity> {
        let (from, to) = (date_str(from), date_str(to));
        let (sales, lag_days, lag_invoices): (i64, i64, i64) =
            self.conn.query_row(figure_sql::SALES, params![from, to], |r| {
                Ok((r.get(0)?, r.get::<_, f64>(1)? as i64, r.get(2)?))
            })?;
        let collected: i64 =
            self.conn.query_row(figure_sql::COLLECTED, params![from, to], |r| r.get(0))?;
        Ok(Activity {
            credit_sales: Money(sales),
            collected: Money(collected),
            lag_days,
            lag_invoices,
        })
    }

    /// Promises due today, broken in the last seven days (their grace ran
    /// out then), and the kept rate of those due in `period`.
    pub fn promise_pulse(
        &self,
        today: NaiveDate,
        period: Period,
        grace_days: u32,
    ) -> Result<PromisePulse> {
        let back = |d: u64| date_str(today.checked_sub_days(Days::new(d)).unwrap_or(today));
        let grace = u64::from(grace_days);
        let (due_today, due_amount): (i64, i64) = self.conn.query_row(
            // What they still ask for in all, disputes set aside.
            figure_sql::DUE_TODAY,
            [date_str(today)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let broken: i64 = self.conn.query_row(
            figure_sql::BROKEN,
            params![back(7 + grace), back(1 + grace)],
            |r| r.get(0),
        )?;
        let (kept, settled): (i64, i64) = self.conn.query_row(
            figure_sql::KEPT,
            params![date_str(period.from), date_str(period.to)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(PromisePulse {
            due_today,
            due_today_amount: Money(due_amount),
            broken_last_7_days: broken,
            kept,
            settled,
        })
    }

    /// Every agent's line: accounts and overdue now; contacts between
    /// `since` and `until`; promises due between `from` and `to`.
    pub fn agent_rows(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<AgentRow>> {
        let rows = self
            .conn
            .prepare_cached(figure_sql::AGENT_ROWS)?
            .query_map(params![ts(since), ts(until), date_str(from), date_str(to)], |r| {
                Ok(AgentRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    role: r.get(2)?,
                    accounts: r.get(3)?,
                    overdue: Money(r.get(4)?),
                    contacts: r.get(5)?,
                    right_party: r.get(6)?,
                    kept: r.get(7)?,
                    settled: r.get(8)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<AgentRow>>>()?;
        // Debtors nobody has: a line of their own, so the totals add up.
        let (accounts, overdue): (i64, i64) = self
            .conn
            .prepare_cached(
                "SELECT COUNT(*), COALESCE(SUM(overdue_cents), 0) FROM debtor_summary
              WHERE assigned_to IS NULL",
            )?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let mut rows = rows;
        if accounts > 0 {
            rows.push(AgentRow {
                name: "(unassigned)".into(),
                accounts,
                overdue: Money(overdue),
                ..AgentRow::default()
            });
        }
        Ok(rows)
    }
}
