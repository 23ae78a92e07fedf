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

/// Counts per (day, strategy, step), with the first few debtors of each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Preview {
    pub by_day: BTreeMap<(NaiveDate, String, usize), Line>,
}

/// One line of the preview: the step in words, how many, and who first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Line {
    pub step: String,
    pub count: usize,
    pub names: Vec<String>,
}

/// Debtors named per line of the preview; the rest are counted.
const NAMED: usize = 5;

impl Preview {
    pub fn add(&mut self, debtor: &str, strategy: &Strategy, plans: &[Planned]) {
        for p in plans {
            let key = (p.day, strategy.name.clone(), p.step);
            let line = self.by_day.entry(key).or_insert_with(|| {
                let s = &strategy.steps[p.step];
                Line {
                    step: format!(
                        "step {} of {}: {} ({})",
                        p.step + 1,
                        strategy.name,
                        s.name,
                        s.action.label()
                    ),
                    ..Line::default()
                }
            });
            line.count += 1;
            if line.names.len() < NAMED {
                line.names.push(debtor.to_owned());
            }
        }
    }

    /// Steps planned in all.
    pub fn total(&self) -> usize {
        self.by_day.values().map(|l| l.count).sum()
    }

    /// `2026-12-03  step 3 of standard: first call (call)  12  ACC-1, ACC-2, …`
    pub fn lines(&self) -> Vec<String> {
        self.by_day
            .iter()
            .map(|((day, _, _), l)| {
                let more = if l.count > l.names.len() { ", …" } else { "" };
                format!("{day}  {}  {}  {}{more}", l.step, l.count, l.names.join(", "))
            })
            .collect()
    }

    /// Steps per day: `2026-12-03  41`.
    pub fn per_day(&self) -> BTreeMap<NaiveDate, usize> {
        let mut out = BTreeMap::new();
        for ((day, _, _), l) in &self.by_day {
            *out.entry(*day).or_default() += l.count;
        }
        out
    }
}
