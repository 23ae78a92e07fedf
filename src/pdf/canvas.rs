//! One page being drawn: text placed at absolute positions, measured with
//! the font's advance widths, and thin rules. Produces printpdf operations.

use printpdf::{
    Color, FontId, Greyscale, Line, LineDashPattern, LinePoint, Op, PdfFontHandle, Point, Pt,
    TextItem, TextMatrix,
};

use super::fonts::{Fonts, Weight};
use super::style::Style;

/// The document's font resources, one per weight.
pub struct FontIds {
    pub regular: FontId,
    pub bold: FontId,
}

impl FontIds {
    fn of(&self, weight: Weight) -> &FontId {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

/// The operations of one page.
pub struct Canvas<'a> {
    fonts: &'a Fonts,
    ids: &'a FontIds,
    ops: Vec<Op>,
}

/// Where text of `width` starts so that it ends at `right`.
pub fn right_aligned_x(right: f32, width: f32) -> f32 {
    right - width
}

impl<'a> Canvas<'a> {
    pub fn new(fonts: &'a Fonts, ids: &'a FontIds) -> Canvas<'a> {
        Canvas { fonts, ids, ops: Vec::new() }
    }

    /// The width of `text` in `style`, in points.
    pub fn width(&self, style: Style, text: &str) -> f32 {
        self.fonts.face(style.weight).width(text, style.size)
    }

    /// Text starting at `x` on the baseline `y`.
    pub fn text(&mut self, x: f32, y: f32, style: Style, text: &str) {
        if text.is_empty() {
            return;
        }
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(self.ids.of(style.weight).clone()),
                size: Pt(style.size),
            },
            Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(x), Pt(y)) },
            Op::ShowText { items: vec![TextItem::Text(text.to_string())] },
            Op::EndTextSection,
        ]);
    }

    /// Text ending at `right` on the baseline `y`.
    pub fn text_right(&mut self, right: f32, y: f32, style: Style, text: &str) {
        let x = right_aligned_x(right, self.width(style, text));
        self.text(x, y, style, text);
    }

    /// A solid horizontal rule from `x1` to `x2` at `y`.
    pub fn rule(&mut self, x1: f32, x2: f32, y: f32, thickness: f32) {
        self.line(x1, x2, y, thickness, LineDashPattern::solid());
    }

    /// A dashed horizontal rule, the tear-off line above the remittance slip.
    pub fn dashed_rule(&mut self, x1: f32, x2: f32, y: f32, thickness: f32) {
        self.line(x1, x2, y, thickness, LineDashPattern::new(0.0, &[4.0, 3.0]));
    }

    fn line(&mut self, x1: f32, x2: f32, y: f32, thickness: f32, dash: LineDashPattern) {
        let point = |x: f32| LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false };
        self.ops.extend([
            Op::SaveGraphicsState,
            Op::SetOutlineColor { col: Color::Greyscale(Greyscale::new(0.35, None)) },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::SetLineDashPattern { dash },
            Op::DrawLine { line: Line { points: vec![point(x1), point(x2)], is_closed: false } },
            Op::RestoreGraphicsState,
        ]);
    }

    pub fn into_ops(self) -> Vec<Op> {
        self.ops
    }

    #[cfg(test)]
    pub fn ops(&self) -> &[Op] {
        &self.ops
    }
}

#[cfg(test)]
mod tests {
    use super::super::fonts::fonts;
    use super::super::style::TABLE;
    use super::*;

    fn ids() -> FontIds {
        FontIds { regular: FontId("R".into()), bold: FontId("B".into()) }
    }

    /// The x of every text placed on the canvas, in order.
    fn text_xs(canvas: &Canvas) -> Vec<f32> {
        canvas
            .ops()
            .iter()
            .filter_map(|op| match op {
                Op::SetTextMatrix { matrix: TextMatrix::Translate(x, _) } => Some(x.0),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn right_aligned_text_ends_at_the_edge() {
        assert_eq!(right_aligned_x(500.0, 44.5), 455.5);
    }

    #[test]
    fn amounts_right_aligned_end_at_the_column_edge_by_their_advance_widths() {
        let fonts = fonts().expect("bundled fonts parse");
        let ids = ids();
        let mut canvas = Canvas::new(fonts, &ids);
        canvas.text_right(500.0, 100.0, TABLE, "1,234.00");
        canvas.text_right(500.0, 90.0, TABLE, "7.50");
        let xs = text_xs(&canvas);
        // DejaVu Sans at 9 pt: digits 1303/2048 em, ',' and '.' 651/2048 em.
        let unit = 9.0 / 2048.0;
        let wide = (6.0 * 1303.0 + 2.0 * 651.0) * unit;
        let narrow = (3.0 * 1303.0 + 651.0) * unit;
        assert!((xs[0] - (500.0 - wide)).abs() < 1e-3, "{xs:?}");
        assert!((xs[1] - (500.0 - narrow)).abs() < 1e-3, "{xs:?}");
        // The shorter amount starts further right by exactly the difference.
        assert!((xs[1] - xs[0] - (wide - narrow)).abs() < 1e-3);
    }

    #[test]
    fn bold_text_is_measured_in_the_bold_face() {
        let fonts = fonts().expect("bundled fonts parse");
        let ids = ids();
        let canvas = Canvas::new(fonts, &ids);
        let bold = Style { weight: Weight::Bold, ..TABLE };
        assert!(canvas.width(bold, "Total due") > canvas.width(TABLE, "Total due"));
    }

    #[test]
    fn empty_text_draws_nothing() {
        let fonts = fonts().expect("bundled fonts parse");
        let ids = ids();
        let mut canvas = Canvas::new(fonts, &ids);
        canvas.text(10.0, 10.0, TABLE, "");
        assert!(canvas.ops().is_empty());
    }
}
