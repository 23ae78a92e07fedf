//! Interest and compensation where the account shows them (issue 13): a
//! cell per invoice in the Invoices pane, a line in the debtor's header.
//! Nothing here when the debtor's regime is `none`.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::Theme;
use super::text::money_in;
use crate::domain::Money;
use crate::domain::interest::{Claim, ClaimTotal, UnknownRate};
use crate::store::{Account, DebtorClaims};

/// An invoice's claim, when the account carries claims: `None` for an
/// account without (regime `none`), `Some(None)` for an invoice the claims
/// do not name.
pub fn of_invoice(
    account: &Account,
    invoice_id: i64,
) -> Option<Option<&Result<Claim, UnknownRate>>> {
    let claims = account.claims.as_ref()?;
    Some(claims.invoices.iter().find(|i| i.id == invoice_id).map(|i| &i.claim))
}

/// An amount the claim may have waived: the amount, `waived`, or nothing
/// when there is none (not late).
fn figure(amount: Money, waived: bool, cells: usize, theme: Theme) -> Span<'static> {
    if waived && amount.cents() > 0 {
        Span::styled("waived", theme.dim())
    } else if amount.cents() == 0 {
        Span::raw("")
    } else {
        Span::raw(money_in(amount, cells))
    }
}

/// The interest cell: accrued interest, `waived`, or `unknown` (a rate the
/// table lacks: never shown as zero).
pub fn interest_cell(
    claim: Option<&Result<Claim, UnknownRate>>,
    cells: usize,
    theme: Theme,
) -> Line<'static> {
    match claim {
        None => Line::from(""),
        Some(Err(_)) => Line::styled("unknown", theme.warn()),
        Some(Ok(c)) => Line::from(figure(c.interest, c.waived.interest, cells, theme)),
    }
    .right_aligned()
}

/// The compensation cell, as the interest cell.
pub fn compensation_cell(
    claim: Option<&Result<Claim, UnknownRate>>,
    cells: usize,
    theme: Theme,
) -> Line<'static> {
    match claim {
        None => Line::from(""),
        Some(Err(_)) => Line::styled("?", theme.warn()),
        Some(Ok(c)) => Line::from(figure(c.compensation, c.waived.compensation, cells, theme)),
    }
    .right_aligned()
}

/// The header's claim line, as (forms, style, rank) items for its fitter:
/// the regime, interest, compensation, total claimable (the principal
/// overdue, interest and compensation, after waivers), and what waivers
/// took. Where
/// it is narrow, the waived amount, the regime, then compensation give way;
/// interest and the total never do.
pub fn header_items(
    claims: &DebtorClaims,
    overdue: Money,
    theme: Theme,
) -> Vec<(Vec<String>, Style, u8)> {
    let regime = claims.terms.regime.as_str();
    let plain = Style::default();
    let forms = vec![format!("{regime} interest"), regime.to_owned(), String::new()];
    let mut items = vec![(forms, theme.dim(), 2)];
    match &claims.total {
        Err(e) => items.push((
            vec![
                format!("interest unknown: no {} rate for {}", e.series.as_str(), e.day),
                "interest unknown".to_owned(),
            ],
            theme.warn(),
            9,
        )),
        Ok(total) => items.extend(total_items(total, overdue, plain, theme)),
    }
    items
}

fn total_items(
    t: &ClaimTotal,
    overdue: Money,
    plain: Style,
    theme: Theme,
) -> Vec<(Vec<String>, Style, u8)> {
    let (interest, comp) = (t.interest.format(), t.compensation.format());
    let claimable = (overdue + t.interest + t.compensation).format();
    let mut items = vec![
        (vec![format!("interest {interest}"), format!("int {interest}")], plain, 9),
        (vec![format!("compensation {comp}"), format!("comp {comp}"), String::new()], plain, 7),
        (vec![format!("claimable {claimable}"), format!("claim {claimable}")], theme.title(), 9),
    ];
    if t.waived.cents() > 0 {
        let w = t.waived.format();
        items.push((vec![format!("waived {w}"), format!("w {w}"), String::new()], theme.dim(), 1));
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::fixtures::uk_account;
    use crate::domain::interest::Series;

    fn text(line: &Line<'_>) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn cells_show_the_figure_waived_or_unknown_never_zero_for_unknown() {
        let theme = Theme { color: false };
        let a = uk_account(3, "Acme");
        let first = of_invoice(&a, 31).expect("claims").expect("the invoice");
        assert_eq!(text(&interest_cell(Some(first), 9, theme)), "12.34");
        let second = of_invoice(&a, 32).unwrap();
        assert_eq!(text(&compensation_cell(second, 6, theme)), "waived");
        let unknown =
            Err(UnknownRate { series: Series::BoeBase, day: "2026-06-30".parse().unwrap() });
        assert_eq!(text(&interest_cell(Some(&unknown), 9, theme)), "unknown");
        assert!(of_invoice(&crate::app::fixtures::account(3, "Acme"), 31).is_none());
    }

    #[test]
    fn the_header_says_the_totals_after_waivers_or_that_the_interest_is_unknown() {
        let theme = Theme { color: false };
        let mut a = uk_account(3, "Acme");
        let claims = a.claims.as_mut().unwrap();
        let first: Vec<String> = header_items(claims, Money(300_000), theme)
            .into_iter()
            .map(|(forms, _, _)| forms[0].clone())
            .collect();
        // 12.34 + 24.68 interest; 70.00 twice, the second waived.
        assert_eq!(
            first,
            [
                "uk interest",
                "interest 37.02",
                "compensation 70.00",
                "claimable 3,107.02",
                "waived 70.00"
            ]
        );
        claims.total =
            Err(UnknownRate { series: Series::BoeBase, day: "2026-06-30".parse().unwrap() });
        let items = header_items(claims, Money(300_000), theme);
        assert_eq!(items[1].0[0], "interest unknown: no boe_base rate for 2026-06-30");
    }
}
