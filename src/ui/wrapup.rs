//! Wrap-up: the outcome, the next contact, and what will be saved.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::form::wrapped_lines;
use super::layout::centered;
use super::text::safe;
use super::{Theme, pane};
use crate::app::Model;
use crate::app::call::LiveCall;
use crate::app::wrapup::WrapUpForm;

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, w: &WrapUpForm, theme: Theme) {
    let mut box_area = centered(area, 60, 10);
    // At 80 columns, wide enough that the next contact reads in two rows.
    box_area.width = box_area.width.max(66.min(area.width));
    box_area.x = area.x + (area.width - box_area.width) / 2;
    // A takeover's notice: its lines as wrapped, and a blank line.
    let inner = usize::from(box_area.width.saturating_sub(2).max(1));
    let notice = w.notice.as_ref().map_or(0, |n| wrapped_lines(n, inner) + 1);
    box_area.height = (w.outcomes.len() as u16 + 13).saturating_add(notice).min(area.height);
    box_area.y = area.y + area.height.saturating_sub(box_area.height) / 2;
    frame.render_widget(Clear, box_area);
    let mut lines = Vec::new();
    if let Some(n) = &w.notice {
        lines.push(Line::styled(n.clone(), theme.alert()));
        lines.push(Line::from(""));
    }
    lines.push(Line::styled("Outcome", theme.title()));
    for (i, o) in w.outcomes.iter().enumerate() {
        let selected = i == w.selected;
        let line = Line::from(vec![
            Span::raw(if selected { "▶ " } else { "  " }),
            Span::styled(format!("{} {:<5}", i + 1, o.code), theme.key()),
            Span::raw(o.meaning.clone()),
        ]);
        lines.push(if selected { line.style(theme.selected()) } else { line });
    }
    lines.push(Line::from(""));
    lines.extend(next_contact(w, theme));
    if let Some(c) = model.call() {
        lines.extend(saved(c, w, theme));
    }
    frame.render_widget(
        Paragraph::new(safe(lines)).block(pane("Wrap-up", true, theme)).wrap(Wrap { trim: false }),
        box_area,
    );
}

/// The next contact as typed, how it is understood, and the hint or error.
fn next_contact(w: &WrapUpForm, theme: Theme) -> Vec<Line<'static>> {
    let mut next = vec![Span::styled("Next contact: ", theme.title())];
    next.push(Span::raw(if w.note_only() {
        "not set by this call".to_owned()
    } else if w.next.as_str().is_empty() && !w.editing_next {
        "none".to_owned()
    } else {
        w.next.as_str().to_owned()
    }));
    if w.editing_next {
        next.push(Span::styled("▏", theme.key()));
    }
    let mut lines = vec![Line::from(next)];
    // A save refused for a bad time says why below; do not say it twice.
    let said_below = w.error.as_deref().is_some_and(|e| w.understood.starts_with(e));
    if !said_below && !w.understood.is_empty() {
        lines.push(Line::styled(format!("  {}", w.understood), theme.info()));
    }
    lines.push(match &w.error {
        Some(e) => Line::styled(format!("  {e}"), theme.alert()),
        None if w.note_only() => Line::styled(format!("  {}", w.hint), theme.dim()),
        None => Line::styled(
            format!("  {} (Tab to type: fri 14:30, +2, 2026-12-01)", w.hint),
            theme.dim(),
        ),
    });
    lines
}

/// The call's promise and note, as they will be saved.
fn saved(c: &LiveCall, w: &WrapUpForm, theme: Theme) -> Vec<Line<'static>> {
    let promise = match &c.pending {
        Some(p) => {
            let total = p.total().format();
            match p.instalments.len() {
                1 => format!("{total} by {}", p.instalments[0].due_on.format("%a %d %b %Y")),
                n => format!("{total} in {n} instalments"),
            }
        }
        None => "none".to_owned(),
    };
    let promise = match (&c.pending, w.note_only()) {
        (Some(_), true) => format!("{promise} (not recorded: described in the note)"),
        _ => promise,
    };
    let note = c.text();
    let first = note.lines().next().unwrap_or("");
    vec![
        Line::from(vec![Span::styled("Promise: ", theme.title()), Span::raw(promise)]),
        Line::from(vec![
            Span::styled("Note: ", theme.title()),
            Span::raw(if note.trim().is_empty() {
                "none".to_owned()
            } else {
                format!("{first} ({} chars)", note.chars().count())
            }),
        ]),
    ]
}
