//! `?`: every key, built from the key table, in two columns.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::layout::centered;
use super::{Theme, pane};
use crate::app::Model;
use crate::app::help::HelpView;

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, view: &HelpView, theme: Theme) {
    let box_area = centered(area, 90, 85);
    let mut sections: Vec<Vec<Line<'_>>> = Vec::new();
    for (title, rows) in model.keymap.help() {
        if rows.is_empty() {
            continue;
        }
        let mut lines = vec![Line::styled(title, theme.title())];
        for (keys, what) in rows {
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<12}"), theme.key()),
                Span::raw(what),
            ]));
        }
        lines.push(Line::from(""));
        sections.push(lines);
    }
    // Split the sections where the left column reaches half the lines.
    let total: usize = sections.iter().map(Vec::len).sum();
    let mut left = Vec::new();
    let mut right = Vec::new();
    for section in sections {
        if left.len() + section.len() / 2 <= total / 2 {
            left.extend(section);
        } else {
            right.extend(section);
        }
    }
    right.push(Line::styled("Esc closes help; j/k scroll", theme.dim()));
    frame.render_widget(Clear, box_area);
    let block = pane("Help · Esc closes · j/k PgUp/PgDn scroll", true, theme);
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    let [l, r] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(inner);
    let scroll = (view.scroll as u16, 0);
    frame.render_widget(Paragraph::new(left).scroll(scroll), l);
    frame.render_widget(Paragraph::new(right).scroll(scroll), r);
}
