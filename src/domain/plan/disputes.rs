//! Disputes on the invoices a plan covers: what they take off its
//! instalments.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::domain::money::Money;
use crate::domain::promise::{PromiseStatus, PromiseTerms, Receipt, evaluate};

/// What a promise covers, for setting disputes aside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cover {
    pub promise_id: i64,
    /// The plan it is an instalment of; a promise alone is a plan of one.
    pub plan_id: Option<i64>,
    /// Open balance, when the promise was made, of the invoices it covers
    /// that are not in dispute.
    pub undisputed: Money,
}

/// A disputed invoice that promises cover.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoveredDispute {
    pub opened_on: NaiveDate,
    /// Its open balance.
    pub balance: Money,
    /// The promises that cover it.
    pub promise_ids: Vec<i64>,
}

/// Sets each promise's `disputed` to the part of it that disputes take off.
///
/// A dispute comes off a plan's total once, and only as far as the plan
/// asked for more than the undisputed invoices it covers (a plan made after
/// the dispute already leaves it out). It is taken from the plan's last
/// instalments backwards, among those not yet due on the day the dispute
/// was opened and not already kept by then; instalments due or kept before
/// it keep their amount. An instalment taken down to nothing counts as
/// cancelled. Disputes are taken in the order they were opened.
pub fn set_aside_disputes(
    terms: &mut [PromiseTerms],
    covers: &[Cover],
    disputes: &[CoveredDispute],
    receipts: &[Receipt],
    grace_days: u32,
) {
    for t in terms.iter_mut() {
        t.disputed = Money::ZERO;
    }
    // Each plan (or promise alone): its members and what it may still give up.
    let group = |c: &Cover| c.plan_id.map_or((1, c.promise_id), |p| (0, p));
    let mut headroom: BTreeMap<(u8, i64), i64> = BTreeMap::new();
    let mut undisputed: BTreeMap<(u8, i64), i64> = BTreeMap::new();
    for c in covers {
        let u = undisputed.entry(group(c)).or_insert(0);
        *u = (*u).max(c.undisputed.cents());
    }
    for (g, u) in &undisputed {
        let total: i64 = covers
            .iter()
            .filter(|c| group(c) == *g)
            .filter_map(|c| terms.iter().find(|t| t.id == c.promise_id && !t.cancelled))
            .map(|t| t.amount.cents())
            .sum();
        headroom.insert(*g, (total - u).max(0));
    }

    let mut order: Vec<&CoveredDispute> = disputes.iter().collect();
    order.sort_by_key(|d| d.opened_on);
    for dispute in order {
        // Where each promise stood on the day the dispute was opened.
        let before: Vec<Receipt> =
            receipts.iter().filter(|r| r.received_on <= dispute.opened_on).cloned().collect();
        let kept: Vec<i64> = evaluate(terms, &before, dispute.opened_on, grace_days)
            .into_iter()
            .filter(|e| e.status == PromiseStatus::Kept)
            .map(|e| e.id)
            .collect();
        let mut groups: Vec<(u8, i64)> = covers
            .iter()
            .filter(|c| dispute.promise_ids.contains(&c.promise_id))
            .map(group)
            .collect();
        groups.sort_unstable();
        groups.dedup();
        for g in groups {
            let room = headroom.get(&g).copied().unwrap_or(0);
            let mut left = dispute.balance.cents().max(0).min(room);
            let mut members: Vec<&mut PromiseTerms> = terms
                .iter_mut()
                .filter(|t| {
                    covers.iter().any(|c| c.promise_id == t.id && group(c) == g)
                        && !t.cancelled
                        && t.due_on > dispute.opened_on
                        && !kept.contains(&t.id)
                })
                .collect();
            members.sort_by_key(|t| std::cmp::Reverse((t.due_on, t.id)));
            for t in members {
                let take = t.effective_amount().cents().min(left);
                t.disputed = t.disputed + Money(take);
                left -= take;
            }
            let taken = dispute.balance.cents().max(0).min(room) - left;
            headroom.insert(g, room - taken);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::plan::{Frequency, Instalment, instalments};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn plan_terms(plan: &[Instalment], made_on: &str) -> Vec<PromiseTerms> {
        plan.iter()
            .enumerate()
            .map(|(i, inst)| PromiseTerms {
                id: i as i64 + 1,
                amount: inst.amount,
                due_on: inst.due_on,
                made_on: d(made_on),
                cancelled: false,
                replaced_on: None,
                disputed: Money::ZERO,
            })
            .collect()
    }

    fn covers(terms: &[PromiseTerms], plan: Option<i64>, undisputed: i64) -> Vec<Cover> {
        terms
            .iter()
            .map(|t| Cover { promise_id: t.id, plan_id: plan, undisputed: Money(undisputed) })
            .collect()
    }

    fn dispute(on: &str, cents: i64, ids: &[i64]) -> CoveredDispute {
        CoveredDispute { opened_on: d(on), balance: Money(cents), promise_ids: ids.to_vec() }
    }

    fn expected(terms: &[PromiseTerms]) -> Vec<i64> {
        terms.iter().map(|t| t.effective_amount().cents()).collect()
    }

    /// The case filed: 5,900.00 over three months on two invoices, the one
    /// of 463.85 disputed after the first instalment was paid with 2,000.00.
    #[test]
    fn a_dispute_comes_off_the_plan_once_from_the_last_instalment() {
        let plan = instalments(Money(590_000), 3, d("2026-12-01"), Frequency::Monthly).unwrap();
        let mut terms = plan_terms(&plan, "2026-11-25");
        let cover = covers(&terms, Some(9), 543_615);
        let receipts = [Receipt { id: 1, received_on: d("2026-12-01"), amount: Money(200_000) }];
        let disputes = [dispute("2026-12-10", 46_385, &[1, 2, 3])];
        set_aside_disputes(&mut terms, &cover, &disputes, &receipts, 3);
        assert_eq!(expected(&terms), [196_666, 196_666, 196_668 - 46_385]);
        assert_eq!(expected(&terms).iter().sum::<i64>(), 543_615);
        let e = evaluate(&terms, &receipts, d("2026-12-15"), 3);
        let paid: Vec<i64> = e.iter().map(|e| e.paid.cents()).collect();
        // 2,000.00 fills December's 1,966.66; the 33.34 over carries to January.
        assert_eq!(paid, [196_666, 3_334, 0]);

        // Raised before anything fell due: the same, the last instalment.
        let mut early = plan_terms(&plan, "2026-11-25");
        set_aside_disputes(
            &mut early,
            &cover,
            &[dispute("2026-11-26", 46_385, &[1, 2, 3])],
            &[],
            3,
        );
        assert_eq!(expected(&early), [196_666, 196_666, 150_283]);
    }

    #[test]
    fn a_dispute_larger_than_the_last_instalment_reaches_back() {
        let plan = instalments(Money(300_000), 3, d("2026-12-01"), Frequency::Monthly).unwrap();
        let mut terms = plan_terms(&plan, "2026-11-25");
        let cover = covers(&terms, Some(1), 0);
        set_aside_disputes(
            &mut terms,
            &cover,
            &[dispute("2026-11-25", 150_000, &[1, 2, 3])],
            &[],
            3,
        );
        assert_eq!(expected(&terms), [100_000, 50_000, 0]);
        let e = evaluate(&terms, &[], d("2026-11-26"), 3);
        assert_eq!(e[2].status, PromiseStatus::Cancelled, "nothing left to ask for");
    }

    #[test]
    fn instalments_due_or_kept_before_the_dispute_keep_their_amount() {
        let plan = instalments(Money(300_000), 3, d("2026-12-01"), Frequency::Monthly).unwrap();
        let cover = covers(&plan_terms(&plan, "2026-11-20"), Some(1), 0);
        // Opened after the last instalment fell due: nothing comes off.
        let mut late = plan_terms(&plan, "2026-11-20");
        set_aside_disputes(&mut late, &cover, &[dispute("2027-02-01", 50_000, &[1, 2, 3])], &[], 3);
        assert_eq!(expected(&late), [100_000, 100_000, 100_000]);
        // The last two paid early: the dispute can only come off the first.
        let paid = [Receipt { id: 1, received_on: d("2026-11-22"), amount: Money(300_000) }];
        let mut kept = plan_terms(&plan, "2026-11-20");
        set_aside_disputes(
            &mut kept,
            &cover,
            &[dispute("2026-11-23", 50_000, &[1, 2, 3])],
            &paid,
            3,
        );
        assert_eq!(expected(&kept), [100_000, 100_000, 100_000], "all three were kept by then");
    }

    #[test]
    fn a_promise_made_after_the_dispute_already_leaves_it_out() {
        // 1,000.00 undisputed, 500.00 in dispute; the promise is for the 1,000.00.
        let plan = instalments(Money(100_000), 2, d("2026-12-01"), Frequency::Monthly).unwrap();
        let mut terms = plan_terms(&plan, "2026-11-25");
        let cover = covers(&terms, Some(1), 100_000);
        set_aside_disputes(&mut terms, &cover, &[dispute("2026-11-20", 50_000, &[1, 2])], &[], 3);
        assert_eq!(expected(&terms), [50_000, 50_000]);
        // A promise for part of what is undisputed is not touched either.
        let mut part = plan_terms(&plan, "2026-11-01");
        set_aside_disputes(&mut part, &cover, &[dispute("2026-11-20", 50_000, &[1, 2])], &[], 3);
        assert_eq!(expected(&part), [50_000, 50_000]);
    }

    #[test]
    fn promises_alone_each_lose_the_dispute_and_two_disputes_add_up() {
        let one = |id: i64, due: &str| PromiseTerms {
            id,
            amount: Money(150_000),
            due_on: d(due),
            made_on: d("2026-11-01"),
            cancelled: false,
            replaced_on: None,
            disputed: Money::ZERO,
        };
        let mut terms = vec![one(1, "2026-11-20"), one(2, "2026-12-20")];
        let cover = [
            Cover { promise_id: 1, plan_id: None, undisputed: Money(50_000) },
            Cover { promise_id: 2, plan_id: None, undisputed: Money(50_000) },
        ];
        let disputes =
            [dispute("2026-11-10", 60_000, &[1, 2]), dispute("2026-11-05", 60_000, &[1, 2])];
        set_aside_disputes(&mut terms, &cover, &disputes, &[], 3);
        // Each promise asked 1,000.00 beyond the undisputed 500.00: the two
        // disputes (1,200.00) take that much and no more.
        assert_eq!(expected(&terms), [50_000, 50_000]);
        assert_eq!(terms[0].disputed, Money(100_000));
    }

    proptest::proptest! {
        /// Whatever the plan, the dispute and the payments: nothing comes off
        /// more than once, nothing goes below zero, and instalments due or
        /// kept before the dispute keep their amount.
        #[test]
        fn a_dispute_comes_off_once_and_only_where_it_may(
            total in 300i64..2_000_000,
            count in 1u32..8,
            undisputed in 0i64..2_000_000,
            balance in 0i64..2_000_000,
            opened in 0u64..240,
            paid in proptest::collection::vec((1i64..500_000, 0u64..240), 0..4),
        ) {
            let base = d("2026-11-01");
            let plan = instalments(Money(total), count, base + chrono::Days::new(10), Frequency::Monthly).unwrap();
            let receipts: Vec<Receipt> = paid
                .iter()
                .enumerate()
                .map(|(i, (cents, day))| Receipt { id: i as i64, received_on: base + chrono::Days::new(*day), amount: Money(*cents) })
                .collect();
            let mut terms = plan_terms(&plan, "2026-11-01");
            let ids: Vec<i64> = terms.iter().map(|t| t.id).collect();
            let cover = covers(&terms, Some(1), undisputed);
            let opened_on = base + chrono::Days::new(opened);
            let dispute = CoveredDispute { opened_on, balance: Money(balance), promise_ids: ids };
            set_aside_disputes(&mut terms, &cover, &[dispute], &receipts, 3);
            let off: i64 = terms.iter().map(|t| t.disputed.cents()).sum();
            proptest::prop_assert!(off <= balance);
            proptest::prop_assert!(off <= (total - undisputed).max(0));
            for t in &terms {
                proptest::prop_assert!(t.disputed.cents() >= 0 && t.disputed <= t.amount);
                if t.due_on <= opened_on {
                    proptest::prop_assert_eq!(t.disputed, Money::ZERO);
                }
            }
        }
    }
}
