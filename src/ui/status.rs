//! The status line: the last message, or the keys that work here.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::text::clean;
use crate::app::Model;
use crate::app::layer::Layer;

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
    let line = match &model.status {
        // Messages quote names, numbers and command output.
        Some(s) if s.error => Line::styled(format!(" {}", clean(&s.text)), theme.alert()),
        Some(s) => Line::styled(format!(" {}", clean(&s.text)), theme.info()),
        None => {
            let mut spans = vec![Span::raw(" ")];
            // Triage says what the next action will apply to.
            if let Some(Layer::Triage(t)) = model.layers.last()
                && let Some(selected) = t.selected()
            {
                spans.push(Span::styled(format!("{selected} · "), theme.info()));
            }
            for (key, what) in model.keymap.hints(model.scopes()) {
                spans.push(Span::styled(key, theme.key()));
                spans.push(Span::raw(format!(" {what}  ")));
            }
            Line::from(spans)
        }
    };
    frame.render_widget(Paragraph::new(line), area);
}
