//! The reference-rate table, its half-years, and the rates file.

use super::rates::*;
use super::rates_csv::*;
use super::regime::{Regime, Terms};
use super::tests_accrual::d;

/// The shipped table, as the store will import it.
pub(super) fn shipped() -> RateTable {
    RateTable::from_rows(parse_rates_csv(SHIPPED_RATES_CSV).unwrap())
}

#[test]
fn regimes_and_series_read_and_write_their_names() {
    for r in Regime::ALL {
        assert_eq!(Regime::parse(r.as_str()), Some(r));
    }
    assert_eq!(Regime::parse(" UK "), Some(Regime::Uk));
    assert_eq!(Regime::parse("statutory"), None);
    assert_eq!(Series::parse("ECB_REFI"), Some(Series::EcbRefi));
    assert_eq!(Series::parse("fed_funds"), None);
    assert_eq!(Terms::default(), Terms { regime: Regime::None, rate_bp: 800 });
}

#[test]
fn uk_half_years_look_back_to_31_december_and_30_june() {
    assert_eq!(reference_day(Series::BoeBase, d("2025-01-01")), d("2024-12-31"));
    assert_eq!(reference_day(Series::BoeBase, d("2025-06-30")), d("2024-12-31"));
    assert_eq!(reference_day(Series::BoeBase, d("2025-07-01")), d("2025-06-30"));
    assert_eq!(reference_day(Series::BoeBase, d("2025-12-31")), d("2025-06-30"));
    assert_eq!(reference_day(Series::EcbRefi, d("2025-03-15")), d("2025-01-01"));
    assert_eq!(reference_day(Series::EcbRefi, d("2025-07-01")), d("2025-07-01"));
}

#[test]
fn statutory_rates_from_the_shipped_table() {
    let t = shipped();
    let uk = Terms { regime: Regime::Uk, rate_bp: 123 };
    // H2 2024: base rate on 30 Jun 2024 was 5.25 (cut on 1 Aug): 13.25%.
    assert_eq!(annual_rate_bp(uk, &t, d("2024-12-31")), Ok(1_325));
    // H1 2025: on 31 Dec 2024, 4.75: 12.75%, all half-year despite the
    // February cut. H2 2025: on 30 Jun 2025, 4.25: 12.25%.
    assert_eq!(annual_rate_bp(uk, &t, d("2025-06-30")), Ok(1_275));
    assert_eq!(annual_rate_bp(uk, &t, d("2025-07-01")), Ok(1_225));
    let eu = Terms { regime: Regime::Eu, rate_bp: 800 };
    // H1 2025: ECB rate on 1 Jan 2025 was 3.15 → 11.15%; H2 2025: on
    // 1 Jul 2025, 2.15 → 10.15%. H1 2021: 0.00 → 8.00%.
    assert_eq!(annual_rate_bp(eu, &t, d("2025-02-01")), Ok(1_115));
    assert_eq!(annual_rate_bp(eu, &t, d("2025-11-30")), Ok(1_015));
    assert_eq!(annual_rate_bp(eu, &t, d("2021-05-01")), Ok(800));
    let contract = Terms { regime: Regime::Contract, rate_bp: 1_150 };
    assert_eq!(annual_rate_bp(contract, &RateTable::default(), d("1990-01-01")), Ok(1_150));
    assert_eq!(annual_rate_bp(Terms::default(), &RateTable::default(), d("2025-01-01")), Ok(0));
}

#[test]
fn a_period_before_the_table_is_unknown_not_zero() {
    let t = shipped();
    let uk = Terms { regime: Regime::Uk, rate_bp: 800 };
    // The BoE rows start on 5 Mar 2009: H1 2009 looks at 31 Dec 2008.
    let err = annual_rate_bp(uk, &t, d("2009-06-30")).unwrap_err();
    assert_eq!(err, UnknownRate { series: Series::BoeBase, day: d("2008-12-31") });
    assert_eq!(
        err.to_string(),
        "no boe_base rate is known in force on 2008-12-31 (import rates that cover it)"
    );
    assert_eq!(annual_rate_bp(uk, &t, d("2009-07-01")), Ok(850));
    let eu = Terms { regime: Regime::Eu, rate_bp: 800 };
    let err = annual_rate_bp(eu, &t, d("2012-03-01")).unwrap_err();
    assert_eq!(err, UnknownRate { series: Series::EcbRefi, day: d("2012-01-01") });
    assert_eq!(t.last_change(Series::BoeBase), Some(d("2025-08-07")));
    assert_eq!(t.last_change(Series::EcbRefi), Some(d("2025-06-11")));
}

#[test]
fn a_change_takes_effect_on_its_day_and_later_rows_replace() {
    let row = |on: &str, bp| RateRow { series: Series::BoeBase, effective_on: d(on), bp };
    let t =
        RateTable::from_rows([row("2020-03-19", 10), row("2020-03-11", 25), row("2020-03-19", 15)]);
    assert!(t.in_force(Series::BoeBase, d("2020-03-10")).is_err());
    assert_eq!(t.in_force(Series::BoeBase, d("2020-03-11")), Ok(25));
    assert_eq!(t.in_force(Series::BoeBase, d("2020-03-18")), Ok(25));
    assert_eq!(t.in_force(Series::BoeBase, d("2020-03-19")), Ok(15));
    assert!(t.in_force(Series::EcbRefi, d("2030-01-01")).is_err());
}

#[test]
fn the_rates_file_reads_percents_as_basis_points() {
    let text = "\u{feff}Rate,Effective_On,Percent\nboe_base, 2020-03-19 ,0.1\n\necb_refi,2024-09-18,3.65\n";
    let rows = parse_rates_csv(text).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[0].series, rows[0].effective_on, rows[0].bp),
        (Series::BoeBase, d("2020-03-19"), 10)
    );
    assert_eq!((rows[1].series, rows[1].bp), (Series::EcbRefi, 365));
    assert_eq!(shipped().points(Series::BoeBase).len(), 25);
    assert_eq!(shipped().points(Series::EcbRefi).len(), 24);
    for (text, bp) in [("0", Some(0)), ("5", Some(500)), ("5.25", Some(525)), ("0.05", Some(5))] {
        assert_eq!(percent_to_bp(text), bp, "{text}");
    }
    for bad in ["", "-0.5", "5.255", "abc", "100.01", "1e2", ".5"] {
        assert_eq!(percent_to_bp(bad), None, "{bad}");
    }
    assert_eq!(bp_to_percent(1_325), "13.25");
    assert_eq!(bp_to_percent(10), "0.10");
}

fn first_error(text: &str) -> String {
    parse_rates_csv(text).unwrap_err().to_string()
}

#[test]
fn a_bad_rates_file_names_its_line_and_column() {
    let head = "rate,effective_on,percent\n";
    assert_eq!(first_error(""), "the file is empty; expected the header rate,effective_on,percent");
    assert_eq!(
        first_error("rate,date,percent\n"),
        "line 1, the header, is \"rate,date,percent\"; expected rate,effective_on,percent"
    );
    assert_eq!(
        first_error(&format!("{head}boe_base,2020-03-19,0.1\nfed,2020-03-19,0.1\n")),
        "line 3, column rate: \"fed\" is not a rate series (expected boe_base or ecb_refi)"
    );
    assert_eq!(
        first_error(&format!("{head}boe_base,2023-02-30,4\n")),
        "line 2, column effective_on: \"2023-02-30\" is not a date: the day does not exist: February 2023 has 28 days"
    );
    assert_eq!(
        first_error(&format!("{head}ecb_refi,2023-02-08,3,0\n")),
        "line 2 has 4 fields; expected 3 (rate,effective_on,percent)"
    );
    assert_eq!(
        first_error(&format!("{head}ecb_refi,2023-02-08,three\n")),
        "line 2, column percent: \"three\" is not a percent (expected a number from 0 to 100 with at most two decimals, like 8 or 10.5)"
    );
    assert_eq!(
        first_error(&format!(
            "{head}ecb_refi,2023-02-08,3\nboe_base,2023-02-08,4\necb_refi,2023-02-08,3\n"
        )),
        "line 4, column effective_on: ecb_refi 2023-02-08 is already given on line 2; give each day once"
    );
}

#[test]
fn a_series_untouched_since_before_the_half_year_may_be_stale() {
    assert_eq!(half_year_of(d("2026-11-25")), (d("2026-07-01"), d("2026-12-31")));
    assert_eq!(half_year_of(d("2026-06-30")), (d("2026-01-01"), d("2026-06-30")));
    // The shipped table's last base-rate change is 2025-08-07.
    let table = shipped();
    assert_eq!(stale_since(&table, Series::BoeBase, d("2026-11-25")), Some(d("2025-08-07")));
    assert_eq!(stale_since(&table, Series::BoeBase, d("2025-12-31")), None);
    assert_eq!(stale_since(&table, Series::BoeBase, d("2025-07-01")), None, "in this half");
    assert_eq!(stale_since(&RateTable::default(), Series::EcbRefi, d("2026-11-25")), None);
}
