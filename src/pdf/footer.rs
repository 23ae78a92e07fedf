//! The footer of every page: the reference left, "Page N of M" right.

use super::canvas::Canvas;
use super::geometry::{FOOTER_BASELINE, PageSize};
use super::style::FOOTER;

pub fn draw(canvas: &mut Canvas, size: PageSize, page: usize, of: usize, reference: &str) {
    canvas.text(size.left(), FOOTER_BASELINE, FOOTER, reference);
    canvas.text_right(size.right(), FOOTER_BASELINE, FOOTER, &format!("Page {page} of {of}"));
}
