//! The live call: ON CALL with the timer, the debtor's local time and the
//! goal; the notes editor; commitments beside it; the read-back or calm card.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::layout::centered;
use super::text::{debtor_time, safe, safe_line};
use super::{Theme, commitments, pane};
use crate::app::Model;
use crate::app::call::{CallCard, LiveCall};

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, c: &LiveCall, theme: Theme) {
    frame.render_widget(Clear, area);
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(4)]).areas(area);
    frame.render_widget(Paragraph::new(safe_line(header(model, c, theme))), head);
    let [notes, side] =
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(body);
    let caption = format!("Notes ({})", model.autosave.caption(model.now.offset()));
    let block = pane(&caption, true, theme);
    let inner = block.inner(notes);
    frame.render_widget(block, notes);
    frame.render_widget(&c.editor, inner);
    frame.render_widget(
        Paragraph::new(safe(side_lines(model, c, theme)))
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(theme.border(false))
                    .title("Commitments"),
            )
            .wrap(Wrap { trim: true }),
        side,
    );
    if let Some(card) = &c.card {
        draw_card(frame, body, card, theme);
    }
}

/// `ON CALL mm:ss`, a takeover first of all, the debtor, their time, the goal.
fn header(model: &Model, c: &LiveCall, theme: Theme) -> Line<'static> {
    let goal = if c.goal.is_empty() { "—".to_owned() } else { c.goal.clone() };
    let now_utc = model.now.with_timezone(&chrono::Utc);
    let mut spans = vec![Span::styled(format!(" ON CALL {} ", c.timer(now_utc)), theme.header())];
    // First after the timer, so a narrow screen keeps it.
    if let Some(t) = &c.taken_over {
        let at = t.at.with_timezone(model.now.offset()).format("%H:%M");
        spans.push(Span::styled(
            format!(" {} TOOK OVER AT {at} · notes only ", t.by),
            theme.alert(),
        ));
    }
    spans.push(Span::styled(format!(" {} ", c.account.debtor.name), theme.title()));
    spans.push(Span::raw(format!(
        "· local {} · Goal: {goal}",
        debtor_time(&c.account.debtor.timezone, &model.now)
    )));
    if c.recovered {
        spans.push(Span::styled(" · recovered", theme.warn()));
    }
    Line::from(spans)
}

/// The promise on this call, the call's own account's commitments (never
/// another debtor's selected elsewhere), and its open invoices.
fn side_lines(model: &Model, c: &LiveCall, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![match &c.pending {
        Some(p) => {
            let total = p.total();
            let first = p.first_due().map(|d| d.format("%a %d %b").to_string()).unwrap_or_default();
            Line::from(vec![
                Span::styled("Promise on this call: ", theme.good()),
                Span::raw(match p.instalments.len() {
                    1 => format!("{} by {first}", total.format()),
                    n => format!("{} in {n} instalments from {first}", total.format()),
                }),
            ])
        }
        None => Line::styled("No promise recorded on this call yet", theme.dim()),
    }];
    let a = &c.account;
    lines.extend(commitments::lines(a, model, theme, None));
    lines.push(Line::from(""));
    lines.push(Line::styled("Open invoices", theme.title()));
    for i in a.invoices.iter().filter(|i| i.balance.cents() > 0) {
        let dispute =
            i.dispute_reason.as_ref().map(|r| format!(" · disputed: {r}")).unwrap_or_default();
        lines.push(Line::raw(format!(
            "{} due {} · {}{dispute}",
            i.number,
            i.due_on.format("%d %b %Y"),
            i.balance.format()
        )));
    }
    lines
}

/// The read-back or the calm card, over the notes.
fn draw_card(frame: &mut Frame<'_>, body: Rect, card: &CallCard, theme: Theme) {
    let (title, text): (&str, Vec<Line<'_>>) = match card {
        CallCard::ReadBack(lines) => {
            ("Read back", lines.iter().map(|l| Line::raw(l.clone())).collect())
        }
        CallCard::Calm { title, steps } => (
            title.as_str(),
            steps.iter().enumerate().map(|(i, s)| Line::raw(format!("{}. {s}", i + 1))).collect(),
        ),
    };
    let mut text = text;
    text.push(Line::from(""));
    text.push(Line::styled("Esc closes this card", theme.dim()));
    let box_area = centered(body, 70, 45);
    frame.render_widget(Clear, box_area);
    frame.render_widget(
        Paragraph::new(safe(text)).block(pane(title, true, theme)).wrap(Wrap { trim: true }),
        box_area,
    );
}
