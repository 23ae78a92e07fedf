//! Claims per invoice and per debtor: regimes across a half-year, the
//! compensation bands, waivers and promises.

use super::accrual::{DisputePeriod, InvoiceFacts};
use super::claim::*;
use super::compensation::{compensation_for, uk_band};
use super::rates::{RateTable, Series, UnknownRate};
use super::regime::{Regime, Terms};
use super::tests_accrual::{d, invoice};
use super::tests_rates::shipped;
use super::waiver::{PromiseState, Waived, Waiver};
use crate::domain::money::Money;

const UK: Terms = Terms { regime: Regime::Uk, rate_bp: 800 };
const EU: Terms = Terms { regime: Regime::Eu, rate_bp: 800 };

fn claim(inv: &InvoiceFacts, terms: Terms, waivers: &[Waiver], as_of: &str) -> Claim {
    claim_invoice(inv, terms, &shipped(), waivers, d(as_of)).unwrap()
}

#[test]
fn uk_interest_changes_rate_at_the_half_year() {
    // 2,000.00 due 21 Dec 2024, as of 10 Jan 2025. 22–31 Dec: 10 days at
    // 13.25% (5.25 on 30 Jun 2024 + 8); 1–10 Jan: 10 days at 12.75% (4.75
    // on 31 Dec 2024 + 8). 200,000 × 10 × (1,325 + 1,275) = 5.2e9; ÷
    // 3,650,000 = 1,424.66 c → 14.25. Compensation, 1,000–9,999.99: 70.00.
    let c = claim(&invoice(200_000, "2024-12-21"), UK, &[], "2025-01-10");
    assert_eq!((c.interest, c.rate_bp, c.days_late), (Money(1_425), Some(1_275), 20));
    assert_eq!(c.compensation, Money(7_000));
    assert_eq!(c.total_claimable(), Money(200_000 + 1_425 + 7_000));
}

#[test]
fn eu_interest_changes_rate_at_the_half_year() {
    // 500.00 due 1 Dec 2024, as of 31 Jan 2025, margin 8. 2–31 Dec: 30 days
    // at 12.25% (4.25 on 1 Jul 2024); 1–31 Jan: 31 days at 11.15% (3.15 on
    // 1 Jan 2025). 50,000 × (30 × 1,225 + 31 × 1,115) = 50,000 × 71,315 =
    // 3,565,750,000; ÷ 3,650,000 = 976.92 c → 9.77. Compensation 40.00.
    let c = claim(&invoice(50_000, "2024-12-01"), EU, &[], "2025-01-31");
    assert_eq!((c.interest, c.rate_bp, c.compensation), (Money(977), Some(1_115), Money(4_000)));
    // A margin of 2 points: 50,000 × (30 × 625 + 31 × 515) = 50,000 × 34,715
    // = 1,735,750,000; ÷ 3,650,000 = 475.55 c → 4.76.
    let low =
        claim(&invoice(50_000, "2024-12-01"), Terms { rate_bp: 200, ..EU }, &[], "2025-01-31");
    assert_eq!(low.interest, Money(476));
}

#[test]
fn each_uk_band_boundary() {
    assert_eq!(uk_band(Money(99_999)), Money(4_000));
    assert_eq!(uk_band(Money(100_000)), Money(7_000));
    assert_eq!(uk_band(Money(999_999)), Money(7_000));
    assert_eq!(uk_band(Money(1_000_000)), Money(10_000));
    for (cents, due) in [(99_999, 4_000), (100_000, 7_000), (999_999, 7_000), (1_000_000, 10_000)] {
        let c = claim(&invoice(cents, "2025-03-31"), UK, &[], "2025-04-01");
        assert_eq!(c.compensation, Money(due), "{cents}");
        let e = claim(&invoice(cents, "2025-03-31"), EU, &[], "2025-04-01");
        assert_eq!(e.compensation, Money(4_000), "{cents}");
    }
    assert_eq!(compensation_for(Regime::Contract, Money(1_000_000)), Money::ZERO);
    assert_eq!(compensation_for(Regime::None, Money(1_000_000)), Money::ZERO);
}

#[test]
fn compensation_only_once_the_invoice_became_late() {
    let inv = invoice(100_000, "2025-03-31");
    assert_eq!(claim(&inv, UK, &[], "2025-03-31").compensation, Money::ZERO);
    let mut on_time = inv.clone();
    on_time.payments.push((d("2025-03-31"), Money(100_000)));
    assert_eq!(claim(&on_time, UK, &[], "2025-09-30").compensation, Money::ZERO);
    // One day late, then paid: still once, and still owed.
    let mut late = inv.clone();
    late.payments.push((d("2025-04-01"), Money(100_000)));
    let c = claim(&late, UK, &[], "2025-09-30");
    assert_eq!((c.compensation, c.principal_unpaid, c.days_late), (Money(7_000), Money(0), 1));
    // In dispute from the due date and never resolved: it never became late.
    let mut disputed = inv;
    disputed.disputes.push(DisputePeriod {
        from: d("2025-03-20"),
        until: None,
        resolved_for_supplier: false,
    });
    let c = claim(&disputed, UK, &[], "2025-09-30");
    assert_eq!((c.compensation, c.interest), (Money::ZERO, Money::ZERO));
}

#[test]
fn money_already_paid_to_interest_and_compensation_is_taken_off() {
    // 10,000.00 at 8% contract for 30 days = 65.75 (the first accrual example).
    let mut inv = invoice(1_000_000, "2025-01-31");
    inv.interest_paid = Money(2_000);
    let c = claim(&inv, Terms { regime: Regime::Contract, rate_bp: 800 }, &[], "2025-03-02");
    assert_eq!((c.interest, c.compensation, c.rate_bp), (Money(4_575), Money::ZERO, Some(800)));
    inv.compensation_paid = Money(50_000);
    let u = claim(&inv, UK, &[], "2025-03-02");
    assert_eq!(u.compensation, Money::ZERO);
}

#[test]
fn none_claims_only_the_principal() {
    let c = claim(&invoice(1_000_000, "2025-01-31"), Terms::default(), &[], "2025-03-02");
    assert_eq!(
        (c.interest, c.compensation, c.rate_bp, c.days_late),
        (Money(0), Money(0), None, 30)
    );
    assert_eq!(c.total_claimable(), Money(1_000_000));
}

#[test]
fn a_claim_needing_an_unknown_rate_is_unknown() {
    let err = claim_invoice(&invoice(100_000, "2009-06-20"), UK, &shipped(), &[], d("2009-07-05"));
    assert_eq!(err, Err(UnknownRate { series: Series::BoeBase, day: d("2008-12-31") }));
    let empty = claim_invoice(
        &invoice(100_000, "2025-06-20"),
        EU,
        &RateTable::default(),
        &[],
        d("2025-06-21"),
    );
    assert!(empty.is_err());
}

fn waiver(
    invoice_id: Option<i64>,
    interest: bool,
    compensation: bool,
    promise: Option<PromiseState>,
) -> Waiver {
    Waiver { invoice_id, interest, compensation, promise }
}

#[test]
fn a_waiver_takes_off_what_it_names() {
    // 2,000.00 across the UK half-year: interest 14.25, compensation 70.00.
    let inv = invoice(200_000, "2024-12-21");
    let c = claim(&inv, UK, &[waiver(Some(1), true, false, None)], "2025-01-10");
    assert_eq!((c.claimable_interest(), c.claimable_compensation()), (Money(0), Money(7_000)));
    assert_eq!((c.interest, c.waived_amount()), (Money(1_425), Money(1_425)));
    let other = claim(&inv, UK, &[waiver(Some(2), true, true, None)], "2025-01-10");
    assert_eq!((other.waived, other.waived_amount()), (Waived::default(), Money(0)));
    let all = claim(&inv, UK, &[waiver(None, false, true, None)], "2025-01-10");
    assert_eq!(all.total_claimable(), Money(200_000 + 1_425));
}

#[test]
fn a_conditional_waiver_counts_only_when_the_promise_is_kept() {
    let inv = invoice(200_000, "2024-12-21");
    let offer = |state| [waiver(None, true, true, Some(state))];
    let kept = claim(&inv, UK, &offer(PromiseState::Kept), "2025-01-10");
    assert_eq!((kept.total_claimable(), kept.waived_amount()), (Money(200_000), Money(8_425)));
    let broken = claim(&inv, UK, &offer(PromiseState::Broken), "2025-01-10");
    assert_eq!((broken.total_claimable(), broken.waived_amount()), (Money(208_425), Money(0)));
    assert_eq!(broken.pending, Waived::default());
    let open = claim(&inv, UK, &offer(PromiseState::Open), "2025-01-10");
    assert_eq!(open.total_claimable(), Money(208_425));
    assert_eq!(open.pending, Waived { interest: true, compensation: true });
}

#[test]
fn the_debtor_total_is_the_sum_of_its_invoices() {
    // 14.25 + 70.00 on the first; the second (1,000.00 due 31 Dec 2024, 10
    // days at 12.75%: 100,000 × 1,275 × 10 = 1.275e9 ÷ 3,650,000 = 349.32 c
    // → 3.49) has its interest waived; compensation 70.00.
    let mut second = invoice(100_000, "2024-12-31");
    second.id = 2;
    let invoices = [invoice(200_000, "2024-12-21"), second];
    let waivers = [waiver(Some(2), true, false, None)];
    let claims = debtor_claims(&invoices, UK, &shipped(), &waivers, d("2025-01-10")).unwrap();
    assert_eq!(claims[1].interest, Money(349));
    let t = total_of(&claims);
    assert_eq!(t.principal_unpaid, Money(300_000));
    assert_eq!((t.interest, t.compensation, t.waived), (Money(1_425), Money(14_000), Money(349)));
    assert_eq!(t.claimable, Money(300_000 + 1_425 + 14_000));
}
