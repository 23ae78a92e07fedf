//! The account's strategy line: the strategy, the step reached, the task a
//! step left open, the next step and its day, or why it is paused.

use chrono::NaiveDate;

use crate::domain::strategy::evaluate::Decision;
use crate::store::{Store, StrategyLine};

use super::library;

/// Where the debtor stands in its strategy; `None` when strategies are off
/// and the debtor never took a step (nothing to say), or it cannot be read.
pub fn account_line(store: &Store, debtor_id: i64, today: NaiveDate) -> Option<StrategyLine> {
    let rules = store.book_rules().ok()?;
    let row = store.strategy_states(debtor_id - 1, 1).ok()?.into_iter().next()?;
    if row.id != debtor_id || (!rules.strategies && row.position_strategy.is_none()) {
        return None;
    }
    let follows = row.follows(&rules.default_strategy).to_owned();
    let strategy = match library::find(store, &follows) {
        Ok((s, _)) => s,
        Err(why) => {
            return Some(StrategyLine {
                reached: format!("Strategy {follows} cannot be used"),
                task: None,
                next: why,
            });
        }
    };
    let state = super::run::state_for(store, &row, &follows).ok()?;
    let reached = match state.reached {
        Some(r) => format!(
            "Strategy {follows}: step {} {} taken {}",
            r.step + 1,
            strategy.steps.get(r.step).map_or("?", |s| s.name.as_str()),
            r.on
        ),
        None => format!("Strategy {follows}: no step taken yet"),
    };
    let step_on = |step: usize, on: NaiveDate| {
        format!("next: step {} {} on {on}", step + 1, strategy.steps[step].name)
    };
    let mut next = match strategy.decide(&state, today) {
        Decision::Take { step, .. } => step_on(step, today),
        Decision::Waiting { step, on } => step_on(step, on),
        Decision::Paused(p) => p.says(),
        Decision::Settled => "nothing owed: no step is due".into(),
        Decision::Finished => "every step is taken".into(),
    };
    if !rules.strategies {
        next = format!("strategies are off · {next}");
    }
    let mut tasks = Vec::new();
    if let Ok(Some(pos)) = store.strategy_position(debtor_id) {
        let since = |on: NaiveDate| {
            if state.reached.is_some_and(|r| r.on == on) {
                String::new()
            } else {
                format!(" since {on}")
            }
        };
        if let Some((on, _)) = pos.call {
            tasks.push(format!("call due{}", since(on)));
        }
        if let Some((on, _)) = pos.review {
            tasks.push(format!("for the lead to review{}", since(on)));
        }
    }
    let task = (!tasks.is_empty()).then(|| tasks.join(" · "));
    Some(StrategyLine { reached, task, next })
}
