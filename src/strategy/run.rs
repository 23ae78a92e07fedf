//! A day of collection strategies over the book: every debtor, a page at a
//! time, decided by its strategy and, where a step is due, the step taken
//! (`run_day`); or, changing nothing, what would be taken today and on
//! each of the next days (`preview`).

use std::collections::BTreeMap;
use std::path::Path;

use crate::clock::Moment;
use crate::domain::people::Agent;
use crate::domain::strategy::evaluate::{DebtorState, Decision, Reached};
use crate::domain::strategy::preview::Preview;
use crate::store::{Store, StrategyRow};

use super::library::Library;
use super::take::{Taken, Taker, take};

/// Debtors read a page at a time.
const PAGE: usize = 500;

/// What a day's run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DayReport {
    /// Steps taken, by (strategy, step number from 1, step name).
    pub taken: BTreeMap<(String, usize, String), usize>,
    /// (debtor ref, why) of each step that failed (taken, with a review).
    pub failed: Vec<(String, String)>,
    /// Steps another run had already taken.
    pub before: usize,
    pub waiting: usize,
    pub paused: usize,
    pub settled: usize,
    pub finished: usize,
    /// The run was not made: strategies are off, or the day's run was done.
    pub skipped: Option<String>,
}

impl DayReport {
    pub fn steps(&self) -> usize {
        self.taken.values().sum::<usize>()
    }

    /// The summary line of `strategy run`.
    pub fn sentence(&self, day: chrono::NaiveDate) -> String {
        match (&self.skipped, self.steps()) {
            (Some(why), 0) => return format!("{day}: no step taken: {why}"),
            (Some(why), n) => return format!("{day}: stopped after {n} steps: {why}"),
            (None, _) => {}
        }
        format!(
            "{day}: {} steps taken ({} failed), {} waiting for a later day, {} paused, {} with nothing owed, {} finished",
            self.steps(),
            self.failed.len(),
            self.waiting,
            self.paused,
            self.settled,
            self.finished
        )
    }
}

/// Takes the day's steps over the book, as `me`, on the book's day of
/// `at`. Refused (nothing taken) when the book's rule `strategies` is off.
pub fn run_day(
    store: &Store,
    me: &Agent,
    at: &Moment,
    pdf_dir: &Path,
) -> Result<DayReport, String> {
    let rules = store.book_rules().map_err(|e| e.to_string())?;
    let mut report = DayReport::default();
    if !rules.strategies {
        report.skipped = Some(
            "strategies are off (a lead turns them on with `recoup rules set strategies on`)"
                .into(),
        );
        return Ok(report);
    }
    if !store.begin_strategy_run(at.today, me.id, at.now).map_err(|e| e.to_string())? {
        report.skipped = Some("the day's run is already done".into());
        return Ok(report);
    }
    let mut library = Library::default();
    let taker = Taker::new(store, me, pdf_dir, at);
    let mut after = 0;
    loop {
        let page = store.strategy_states(after, PAGE).map_err(|e| e.to_string())?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for row in &page {
            let follows = row.follows(&rules.default_strategy).to_owned();
            let strategy = match library.get(store, &follows) {
                Ok(s) => s,
                Err(why) => {
                    report.failed.push((row.reference.clone(), why));
                    continue;
                }
            };
            let mut decision = strategy.decide(&state_for(store, row, &follows)?, at.today);
            let mut row = std::borrow::Cow::Borrowed(row);
            if let Decision::Take { .. } = decision {
                // The kill switch counts during a run too: off, the run
                // stops before the next step and the day is not marked done.
                if !store.book_rules().map_err(|e| e.to_string())?.strategies {
                    report.skipped = Some("strategies were turned off during the run".into());
                    return Ok(report);
                }
                // Read again just before taking it: a hold, a promise or a
                // payment made since the page was read counts.
                let Some(fresh) = reread(store, row.id)? else { continue };
                decision = strategy.decide(&state_for(store, &fresh, &follows)?, at.today);
                row = std::borrow::Cow::Owned(fresh);
            }
            match decision {
                Decision::Take { step, due } => {
                    match take(&taker, &row, strategy, step, due)? {
                        Taken::Done => {}
                        Taken::Failed(why) => report.failed.push((row.reference.clone(), why)),
                        Taken::Before => {
                            report.before += 1;
                            continue;
                        }
                    }
                    let name = strategy.steps[step].name.clone();
                    *report.taken.entry((strategy.name.clone(), step + 1, name)).or_default() += 1;
                    fault_pause(report.steps());
                }
                Decision::Waiting { .. } => report.waiting += 1,
                Decision::Paused(_) => report.paused += 1,
                // Its cycle ended when its balance came to nothing.
                Decision::Settled => report.settled += 1,
                Decision::Finished => report.finished += 1,
            }
        }
    }
    store.finish_strategy_run(at.today, at.now).map_err(|e| e.to_string())?;
    Ok(report)
}

/// The debtor as it stands now.
fn reread(store: &Store, id: i64) -> Result<Option<StrategyRow>, String> {
    let row = store.strategy_states(id - 1, 1).map_err(|e| e.to_string())?.into_iter().next();
    Ok(row.filter(|r| r.id == id))
}

/// What the strategy `follows` decides on: the debtor's state, with the
/// step it reached in that strategy this cycle (read from its history when
/// its position is in another one: a debtor moved back to a strategy it
/// followed before goes on from where it was, never taking a step twice).
pub fn state_for(store: &Store, row: &StrategyRow, follows: &str) -> Result<DebtorState, String> {
    let mut state = row.state.clone();
    if row.position_strategy.as_deref().is_some_and(|p| p != follows) {
        state.reached = store
            .reached_in(row.id, follows, row.cycle)
            .map_err(|e| e.to_string())?
            .map(|(step, on)| Reached { step, on });
    }
    Ok(state)
}

/// Fault injection for the kill tests (the `faults` feature only):
/// `RECOUP_FAULT_STRATEGY_PAUSE=N` sleeps once N steps are taken, for
/// `RECOUP_FAULT_STRATEGY_PAUSE_SECS` (30 unless given).
fn fault_pause(_taken: usize) {
    #[cfg(feature = "faults")]
    if std::env::var("RECOUP_FAULT_STRATEGY_PAUSE").is_ok_and(|v| v == _taken.to_string()) {
        let secs = std::env::var("RECOUP_FAULT_STRATEGY_PAUSE_SECS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(30);
        eprintln!("recoup: paused after {_taken} steps");
        std::thread::sleep(std::time::Duration::from_secs(secs));
    }
}

/// What would be taken from `at.today` over the next `days` days, changing
/// nothing: each debtor as it stands today. Unknown strategies are listed
/// with the debtors that follow them.
pub fn preview(
    store: &Store,
    at: &Moment,
    days: u32,
) -> Result<(Preview, Vec<(String, String)>), String> {
    let rules = store.book_rules().map_err(|e| e.to_string())?;
    let mut library = Library::default();
    let mut preview = Preview::default();
    let mut unknown = Vec::new();
    let mut after = 0;
    loop {
        let page = store.strategy_states(after, PAGE).map_err(|e| e.to_string())?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for row in &page {
            let follows = row.follows(&rules.default_strategy).to_owned();
            let strategy = match library.get(store, &follows) {
                Ok(s) => s,
                Err(why) => {
                    unknown.push((row.reference.clone(), why));
                    continue;
                }
            };
            let plans = strategy.plan(&state_for(store, row, &follows)?, at.today, days);
            preview.add(&row.reference, strategy, &plans);
        }
    }
    Ok((preview, unknown))
}
