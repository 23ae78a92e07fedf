//! The invoice picker of `Ctrl-D` on a call: number, due date with the
//! year, open amount; typing narrows by number.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::layout::centered;
use super::text::{money_in, pad, pad_left, safe};
use super::wrap::around;
use super::{Theme, pane};
use crate::app::invoice_picker::InvoicePicker;

pub fn draw(frame: &mut Frame<'_>, area: Rect, p: &InvoicePicker, theme: Theme) {
    let mut box_area = centered(area, 60, 10);
    box_area.width = box_area.width.max(58).min(area.width);
    box_area.x = area.x + (area.width - box_area.width) / 2;
    let shown = p.shown();
    box_area.height = (shown.len().max(1) as u16 + 4).min(area.height.saturating_sub(2));
    box_area.y = area.y + (area.height - box_area.height) / 2;
    frame.render_widget(Clear, box_area);
    let inner = usize::from(box_area.width.saturating_sub(2));
    let number = inner.saturating_sub(2 + 1 + 11 + 1 + 13 + 1).clamp(8, 24);
    let mut rows: Vec<Line<'static>> = Vec::new();
    if shown.is_empty() {
        rows.push(Line::styled("  No open invoice number holds that", theme.dim()));
    }
    for (i, c) in shown.iter().enumerate() {
        let picked = i == p.index;
        let mut spans = vec![
            Span::raw(if picked { "▶ " } else { "  " }),
            Span::raw(pad(&c.number, number)),
            Span::raw(format!(" {} ", c.due_on.format("%d %b %Y"))),
            Span::raw(pad_left(&money_in(c.open, 13), 13)),
        ];
        if c.disputed {
            spans.push(Span::styled(" disputed", theme.warn()));
        }
        let line = Line::from(spans);
        rows.push(if picked { line.style(theme.selected()) } else { line });
    }
    let height = usize::from(box_area.height.saturating_sub(3));
    let focus = p.index..p.index + 1;
    let mut lines = vec![Line::from(vec![
        Span::styled("Type to narrow by number: ", theme.dim()),
        Span::raw(p.typed.as_str().to_owned()),
        Span::styled("▏", theme.key()),
    ])];
    lines.extend(around(rows, height, focus, theme.dim()));
    frame.render_widget(Paragraph::new(safe(lines)).block(pane(&p.title, true, theme)), box_area);
}
