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
