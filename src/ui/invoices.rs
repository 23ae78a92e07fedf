//! The Invoices pane: terms and due dates up front, age in words and colour.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::text::{age, short_date};
use super::{Theme, pane};
use crate::app::{Model, Pane};

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
    let focused = model.focus == Pane::Invoices;
    let block = pane("Invoices", focused, theme);
    let Some(account) = &model.account else {
        frame.render_widget(Paragraph::new("").block(block), area);
        return;
    };
    if account.invoices.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled("No invoices", theme.dim())).block(block),
            area,
        );
        return;
    }
    let today = model.now.date_naive();
    let rows = account.invoices.iter().map(|inv| {
        let lag = inv
            .supplied_on
            .map(|s| format!("{}d", (inv.issued_on - s).num_days()))
            .unwrap_or_default();
        let state: Span<'static> = if let Some(reason) = &inv.dispute_reason {
            Span::styled(format!("disputed: {reason}"), theme.warn())
        } else if inv.balance.cents() == 0 {
            Span::styled("paid", theme.good())
        } else {
            let (text, bucket) = age(inv.due_on, today);
            Span::styled(format!("{text} {}", bucket.label()), theme.bucket(bucket))
        };
        Row::new(vec![
            Cell::from(inv.number.clone()),
            Cell::from(short_date(inv.issued_on)),
            Cell::from(short_date(inv.due_on)),
            Cell::from(Line::from(lag).right_aligned()),
            Cell::from(Line::from(inv.amount.format()).right_aligned()),
            Cell::from(Line::from(inv.balance.format()).right_aligned()),
            Cell::from(state),
        ])
    });
    let header = Row::new(["Invoice", "Issued", "Due", "Lag", "Amount", "Balance", "Age"])
        .style(theme.title());
    let widths = [
        Constraint::Length(14),
        Constraint::Length(9),
        Constraint::Length(9),
        Constraint::Length(4),
        Constraint::Length(11),
        Constraint::Length(11),
        Constraint::Min(10),
    ];
    let table = Table::new(rows, widths)
        .header(header)
        .block(block)
        .row_highlight_style(if focused { theme.selected() } else { Style::default() });
    let mut state = TableState::default().with_selected(Some(model.invoice_selected));
    frame.render_stateful_widget(table, area, &mut state);
}
