//! Steps of collection strategies taken (issue 15): each written once, with
//! its contact-history note, its audit row and the task it leaves (a call
//! for the agent, a review for the lead), in one transaction; where each
//! debtor stands; and each book day's run.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};

use super::account::date;
use super::notes::{NoteDraft, insert_note};
use super::{Result, Store, audit, date_str, summary, ts};
use crate::clock::Moment;

/// What a step left for people to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepTask {
    None,
    /// A call in the assigned agent's due-now queue, with its reason.
    Call(String),
    /// A task for the lead (a review, an escalation to confirm, a step
    /// that failed), with its reason.
    Review(String),
    /// The debtor is put on hold.
    Hold,
}

/// One step to record as taken.
#[derive(Clone, Debug)]
pub struct TakenStep<'a> {
    pub debtor_id: i64,
    pub strategy: &'a str,
    pub cycle: i64,
    /// The step's index in the strategy.
    pub step: usize,
    pub name: &'a str,
    /// The action's label (`email reminder-friendly`, `call`).
    pub action: &'a str,
    pub due_on: NaiveDate,
    pub by: i64,
    /// `None`: done; else why it failed.
    pub failed: Option<&'a str>,
    pub task: StepTask,
    /// The contact-history note.
    pub note: &'a str,
}

/// Where a debtor stands in its strategy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Position {
    pub strategy: String,
    pub cycle: i64,
    /// The last step taken this cycle, and the day.
    pub reached: Option<(usize, NaiveDate)>,
    pub call: Option<(NaiveDate, String)>,
    pub review: Option<(NaiveDate, String)>,
}

/// One step in a debtor's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepRecord {
    pub strategy: String,
    pub cycle: i64,
    pub step: usize,
    pub name: String,
    pub action: String,
    pub due_on: NaiveDate,
    pub taken_on: NaiveDate,
    pub outcome: String,
    pub detail: String,
}

impl Store {
    /// Records a step taken, with its note, audit row and task, once: false
    /// (and nothing written) when this debtor already took this step in
    /// this cycle.
    pub fn take_step(&self, s: &TakenStep<'_>, at: &Moment) -> Result<bool> {
        self.write(|tx| {
            let outcome = if s.failed.is_some() { "failed" } else { "done" };
            let inserted = tx
                .prepare_cached(
                    "INSERT INTO strategy_steps (debtor_id, strategy, cycle, step, name, action,
                         due_on, taken_on, taken_at, taken_by, outcome, detail)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                     ON CONFLICT (debtor_id, strategy, cycle, step) DO NOTHING",
                )?
                .execute(params![
                    s.debtor_id,
                    s.strategy,
                    s.cycle,
                    s.step as i64,
                    s.name,
                    s.action,
                    date_str(s.due_on),
                    date_str(at.today),
                    ts(at.now),
                    s.by,
                    outcome,
                    s.failed.unwrap_or(""),
                ])?;
            if inserted == 0 {
                return Ok(false);
            }
            let day = date_str(at.today);
            tx.prepare_cached(
                "INSERT INTO strategy_position (debtor_id, strategy, cycle, step, reached_on)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (debtor_id) DO UPDATE SET strategy = excluded.strategy,
                     cycle = excluded.cycle, step = excluded.step,
                     reached_on = excluded.reached_on",
            )?
            .execute(params![s.debtor_id, s.strategy, s.cycle, s.step as i64, day])?;
            let refresh = open_task(tx, s, &day, at)?;
            insert_note(
                tx,
                &NoteDraft { debtor_id: s.debtor_id, agent_id: s.by, call_id: None, body: s.note },
                at.now,
            )?;
            let after = format!(
                "{} step {} {} ({}) cycle {}: {outcome}{}",
                s.strategy,
                s.step + 1,
                s.name,
                s.action,
                s.cycle,
                s.failed.map(|w| format!(": {w}")).unwrap_or_default()
            );
            audit::record(
                tx,
                at.now,
                Some(s.by),
                audit::Change {
                    entity: "strategy_step",
                    entity_id: Some(s.debtor_id),
                    action: "take",
                    before: "",
                    after: &after,
                },
            )?;
            if refresh {
                summary::refresh(tx, &[s.debtor_id], at)?;
            }
            Ok(true)
        })
    }

    /// Whether the debtor took this step of this strategy in this cycle.
    pub fn step_recorded(
        &self,
        debtor_id: i64,
        strategy: &str,
        cycle: i64,
        step: usize,
    ) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT count(*) > 0 FROM strategy_steps
                 WHERE debtor_id = ?1 AND strategy = ?2 AND cycle = ?3 AND step = ?4",
            )?
            .query_row(params![debtor_id, strategy, cycle, step as i64], |r| r.get(0))?)
    }

    /// The last step the debtor took of this strategy in this cycle, and
    /// its day (for a debtor back on a strategy it followed before).
    pub fn reached_in(
        &self,
        debtor_id: i64,
        strategy: &str,
        cycle: i64,
    ) -> Result<Option<(usize, NaiveDate)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT step, taken_on FROM strategy_steps
                 WHERE debtor_id = ?1 AND strategy = ?2 AND cycle = ?3
                 ORDER BY step DESC LIMIT 1",
            )?
            .query_row(params![debtor_id, strategy, cycle], |r| {
                Ok((r.get::<_, i64>(0)? as usize, date(r.get(1)?)))
            })
            .optional()?
            .and_then(|(s, d)| d.map(|d| (s, d))))
    }

    /// Where the debtor stands, if its strategy ever took a step.
    pub fn strategy_position(&self, debtor_id: i64) -> Result<Option<Position>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT strategy, cycle, step, reached_on, call_on, call_reason, review_on,
                        review_reason
                 FROM strategy_position WHERE debtor_id = ?1",
            )?
            .query_row([debtor_id], |r| {
                let step: Option<i64> = r.get(2)?;
                let reached = date(r.get(3)?);
                let call = date(r.get(4)?);
                let review = date(r.get(6)?);
                Ok(Position {
                    strategy: r.get(0)?,
                    cycle: r.get(1)?,
                    reached: step.zip(reached).map(|(s, d)| (s as usize, d)),
                    call: call
                        .map(|d| (d, r.get::<_, Option<String>>(5).ok().flatten()))
                        .map(|(d, why)| (d, why.unwrap_or_default())),
                    review: review
                        .map(|d| (d, r.get::<_, Option<String>>(7).ok().flatten()))
                        .map(|(d, why)| (d, why.unwrap_or_default())),
                })
            })
            .optional()?)
    }

    /// The debtor's steps taken, oldest first.
    pub fn strategy_history(&self, debtor_id: i64) -> Result<Vec<StepRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT strategy, cycle, step, name, action, due_on, taken_on, outcome, detail
             FROM strategy_steps WHERE debtor_id = ?1 ORDER BY id",
        )?;
        let rows = stmt
            .query_map([debtor_id], |r| {
                Ok(StepRecord {
                    strategy: r.get(0)?,
                    cycle: r.get(1)?,
                    step: r.get::<_, i64>(2)? as usize,
                    name: r.get(3)?,
                    action: r.get(4)?,
                    due_on: date(r.get(5)?).unwrap_or_default(),
                    taken_on: date(r.get(6)?).unwrap_or_default(),
                    outcome: r.get(7)?,
                    detail: r.get(8)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

/// Opens the task a step leaves (a call, a review) or puts the debtor on
/// hold; true when the debtor's place in the queue changes.
fn open_task(tx: &Transaction<'_>, s: &TakenStep<'_>, day: &str, at: &Moment) -> Result<bool> {
    let mut refresh = false;
    match &s.task {
        StepTask::None => {}
        StepTask::Call(why) => {
            tx.prepare_cached(
                "UPDATE strategy_position SET call_on = ?2, call_reason = ?3
                 WHERE debtor_id = ?1",
            )?
            .execute(params![s.debtor_id, day, why])?;
            refresh = true;
        }
        StepTask::Review(why) => {
            tx.prepare_cached(
                "UPDATE strategy_position SET review_on = ?2, review_reason = ?3
                 WHERE debtor_id = ?1",
            )?
            .execute(params![s.debtor_id, day, why])?;
        }
        StepTask::Hold => {
            let before: String = tx
                .prepare_cached("SELECT status FROM debtors WHERE id = ?1")?
                .query_row([s.debtor_id], |r| r.get(0))?;
            tx.prepare_cached("UPDATE debtors SET status = 'hold' WHERE id = ?1")?
                .execute([s.debtor_id])?;
            let after = format!("hold: step {} of {}", s.step + 1, s.strategy);
            audit::record(
                tx,
                at.now,
                Some(s.by),
                audit::Change {
                    entity: "debtor",
                    entity_id: Some(s.debtor_id),
                    action: "status",
                    before: &before,
                    after: &after,
                },
            )?;
            refresh = true;
        }
    }
    Ok(refresh)
}

/// The debtor owes nothing: its cycle ends (the steps stay in its history)
/// and new debt starts the strategy from the first step. Called in the
/// transaction that brings its balance to nothing.
pub(crate) fn end_cycle(tx: &Transaction<'_>, debtor_id: i64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE strategy_position SET cycle = cycle + 1, step = NULL, reached_on = NULL,
             call_on = NULL, call_reason = NULL
         WHERE debtor_id = ?1 AND step IS NOT NULL",
    )?
    .execute([debtor_id])?;
    Ok(())
}

/// A lead has looked at the account: its review task is done.
pub(crate) fn close_review(tx: &Transaction<'_>, debtor_id: i64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE strategy_position SET review_on = NULL, review_reason = NULL
         WHERE debtor_id = ?1 AND review_on IS NOT NULL",
    )?
    .execute([debtor_id])?;
    Ok(())
}

/// A call ended on the account: its strategy's call task is done.
pub(crate) fn close_call(tx: &Transaction<'_>, debtor_id: i64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE strategy_position SET call_on = NULL, call_reason = NULL
         WHERE debtor_id = ?1 AND call_on IS NOT NULL",
    )?
    .execute([debtor_id])?;
    Ok(())
}
