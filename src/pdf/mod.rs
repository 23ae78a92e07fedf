//! The PDF of a rendered letter: the same parts as its text (sender,
//! address, date, reference, subject, prose, invoices, totals, remittance
//! slip) laid out on A4 or US Letter in DejaVu Sans, embedded and subsetted.
//! No IO: the bytes are returned to the caller.

mod body;
mod canvas;
mod fonts;
mod footer;
mod geometry;
mod letterhead;
mod pages;
mod slip;
mod style;
mod table;
mod totals;
mod wrap;

use printpdf::{PdfDocument, PdfPage, PdfParseErrorSeverity, PdfSaveOptions, Pt, Rect};
use thiserror::Error;

use crate::domain::letters::{Paper, Rendered};

use canvas::FontIds;
use geometry::PageSize;
use pages::Pages;

/// Why a letter could not be made into a PDF.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PdfError {
    #[error("the bundled font {0} could not be read")]
    Font(&'static str),
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

/// The letter as the bytes of a PDF on `paper`.
pub fn letter_pdf(letter: &Rendered, paper: Paper) -> Result<Vec<u8>, PdfError> {
    let fonts = fonts::fonts()?;
    let mut doc = PdfDocument::new(&letter.subject);
    let ids = FontIds {
        regular: doc.add_font(&fonts.regular.parsed),
        bold: doc.add_font(&fonts.bold.parsed),
    };
    let size = PageSize::of(paper);

    let mut pages = Pages::new(fonts, &ids, size);
    letterhead::draw(&mut pages, letter);
    body::draw(&mut pages, &letter.body);
    table::draw(&mut pages, &letter.invoices, totals::height(&letter.totals));
    totals::draw(&mut pages, &letter.totals);
    if let Some(remittance) = &letter.remittance {
        slip::draw(&mut pages, remittance, letter.recipient.first().map(String::as_str));
    }

    let canvases = pages.finish();
    let count = canvases.len();
    let pdf_pages = canvases
        .into_iter()
        .enumerate()
        .map(|(i, mut canvas)| {
            footer::draw(&mut canvas, size, i + 1, count, &letter.reference);
            page(size, canvas.into_ops())
        })
        .collect();
    doc.with_pages(pdf_pages);

    let mut warnings = Vec::new();
    let bytes = doc.save(&PdfSaveOptions::default(), &mut warnings);
    if let Some(error) = warnings.iter().find(|w| w.severity == PdfParseErrorSeverity::Error) {
        return Err(PdfError::Write(error.msg.clone()));
    }
    Ok(bytes)
}

/// A page of exactly `size` points (not via millimetres, so US Letter's
/// MediaBox is 612 x 792 to the point).
fn page(size: PageSize, ops: Vec<printpdf::Op>) -> PdfPage {
    let rect = Rect::from_wh(Pt(size.width), Pt(size.height));
    PdfPage { media_box: rect.clone(), trim_box: rect.clone(), crop_box: rect, ops }
}
