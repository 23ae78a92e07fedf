//! The queue pane: only the rows that fit, two lines each.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::{age, clean, fit, safe, width as cells};
use super::{Theme, pane};
use crate::app::layer::Layer;
use crate::app::{Model, Pane};
use crate::domain::people::DebtorStatus;
use crate::store::QueueRow;

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
    let block = pane("Queue", model.desk.focus == Pane::Queue, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let q = &model.desk.queue;

    let mut lines = vec![caption(model, theme)];
    if q.rows.is_empty() {
        lines.push(Line::styled(
            if q.search.is_some() { "  nothing found" } else { "  nothing in this queue" },
            theme.dim(),
        ));
    }
    let first = q.offset.max(q.start);
    let shown = model.page.min(q.rows.len().saturating_sub(first - q.start));
    for i in first..first + shown {
        let row = &q.rows[i - q.start];
        let selected = i == q.selected;
        let style = if selected { theme.selected() } else { Style::default() };
        lines.push(name_line(row, width, selected).style(style));
        lines.push(detail_line(row, width, model, theme).style(style));
    }
    frame.render_widget(Paragraph::new(safe(lines)), inner);
}

fn caption(model: &Model, theme: Theme) -> Line<'static> {
    let q = &model.desk.queue;
    if let Some(Layer::Search(input)) = model.layers.last() {
        return Line::from(vec![
            Span::styled("/", theme.key()),
            Span::raw(input.text().to_owned()),
            Span::styled("▏", theme.key()),
        ]);
    }
    let position = if q.total == 0 { 0 } else { q.selected + 1 };
    let what = match &q.search {
        Some(query) => format!("search {query:?}"),
        None => q.filter.label().to_owned(),
    };
    Line::styled(format!("{what} · {position} of {}", q.total), theme.dim())
}

fn name_line(row: &QueueRow, width: usize, selected: bool) -> Line<'static> {
    let amount = row.overdue.format_whole();
    let marker = if selected { "▶ " } else { "  " };
    let room = width.saturating_sub(amount.len() + 3);
    let name = fit(&row.name, room);
    let pad = width.saturating_sub(2 + cells(&name) + amount.len());
    Line::from(format!("{marker}{name}{}{amount}", " ".repeat(pad)))
}

fn detail_line(row: &QueueRow, width: usize, model: &Model, theme: Theme) -> Line<'static> {
    let mut spans = vec![Span::raw("  ")];
    match row.oldest_overdue_on {
        Some(due) => {
            let (text, bucket) = age(due, model.today());
            spans.push(Span::styled(text, theme.bucket(bucket)));
        }
        None => spans.push(Span::styled("not overdue", theme.dim())),
    }
    let mut flags: Vec<(String, Style)> = Vec::new();
    if let Some(agent) = &row.on_call {
        flags.push((format!("on call: {}", clean(agent)), theme.info()));
    }
    if row.callback_due {
        flags.push(("call back".into(), theme.warn()));
    }
    if row.ptp_broken {
        flags.push(("PTP broken".into(), theme.alert()));
    }
    if row.ptp_due {
        flags.push(("PTP due".into(), theme.warn()));
    }
    if row.over_90 {
        flags.push(("90+".into(), theme.bucket(crate::domain::aging::Bucket::Over90)));
    }
    if row.disputed {
        flags.push(("disputed".into(), theme.warn()));
    }
    if row.do_not_call {
        flags.push(("DNC".into(), theme.alert()));
    }
    if row.status != DebtorStatus::Active {
        flags.push((row.status.as_str().into(), theme.dim()));
    }
    let mut used: usize = spans.iter().map(|s| cells(&s.content)).sum();
    for (text, style) in flags {
        let len = cells(&text) + 3;
        if used + len > width {
            break;
        }
        spans.push(Span::raw(" · "));
        spans.push(Span::styled(text, style));
        used += len;
    }
    Line::from(spans)
}
