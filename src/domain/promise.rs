//! Promise-to-pay evaluation: kept, partly kept, broken or still open.

use std::fmt;
use std::str::FromStr;

use chrono::{Days, NaiveDate};

use super::money::Money;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PromiseStatus {
    Open,
    Kept,
    PartlyKept,
    Broken,
    Cancelled,
}

impl PromiseStatus {
    pub const ALL: [PromiseStatus; 5] = [
        PromiseStatus::Open,
        PromiseStatus::Kept,
        PromiseStatus::PartlyKept,
        PromiseStatus::Broken,
        PromiseStatus::Cancelled,
    ];

    /// The word stored, exported and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            PromiseStatus::Open => "open",
            PromiseStatus::Kept => "kept",
            PromiseStatus::PartlyKept => "partly kept",
            PromiseStatus::Broken => "broken",
            PromiseStatus::Cancelled => "cancelled",
        }
    }

    /// Broken or partly kept: the customer did not do what they said.
    pub fn is_failed(self) -> bool {
        matches!(self, PromiseStatus::Broken | PromiseStatus::PartlyKept)
    }
}

impl fmt::Display for PromiseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PromiseStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PromiseStatus::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| format!("unknown promise status {}", super::text::quote(s)))
    }
}

/// A promise as evaluation needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromiseTerms {
    pub id: i64,
    pub amount: Money,
    pub due_on: NaiveDate,
    pub made_on: NaiveDate,
    /// Cancelled by an agent.
    pub cancelled: bool,
    /// Open balance of disputed invoices this promise covers: it is left out
    /// of what the promise asks for.
    pub disputed: Money,
}

impl PromiseTerms {
    /// What the promise still asks for once disputed invoices are set aside.
    pub fn effective_amount(&self) -> Money {
        Money((self.amount.cents() - self.disputed.cents().max(0)).max(0))
    }

    /// Cancelled by an agent, or everything it covers is in dispute.
    pub fn is_void(&self) -> bool {
        self.cancelled || self.effective_amount().cents() == 0
    }
}

/// A payment received from the debtor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    pub id: i64,
    pub received_on: NaiveDate,
    pub amount: Money,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    pub id: i64,
    pub status: PromiseStatus,
    /// Money counted toward this promise.
    pub paid: Money,
    /// What is still missing (zero when kept or cancelled).
    pub shortfall: Money,
}

/// The last day a payment counts toward a promise.
pub fn last_counting_day(due_on: NaiveDate, grace_days: u32) -> NaiveDate {
    due_on.checked_add_days(Days::new(grace_days.into())).unwrap_or(NaiveDate::MAX)
}

/// Evaluates a debtor's promises against their payments as of `today`.
///
/// Payments are taken in date order; each goes to the earliest-due promise
/// that can still take money (made on or before the payment, not yet full,
/// and the payment not after due + grace). What one promise cannot take
/// carries to the next. The result does not depend on the order of the input.
/// Disputed invoices a promise covers are left out of its amount; a promise
/// whose every covered cent is disputed counts as cancelled.
pub fn evaluate(
    promises: &[PromiseTerms],
    receipts: &[Receipt],
    today: NaiveDate,
    grace_days: u32,
) -> Vec<Evaluation> {
    let mut order: Vec<&PromiseTerms> = promises.iter().filter(|p| !p.is_void()).collect();
    order.sort_by_key(|p| (p.due_on, p.made_on, p.id));
    let mut paid = vec![0i64; order.len()];

    let mut receipts: Vec<&Receipt> = receipts.iter().collect();
    receipts.sort_by_key(|r| (r.received_on, r.amount, r.id));
    for r in receipts {
        let mut left = r.amount.cents();
        for (i, p) in order.iter().enumerate() {
            if left == 0 {
                break;
            }
            let counts = r.received_on >= p.made_on
                && r.received_on <= last_counting_day(p.due_on, grace_days);
            let room = p.effective_amount().cents() - paid[i];
            if counts && room > 0 {
                let take = room.min(left);
                paid[i] += take;
                left -= take;
            }
        }
    }

    promises
        .iter()
        .map(|p| {
            if p.is_void() {
                return Evaluation {
                    id: p.id,
                    status: PromiseStatus::Cancelled,
                    paid: Money::ZERO,
                    shortfall: Money::ZERO,
                };
            }
            let i = order.iter().position(|o| o.id == p.id).unwrap_or(0);
            let got = paid[i];
            let short = p.effective_amount().cents() - got;
            let status = if short <= 0 {
                PromiseStatus::Kept
            } else if today <= last_counting_day(p.due_on, grace_days) {
                PromiseStatus::Open
            } else if got > 0 {
                PromiseStatus::PartlyKept
            } else {
                PromiseStatus::Broken
            };
            Evaluation {
                id: p.id,
                status,
                paid: Money(got),
                shortfall: Money(if status == PromiseStatus::Kept { 0 } else { short }),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
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

    fn arb_case() -> impl Strategy<Value = (Vec<PromiseTerms>, Vec<Receipt>)> {
        let promise = (1i64..50_000, 0u64..60, 0u64..30, any::<bool>(), 0i64..20_000);
        let receipt = (1i64..60_000, 0u64..90);
        (proptest::collection::vec(promise, 0..6), proptest::collection::vec(receipt, 0..8))
            .prop_map(|(ps, rs)| {
                let base = d("2026-09-01");
                let promises = ps
                    .into_iter()
                    .enumerate()
                    .map(|(i, (amount, due, made_before, cancelled, disputed))| PromiseTerms {
                        id: i as i64 + 1,
                        amount: Money(amount),
                        due_on: base + chrono::Days::new(due + 30),
                        made_on: base + chrono::Days::new(30 + due - made_before.min(due + 30)),
                        cancelled: cancelled && amount % 7 == 0,
                        disputed: Money(if amount % 5 == 0 { disputed } else { 0 }),
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
            })
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
}
