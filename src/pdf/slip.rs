//! The remittance slip at the foot of the last page: a dashed tear-off
//! rule, what to quote and pay on the left, where to pay it on the right.

use crate::domain::letters::Remittance;

use super::geometry::{BLOCK_GAP, mm};
use super::pages::Pages;
use super::style::{SLIP, SLIP_TITLE};

/// Space between the tear-off rule and the slip's first line.
const RULE_GAP: f32 = mm(6.0);

/// Lines under the slip's titles: the left column's three (reference,
/// amount, payer) or the bank's, whichever is more.
fn rows(remittance: &Remittance) -> usize {
    remittance.bank.len().max(3)
}

/// The slip's height from its dashed rule down to its last baseline, which
/// sits on the content bottom.
pub fn height(remittance: &Remittance) -> f32 {
    RULE_GAP + SLIP_TITLE.size + SLIP_TITLE.leading + (rows(remittance) - 1) as f32 * SLIP.leading
}

/// Draws the slip at the foot of the current page, or of a new one when
/// what is already on this page reaches into its space.
pub fn draw(pages: &mut Pages, remittance: &Remittance, payer: Option<&str>) {
    let height = height(remittance);
    pages.ensure(height + BLOCK_GAP);
    let top = pages.size.bottom() + height;
    let (left, right) = (pages.size.left(), pages.size.right());
    let middle = (left + right) / 2.0;
    let canvas = pages.canvas();
    canvas.dashed_rule(left, right, top, 0.6);

    let mut y = top - RULE_GAP - SLIP_TITLE.size;
    canvas.text(left, y, SLIP_TITLE, "Remittance advice");
    if !remittance.bank.is_empty() {
        canvas.text(middle, y, SLIP_TITLE, "Pay to");
    }
    y -= SLIP_TITLE.leading;
    let mut left_lines = vec![
        format!("Reference: {}", remittance.reference),
        format!("Amount due: {}", remittance.amount_due.format()),
    ];
    if let Some(payer) = payer {
        left_lines.push(format!("From: {payer}"));
    }
    for (i, line) in left_lines.iter().enumerate() {
        canvas.text(left, y - i as f32 * SLIP.leading, SLIP, line);
    }
    for (i, line) in remittance.bank.iter().enumerate() {
        canvas.text(middle, y - i as f32 * SLIP.leading, SLIP, line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Money;

    fn slip(bank_lines: usize) -> Remittance {
        Remittance {
            reference: "ACME-1".into(),
            amount_due: Money(100),
            bank: (0..bank_lines).map(|i| format!("line {i}")).collect(),
        }
    }

    #[test]
    fn the_slip_grows_with_the_bank_lines_beyond_the_left_column() {
        assert_eq!(height(&slip(0)), height(&slip(3)));
        assert_eq!(height(&slip(4)), height(&slip(3)) + SLIP.leading);
        assert_eq!(height(&slip(6)), height(&slip(3)) + 3.0 * SLIP.leading);
    }
}
