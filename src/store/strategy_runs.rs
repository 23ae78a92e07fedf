//! Each book day's run of the collection strategies, and the pipeline the
//! triage screen and `strategy list` show: steps taken on a day, debtors
//! at each step, reviews waiting.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};

use super::account::date;
use super::{Result, Store, date_str, ts};

/// Debtors standing at a step: (strategy, step index, count).
pub type AtStep = (String, usize, i64);

pub struct RunRecord {
    pub day: NaiveDate,
    pub finished: bool,
    pub taken: i64,
    pub failed: i64,
}

impl Store {
    /// Steps taken on a day: (taken, failed).
    pub fn steps_taken_on(&self, day: NaiveDate) -> Result<(i64, i64)> {
        Ok(self.conn.prepare_cached(
            "SELECT count(*), COALESCE(SUM(outcome = 'failed'), 0) FROM strategy_steps WHERE taken_on = ?1",
        )?
        .query_row([date_str(day)], |r| Ok((r.get(0)?, r.get(1)?)))?)
    }

    /// Starts the day's run; false when it already finished (nothing to do).
    pub fn begin_strategy_run(&self, day: NaiveDate, by: i64, now: DateTime<Utc>) -> Result<bool> {
        self.write(|tx| {
            let finished: Option<Option<String>> = tx
                .prepare_cached("SELECT finished_at FROM strategy_runs WHERE day = ?1")?
                .query_row([date_str(day)], |r| r.get(0))
                .optional()?;
            match finished {
                Some(Some(_)) => Ok(false),
                Some(None) => Ok(true),
                None => {
                    tx.prepare_cached(
                        "INSERT INTO strategy_runs (day, started_at, run_by) VALUES (?1, ?2, ?3)",
                    )?
                    .execute(params![date_str(day), ts(now), by])?;
                    Ok(true)
                }
            }
        })
    }

    /// Marks the day's run finished, with the day's counts.
    pub fn finish_strategy_run(&self, day: NaiveDate, now: DateTime<Utc>) -> Result<()> {
        let (taken, failed) = self.steps_taken_on(day)?;
        self.write(|tx| {
            tx.prepare_cached(
                "UPDATE strategy_runs SET finished_at = ?2, taken = ?3, failed = ?4 WHERE day = ?1",
            )?
            .execute(params![date_str(day), ts(now), taken, failed])?;
            Ok(())
        })
    }

    /// Whether the run of this book day finished.
    pub fn strategy_run_done(&self, day: NaiveDate) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT count(*) > 0 FROM strategy_runs WHERE day = ?1 AND finished_at IS NOT NULL",
            )?
            .query_row([date_str(day)], |r| r.get(0))?)
    }

    /// The latest run recorded, if any.
    pub fn latest_strategy_run(&self) -> Result<Option<RunRecord>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT day, finished_at IS NOT NULL, taken, failed FROM strategy_runs
                 ORDER BY day DESC LIMIT 1",
            )?
            .query_row([], |r| {
                Ok(RunRecord {
                    day: date(r.get(0)?).unwrap_or_default(),
                    finished: r.get(1)?,
                    taken: r.get(2)?,
                    failed: r.get(3)?,
                })
            })
            .optional()?)
    }

    /// Debtors standing at each step: (strategy, step index, count), and
    /// those with a review open.
    pub fn strategy_pipeline(&self) -> Result<(Vec<AtStep>, i64)> {
        let at = self
            .conn
            .prepare_cached(
                "SELECT strategy, step, count(*) FROM strategy_position
                 WHERE step IS NOT NULL GROUP BY strategy, step ORDER BY strategy, step",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize, r.get(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let reviews = self
            .conn
            .prepare_cached("SELECT count(*) FROM strategy_position WHERE review_on IS NOT NULL")?
            .query_row([], |r| r.get(0))?;
        Ok((at, reviews))
    }
}
