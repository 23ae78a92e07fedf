//! The flow of a letter down its pages: a pen that moves down the current
//! page and starts a new one when the next piece does not fit.

use super::canvas::{Canvas, FontIds};
use super::fonts::Fonts;
use super::geometry::PageSize;
use super::style::Style;

/// The pages drawn so far and the pen on the last one.
pub struct Pages<'a> {
    fonts: &'a Fonts,
    ids: &'a FontIds,
    pub size: PageSize,
    done: Vec<Canvas<'a>>,
    current: Canvas<'a>,
    /// The top of the free space on the current page.
    y: f32,
}

impl<'a> Pages<'a> {
    pub fn new(fonts: &'a Fonts, ids: &'a FontIds, size: PageSize) -> Pages<'a> {
        Pages {
            fonts,
            ids,
            size,
            done: Vec::new(),
            current: Canvas::new(fonts, ids),
            y: size.top(),
        }
    }

    pub fn canvas(&mut self) -> &mut Canvas<'a> {
        &mut self.current
    }

    pub fn width(&self, style: Style, text: &str) -> f32 {
        self.current.width(style, text)
    }

    pub fn y(&self) -> f32 {
        self.y
    }

    /// Moves the pen down by `height`.
    pub fn advance(&mut self, height: f32) {
        self.y -= height;
    }

    /// The height left above the content bottom.
    pub fn room(&self) -> f32 {
        self.y - self.size.bottom()
    }

    /// Whether the pen is at the top of a page (nothing drawn below the margin yet).
    pub fn at_top(&self) -> bool {
        self.y >= self.size.top()
    }

    pub fn new_page(&mut self) {
        let full = std::mem::replace(&mut self.current, Canvas::new(self.fonts, self.ids));
        self.done.push(full);
        self.y = self.size.top();
    }

    /// Starts a new page unless `height` still fits on this one; says whether it did.
    pub fn ensure(&mut self, height: f32) -> bool {
        if self.room() < height && !self.at_top() {
            self.new_page();
            return true;
        }
        false
    }

    /// The baseline for a line in `style` at the pen: the pen is the top of
    /// the line box, the baseline sits the font size below it.
    pub fn baseline(&self, style: Style) -> f32 {
        self.y - style.size
    }

    /// One line of text at `x`, on a new page if it does not fit here.
    pub fn line(&mut self, x: f32, style: Style, text: &str) {
        self.ensure(style.leading);
        let y = self.baseline(style);
        self.current.text(x, y, style, text);
        self.advance(style.leading);
    }

    /// Every page, the last one included.
    pub fn finish(mut self) -> Vec<Canvas<'a>> {
        self.done.push(self.current);
        self.done
    }
}

#[cfg(test)]
mod tests {
    use printpdf::FontId;

    use super::super::fonts::fonts;
    use super::super::style::BODY;
    use super::*;
    use crate::domain::letters::Paper;

    fn ids() -> FontIds {
        FontIds { regular: FontId("R".into()), bold: FontId("B".into()) }
    }

    #[test]
    fn lines_fill_a_page_then_continue_at_the_top_of_the_next() {
        let ids = ids();
        let size = PageSize::of(Paper::A4);
        let mut pages = Pages::new(fonts().expect("bundled fonts parse"), &ids, size);
        let per_page = ((size.top() - size.bottom()) / BODY.leading).floor() as usize;
        for _ in 0..per_page {
            pages.line(size.left(), BODY, "x");
        }
        assert!(pages.room() < BODY.leading);
        pages.line(size.left(), BODY, "x");
        assert_eq!(pages.y(), size.top() - BODY.leading);
        assert_eq!(pages.finish().len(), 2);
    }

    #[test]
    fn a_piece_taller_than_a_page_does_not_start_page_after_page() {
        let ids = ids();
        let size = PageSize::of(Paper::Letter);
        let mut pages = Pages::new(fonts().expect("bundled fonts parse"), &ids, size);
        assert!(!pages.ensure(size.height * 2.0), "an empty page is used, not skipped");
        pages.advance(10.0);
        assert!(pages.ensure(size.height * 2.0));
        assert!(!pages.ensure(size.height * 2.0));
        assert_eq!(pages.finish().len(), 2);
    }
}
