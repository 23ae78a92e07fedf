//! One debtor, one day: which step of its strategy is due, or why none is.
//! A step whose day passed while nothing ran (a weekend, a day off) is taken
//! on the next run, once. When several passed (a strategy started on an old
//! account, a long stop), only the latest of them is taken: a debtor 60 days
//! late gets the final demand, not every reminder before it on successive
//! days. At most one step a day. Taking a step is the caller's; it records
//! the step reached, so evaluating the same day again gives nothing new.

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
        let (passed, next) = self.due_steps(d, oldest, today);
        // One step a day: what is due waits for a later day.
        if d.reached.is_some_and(|r| r.on >= today) {
            return match passed.or(next) {
                Some((step, due)) => Decision::Waiting { step, on: due.max(tomorrow(today)) },
                None => Decision::Finished,
            };
        }
        match (passed, next) {
            (Some((step, due)), _) => Decision::Take { step, due },
            (None, Some((step, on))) => Decision::Waiting { step, on },
            (None, None) => Decision::Finished,
        }
    }

    /// The latest step whose day has come (by `today`), and the first whose
    /// day has not, among those after the step reached that are for this
    /// debtor (a call is not for a debtor not to be called). A step counted
    /// from the one before it counts from the day that one was, or would
    /// have been, taken.
    fn due_steps(
        &self,
        d: &DebtorState,
        oldest: NaiveDate,
        today: NaiveDate,
    ) -> (Option<StepOn>, Option<StepOn>) {
        let from = d.reached.map_or(0, |r| r.step + 1);
        let mut previous = d.reached.map_or(oldest, |r| r.on);
        let mut passed = None;
        let applies = |s: &super::Step| {
            s.when.hold_for(&d.profile) && !(d.do_not_call && s.action == Action::Call)
        };
        for (i, step) in self.steps.iter().enumerate().skip(from).filter(|(_, s)| applies(s)) {
            let due = match step.trigger {
                Trigger::DaysPastDue(n) => shift(oldest, n),
                Trigger::DaysAfterPrevious(n) => shift(previous, n),
            };
            if due > today {
                return (passed, Some((i, due)));
            }
            passed = Some((i, due));
            previous = due;
        }
        (passed, None)
    }
}

/// A step's index and its day.
type StepOn = (usize, NaiveDate);

fn tomorrow(day: NaiveDate) -> NaiveDate {
    day.succ_opt().unwrap_or(day)
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
