//! The pre-call plan: commitments on the left; the checklist and the
//! automatic checks on the right.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::text::{debtor_time, safe, safe_line};
use super::{Theme, commitments, pane};
use crate::app::Model;
use crate::app::precall::PreCall;
use crate::domain::checklist::{Answer, ItemKind};

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, p: &PreCall, theme: Theme) {
    frame.render_widget(Clear, area);
    let block = pane("Pre-call plan", true, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(4)]).areas(inner);
    frame.render_widget(
        Paragraph::new(safe_line(header(model, p, theme))).wrap(Wrap { trim: true }),
        head,
    );
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body);
    frame.render_widget(
        Paragraph::new(safe(history(model, p, theme)))
            .block(
                Block::default()
                    .borders(Borders::RIGHT)
                    .title("Commitments")
                    .title_style(theme.title()),
            )
            .wrap(Wrap { trim: true }),
        left,
    );
    let mut lines = checklist(p, theme);
    lines.extend(checks(model, p, theme));
    frame.render_widget(
        Paragraph::new(safe(lines)).wrap(Wrap { trim: false }),
        right.inner(ratatui::layout::Margin::new(1, 0)),
    );
}

/// The debtor the plan is for: its own account, whatever is selected.
fn header(model: &Model, p: &PreCall, theme: Theme) -> Line<'static> {
    let a = &p.account;
    let contact =
        a.contacts.first().map(|c| format!(" · {} {}", c.name, c.phone)).unwrap_or_default();
    Line::from(vec![
        Span::styled(a.debtor.name.clone(), theme.title()),
        Span::raw(format!(
            " · {} · local {}{contact} · balance {} · overdue {}",
            a.debtor.reference,
            debtor_time(&a.debtor.timezone, &model.now),
            a.debtor.balance.format(),
            a.debtor.overdue.format()
        )),
    ])
}

/// Commitments, then the open invoices with their age.
fn history(model: &Model, p: &PreCall, theme: Theme) -> Vec<Line<'static>> {
    let a = &p.account;
    let mut lines = commitments::lines(a, model, theme, None);
    lines.push(Line::from(""));
    lines.push(Line::styled("Open invoices", theme.title()));
    let today = model.today();
    for i in a.invoices.iter().filter(|i| i.balance.cents() > 0) {
        let (age, bucket) = super::text::age(i.due_on, today);
        let state = match &i.dispute_reason {
            Some(r) => Span::styled(format!("disputed: {r}"), theme.warn()),
            None => Span::styled(age, theme.bucket(bucket)),
        };
        lines.push(Line::from(vec![
            Span::raw(format!(
                "{} due {} · {} · ",
                i.number,
                i.due_on.format("%d %b %Y"),
                i.balance.format()
            )),
            state,
        ]));
    }
    lines
}

fn checklist(p: &PreCall, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled("Checklist", theme.title())];
    for (i, (item, answer)) in p.checklist.items.iter().zip(&p.answers).enumerate() {
        let focused = i == p.focus;
        let marker = if focused { "▶ " } else { "  " };
        let done = match answer {
            Answer::Tick(t) => *t,
            Answer::Text(t) => !t.trim().is_empty(),
        };
        let box_text = if done { "[x] " } else { "[ ] " };
        let mut spans = vec![Span::raw(marker), Span::raw(box_text), Span::raw(item.text.clone())];
        if item.kind == ItemKind::Text {
            let text = match answer {
                Answer::Text(t) => t.clone(),
                Answer::Tick(_) => String::new(),
            };
            spans.push(Span::raw(": "));
            if text.is_empty() && !(focused && p.editing) {
                spans.push(Span::styled(item.hint.clone(), theme.dim()));
            } else {
                spans.push(Span::styled(text, theme.info()));
            }
            if focused && p.editing {
                spans.push(Span::styled("▏", theme.key()));
            }
        }
        if item.required {
            spans.push(Span::styled(" (required)", theme.dim()));
        }
        let line = Line::from(spans);
        lines.push(if focused { line.style(theme.selected()) } else { line });
    }
    lines
}

/// The automatic checks, what a failing one needs, and a refused start.
fn checks(model: &Model, p: &PreCall, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(""), Line::styled("Automatic checks", theme.title())];
    for c in &p.checks {
        let (mark, style) =
            if c.passed { ("  ✓ ", theme.good()) } else { ("  ✗ ", theme.alert()) };
        lines.push(Line::from(vec![
            Span::styled(mark, style),
            Span::raw(format!("{}: {}", c.id.name(), c.text)),
        ]));
    }
    // Up front: what only a lead may override (to an agent), and which
    // failing checks this person may override, with an example reason.
    let lead = model.me.is_lead();
    if let Some(why) = p.lead_only(lead) {
        lines.push(Line::styled(format!("  {why}"), theme.alert()));
    }
    if let Some(hint) = p.override_hint(lead) {
        lines.push(Line::styled(format!("  {hint}"), theme.dim()));
    }
    if !p.refusal.is_empty() {
        lines.push(Line::from(""));
        lines.extend(p.refusal.iter().map(|r| Line::styled(r.clone(), theme.alert())));
    }
    lines
}
