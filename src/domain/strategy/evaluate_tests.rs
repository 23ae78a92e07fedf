//! Step evaluation by hand: each trigger, each pause, resuming after a
//! broken promise, catching up after missed days, one step a day, and a
//! run over 120 days that takes each step once, in order.

use chrono::NaiveDate;

use super::*;
use crate::domain::interest_terms::InterestRegime;
use crate::domain::strategy::{Profile, STANDARD};

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn standard() -> Strategy {
    Strategy::parse("standard", STANDARD).unwrap()
}

/// 1,000.00 owed, the oldest invoice due on 1 October 2026, no step yet.
fn debtor() -> DebtorState {
    DebtorState {
        status: DebtorStatus::Active,
        do_not_call: false,
        balance: Money(100_000),
        disputed: Money::ZERO,
        oldest_open_due: Some(day(10, 1)),
        promise_due: None,
        reached: None,
        profile: Profile {
            balance: Money(100_000),
            terms_days: 30,
            tags: Vec::new(),
            regime: InterestRegime::None,
        },
    }
}

fn reached(step: usize, on: NaiveDate) -> Option<Reached> {
    Some(Reached { step, on })
}

#[test]
fn days_past_due_may_be_before_the_due_date() {
    let s = standard();
    let d = debtor();
    assert_eq!(s.decide(&d, day(9, 27)), Decision::Waiting { step: 0, on: day(9, 28) });
    assert_eq!(s.decide(&d, day(9, 28)), Decision::Take { step: 0, due: day(9, 28) });
    let d = DebtorState { reached: reached(0, day(9, 28)), ..debtor() };
    assert_eq!(s.decide(&d, day(10, 1)), Decision::Waiting { step: 1, on: day(10, 2) });
    assert_eq!(s.decide(&d, day(10, 2)), Decision::Take { step: 1, due: day(10, 2) });
}

#[test]
fn days_after_previous_count_from_the_day_the_step_was_taken() {
    let s = standard();
    // The firm reminder (step 3) was taken late, on 30 October: the second
    // call is 7 days after that, not after its own day.
    let d = DebtorState { reached: reached(3, day(10, 30)), ..debtor() };
    assert_eq!(s.decide(&d, day(11, 5)), Decision::Waiting { step: 4, on: day(11, 6) });
    assert_eq!(s.decide(&d, day(11, 6)), Decision::Take { step: 4, due: day(11, 6) });
}

#[test]
fn each_pause_holds_the_step() {
    let s = standard();
    let today = day(10, 8);
    let promise = DebtorState { promise_due: Some(day(10, 9)), ..debtor() };
    assert_eq!(s.decide(&promise, today), Decision::Paused(Pause::Promise(day(10, 9))));
    let due_today = DebtorState { promise_due: Some(today), ..debtor() };
    assert_eq!(s.decide(&due_today, today), Decision::Paused(Pause::Promise(today)));
    let disputed = DebtorState { disputed: Money(100_000), ..debtor() };
    assert_eq!(s.decide(&disputed, today), Decision::Paused(Pause::Disputed));
    let part = DebtorState { disputed: Money(40_000), ..debtor() };
    assert!(matches!(s.decide(&part, today), Decision::Take { .. }), "a part in dispute goes on");
    for status in [DebtorStatus::Hold, DebtorStatus::Closed, DebtorStatus::Escalated] {
        let d = DebtorState { status, ..debtor() };
        assert_eq!(s.decide(&d, today), Decision::Paused(Pause::Status(status)));
    }
    let arrangement = DebtorState { status: DebtorStatus::Arrangement, ..debtor() };
    assert!(matches!(s.decide(&arrangement, today), Decision::Take { .. }));
    // Do-not-call: a call step is not for the debtor; the letters go on.
    let dnc = DebtorState { do_not_call: true, reached: reached(1, day(10, 2)), ..debtor() };
    assert_eq!(s.decide(&dnc, today), Decision::Waiting { step: 3, on: day(10, 22) });
    let callable = DebtorState { reached: reached(1, day(10, 2)), ..debtor() };
    assert_eq!(s.decide(&callable, today), Decision::Take { step: 2, due: today });
    assert!(Pause::Promise(day(10, 9)).says().contains("2026-10-09"));
}

#[test]
fn a_broken_promise_resumes_at_the_step_reached() {
    let s = standard();
    // Friendly reminder taken; a promise for 12 October then kept the
    // strategy waiting; on the 16th it is broken (still open, past due).
    let d =
        DebtorState { reached: reached(1, day(10, 2)), promise_due: Some(day(10, 12)), ..debtor() };
    assert_eq!(s.decide(&d, day(10, 10)), Decision::Paused(Pause::Promise(day(10, 12))));
    assert_eq!(s.decide(&d, day(10, 16)), Decision::Take { step: 2, due: day(10, 8) });
}

#[test]
fn missed_days_take_the_latest_step_due_once() {
    let s = standard();
    // Nothing ran from 2 October to 30 October: the first call (the 8th),
    // the firm reminder (the 22nd) and the second call (7 days after it,
    // the 29th) all passed; only the second call is taken, once.
    let d = DebtorState { reached: reached(1, day(10, 2)), ..debtor() };
    assert_eq!(s.decide(&d, day(10, 30)), Decision::Take { step: 4, due: day(10, 29) });
    let after = DebtorState { reached: reached(4, day(10, 30)), ..debtor() };
    assert_eq!(s.decide(&after, day(10, 30)), Decision::Waiting { step: 5, on: day(11, 15) });
    // A strategy started on an account 60 days late sends the step for its age.
    assert_eq!(s.decide(&debtor(), day(11, 30)), Decision::Take { step: 5, due: day(11, 15) });
    // A step taken today: the next waits for tomorrow at the soonest.
    let today = DebtorState { reached: reached(0, day(10, 2)), ..debtor() };
    assert_eq!(s.decide(&today, day(10, 2)), Decision::Waiting { step: 1, on: day(10, 3) });
}

#[test]
fn conditions_skip_a_step_and_nothing_owed_settles() {
    let s = standard();
    // The letter before action is for 100.00 or more.
    let small = DebtorState {
        balance: Money(5_000),
        profile: Profile { balance: Money(5_000), ..debtor().profile },
        reached: reached(5, day(11, 15)),
        ..debtor()
    };
    assert_eq!(s.decide(&small, day(12, 20)), Decision::Waiting { step: 7, on: day(12, 30) });
    assert_eq!(s.decide(&small, day(12, 30)), Decision::Take { step: 7, due: day(12, 30) });
    let paid = DebtorState { balance: Money::ZERO, oldest_open_due: None, ..debtor() };
    assert_eq!(s.decide(&paid, day(10, 8)), Decision::Settled);
    let done = DebtorState { reached: reached(7, day(12, 30)), ..debtor() };
    assert_eq!(s.decide(&done, day(12, 31)), Decision::Finished);
}

#[test]
fn over_130_days_each_step_is_taken_once_in_order_and_at_most_one_a_day() {
    let s = standard();
    let mut d = debtor();
    let mut history: Vec<(NaiveDate, usize)> = Vec::new();
    let mut today = day(9, 1);
    for _ in 0..130 {
        // Nothing runs at weekends: those days catch up on Monday.
        let weekend = matches!(today.format("%a").to_string().as_str(), "Sat" | "Sun");
        if !weekend {
            for _ in 0..2 {
                // Run twice a day: the second does nothing.
                if let Decision::Take { step, .. } = s.decide(&d, today) {
                    history.push((today, step));
                    d.reached = reached(step, today);
                }
            }
        }
        today = today.succ_opt().unwrap();
    }
    let steps: Vec<usize> = history.iter().map(|(_, s)| *s).collect();
    assert_eq!(steps, (0..8).collect::<Vec<_>>(), "{history:?}");
    let mut days: Vec<NaiveDate> = history.iter().map(|(d, _)| *d).collect();
    days.dedup();
    assert_eq!(days.len(), history.len(), "one step a day: {history:?}");
    // The escalation review is due on 30 December (day 90).
    assert_eq!(history.last(), Some(&(day(12, 30), 7)));
}

#[test]
fn evaluating_again_the_day_a_step_was_taken_takes_nothing() {
    let s = standard();
    // 60 days past due on 30 November: the final demand (step 6) is due.
    let d = debtor();
    let today = day(11, 30);
    let Decision::Take { step, .. } = s.decide(&d, today) else { panic!("a step is due") };
    assert_eq!(step, 5);
    // Recorded as taken today: the same day again gives nothing to take,
    // however many times it is asked.
    let after = DebtorState { reached: reached(step, today), ..debtor() };
    for _ in 0..3 {
        assert!(!matches!(s.decide(&after, today), Decision::Take { .. }));
    }
    // The next step (letter before action, 75 days) waits for its own day.
    assert_eq!(s.decide(&after, today), Decision::Waiting { step: 6, on: day(12, 15) });
}

#[test]
fn a_step_name_that_could_drive_a_terminal_is_refused() {
    let text = "name = \"x\"\n\n[[step]]\nname = \"call\\u001b[2J\"\ndays_past_due = 7\naction = \"call\"\n";
    let err = Strategy::parse("x", text).unwrap_err();
    assert_eq!(err.line, 3, "{err}");
    assert!(err.to_string().contains("one line of 1 to 80 characters"), "{err}");
}
