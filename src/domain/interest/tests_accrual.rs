//! Worked examples of the day count, each computed by hand in its comment.

use chrono::NaiveDate;

use super::accrual::*;
use super::rates::{Series, UnknownRate};
use crate::domain::money::Money;

pub(super) fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

pub(super) fn invoice(cents: i64, due: &str) -> InvoiceFacts {
    InvoiceFacts { id: 1, amount: Money(cents), due_on: d(due), ..InvoiceFacts::default() }
}

fn at(bp: i64) -> impl Fn(NaiveDate) -> Result<i64, UnknownRate> {
    move |_| Ok(bp)
}

#[test]
fn ten_thousand_at_eight_percent_for_thirty_days() {
    // Due 31 Jan 2025, as of 2 Mar: 1 Feb–2 Mar = 28 + 2 = 30 days.
    // 1,000,000 c × 800 bp × 30 = 24,000,000,000; ÷ 3,650,000 = 6,575.34 c → 65.75.
    let got = accrue(&invoice(1_000_000, "2025-01-31"), d("2025-03-02"), at(800)).unwrap();
    assert_eq!(got.numerator, 24_000_000_000);
    assert_eq!(got.interest, Money(6_575));
    assert_eq!((got.days_late, got.accruing_days), (30, 30));
    assert_eq!(got.principal_unpaid, Money(1_000_000));
}

#[test]
fn a_leap_february_counts_its_29th_and_the_year_still_365() {
    // Due 20 Feb 2024, as of 10 Mar: 21–29 Feb = 9, 1–10 Mar = 10: 19 days.
    // 123,456 c × 1,150 bp × 19 = 2,697,513,600; ÷ 3,650,000 = 739.04 c → 7.39.
    let got = accrue(&invoice(123_456, "2024-02-20"), d("2024-03-10"), at(1_150)).unwrap();
    assert_eq!(got.days_late, 19);
    assert_eq!(got.interest, Money(739));
    // A whole leap year at 10% on 365.00 is 366/365 of 36.50: 36.60.
    let year = accrue(&invoice(36_500, "2023-12-31"), d("2024-12-31"), at(1_000)).unwrap();
    assert_eq!((year.days_late, year.interest), (366, Money(3_660)));
}

#[test]
fn rounding_once_differs_from_rounding_each_day() {
    // 100.00 at 8%: a day is 10,000 × 800 ÷ 3,650,000 = 2.19 c, which
    // rounds to 2 c; ten rounded days would be 20 c. Summed exactly:
    // 80,000,000 ÷ 3,650,000 = 21.92 c → 22 c.
    let got = accrue(&invoice(10_000, "2025-06-30"), d("2025-07-10"), at(800)).unwrap();
    assert_eq!(got.interest, Money(22));
    let one = accrue(&invoice(10_000, "2025-06-30"), d("2025-07-01"), at(800)).unwrap();
    assert_eq!(one.interest.cents() * 10, 20);
}

#[test]
fn half_a_cent_rounds_up() {
    // 18.25 at 10% for a day: 1,825 × 1,000 = 1,825,000 = half of 3,650,000.
    let half = accrue(&invoice(1_825, "2025-01-01"), d("2025-01-02"), at(1_000)).unwrap();
    assert_eq!(half.interest, Money(1));
    let under = accrue(&invoice(1_824, "2025-01-01"), d("2025-01-02"), at(1_000)).unwrap();
    assert_eq!(under.interest, Money(0));
}

#[test]
fn a_part_payment_lowers_the_base_from_the_next_day() {
    // 5,000.00 at 10%, due 31 Mar 2025; 2,000.00 paid 10 Apr; as of 30 Apr.
    // 1–10 Apr (payment day included) on 500,000: 500,000 × 1,000 × 10 = 5e9;
    // 11–30 Apr on 300,000: 300,000 × 1,000 × 20 = 6e9. 11e9 ÷ 3,650,000 =
    // 3,013.70 c → 30.14 (interest on the original amount would be 41.10).
    let mut inv = invoice(500_000, "2025-03-31");
    inv.payments.push((d("2025-04-10"), Money(200_000)));
    let got = accrue(&inv, d("2025-04-30"), at(1_000)).unwrap();
    assert_eq!(got.interest, Money(3_014));
    assert_eq!(got.principal_unpaid, Money(300_000));
    assert_eq!(got.days_late, 30);
}

#[test]
fn interest_stays_owed_after_the_principal_is_paid() {
    // As above, and the last 3,000.00 paid 15 May: 11 Apr–15 May = 20 + 15 =
    // 35 days on 300,000: 10.5e9; with the first 5e9, 15.5e9 ÷ 3,650,000 =
    // 4,246.58 c → 42.47, the same on 15 May and at the end of the year.
    let mut inv = invoice(500_000, "2025-03-31");
    inv.payments.push((d("2025-05-15"), Money(300_000)));
    inv.payments.push((d("2025-04-10"), Money(200_000)));
    for as_of in ["2025-05-15", "2025-12-31"] {
        let got = accrue(&inv, d(as_of), at(1_000)).unwrap();
        assert_eq!(got.interest, Money(4_247), "as of {as_of}");
        assert_eq!((got.principal_unpaid, got.days_late), (Money(0), 45));
    }
}

#[test]
fn not_late_accrues_nothing() {
    let inv = invoice(100_000, "2025-03-31");
    let on_due = accrue(&inv, d("2025-03-31"), at(800)).unwrap();
    assert_eq!((on_due.interest, on_due.days_late, on_due.last_late_day), (Money(0), 0, None));
    let mut paid = inv.clone();
    paid.payments.push((d("2025-03-31"), Money(100_000)));
    let later = accrue(&paid, d("2025-06-30"), at(800)).unwrap();
    assert_eq!((later.interest, later.accruing_days), (Money(0), 0));
    assert_eq!(later.principal_unpaid, Money(0));
}

fn disputed(until: Option<&str>, for_supplier: bool) -> InvoiceFacts {
    let mut inv = invoice(100_000, "2025-01-31");
    inv.disputes.push(DisputePeriod {
        from: d("2025-02-11"),
        until: until.map(d),
        resolved_for_supplier: for_supplier,
    });
    inv
}

#[test]
fn disputed_days_accrue_nothing_unless_the_supplier_wins() {
    // 1,000.00 at 8%, due 31 Jan 2025, as of 2 Mar (30 days late), disputed
    // 11–20 Feb (10 days). For the debtor: 20 days, 100,000 × 800 × 20 =
    // 1.6e9 ÷ 3,650,000 = 438.36 c → 4.38. For the supplier: all 30 days,
    // 2.4e9 ÷ 3,650,000 = 657.53 c → 6.58. Still open: 1–10 Feb only,
    // 0.8e9 ÷ 3,650,000 = 219.18 c → 2.19.
    let as_of = d("2025-03-02");
    let lost = accrue(&disputed(Some("2025-02-20"), false), as_of, at(800)).unwrap();
    assert_eq!((lost.interest, lost.accruing_days, lost.days_late), (Money(438), 20, 30));
    let won = accrue(&disputed(Some("2025-02-20"), true), as_of, at(800)).unwrap();
    assert_eq!((won.interest, won.accruing_days), (Money(658), 30));
    let open = accrue(&disputed(None, false), as_of, at(800)).unwrap();
    assert_eq!((open.interest, open.accruing_days), (Money(219), 10));
}

#[test]
fn a_rate_is_asked_only_for_days_that_accrue() {
    // Disputed from the first late day and still open: no rate is needed,
    // so a table that knows nothing still gives a figure (zero, truly).
    let mut inv = invoice(100_000, "2025-02-10");
    inv.disputes.push(DisputePeriod {
        from: d("2025-02-01"),
        until: None,
        resolved_for_supplier: false,
    });
    let none = |day| Err(UnknownRate { series: Series::BoeBase, day });
    let got = accrue(&inv, d("2025-03-02"), none).unwrap();
    assert_eq!((got.interest, got.accruing_days, got.days_late), (Money(0), 0, 20));
    let plain = invoice(100_000, "2025-02-10");
    let err = accrue(&plain, d("2025-03-02"), none).unwrap_err();
    assert_eq!(err.day, d("2025-02-11"));
}

#[test]
fn a_payment_after_the_as_of_day_does_not_count_yet() {
    let mut inv = invoice(1_000_000, "2025-01-31");
    inv.payments.push((d("2025-03-05"), Money(1_000_000)));
    let got = accrue(&inv, d("2025-03-02"), at(800)).unwrap();
    assert_eq!((got.interest, got.principal_unpaid), (Money(6_575), Money(1_000_000)));
}
