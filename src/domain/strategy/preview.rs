//! What a strategy would do over the next days (`--dry-run --days N`):
//! each debtor's steps, taken on their days while the debtor stands as it
//! does today, and the counts per day and step.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use super::Strategy;
use super::evaluate::{DebtorState, Decision, Reached};

/// A step a debtor would take, and when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Planned {
    pub day: NaiveDate,
    pub step: usize,
}

impl Strategy {
    /// The steps from `today` to `today + days`, one a day at most.
    pub fn plan(&self, state: &DebtorState, today: NaiveDate, days: u32) -> Vec<Planned> {
        let mut state = state.clone();
        let mut out = Vec::new();
        for n in 0..=u64::from(days) {
            let Some(day) = today.checked_add_days(Days::new(n)) else { break };
            match self.decide(&state, day) {
                Decision::Take { step, .. } => {
                    out.push(Planned { day, step });
                    state.reached = Some(Reached { step, on: day });
                }
                Decision::Waiting { .. } => {}
                // Paused, settled or finished stays so while nothing changes.
                _ => break,
            }
        }
        out
    }
}

/// Counts per (day, step), with the first few debtors of each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Preview {
    pub by_day: BTreeMap<(NaiveDate, usize), (usize, Vec<String>)>,
}

/// Debtors named per line of the preview; the rest are counted.
const NAMED: usize = 5;

impl Preview {
    pub fn add(&mut self, debtor: &str, plans: &[Planned]) {
        for p in plans {
            let (count, names) = self.by_day.entry((p.day, p.step)).or_default();
            *count += 1;
            if names.len() < NAMED {
                names.push(debtor.to_owned());
            }
        }
    }

    /// `2026-12-03  step 3 first call (call)  12  ACC-1, ACC-2, …`
    pub fn lines(&self, strategy: &Strategy) -> Vec<String> {
        self.by_day
            .iter()
            .map(|((day, step), (count, names))| {
                let s = &strategy.steps[*step];
                let more = if *count > names.len() { ", …" } else { "" };
                format!(
                    "{day}  step {} {} ({})  {count}  {}{more}",
                    step + 1,
                    s.name,
                    s.action.label(),
                    names.join(", ")
                )
            })
            .collect()
    }
}
