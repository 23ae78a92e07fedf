//! The labelled totals under the table, flush right; the last (the total
//! due) in bold.

use crate::domain::Money;

use super::geometry::{BLOCK_GAP, COLUMN_GAP};
use super::pages::Pages;
use super::style::{Style, TOTAL, TOTAL_DUE};

pub fn draw(pages: &mut Pages, totals: &[(String, Money)]) {
    if totals.is_empty() {
        return;
    }
    let style = |i: usize| -> Style { if i + 1 == totals.len() { TOTAL_DUE } else { TOTAL } };
    let figures: Vec<String> = totals.iter().map(|(_, m)| m.format()).collect();
    let widest =
        figures.iter().enumerate().map(|(i, f)| pages.width(style(i), f)).fold(0.0_f32, f32::max);
    let right = pages.size.right();
    let label_right = right - widest - COLUMN_GAP;
    let height: f32 = (0..totals.len()).map(|i| style(i).leading).sum();
    pages.advance(BLOCK_GAP * 0.25);
    pages.ensure(height);
    for (i, (label, _)) in totals.iter().enumerate() {
        let y = pages.baseline(style(i));
        pages.canvas().text_right(label_right, y, style(i), label);
        pages.canvas().text_right(right, y, style(i), &figures[i]);
        pages.advance(style(i).leading);
    }
}
