//! `?`: every key, built from the key table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::layout::centered;
use super::{Theme, pane};
use crate::app::Model;
use crate::app::layers::HelpView;

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, view: &HelpView, theme: Theme) {
    let box_area = centered(area, 70, 80);
    let mut lines = Vec::new();
    for (title, rows) in model.keymap.help() {
        if rows.is_empty() {
            continue;
        }
        lines.push(Line::styled(title, theme.title()));
        for (keys, what) in rows {
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<14}"), theme.key()),
                Span::raw(what),
            ]));
        }
        lines.push(Line::from(""));
    }
    lines.push(Line::styled("Esc closes help; j/k scroll", theme.dim()));
    frame.render_widget(Clear, box_area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(pane("Help", true, theme))
            .scroll((view.scroll as u16, 0)),
        box_area,
    );
}
