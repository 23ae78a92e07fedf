//! The status line: the last message, or the keys that work here.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use super::text::{clean, fit, width};
use crate::app::Model;
use crate::app::cx::Status;
use crate::app::layer::Layer;

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
    let line = match &model.status {
        // Messages quote names, numbers and command output.
        Some(s) if s.error => Line::styled(message(s, area.width), theme.alert()),
        Some(s) => Line::styled(message(s, area.width), theme.info()),
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

/// The message with as many of its items as fit in `columns`, then
/// `+N more`; the first item is cut rather than left out.
fn message(s: &Status, columns: u16) -> String {
    let lead = format!(" {}", clean(&s.text));
    let items: Vec<String> = s.items.iter().map(|i| clean(i)).collect();
    let room = usize::from(columns);
    let said = |shown: usize| {
        let mut parts: Vec<String> = items[..shown].to_vec();
        if shown < items.len() {
            parts.push(format!("+{} more", items.len() - shown));
        }
        format!("{lead}{}", parts.join(" · "))
    };
    match (1..=items.len()).rev().map(said).find(|m| width(m) <= room) {
        Some(m) => m,
        None if items.is_empty() => lead,
        None => {
            let more = if items.len() > 1 {
                format!(" · +{} more", items.len() - 1)
            } else {
                String::new()
            };
            let keep = room.saturating_sub(width(&lead) + width(&more));
            format!("{lead}{}{more}", fit(&items[0], keep))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_names_what_fits_then_how_many_more() {
        let s = Status {
            text: "Not started, still to do: ".into(),
            error: true,
            items: vec![
                "Invoices, amounts and due dates reviewed".into(),
                "Prior commitments and track record reviewed".into(),
                "Goal for this call".into(),
            ],
        };
        assert_eq!(
            message(&s, 140),
            " Not started, still to do: Invoices, amounts and due dates reviewed · Prior commitments and track record reviewed · Goal for this call"
        );
        assert_eq!(
            message(&s, 80),
            " Not started, still to do: Invoices, amounts and due dates reviewed · +2 more"
        );
        let narrow = message(&s, 50);
        assert_eq!(narrow, " Not started, still to do: Invoices, am… · +2 more");
        assert!(width(&narrow) <= 50);
        let plain = Status { text: "Saved".into(), error: false, items: Vec::new() };
        assert_eq!(message(&plain, 80), " Saved");
    }
}
