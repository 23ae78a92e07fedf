//! A lead's interest forms (issue 13): the debtor's regime and rate, and a
//! waiver of interest and/or compensation with a reason.

use super::field::{Field, FieldId, FieldKind, Fields};
use crate::app::effect::Request;
use crate::domain::interest_terms::{InterestRegime, Waived, format_percent, parse_percent};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum T {
    Regime,
    Rate,
}

impl FieldId for T {
    fn index(self) -> usize {
        self as usize
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum W {
    What,
    Reason,
}

impl FieldId for W {
    fn index(self) -> usize {
        self as usize
    }
}

const REGIMES: &[&str] = &["none", "uk", "eu", "contract"];
const WHAT: &[&str] = &["interest", "compensation", "both"];

/// The regime and rate as they are now.
pub fn terms_fields(regime: InterestRegime, rate_bp: i64) -> Fields {
    Fields(vec![
        Field::new(
            "Regime",
            FieldKind::Choice(REGIMES),
            regime.as_str(),
            "← →: none, uk (base + 8), eu (ECB + rate), contract (the rate)",
        ),
        Field::new(
            "Rate %",
            FieldKind::Text,
            &format_percent(rate_bp),
            "annual percent: the contract's rate, the margin for eu",
        ),
    ])
}

pub fn submit_terms(f: &mut Fields, debtor_id: i64) -> Option<Request> {
    let regime = InterestRegime::parse(f.value(T::Regime));
    if regime.is_none() {
        f.refuse(T::Regime, "none, uk, eu or contract (← →)");
    }
    let rate = parse_percent(f.value(T::Rate)).map_err(|e| f.refuse(T::Rate, e)).ok();
    Some(Request::SetInterest { debtor_id, regime: regime?, rate_bp: rate? })
}

pub fn waive_fields() -> Fields {
    Fields(vec![
        Field::new(
            "Waive",
            FieldKind::Choice(WHAT),
            "interest",
            "← →: interest, compensation, both",
        ),
        Field::new("Reason", FieldKind::Text, "", "noted on the account and in the audit log"),
    ])
}

pub fn submit_waiver(f: &mut Fields, debtor_id: i64, invoice_id: Option<i64>) -> Option<Request> {
    let what = f.value(W::What).parse::<Waived>().map_err(|e| f.refuse(W::What, e)).ok();
    let reason = f.value(W::Reason).trim().to_owned();
    if reason.is_empty() {
        f.refuse(W::Reason, "say why (e.g. \"goodwill: paid the principal in full\")");
    }
    let what = what?;
    (!reason.is_empty()).then_some(Request::WaiveInterest { debtor_id, invoice_id, what, reason })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_need_a_regime_and_a_percent_with_two_decimals_at_most() {
        let mut f = terms_fields(InterestRegime::None, 800);
        assert_eq!(f.value(T::Rate), "8");
        f.0[0].input.text = "uk".into();
        f.0[1].input.text = "10.5".into();
        assert_eq!(
            submit_terms(&mut f, 4),
            Some(Request::SetInterest { debtor_id: 4, regime: InterestRegime::Uk, rate_bp: 1050 })
        );
        f.0[1].input.text = "8.125".into();
        assert_eq!(submit_terms(&mut f, 4), None);
        assert!(f.0[1].error.as_deref().is_some_and(|e| e.contains("two decimals")));
    }

    #[test]
    fn a_waiver_needs_a_reason() {
        let mut f = waive_fields();
        assert_eq!(submit_waiver(&mut f, 4, Some(9)), None);
        assert!(f.0[1].error.is_some());
        f.clear_errors();
        f.0[0].input.text = "both".into();
        f.0[1].input.text = "goodwill".into();
        assert_eq!(
            submit_waiver(&mut f, 4, None),
            Some(Request::WaiveInterest {
                debtor_id: 4,
                invoice_id: None,
                what: Waived::Both,
                reason: "goodwill".into()
            })
        );
    }
}
