//! The table of open invoices: measured columns, amounts right-aligned, the
//! header repeated on every page the table reaches.

use crate::domain::letters::LetterInvoice;

use super::geometry::{BLOCK_GAP, COLUMN_GAP};
use super::pages::Pages;
use super::style::{Style, TABLE, TABLE_HEAD};
use super::wrap::fit;

const TITLES: [&str; 6] = ["Invoice", "Issued", "Due", "Days overdue", "Amount", "Open"];
/// Which columns are figures, set flush right.
const RIGHT: [bool; 6] = [false, false, false, true, true, true];
/// The header line and the space under its rule.
const HEADER_HEIGHT: f32 = TABLE_HEAD.leading + HEADER_PAD;
const HEADER_PAD: f32 = 2.0;

/// A column's left and right edges, in points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Span {
    pub left: f32,
    pub right: f32,
}

/// Lays the columns out from the right margin leftwards, each as wide as
/// its widest cell and `COLUMN_GAP` apart; the first (the invoice number)
/// takes what is left. `widths[0]` is ignored.
pub fn columns(widths: [f32; 6], left: f32, right: f32) -> [Span; 6] {
    let mut spans = [Span { left, right }; 6];
    let mut edge = right;
    for i in (1..6).rev() {
        spans[i] = Span { left: edge - widths[i], right: edge };
        edge = spans[i].left - COLUMN_GAP;
    }
    spans[0] = Span { left, right: edge.max(left) };
    spans
}

/// The six cells of an invoice's row, as printed.
pub fn cells(invoice: &LetterInvoice) -> [String; 6] {
    let number = if invoice.disputed {
        format!("{} (disputed)", invoice.number)
    } else {
        invoice.number.clone()
    };
    let days =
        if invoice.days_overdue > 0 { invoice.days_overdue.to_string() } else { "–".to_string() };
    [
        number,
        invoice.issued.clone(),
        invoice.due.clone(),
        days,
        invoice.amount.format(),
        invoice.open.format(),
    ]
}

/// The table's columns, measured from its cells. The Open column's span is
/// also where the totals' figures go.
pub fn layout(pages: &Pages, rows: &[[String; 6]]) -> [Span; 6] {
    let mut widths = [0.0_f32; 6];
    for (i, title) in TITLES.iter().enumerate() {
        widths[i] = pages.width(TABLE_HEAD, title);
    }
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(pages.width(TABLE, cell));
        }
    }
    columns(widths, pages.size.left(), pages.size.right())
}

/// How many of the last rows go onto a new page with what follows the
/// table, rather than leave the totals to start a page alone.
const KEEP_WITH_NEXT: usize = 2;

/// The height row `i` of `count` needs below the pen: its own line, and for
/// the last rows the rest of the table and `after` (the totals) too.
pub fn row_needs(i: usize, count: usize, after: f32) -> f32 {
    let left = count - i;
    if left <= KEEP_WITH_NEXT && after > 0.0 {
        left as f32 * TABLE.leading + after
    } else {
        TABLE.leading
    }
}

/// Draws the table; `after` is the height of what must follow its last row
/// on the same page (the totals).
pub fn draw(pages: &mut Pages, invoices: &[LetterInvoice], after: f32) {
    if invoices.is_empty() {
        return;
    }
    let rows: Vec<[String; 6]> = invoices.iter().map(cells).collect();
    let spans = layout(pages, &rows);
    pages.advance(BLOCK_GAP * 0.5);
    pages.ensure(HEADER_HEIGHT + row_needs(0, rows.len(), after));
    header(pages, &spans);
    for (i, row) in rows.iter().enumerate() {
        if pages.ensure(row_needs(i, rows.len(), after)) {
            header(pages, &spans);
        }
        cells_line(pages, &spans, TABLE, row);
    }
    let (y, size) = (pages.y() + 2.0, pages.size);
    pages.canvas().rule(size.left(), size.right(), y, 0.5);
}

fn header(pages: &mut Pages, spans: &[Span; 6]) {
    let titles = TITLES.map(str::to_string);
    cells_line(pages, spans, TABLE_HEAD, &titles);
    let (y, size) = (pages.y() + 3.0, pages.size);
    pages.canvas().rule(size.left(), size.right(), y, 0.5);
    pages.advance(HEADER_PAD);
}

fn cells_line(pages: &mut Pages, spans: &[Span; 6], style: Style, cells: &[String; 6]) {
    let y = pages.baseline(style);
    for (i, cell) in cells.iter().enumerate() {
        let span = spans[i];
        let text = fit(cell, span.right - span.left, |s| pages.width(style, s));
        if RIGHT[i] {
            pages.canvas().text_right(span.right, y, style, &text);
        } else {
            pages.canvas().text(span.left, y, style, &text);
        }
    }
    pages.advance(style.leading);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Money;

    #[test]
    fn columns_are_laid_from_the_right_margin_a_gap_apart() {
        let spans = columns([0.0, 50.0, 50.0, 40.0, 60.0, 60.0], 50.0, 550.0);
        assert_eq!(spans[5], Span { left: 490.0, right: 550.0 });
        assert_eq!(spans[4], Span { left: 490.0 - COLUMN_GAP - 60.0, right: 490.0 - COLUMN_GAP });
        for pair in spans.windows(2) {
            assert!(pair[0].right + COLUMN_GAP <= pair[1].left + 1e-3, "{spans:?}");
        }
        // The invoice column takes the rest, from the left margin.
        assert_eq!(spans[0].left, 50.0);
        assert!((spans[0].right - (spans[1].left - COLUMN_GAP)).abs() < 1e-3);
    }

    #[test]
    fn the_invoice_column_never_has_a_negative_width() {
        let spans = columns([0.0, 200.0, 200.0, 200.0, 200.0, 200.0], 50.0, 550.0);
        assert!(spans[0].right >= spans[0].left);
    }

    #[test]
    fn the_last_two_rows_need_room_for_the_totals_too() {
        assert_eq!(row_needs(0, 10, 30.0), TABLE.leading);
        assert_eq!(row_needs(7, 10, 30.0), TABLE.leading);
        assert_eq!(row_needs(8, 10, 30.0), 2.0 * TABLE.leading + 30.0);
        assert_eq!(row_needs(9, 10, 30.0), TABLE.leading + 30.0);
        assert_eq!(row_needs(0, 1, 30.0), TABLE.leading + 30.0);
        // Nothing after the table: each row needs only itself.
        assert_eq!(row_needs(9, 10, 0.0), TABLE.leading);
    }

    #[test]
    fn a_disputed_invoice_says_so_and_an_undue_one_has_no_days() {
        let invoice = LetterInvoice {
            number: "INV-7".into(),
            issued: "2026-11-01".into(),
            due: "2026-12-31".into(),
            days_overdue: -29,
            amount: Money(123_456),
            open: Money(100_000),
            disputed: true,
        };
        assert_eq!(
            cells(&invoice),
            ["INV-7 (disputed)", "2026-11-01", "2026-12-31", "–", "1,234.56", "1,000.00"]
                .map(String::from)
        );
    }
}
