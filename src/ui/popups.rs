//! Small popups: the agent picker and the `w` explanation.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::form::wrapped_lines;
use super::layout::centered;
use super::text::{safe, width};
use super::{Theme, pane};
use crate::app::picker::Picker;
use crate::app::why::WhyView;

pub fn draw_picker(frame: &mut Frame<'_>, area: Rect, p: &Picker, theme: Theme) {
    let mut box_area = centered(area, 40, 10);
    // Wide enough for its title (what is assigned), as the screen allows.
    let title = (width(&p.title) as u16).saturating_add(4);
    box_area.width = box_area.width.max(title).min(area.width);
    box_area.x = area.x + (area.width - box_area.width) / 2;
    box_area.height = (p.options.len() as u16 + 5).min(area.height);
    box_area.y = area.y + (area.height - box_area.height) / 2;
    frame.render_widget(Clear, box_area);
    let mut lines = vec![Line::from(vec![
        Span::styled("Type to narrow: ", theme.dim()),
        Span::raw(p.typed.as_str().to_owned()),
        Span::styled("▏", theme.key()),
    ])];
    for (i, (_, name)) in p.shown().iter().enumerate() {
        let line = Line::raw(format!("{} {name}", if i == p.index { "▶" } else { " " }));
        lines.push(if i == p.index { line.style(theme.selected()) } else { line });
    }
    frame.render_widget(Paragraph::new(safe(lines)).block(pane(&p.title, true, theme)), box_area);
}

pub fn draw_why(frame: &mut Frame<'_>, area: Rect, w: &WhyView, theme: Theme) {
    let mut box_area = centered(area, 60, 10);
    // Long lines (whether the debtor may be called now) wrap at words.
    let inner = usize::from(box_area.width.saturating_sub(2)).max(1);
    let rows: u16 = w.lines.iter().map(|l| wrapped_lines(l, inner)).sum();
    box_area.height = (rows + 2).min(area.height);
    box_area.y = area.y + (area.height - box_area.height) / 2;
    frame.render_widget(Clear, box_area);
    let lines: Vec<Line<'_>> = w.lines.iter().map(|l| Line::raw(l.clone())).collect();
    let text = Paragraph::new(safe(lines)).wrap(Wrap { trim: false });
    frame.render_widget(text.block(pane(&w.title, true, theme)), box_area);
}
