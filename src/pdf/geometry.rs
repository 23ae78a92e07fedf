//! Page sizes and the letter's fixed measures, in PDF points (1/72 inch).

use crate::domain::letters::Paper;

/// Millimetres to points.
pub const fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

/// A page's size in points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PageSize {
    pub width: f32,
    pub height: f32,
}

impl PageSize {
    /// A4 is 210 x 297 mm; US Letter 8.5 x 11 in.
    pub fn of(paper: Paper) -> PageSize {
        match paper {
            Paper::A4 => PageSize { width: mm(210.0), height: mm(297.0) },
            Paper::Letter => PageSize { width: 8.5 * 72.0, height: 11.0 * 72.0 },
        }
    }

    pub fn left(&self) -> f32 {
        SIDE_MARGIN
    }

    pub fn right(&self) -> f32 {
        self.width - SIDE_MARGIN
    }

    /// The first baseline's room: where text starts on a page.
    pub fn top(&self) -> f32 {
        self.height - TOP_MARGIN
    }

    /// The lowest text may go before the footer.
    pub fn bottom(&self) -> f32 {
        CONTENT_BOTTOM
    }
}

pub const SIDE_MARGIN: f32 = mm(20.0);
pub const TOP_MARGIN: f32 = mm(18.0);
/// Content stops here; the footer sits below it.
pub const CONTENT_BOTTOM: f32 = mm(20.0);
/// The baseline of "Page N of M".
pub const FOOTER_BASELINE: f32 = mm(10.0);

/// Space between blocks (address, date, heading, paragraphs, table).
pub const BLOCK_GAP: f32 = 14.0;
/// Space between two body paragraphs.
pub const PARAGRAPH_GAP: f32 = 7.0;
/// Space between two table columns.
pub const COLUMN_GAP: f32 = 12.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a4_and_letter_have_their_standard_sizes() {
        let a4 = PageSize::of(Paper::A4);
        assert!((a4.width - 595.276).abs() < 0.01);
        assert!((a4.height - 841.89).abs() < 0.01);
        assert_eq!(PageSize::of(Paper::Letter), PageSize { width: 612.0, height: 792.0 });
    }

    #[test]
    fn text_width_is_the_page_less_both_margins() {
        let a4 = PageSize::of(Paper::A4);
        assert!((a4.right() - a4.left() - mm(170.0)).abs() < 0.01);
    }
}
