//! DejaVu Sans, shipped in `assets/fonts/` and parsed once per process.
//! Widths come from the font's own advance widths, so right-aligned amounts
//! line up exactly as the PDF viewer draws them.

use std::sync::OnceLock;

use printpdf::ParsedFont;

use super::PdfError;

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Which of the two faces a piece of text is set in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// One parsed face and its size in font units.
pub struct Face {
    pub parsed: ParsedFont,
    units_per_em: f32,
}

impl Face {
    fn parse(bytes: &[u8], name: &'static str) -> Result<Face, PdfError> {
        let parsed =
            ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).ok_or(PdfError::Font(name))?;
        let units_per_em = f32::from(parsed.font_metrics.units_per_em);
        if units_per_em <= 0.0 {
            return Err(PdfError::Font(name));
        }
        Ok(Face { parsed, units_per_em })
    }

    /// The advance width of `text` set at `size` points, in points. A
    /// character the font lacks is measured as the glyph drawn for it
    /// (`.notdef`).
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text.chars().map(|c| self.advance(c)).sum();
        units as f32 * size / self.units_per_em
    }

    /// The advance of one character, in font units.
    pub fn advance(&self, c: char) -> u32 {
        let glyph = self.parsed.lookup_glyph_index(u32::from(c)).unwrap_or(0);
        u32::from(self.parsed.get_horizontal_advance(glyph))
    }

    #[cfg(test)]
    pub fn units_per_em(&self) -> f32 {
        self.units_per_em
    }
}

/// Both faces the letter uses.
pub struct Fonts {
    pub regular: Face,
    pub bold: Face,
}

impl Fonts {
    pub fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

static FONTS: OnceLock<Result<Fonts, PdfError>> = OnceLock::new();

/// The faces, parsed on first use and shared after that.
pub fn fonts() -> Result<&'static Fonts, PdfError> {
    FONTS
        .get_or_init(|| {
            Ok(Fonts {
                regular: Face::parse(REGULAR, "DejaVuSans.ttf")?,
                bold: Face::parse(BOLD, "DejaVuSans-Bold.ttf")?,
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_faces_parse_and_map_latin_text() {
        let fonts = fonts().expect("bundled fonts parse");
        for face in [&fonts.regular, &fonts.bold] {
            assert_eq!(face.units_per_em(), 2048.0);
            assert!(face.parsed.lookup_glyph_index(u32::from('€')).is_some());
            assert!(face.parsed.lookup_glyph_index(u32::from('…')).is_some());
        }
    }

    #[test]
    fn width_is_the_sum_of_advances_scaled_to_the_size() {
        let face = &fonts().expect("bundled fonts parse").regular;
        // DejaVu Sans: digits are 1303 units, comma and full stop 651, on a
        // 2048-unit em.
        assert_eq!(face.advance('0'), 1303);
        assert_eq!(face.advance('7'), 1303);
        assert_eq!(face.advance(','), 651);
        assert_eq!(face.advance('.'), 651);
        let expected = (6.0 * 1303.0 + 2.0 * 651.0) * 10.0 / 2048.0;
        assert!((face.width("1,234.00", 10.0) - expected).abs() < 1e-3);
        assert!((face.width("1,234.00", 20.0) - 2.0 * expected).abs() < 1e-3);
    }

    #[test]
    fn bold_is_wider_than_regular() {
        let fonts = fonts().expect("bundled fonts parse");
        assert!(fonts.bold.width("Total due", 10.0) > fonts.regular.width("Total due", 10.0));
    }
}
