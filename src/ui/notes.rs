//! The Notes pane: the draft first, then notes newest first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::text::{local, safe};
use super::{Theme, pane};
use crate::app::{Model, Pane};

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
    let block = pane("Notes", model.desk.focus == Pane::Notes, theme);
    let Some(account) = &model.desk.account else {
        frame.render_widget(Paragraph::new("").block(block), area);
        return;
    };
    let mut lines: Vec<Line<'_>> = Vec::new();
    if let Some(draft) = &account.draft {
        lines.push(Line::from(vec![
            Span::styled("Draft, not yet saved (n to continue): ", theme.warn()),
            Span::raw(draft.replace('\n', " ")),
        ]));
    }
    if account.notes.is_empty() && account.draft.is_none() {
        lines.push(Line::styled("No notes yet. Press n to write one.", theme.dim()));
    }
    if model.desk.note_scroll > 0 {
        let n = model.desk.note_scroll.min(account.notes.len());
        lines.push(Line::styled(
            format!("↑ {n} newer note{} above (k)", if n == 1 { "" } else { "s" }),
            theme.dim(),
        ));
    }
    for note in account.notes.iter().skip(model.desk.note_scroll) {
        // The note's own line breaks are kept; later lines sit under the first.
        let mut body = note.body.lines();
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} · {}  ", local(note.created_at, &model.now), note.agent),
                theme.title(),
            ),
            Span::raw(body.next().unwrap_or("").to_owned()),
        ]));
        lines.extend(body.map(|l| Line::from(format!("    {l}"))));
    }
    // Notes, drafts and agents' names are data: cleaned line by line (a
    // note's own line breaks were split above).
    frame.render_widget(Paragraph::new(safe(lines)).block(block).wrap(Wrap { trim: false }), area);
}
