//! Forms and yes/no questions, over the workstation.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::layout::centered;
use super::text::{clean, safe, width as cells};
use super::{Theme, pane};
use crate::app::confirm::Confirm;
use crate::app::form::{FieldKind, Form};

pub fn draw(frame: &mut Frame<'_>, area: Rect, form: &Form, theme: Theme) {
    let mut box_area = centered(area, 70, 10);
    let label_width = form.fields.0.iter().map(|f| f.label.len()).max().unwrap_or(0) + 2;
    let mut lines = Vec::new();
    for (i, field) in form.fields.0.iter().enumerate() {
        let focused = i == form.focus;
        let label = format!("{:<label_width$}", field.label);
        let value = match field.kind {
            FieldKind::Choice(options) if field.value().is_empty() => {
                format!("◀ choose: {} ▶", options.join(" / "))
            }
            FieldKind::Choice(_) => format!("◀ {} ▶", field.value()),
            _ => field.value().to_owned(),
        };
        let mut spans = vec![
            Span::styled(label, if focused { theme.key() } else { theme.title() }),
            Span::styled(
                value,
                if focused { theme.selected() } else { ratatui::style::Style::default() },
            ),
        ];
        if focused && !matches!(field.kind, FieldKind::Choice(_)) {
            spans.push(Span::styled("▏", theme.key()));
        }
        lines.push(Line::from(spans));
        // Under the value, wrapped there: why it was refused, else the hint.
        let (note, style) = match &field.error {
            Some(e) => (e.as_str(), theme.alert()),
            None if focused => (field.hint, theme.dim()),
            None => ("", theme.dim()),
        };
        let room = usize::from(box_area.width.saturating_sub(2)).saturating_sub(label_width);
        for part in word_lines(note, room.max(10)) {
            lines.push(Line::styled(format!("{:label_width$}{part}", ""), style));
        }
    }
    for p in &form.preview {
        lines.push(Line::styled(p.clone(), theme.info()));
    }
    let mut keys = Vec::new();
    if form.fields.0.len() > 1 {
        keys.extend([Span::styled("Tab", theme.key()), Span::raw(" next field  ")]);
    }
    keys.extend([
        Span::styled("Ctrl-S", theme.key()),
        Span::raw(" save  "),
        Span::styled("Esc", theme.key()),
        Span::raw(" cancel"),
    ]);
    lines.push(Line::from(keys));
    // As tall as its lines once wrapped (a preview line may take two).
    let inner = usize::from(box_area.width.saturating_sub(2)).max(1);
    let rows: usize = lines
        .iter()
        .map(|l| {
            let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            usize::from(wrapped_lines(&text, inner))
        })
        .sum();
    box_area.height = u16::try_from(rows + 2).unwrap_or(u16::MAX).min(area.height);
    box_area.y = area.y + (area.height.saturating_sub(box_area.height)) / 2;
    frame.render_widget(Clear, box_area);
    frame.render_widget(
        Paragraph::new(safe(lines))
            .block(pane(&form.title, true, theme))
            .wrap(Wrap { trim: false }),
        box_area,
    );
}

pub fn draw_confirm(frame: &mut Frame<'_>, area: Rect, confirm: &Confirm, theme: Theme) {
    let mut box_area = centered(area, 60, 10);
    // The question wraps; the keys stay on the last line.
    let width = box_area.width.saturating_sub(2).max(1) as usize;
    let text = clean(&confirm.question);
    let question_lines = wrapped_lines(&text, width);
    box_area.height = (question_lines + 3).min(area.height);
    frame.render_widget(Clear, box_area);
    let block = pane("Confirm", true, theme);
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    let [question, keys] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), question);
    let keys_line = Line::from(vec![
        Span::styled("y", theme.key()),
        Span::raw(" yes  "),
        Span::styled("n", theme.key()),
        Span::raw(" or "),
        Span::styled("Esc", theme.key()),
        Span::raw(" no"),
    ]);
    frame.render_widget(Paragraph::new(keys_line), keys);
}

/// `text` in lines of at most `width` columns, broken between words (a word
/// longer than the line has one to itself); one empty line for no text.
fn word_lines(text: &str, width: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    for word in text.split_whitespace() {
        let line = out.last_mut().expect("never empty");
        if line.is_empty() {
            line.push_str(word);
        } else if cells(line) + 1 + cells(word) <= width {
            line.push(' ');
            line.push_str(word);
        } else {
            out.push(word.to_owned());
        }
    }
    out
}

/// How many lines `text` takes when wrapped at word boundaries to `width`.
pub(super) fn wrapped_lines(text: &str, width: usize) -> u16 {
    let mut lines = 1u16;
    let mut used = 0;
    for word in text.split_whitespace() {
        let len = cells(word);
        if used > 0 && used + 1 + len > width {
            lines += 1;
            used = 0;
        }
        used += if used > 0 { 1 + len } else { len };
        // A word longer than the line breaks where it must.
        while used > width {
            lines += 1;
            used -= width;
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    #[test]
    fn field_notes_break_between_words() {
        assert_eq!(super::word_lines("", 10), [""]);
        assert_eq!(super::word_lines("keep: both stay", 10), ["keep: both", "stay"]);
        assert_eq!(super::word_lines("a verylongword b", 5), ["a", "verylongword", "b"]);
    }

    #[test]
    fn questions_wrap_at_words() {
        assert_eq!(super::wrapped_lines("Resolve it?", 58), 1);
        assert_eq!(super::wrapped_lines("aaaa bbbb cccc", 9), 2);
        assert_eq!(super::wrapped_lines("aaaa bbbb cccc", 4), 3);
        assert_eq!(super::wrapped_lines("abcdefghij", 4), 3);
    }
}
