//! Properties: interest grows with days and rate, paying earlier never costs
//! more, totals add up, and the principal-first order agrees with
//! `allocation::allocate`.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use super::accrual::{DisputePeriod, InvoiceFacts, accrue};
use super::claim::{Claim, claim_invoice, total_of};
use super::order::{AllocationOrder, Owed, spread_payment};
use super::rates::{RateRow, RateTable, Series, UnknownRate};
use super::regime::{Regime, Terms};
use super::waiver::Waiver;
use crate::domain::allocation::{OpenInvoice, allocate};
use crate::domain::money::Money;

fn day(offset: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 1, 1).unwrap().checked_add_days(Days::new(offset)).unwrap()
}

fn flat(bp: i64) -> impl Fn(NaiveDate) -> Result<i64, UnknownRate> {
    move |_| Ok(bp)
}

prop_compose! {
    fn an_invoice()(
        cents in 1i64..5_000_000,
        due in 0u64..400,
        pays in proptest::collection::vec((0u64..900, 1i64..2_000_000), 0..4),
        disputes in proptest::collection::vec((0u64..900, proptest::option::of(0u64..60), any::<bool>()), 0..2),
    ) -> InvoiceFacts {
        InvoiceFacts {
            id: 1,
            amount: Money(cents),
            due_on: day(due),
            payments: pays.into_iter().map(|(on, c)| (day(on), Money(c))).collect(),
            disputes: disputes
                .into_iter()
                .map(|(from, len, won)| DisputePeriod {
                    from: day(from),
                    until: len.map(|l| day(from + l)),
                    resolved_for_supplier: won,
                })
                .collect(),
            ..InvoiceFacts::default()
        }
    }
}

/// A rate that differs by half-year, as the statutory ones do.
fn by_half_year(day: NaiveDate) -> Result<i64, UnknownRate> {
    use chrono::Datelike;
    let half = i64::from(day.year()) * 2 + i64::from(day.month() > 6);
    Ok(300 + half % 7 * 150)
}

/// The rule read literally: each late day, one at a time.
fn day_by_day(inv: &InvoiceFacts, as_of: NaiveDate) -> i128 {
    let mut numerator = 0;
    let mut d = inv.due_on.succ_opt().unwrap();
    while d <= as_of {
        let paid: i64 = inv.payments.iter().filter(|(on, _)| *on < d).map(|(_, m)| m.cents()).sum();
        let unpaid = (inv.amount.cents() - paid).max(0);
        if !inv.disputes.iter().any(|p| p.stops(d)) {
            numerator += i128::from(unpaid) * i128::from(by_half_year(d).unwrap());
        }
        d = d.succ_opt().unwrap();
    }
    numerator
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_segments_add_up_to_the_day_by_day_sum(inv in an_invoice(), as_of in 0u64..1_000) {
        let got = accrue(&inv, day(as_of), by_half_year).unwrap();
        prop_assert_eq!(got.numerator, day_by_day(&inv, day(as_of)));
    }

    #[test]
    fn interest_grows_with_days(inv in an_invoice(), a in 0u64..1_000, more in 0u64..400, bp in 0i64..3_000) {
        let early = accrue(&inv, day(a), flat(bp)).unwrap();
        let late = accrue(&inv, day(a + more), flat(bp)).unwrap();
        prop_assert!(early.interest <= late.interest);
        prop_assert!(early.days_late <= late.days_late);
    }

    #[test]
    fn interest_grows_with_the_rate(inv in an_invoice(), as_of in 0u64..1_000, low in 0i64..3_000, up in 0i64..3_000) {
        let a = accrue(&inv, day(as_of), flat(low)).unwrap();
        let b = accrue(&inv, day(as_of), flat(low + up)).unwrap();
        prop_assert!(a.interest <= b.interest);
    }

    #[test]
    fn paying_earlier_never_costs_more(inv in an_invoice(), which in 0usize..4, back in 1u64..200, as_of in 0u64..1_000) {
        prop_assume!(!inv.payments.is_empty());
        let at = which % inv.payments.len();
        let mut earlier = inv.clone();
        let (on, m) = earlier.payments[at];
        earlier.payments[at] = (on.checked_sub_days(Days::new(back)).unwrap(), m);
        let before = accrue(&inv, day(as_of), flat(1_200)).unwrap();
        let after = accrue(&earlier, day(as_of), flat(1_200)).unwrap();
        prop_assert!(after.interest <= before.interest);
    }

    #[test]
    fn the_debtor_total_is_the_sum_of_the_invoices(
        invoices in proptest::collection::vec(an_invoice(), 0..6),
        regime in 0usize..4,
        waive in proptest::option::of(0i64..6),
        as_of in 0u64..1_000,
    ) {
        let table = RateTable::from_rows([
            RateRow { series: Series::BoeBase, effective_on: day(0).pred_opt().unwrap(), bp: 350 },
            RateRow { series: Series::EcbRefi, effective_on: day(0), bp: 250 },
        ]);
        let terms = Terms { regime: Regime::ALL[regime], rate_bp: 900 };
        let waivers: Vec<Waiver> = waive
            .map(|id| Waiver { invoice_id: Some(id), interest: true, compensation: id % 2 == 0, promise: None })
            .into_iter()
            .collect();
        let claims: Vec<Claim> = invoices
            .iter()
            .enumerate()
            .map(|(i, inv)| {
                let inv = InvoiceFacts { id: i as i64, ..inv.clone() };
                claim_invoice(&inv, terms, &table, &waivers, day(as_of)).unwrap()
            })
            .collect();
        let total = total_of(&claims);
        let sum = |f: fn(&Claim) -> Money| claims.iter().map(f).sum::<Money>();
        prop_assert_eq!(total.principal_unpaid, sum(|c| c.principal_unpaid));
        prop_assert_eq!(total.interest, sum(Claim::claimable_interest));
        prop_assert_eq!(total.compensation, sum(Claim::claimable_compensation));
        prop_assert_eq!(total.waived, sum(Claim::waived_amount));
        prop_assert_eq!(total.claimable, total.principal_unpaid + total.interest + total.compensation);
        prop_assert_eq!(total.claimable + total.waived, sum(|c| c.principal_unpaid + c.interest + c.compensation));
    }

    #[test]
    fn a_spread_pays_out_exactly_the_payment(
        rows in proptest::collection::vec((0u64..400, 0i64..10_000, 0i64..10_000, 0i64..100_000, any::<bool>()), 0..6),
        amount in 0i64..300_000,
        section_367 in any::<bool>(),
    ) {
        let owed: Vec<Owed> = rows.iter().enumerate().map(|(i, (due, c, n, p, disp))| Owed {
            id: i as i64, due_on: day(*due), compensation: Money(*c), interest: Money(*n),
            principal: Money(*p), disputed: *disp,
        }).collect();
        let order = if section_367 { AllocationOrder::CostsInterestPrincipal } else { AllocationOrder::PrincipalFirst };
        let got = spread_payment(Money(amount), order, &owed);
        let paid: Money = got.splits.iter().map(|s| s.compensation + s.interest + s.principal).sum();
        prop_assert_eq!(paid + got.on_account, Money(amount));
        if !section_367 {
            let open: Vec<OpenInvoice> = owed.iter().map(|o| OpenInvoice {
                id: o.id, due_on: o.due_on, balance: o.principal, disputed: o.disputed,
            }).collect();
            let mut by_allocate = allocate(Money(amount), None, &open);
            by_allocate.retain(|(_, m)| !m.is_zero());
            let principal: Vec<(i64, Money)> = got.splits.iter()
                .filter(|s| !s.principal.is_zero()).map(|s| (s.id, s.principal)).collect();
            prop_assert_eq!(principal, by_allocate);
        }
    }
}
