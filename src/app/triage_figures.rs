//! The figures at the top of the triage screen, read in one go.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::kpi::{Kpis, Period, PeriodChoice, PeriodFigures};
use crate::store::{Activity, AgentRow, BookInterest, BookTotals, PromisePulse};

/// One period's figures, as the triage screen shows them.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodView {
    pub choice: PeriodChoice,
    pub period: Period,
    pub figures: PeriodFigures,
    pub activity: Activity,
    /// Promises due in the period: kept, and kept + partly kept + broken.
    pub kept: i64,
    pub settled: i64,
    /// Each agent's line, with the promises due in the period.
    pub agents: Vec<AgentRow>,
}

impl PeriodView {
    pub fn kpis(&self) -> Kpis {
        Kpis::of(&self.figures, self.period.days())
    }
}

/// Everything the top of the triage screen shows: the book now, and each
/// period the lead can pick.
#[derive(Clone, Debug, PartialEq)]
pub struct TriageFigures {
    pub today: NaiveDate,
    /// When they were read: every block of the screen says so.
    pub as_of: DateTime<Utc>,
    pub totals: BookTotals,
    /// Claimable late-payment interest and compensation (issue 13): read
    /// after the rest (`None` until then; the last one read is kept while
    /// the figures are read again).
    pub interest: Option<BookInterest>,
    /// Promises due today and broken lately.
    pub pulse: PromisePulse,
    /// One per [`PeriodChoice::ALL`].
    pub periods: Vec<PeriodView>,
    /// Letters the outbox could not send (failed, or waiting after an
    /// error): `recoup outbox list` says why.
    pub outbox_trouble: i64,
    /// Collection strategies, when on or ever run: `None` otherwise.
    pub pipeline: Option<Pipeline>,
}

/// Collection strategies on the triage screen (issue 15).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pipeline {
    pub on: bool,
    /// Steps taken today, and how many of them failed.
    pub today: (i64, i64),
    /// Debtors waiting for the lead's review.
    pub to_review: i64,
    /// Debtors standing at each step: (strategy, step number from 1, count).
    pub at_steps: Vec<(String, usize, i64)>,
}

impl Pipeline {
    /// `standard 1:16 2:13 3:13`, a strategy after another.
    pub fn steps_text(&self) -> String {
        let mut out: Vec<String> = Vec::new();
        for (strategy, step, count) in &self.at_steps {
            match out.last_mut() {
                Some(last) if last.starts_with(&format!("{strategy} ")) => {
                    last.push_str(&format!(" {step}:{count}"));
                }
                _ => out.push(format!("{strategy} {step}:{count}")),
            }
        }
        out.join(", ")
    }
}

impl TriageFigures {
    pub fn view(&self, choice: PeriodChoice) -> Option<&PeriodView> {
        self.periods.iter().find(|p| p.choice == choice)
    }

    pub fn as_of(&self) -> NaiveDate {
        self.today
    }

    /// The agents a debtor can be assigned to, by id and name: not the
    /// line of debtors nobody has (it has no agent id; the picker offers
    /// "(unassigned)" itself).
    pub fn agents(&self) -> Vec<(i64, String)> {
        self.periods
            .first()
            .map(|v| v.agents.iter().filter(|a| a.id > 0).map(|a| (a.id, a.name.clone())).collect())
            .unwrap_or_default()
    }
}
