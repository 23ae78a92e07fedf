//! The pre-call plan: who and what is owed, with the terms, on top; the
//! last notes, the commitments and the open invoices on the left; the
//! checklist and the automatic checks on the right. What does not fit is
//! marked (`▼ 2 more`); the checklist scrolls to the item in hand and the
//! checks stay in view.

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::fit::{self, Item};
use super::text::{debtor_time, local, safe};
use super::wrap::{around, top, wrap, wrap_all, wrap_at_most};
use super::{Theme, commitments, pane};
use crate::app::Model;
use crate::app::precall::PreCall;
use crate::domain::checklist::{Answer, ItemKind};

/// The last notes shown, newest first, each in at most this many rows
/// (two on a short screen).
const NOTES: usize = 3;
const NOTE_ROWS: usize = 3;

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, p: &PreCall, theme: Theme) {
    frame.render_widget(Clear, area);
    let block = pane("Pre-call plan", true, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [head, body] = Layout::vertical([Constraint::Length(3), Constraint::Min(4)]).areas(inner);
    frame.render_widget(Paragraph::new(header(model, p, theme, usize::from(head.width))), head);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body);
    let side = Block::default().borders(Borders::RIGHT).border_style(theme.border(false));
    let history_area = side.inner(left);
    frame.render_widget(side, left);
    // Notes in fewer rows when the screen is short.
    let note_rows = if history_area.height < 24 { 2 } else { NOTE_ROWS };
    let rows = history(model, p, theme, usize::from(history_area.width), note_rows);
    let rows = top(rows, usize::from(history_area.height), theme.dim());
    frame.render_widget(Paragraph::new(rows), history_area);
    let plan = right.inner(Margin::new(1, 0));
    frame.render_widget(Paragraph::new(plan_rows(model, p, theme, plan)), plan);
}

/// The debtor the plan is for (its own account, whatever is selected), on
/// three lines: who and when; who answers and what is owed; the terms.
fn header(model: &Model, p: &PreCall, theme: Theme, columns: usize) -> Vec<Line<'static>> {
    let a = &p.account;
    let d = &a.debtor;
    let plain = Style::default();
    let local_time = debtor_time(&d.timezone, &model.now);
    let mut first = vec![
        Item::text(&d.name, theme.title()),
        Item::new(&d.reference, &d.reference, plain),
        Item::new(format!("local {local_time}"), local_time, plain),
    ];
    if d.do_not_call {
        first.push(Item::new("DO NOT CALL", "DNC", theme.alert()));
    }
    let contact = a.contacts.first().map_or_else(
        || "no contact on file".to_owned(),
        |c| {
            let role = if c.role.is_empty() { String::new() } else { format!(" ({})", c.role) };
            format!("{}{role} {}", c.name, c.phone)
        },
    );
    let (balance, overdue) = (d.balance.format(), d.overdue.format());
    let mut second = vec![
        Item::text(contact, plain),
        Item::new(format!("balance {balance}"), format!("bal {balance}"), plain),
        Item::new(format!("overdue {overdue}"), format!("od {overdue}"), plain),
    ];
    if d.disputed.cents() > 0 {
        let disputed = d.disputed.format();
        second.push(Item::new(
            format!("disputed {disputed}"),
            format!("disp {disputed}"),
            theme.warn(),
        ));
    }
    let accepted = match d.terms_accepted_on {
        Some(on) => Item::new(
            format!("accepted {}", on.format("%d %b %Y")),
            format!("acc. {}", on.format("%d %b %Y")),
            plain,
        ),
        None => Item::new("accepted: not recorded", "acc.: not recorded", theme.warn()),
    };
    let terms = [
        Item::new(format!("Terms: Net {}", d.terms_days), format!("Net {}", d.terms_days), plain),
        accepted,
    ];
    vec![
        fit::line(Vec::new(), &first, columns),
        fit::line(Vec::new(), &second, columns),
        fit::line(Vec::new(), &terms, columns),
    ]
}

/// The last notes (what was said) first, then the commitments, then the
/// open invoices with their age, as rows of `width`.
fn history(
    model: &Model,
    p: &PreCall,
    theme: Theme,
    width: usize,
    note_rows: usize,
) -> Vec<Line<'static>> {
    let a = &p.account;
    let mut rows = vec![Line::styled("Last notes", theme.title())];
    if a.notes.is_empty() {
        rows.push(Line::styled("No notes yet", theme.dim()));
    }
    rows.extend(notes(model, p, theme, width, note_rows));
    let mut lines = vec![Line::from(""), Line::styled("Commitments", theme.title())];
    lines.extend(commitments::lines(a, model, theme, None));
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
    rows.extend(wrap_all(&safe(lines), width));
    rows
}

/// The last notes, newest first: when, who, and the text, its own line
/// breaks shown as ` / `, in at most `rows` rows each.
fn notes(
    model: &Model,
    p: &PreCall,
    theme: Theme,
    width: usize,
    rows: usize,
) -> Vec<Line<'static>> {
    p.account
        .notes
        .iter()
        .take(NOTES)
        .flat_map(|n| {
            let body: Vec<&str> = crate::domain::text::lines(&n.body)
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            let line = Line::from(vec![
                Span::styled(
                    format!("{} {}: ", local(n.created_at, &model.now), n.agent),
                    theme.dim(),
                ),
                Span::raw(body.join(" / ")),
            ]);
            wrap_at_most(&super::text::safe_line(line), width, rows)
        })
        .collect()
}

/// The right column: the checklist around the item in hand, then the
/// automatic checks, which stay in view (passing ones on one line when
/// there is no room for each).
fn plan_rows(model: &Model, p: &PreCall, theme: Theme, area: Rect) -> Vec<Line<'static>> {
    let (width, height) = (usize::from(area.width), usize::from(area.height));
    let (list, focus) = checklist(p, theme, width);
    let full = wrap_all(&safe(checks(model, p, theme, false)), width);
    if list.len() + full.len() <= height {
        return list.into_iter().chain(full).collect();
    }
    let compact = wrap_all(&safe(checks(model, p, theme, true)), width);
    let room = height.saturating_sub(compact.len()).max(3.min(height));
    let mut rows = around(list, room, focus, theme.dim());
    rows.extend(top(compact, height - rows.len(), theme.dim()));
    rows
}

/// The checklist as rows, and the rows of the focused item.
fn checklist(p: &PreCall, theme: Theme, width: usize) -> (Vec<Line<'static>>, Range<usize>) {
    let mut rows = vec![Line::styled("Checklist", theme.title())];
    let mut focus = 0..1;
    for (i, (item, answer)) in p.checklist.items.iter().zip(&p.answers).enumerate() {
        let focused = i == p.focus;
        let marker = if focused { "▶ " } else { "  " };
        let box_text = if answer.is_done() { "[x] " } else { "[ ] " };
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
        if p.marked_missing(i) {
            spans.push(Span::styled(" (still to do)", theme.alert()));
        } else if item.required {
            spans.push(Span::styled(" (required)", theme.dim()));
        }
        let line = Line::from(spans);
        let line =
            super::text::safe_line(if focused { line.style(theme.selected()) } else { line });
        let item_rows = wrap(&line, width);
        if focused {
            focus = rows.len()..rows.len() + item_rows.len();
        }
        rows.extend(item_rows);
    }
    (rows, focus)
}

/// The automatic checks, what a failing one needs, and a refused start.
/// `compact`: the passing checks named on one line.
fn checks(model: &Model, p: &PreCall, theme: Theme, compact: bool) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(""), Line::styled("Automatic checks", theme.title())];
    let passed: Vec<&str> = p.checks.iter().filter(|c| c.passed).map(|c| c.id.name()).collect();
    if compact && !passed.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("  ✓ ", theme.good()),
            Span::raw(format!("passed: {}", passed.join(", "))),
        ]));
    }
    for c in p.checks.iter().filter(|c| !compact || !c.passed) {
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
