//! The labelled totals under the table, flush right; the last (the total
//! due) in bold.

use crate::domain::Money;

use super::geometry::{BLOCK_GAP, COLUMN_GAP};
use super::pages::Pages;
use super::style::{Style, TOTAL, TOTAL_DUE};

/// Space between the table and the totals.
const GAP: f32 = BLOCK_GAP * 0.25;

fn style(i: usize, count: usize) -> Style {
    if i + 1 == count { TOTAL_DUE } else { TOTAL }
}

/// The height the totals take under the table, the gap above them included.
pub fn height(totals: &[(String, Money)]) -> f32 {
    if totals.is_empty() {
        return 0.0;
    }
    GAP + (0..totals.len()).map(|i| style(i, totals.len()).leading).sum::<f32>()
}

pub fn draw(pages: &mut Pages, totals: &[(String, Money)]) {
    if totals.is_empty() {
        return;
    }
    let style = |i: usize| style(i, totals.len());
    let figures: Vec<String> = totals.iter().map(|(_, m)| m.format()).collect();
    let widest =
        figures.iter().enumerate().map(|(i, f)| pages.width(style(i), f)).fold(0.0_f32, f32::max);
    let right = pages.size.right();
    let label_right = right - widest - COLUMN_GAP;
    pages.advance(GAP);
    pages.ensure(height(totals) - GAP);
    for (i, (label, _)) in totals.iter().enumerate() {
        let y = pages.baseline(style(i));
        pages.canvas().text_right(label_right, y, style(i), label);
        pages.canvas().text_right(right, y, style(i), &figures[i]);
        pages.advance(style(i).leading);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_totals_height_is_their_lines_and_the_gap_above() {
        assert_eq!(height(&[]), 0.0);
        let one = vec![("Total due".to_string(), Money(100))];
        assert_eq!(height(&one), GAP + TOTAL_DUE.leading);
        let two = vec![("Disputed".to_string(), Money(5)), ("Total due".to_string(), Money(100))];
        assert_eq!(height(&two), GAP + TOTAL.leading + TOTAL_DUE.leading);
    }
}
