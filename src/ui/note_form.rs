//! The note editor, over the workstation.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::layout::centered;
use super::{Theme, pane};
use crate::app::Model;
use crate::app::note::NoteForm;

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, form: &NoteForm, theme: Theme) {
    let box_area = centered(area, 70, 50);
    frame.render_widget(Clear, box_area);
    let title = format!("Note · {}", form.debtor_name);
    let block = pane(&title, true, theme);
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    let [editor, footer] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    frame.render_widget(&form.editor, editor);
    let footer_line = if form.confirm_discard {
        Line::from(vec![
            Span::styled("Discard this note? ", theme.alert()),
            Span::styled("y", theme.key()),
            Span::raw(" discard  "),
            Span::styled("n", theme.key()),
            Span::raw(" keep editing"),
        ])
    } else {
        Line::from(vec![
            Span::styled("Ctrl-S", theme.key()),
            Span::raw(" save  "),
            Span::styled("Esc", theme.key()),
            Span::raw(" cancel  "),
            Span::styled(model.autosave.caption(&model.now), theme.dim()),
        ])
    };
    frame.render_widget(Paragraph::new(footer_line), footer);
}
