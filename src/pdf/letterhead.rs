//! The head of the letter: the sender block top right, the debtor's
//! address left below it, the date and reference, and the subject.

use crate::domain::letters::Rendered;

use super::geometry::BLOCK_GAP;
use super::pages::Pages;
use super::style::{ADDRESS, HEADING, SENDER, SENDER_NAME, Style};
use super::wrap::wrap;

pub fn draw(pages: &mut Pages, letter: &Rendered) {
    sender(pages, &letter.sender);
    pages.advance(BLOCK_GAP * 1.5);
    for line in &letter.recipient {
        pages.line(pages.size.left(), ADDRESS, line);
    }
    pages.advance(BLOCK_GAP * 1.5);
    pages.line(pages.size.left(), ADDRESS, &letter.date);
    pages.line(pages.size.left(), ADDRESS, &format!("Reference: {}", letter.reference));
    pages.advance(BLOCK_GAP);
    let width = pages.size.right() - pages.size.left();
    for line in wrap(&letter.subject, width, |s| pages.width(HEADING, s)) {
        pages.line(pages.size.left(), HEADING, &line);
    }
    pages.advance(BLOCK_GAP * 0.5);
}

/// The sender's lines as a block flush with the right margin, its lines
/// starting at one x (never left of the left margin); the first (the
/// company's name) in bold.
fn sender(pages: &mut Pages, lines: &[String]) {
    let style = |i: usize| -> Style { if i == 0 { SENDER_NAME } else { SENDER } };
    let widest =
        lines.iter().enumerate().map(|(i, l)| pages.width(style(i), l)).fold(0.0_f32, f32::max);
    let x = (pages.size.right() - widest).max(pages.size.left());
    for (i, line) in lines.iter().enumerate() {
        pages.line(x, style(i), line);
    }
}
