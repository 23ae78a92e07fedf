//! One debtor, one day: which step of its strategy is due, or why none is.
//! At most one step a day: a step whose day passed while nothing ran (a
//! weekend, a day off) is taken on the next run, once, and the step after it
//! waits for a later day. Taking a step is the caller's; it records the
//! step reached, so evaluating the same day again gives nothing new.

use chrono::{Days, NaiveDate};

use super::{Action, Profile, Strategy, Trigger};
use crate::domain::Money;
use crate::domain::people::DebtorStatus;

/// The last step taken, and on which day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reached {
    /// Its index in the strategy's steps.
    pub step: usize,
    pub on: NaiveDate,
}

/// What the evaluation reads of a debtor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DebtorState {
    pub status: DebtorStatus,
    pub do_not_call: bool,
    /// Everything open.
    pub balance: Money,
    /// Open under a dispute.
    pub disputed: Money,
    /// The due date of the oldest open invoice.
    pub oldest_open_due: Option<NaiveDate>,
    /// The earliest open promise's due date.
    pub promise_due: Option<NaiveDate>,
    pub reached: Option<Reached>,
    pub profile: Profile,
}

/// Why no step is taken while this holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pause {
    /// An open promise not yet due.
    Promise(NaiveDate),
    /// Open disputes cover everything owed.
    Disputed,
    /// On hold, closed or escalated.
    Status(DebtorStatus),
    /// The next step is a call and the debtor is not to be called.
    DoNotCall,
}

/// The day's answer for one debtor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Take step `step`, due on `due` (today or a day missed).
    Take {
        step: usize,
        due: NaiveDate,
    },
    /// Step `step` falls due on `on`, a later day.
    Waiting {
        step: usize,
        on: NaiveDate,
    },
    Paused(Pause),
    /// Nothing is owed: the strategy has nothing to do.
    Settled,
    /// Every step is taken (or none left is for this debtor).
    Finished,
}

impl Pause {
    /// The line the account shows.
    pub fn says(self) -> String {
        match self {
            Pause::Promise(on) => format!("paused: a promise is due {on}"),
            Pause::Disputed => "paused: disputes cover all it owes".into(),
            Pause::Status(s) => format!("paused: the account is {}", s.as_str()),
            Pause::DoNotCall => {
                "paused: the next step is a call and the debtor is not to be called".into()
            }
        }
    }
}

impl Strategy {
    /// What to do for the debtor on `today`.
    pub fn decide(&self, d: &DebtorState, today: NaiveDate) -> Decision {
        let (Some(oldest), true) = (d.oldest_open_due, d.balance.cents() > 0) else {
            return Decision::Settled;
        };
        if matches!(d.status, DebtorStatus::Hold | DebtorStatus::Closed | DebtorStatus::Escalated) {
            return Decision::Paused(Pause::Status(d.status));
        }
        if let Some(on) = d.promise_due.filter(|on| *on >= today) {
            return Decision::Paused(Pause::Promise(on));
        }
        if d.disputed >= d.balance {
            return Decision::Paused(Pause::Disputed);
        }
        let from = d.reached.map_or(0, |r| r.step + 1);
        let Some((step, due)) = self.next_step(d, from, oldest) else {
            return Decision::Finished;
        };
        if self.steps[step].action == Action::Call && d.do_not_call {
            return Decision::Paused(Pause::DoNotCall);
        }
        // One step a day: the one after waits for a later day.
        let taken_today = d.reached.is_some_and(|r| r.on >= today);
        if due > today || taken_today {
            let on = if taken_today { due.max(today + Days::new(1)) } else { due };
            return Decision::Waiting { step, on };
        }
        Decision::Take { step, due }
    }

    /// The first step from `from` whose conditions hold, and its day.
    fn next_step(
        &self,
        d: &DebtorState,
        from: usize,
        oldest: NaiveDate,
    ) -> Option<(usize, NaiveDate)> {
        let (i, step) =
            self.steps.iter().enumerate().skip(from).find(|(_, s)| s.when.hold_for(&d.profile))?;
        let due = match step.trigger {
            Trigger::DaysPastDue(n) => shift(oldest, n),
            // The previous step's day; before any step, the oldest due date.
            Trigger::DaysAfterPrevious(n) => shift(d.reached.map_or(oldest, |r| r.on), n),
        };
        Some((i, due))
    }
}

fn shift(day: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        day.checked_add_days(Days::new(n as u64)).unwrap_or(NaiveDate::MAX)
    } else {
        day.checked_sub_days(Days::new(n.unsigned_abs())).unwrap_or(NaiveDate::MIN)
    }
}

#[cfg(test)]
#[path = "evaluate_tests.rs"]
mod tests;
