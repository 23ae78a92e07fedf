//! Promise evaluation, by example and by property.

use super::*;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn promise(id: i64, cents: i64, due: &str) -> PromiseTerms {
    PromiseTerms {
        id,
        amount: Money(cents),
        due_on: d(due),
        made_on: d("2026-11-01"),
        cancelled: false,
        replaced_on: None,
        disputed: Money::ZERO,
    }
}

fn pay(id: i64, on: &str, cents: i64) -> Receipt {
    Receipt { id, received_on: d(on), amount: Money(cents) }
}

fn status(evals: &[Evaluation], id: i64) -> PromiseStatus {
    evals.iter().find(|e| e.id == id).unwrap().status
}

#[test]
fn paid_in_full_before_due_is_kept_at_once() {
    let e = evaluate(
        &[promise(1, 10_000, "2026-11-20")],
        &[pay(1, "2026-11-05", 10_000)],
        d("2026-11-06"),
        3,
    );
    assert_eq!(e[0].status, PromiseStatus::Kept);
    assert_eq!(e[0].shortfall, Money::ZERO);
}

#[test]
fn payment_on_last_grace_day_counts_and_a_day_later_does_not() {
    let p = [promise(1, 10_000, "2026-11-20")];
    let on_time = evaluate(&p, &[pay(1, "2026-11-23", 10_000)], d("2026-11-30"), 3);
    assert_eq!(on_time[0].status, PromiseStatus::Kept);
    let late = evaluate(&p, &[pay(1, "2026-11-24", 10_000)], d("2026-11-30"), 3);
    assert_eq!(late[0].status, PromiseStatus::Broken);
}

#[test]
fn open_until_grace_has_passed() {
    let p = [promise(1, 10_000, "2026-11-20")];
    assert_eq!(evaluate(&p, &[], d("2026-11-23"), 3)[0].status, PromiseStatus::Open);
    assert_eq!(evaluate(&p, &[], d("2026-11-24"), 3)[0].status, PromiseStatus::Broken);
}

#[test]
fn one_cent_short_is_partly_kept_with_shortfall() {
    let e = evaluate(
        &[promise(1, 10_000, "2026-11-20")],
        &[pay(1, "2026-11-19", 9_999)],
        d("2026-12-01"),
        3,
    );
    assert_eq!(e[0].status, PromiseStatus::PartlyKept);
    assert_eq!(e[0].shortfall, Money(1));
    assert_eq!(e[0].paid, Money(9_999));
}

#[test]
fn payment_before_the_promise_was_made_does_not_count() {
    let e = evaluate(
        &[promise(1, 10_000, "2026-11-20")],
        &[pay(1, "2026-10-31", 10_000)],
        d("2026-12-01"),
        3,
    );
    assert_eq!(e[0].status, PromiseStatus::Broken);
}

#[test]
fn overpayment_carries_to_the_next_instalment() {
    let p = [
        promise(1, 10_000, "2026-11-10"),
        promise(2, 10_000, "2026-11-17"),
        promise(3, 10_000, "2026-11-24"),
    ];
    let e = evaluate(&p, &[pay(1, "2026-11-09", 25_000)], d("2026-12-05"), 3);
    assert_eq!(status(&e, 1), PromiseStatus::Kept);
    assert_eq!(status(&e, 2), PromiseStatus::Kept);
    assert_eq!(status(&e, 3), PromiseStatus::PartlyKept);
    assert_eq!(e[2].shortfall, Money(5_000));
}

#[test]
fn overlapping_promises_fill_earliest_due_first() {
    let p = [promise(2, 5_000, "2026-11-25"), promise(1, 5_000, "2026-11-20")];
    let e = evaluate(&p, &[pay(1, "2026-11-18", 5_000)], d("2026-12-05"), 3);
    assert_eq!(status(&e, 1), PromiseStatus::Kept);
    assert_eq!(status(&e, 2), PromiseStatus::Broken);
}

#[test]
fn cancelled_promises_take_no_money() {
    let mut cancelled = promise(1, 5_000, "2026-11-20");
    cancelled.cancelled = true;
    let p = [cancelled, promise(2, 5_000, "2026-11-21")];
    let e = evaluate(&p, &[pay(1, "2026-11-18", 5_000)], d("2026-12-05"), 3);
    assert_eq!(status(&e, 1), PromiseStatus::Cancelled);
    assert_eq!(status(&e, 2), PromiseStatus::Kept);
}

#[test]
fn disputed_invoices_are_left_out_of_the_shortfall() {
    let mut p = promise(1, 10_000, "2026-11-20");
    p.disputed = Money(4_000);
    let e = evaluate(&[p.clone()], &[pay(1, "2026-11-19", 6_000)], d("2026-12-01"), 3);
    assert_eq!(e[0].status, PromiseStatus::Kept);
    let e = evaluate(&[p], &[pay(1, "2026-11-19", 5_000)], d("2026-12-01"), 3);
    assert_eq!(e[0].status, PromiseStatus::PartlyKept);
    assert_eq!(e[0].shortfall, Money(1_000));
}

#[test]
fn a_promise_wholly_in_dispute_counts_as_cancelled_and_takes_no_money() {
    let mut p = promise(1, 10_000, "2026-11-20");
    p.disputed = Money(12_000);
    let next = promise(2, 5_000, "2026-11-25");
    let e = evaluate(&[p, next], &[pay(1, "2026-11-19", 5_000)], d("2026-12-05"), 3);
    assert_eq!(status(&e, 1), PromiseStatus::Cancelled);
    assert_eq!(status(&e, 2), PromiseStatus::Kept);
}

#[test]
fn status_words_round_trip() {
    for s in PromiseStatus::ALL {
        assert_eq!(s.as_str().parse::<PromiseStatus>(), Ok(s));
    }
    assert_eq!(PromiseStatus::PartlyKept.as_str(), "partly kept");
}

/// A promise made on `made` and replaced on `replaced` by a newer one.
fn replaced(id: i64, cents: i64, due: &str, made: &str, on: &str) -> PromiseTerms {
    PromiseTerms {
        made_on: d(made),
        cancelled: true,
        replaced_on: Some(d(on)),
        ..promise(id, cents, due)
    }
}

fn made(id: i64, cents: i64, due: &str, on: &str) -> PromiseTerms {
    PromiseTerms { made_on: d(on), ..promise(id, cents, due) }
}

fn eval_of(evals: &[Evaluation], id: i64) -> (PromiseStatus, Money, Money) {
    let e = evals.iter().find(|e| e.id == id).unwrap();
    (e.status, e.paid, e.shortfall)
}

#[test]
fn a_payment_dated_before_a_replacement_keeps_the_promise_it_was_made_for() {
    // 3,000 due 25 Nov, replaced that day by a new 3,000 plan; the bank
    // shows the 3,000 arrived on the 24th, recorded days later.
    let p = [
        replaced(1, 300_000, "2026-11-25", "2026-11-20", "2026-11-25"),
        made(2, 300_000, "2026-12-15", "2026-11-25"),
    ];
    let e = evaluate(&p, &[pay(1, "2026-11-24", 300_000)], d("2026-11-27"), 3);
    assert_eq!(eval_of(&e, 1), (PromiseStatus::Kept, Money(300_000), Money::ZERO));
    assert_eq!(eval_of(&e, 2), (PromiseStatus::Open, Money::ZERO, Money(300_000)));
}

#[test]
fn part_paid_and_replaced_after_its_due_date_is_partly_kept() {
    // Due 20 Nov, 1,200 on the 21st (in grace), replaced on the 22nd.
    let p = [
        replaced(1, 300_000, "2026-11-20", "2026-11-10", "2026-11-22"),
        made(2, 180_000, "2026-12-15", "2026-11-22"),
    ];
    let e = evaluate(&p, &[pay(1, "2026-11-21", 120_000)], d("2026-11-22"), 3);
    assert_eq!(eval_of(&e, 1), (PromiseStatus::PartlyKept, Money(120_000), Money(180_000)));
    assert_eq!(eval_of(&e, 2), (PromiseStatus::Open, Money::ZERO, Money(180_000)));
}

#[test]
fn part_paid_and_replaced_before_it_fell_due_is_cancelled_with_what_it_got() {
    // Due 15 Dec, 1,000 on 30 Nov, renegotiated on 1 Dec: no failure.
    let p = [
        replaced(1, 300_000, "2026-12-15", "2026-11-20", "2026-12-01"),
        made(2, 200_000, "2027-01-15", "2026-12-01"),
    ];
    let e = evaluate(&p, &[pay(1, "2026-11-30", 100_000)], d("2027-02-01"), 3);
    assert_eq!(eval_of(&e, 1), (PromiseStatus::Cancelled, Money(100_000), Money::ZERO));
    assert_eq!(eval_of(&e, 2), (PromiseStatus::Broken, Money::ZERO, Money(200_000)));
}

#[test]
fn a_payment_on_or_after_the_replacement_day_goes_to_the_new_promise() {
    let p = [
        replaced(1, 300_000, "2026-11-25", "2026-11-20", "2026-11-25"),
        made(2, 300_000, "2026-12-15", "2026-11-25"),
    ];
    let e = evaluate(&p, &[pay(1, "2026-11-25", 300_000)], d("2026-11-27"), 3);
    assert_eq!(eval_of(&e, 1), (PromiseStatus::Cancelled, Money::ZERO, Money::ZERO));
    assert_eq!(eval_of(&e, 2), (PromiseStatus::Kept, Money(300_000), Money::ZERO));
    // Cancelled outright (no replacement day), a promise takes nothing.
    let outright = PromiseTerms { replaced_on: None, ..p[0].clone() };
    let e = evaluate(&[outright], &[pay(1, "2026-11-24", 300_000)], d("2026-11-27"), 3);
    assert_eq!(eval_of(&e, 1), (PromiseStatus::Cancelled, Money::ZERO, Money::ZERO));
}

fn arb_case() -> impl Strategy<Value = (Vec<PromiseTerms>, Vec<Receipt>)> {
    let promise = (1i64..50_000, 0u64..60, 0u64..30, any::<bool>(), 0i64..20_000);
    let receipt = (1i64..60_000, 0u64..90);
    (proptest::collection::vec(promise, 0..6), proptest::collection::vec(receipt, 0..8)).prop_map(
        |(ps, rs)| {
            let base = d("2026-09-01");
            let promises = ps
                .into_iter()
                .enumerate()
                .map(|(i, (amount, due, made_before, cancelled, disputed))| {
                    let made_on = base + chrono::Days::new(30 + due - made_before.min(due + 30));
                    // Some cancelled outright, some replaced a few days on.
                    let replaced = cancelled && amount % 3 == 0;
                    PromiseTerms {
                        id: i as i64 + 1,
                        amount: Money(amount),
                        due_on: base + chrono::Days::new(due + 30),
                        made_on,
                        cancelled: cancelled && (amount % 7 == 0 || replaced),
                        replaced_on: replaced
                            .then(|| made_on + chrono::Days::new(amount.unsigned_abs() % 40)),
                        disputed: Money(if amount % 5 == 0 { disputed } else { 0 }),
                    }
                })
                .collect();
            let receipts = rs
                .into_iter()
                .enumerate()
                .map(|(i, (amount, on))| Receipt {
                    id: i as i64 + 1,
                    received_on: base + chrono::Days::new(on),
                    amount: Money(amount),
                })
                .collect();
            (promises, receipts)
        },
    )
}

proptest! {
    #[test]
    fn no_payment_is_counted_twice((promises, receipts) in arb_case(), day in 0u64..150) {
        let today = d("2026-09-01") + chrono::Days::new(day);
        let evals = evaluate(&promises, &receipts, today, 3);
        let counted: i64 = evals.iter().map(|e| e.paid.cents()).sum();
        let received: i64 = receipts.iter().map(|r| r.amount.cents()).sum();
        prop_assert!(counted <= received);
        for (e, p) in evals.iter().zip(&promises) {
            prop_assert!(e.paid <= p.amount);
            prop_assert!(e.paid.cents() >= 0 && e.shortfall.cents() >= 0);
            if e.status == PromiseStatus::Kept {
                prop_assert_eq!(e.shortfall, Money::ZERO);
            }
        }
    }

    #[test]
    fn evaluation_does_not_depend_on_payment_order(
        (promises, receipts) in arb_case(),
        seed in any::<u64>(),
        day in 0u64..150,
    ) {
        let today = d("2026-09-01") + chrono::Days::new(day);
        let mut shuffled = receipts.clone();
        fastrand::Rng::with_seed(seed).shuffle(&mut shuffled);
        // New ids too: nothing may hang on which payment came first.
        for (i, r) in shuffled.iter_mut().enumerate() {
            r.id = 1_000 + i as i64;
        }
        let mut reversed_promises = promises.clone();
        reversed_promises.reverse();
        let a = evaluate(&promises, &receipts, today, 3);
        let mut b = evaluate(&reversed_promises, &shuffled, today, 3);
        b.reverse();
        prop_assert_eq!(a, b);
    }
}
