//! The Payments pane, below the invoices: the debtor's payments, newest
//! first, each with the day it arrived, the amount, the invoices it went to
//! and its reference. Where the invoices leave no room for a pane (80×24),
//! the newest one is a line in the Invoices pane's bottom border
//! (`Paid 24 Nov 26 1,200.00 → INV-10527-012 · 3 more`).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::{clean, fit, money_in, pad_left, safe, safe_line, short_date, width};
use super::{Theme, pane};
use crate::app::Model;
use crate::store::{PaymentRow, Payments};

/// Where the payments go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// No debtor selected.
    Nowhere,
    /// A pane of its own.
    Pane(Rect),
    /// One line, over the Invoices pane's bottom border.
    Strip(Rect),
}

/// Rows the Invoices pane keeps at least: its borders, its header and three
/// invoices.
const INVOICES_AT_LEAST: u16 = 6;
/// Cells for an amount, as in the Invoices pane.
const AMOUNT: usize = 11;

/// Splits the area of the invoices between them and the payments: a pane
/// as tall as the payments need, up to a third of the area or whatever the
/// invoices leave, when the invoices keep `INVOICES_AT_LEAST` rows; else a
/// strip in the invoices' bottom border.
pub fn split(area: Rect, model: &Model) -> (Rect, Place) {
    let Some(account) = &model.desk.account else {
        return (area, Place::Nowhere);
    };
    let p = &account.payments;
    let read = p.rows.len().min(p.count).max(1);
    let wanted = read + usize::from(p.count > read) + 2;
    let invoices = u16::try_from(account.invoices.len().max(1) + 3).unwrap_or(u16::MAX);
    let room = (area.height / 3).max(area.height.saturating_sub(invoices));
    let height = u16::try_from(wanted).unwrap_or(u16::MAX).min(room);
    if height >= 3 && area.height.saturating_sub(height) >= INVOICES_AT_LEAST {
        let [invoices, payments] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(height)]).areas(area);
        return (invoices, Place::Pane(payments));
    }
    let strip = Rect {
        x: area.x.saturating_add(1),
        y: area.bottom().saturating_sub(1),
        width: area.width.saturating_sub(2),
        height: 1,
    };
    (area, Place::Strip(strip))
}

pub fn draw(frame: &mut Frame<'_>, place: Place, model: &Model, theme: Theme) {
    let Some(account) = &model.desk.account else {
        return;
    };
    match place {
        Place::Nowhere => {}
        Place::Pane(area) => {
            let rows = usize::from(area.height.saturating_sub(2));
            let lines = lines(&account.payments, rows, theme);
            frame.render_widget(Paragraph::new(lines).block(pane("Payments", false, theme)), area);
        }
        Place::Strip(area) => {
            let line = strip(&account.payments, usize::from(area.width), theme);
            let used = Rect { width: u16::try_from(line.width()).unwrap_or(area.width), ..area };
            frame.render_widget(Paragraph::new(line), used.intersection(area));
        }
    }
}

/// The pane's lines: the newest payments that fit in `rows`, the last row
/// saying how many older ones there are when not all fit.
pub fn lines(payments: &Payments, rows: usize, theme: Theme) -> Vec<Line<'static>> {
    if payments.count == 0 {
        return vec![Line::styled("No payments recorded", theme.dim())];
    }
    let fits = if payments.count > rows { rows.saturating_sub(1) } else { rows };
    let mut out: Vec<Line<'static>> =
        payments.rows.iter().take(fits).map(|p| payment_line(p, theme)).collect();
    let more = payments.count.saturating_sub(out.len());
    if more > 0 {
        out.push(Line::styled(format!("{more} more, older"), theme.dim()));
    }
    safe(out)
}

/// `02 Dec 26     1,200.00  → INV-10527-012 · ref 4411 · alice`
fn payment_line(p: &PaymentRow, theme: Theme) -> Line<'static> {
    let to = match p.to.as_slice() {
        [] => "on account".to_owned(),
        [(number, _)] => number.clone(),
        many => many
            .iter()
            .map(|(number, part)| format!("{number} {}", part.format()))
            .collect::<Vec<_>>()
            .join(", "),
    };
    let mut spans = vec![
        Span::raw(format!(
            "{}  {}  ",
            short_date(p.received_on),
            pad_left(&money_in(p.amount, AMOUNT), AMOUNT)
        )),
        Span::styled("→ ", theme.dim()),
        Span::raw(to),
    ];
    if !p.to.is_empty() && p.on_account().cents() > 0 {
        spans.push(Span::raw(format!(" · {} on account", p.on_account().format())));
    }
    if !p.reference.is_empty() {
        spans.push(Span::raw(format!(" · ref {}", p.reference)));
    }
    if let Some(by) = &p.by {
        spans.push(Span::styled(format!(" · {by}"), theme.dim()));
    }
    Line::from(spans)
}

/// The newest payment in one line of `columns`: when it came, how much and
/// where it went, then how many more; the count goes first when short of
/// room, then the invoice.
pub fn strip(payments: &Payments, columns: usize, theme: Theme) -> Line<'static> {
    const LABEL: &str = "Paid ";
    let label = Span::styled(LABEL, theme.title());
    let Some(newest) = payments.rows.first() else {
        return Line::styled("No payments recorded", theme.dim());
    };
    let head = format!("{} {}", short_date(newest.received_on), newest.amount.format());
    let to = match newest.to.as_slice() {
        [] => " → on account".to_owned(),
        [(number, _)] => format!(" → {}", clean(number)),
        [(number, _), rest @ ..] => format!(" → {} +{}", clean(number), rest.len()),
    };
    let more = match payments.count.saturating_sub(1) {
        0 => String::new(),
        n => format!(" · {n} more"),
    };
    let room = columns.saturating_sub(width(LABEL));
    let text = [format!("{head}{to}{more}"), format!("{head}{to}"), format!("{head}{more}")]
        .into_iter()
        .find(|t| width(t) <= room)
        .unwrap_or_else(|| fit(&head, room));
    safe_line(Line::from(vec![label, Span::raw(text)]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Money;

    fn paid(n: usize) -> Payments {
        let row = |i: usize| PaymentRow {
            id: i as i64,
            received_on: "2026-11-24".parse().unwrap(),
            amount: Money(120_000),
            reference: format!("R-{i}"),
            by: None,
            to: vec![
                ("INV-10527-012".into(), Money(80_000)),
                ("INV-10527-013".into(), Money(40_000)),
            ],
        };
        Payments { rows: (0..n.min(20)).map(row).collect(), count: n }
    }

    fn text(lines: &[Line<'_>]) -> Vec<String> {
        lines.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect()
    }

    #[test]
    fn the_pane_says_how_many_older_payments_do_not_fit() {
        let theme = Theme { color: false };
        let shown = text(&lines(&paid(25), 3, theme));
        assert_eq!(shown.len(), 3);
        assert_eq!(
            shown[0],
            "24 Nov 26     1,200.00  → INV-10527-012 800.00, INV-10527-013 400.00 · ref R-0"
        );
        assert_eq!(shown[2], "23 more, older");
        assert_eq!(text(&lines(&paid(2), 3, theme)).len(), 2);
        assert_eq!(text(&lines(&paid(0), 3, theme)), ["No payments recorded"]);
    }

    #[test]
    fn the_strip_drops_the_count_then_the_invoice_when_short_of_room() {
        let theme = Theme { color: false };
        let strip =
            |n: usize, columns: usize| text(&[super::strip(&paid(n), columns, theme)]).remove(0);
        assert_eq!(strip(4, 60), "Paid 24 Nov 26 1,200.00 → INV-10527-012 +1 · 3 more");
        assert_eq!(strip(4, 44), "Paid 24 Nov 26 1,200.00 → INV-10527-012 +1");
        assert_eq!(strip(4, 35), "Paid 24 Nov 26 1,200.00 · 3 more");
        assert_eq!(strip(4, 25), "Paid 24 Nov 26 1,200.00");
        assert_eq!(strip(1, 60), "Paid 24 Nov 26 1,200.00 → INV-10527-012 +1");
        assert_eq!(strip(0, 60), "No payments recorded");
    }
}
