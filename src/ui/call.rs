//! The live call: a header of three lines with what the agent needs on the
//! line (ON CALL with the timer, the debtor's local time, the goal, who is
//! on the line, what is owed, the oldest overdue invoice, the open promise,
//! the fallback offer); the notes editor; commitments beside it; the
//! read-back or calm card.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::fit::{self, Item};
use super::text::{debtor_time, safe};
use super::wrap::{top, wrap_all};
use super::{Theme, commitments, pane};
use crate::app::Model;
use crate::app::call::{CallCard, LiveCall};
use crate::domain::aging::{Bucket, days_past_due};

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, c: &LiveCall, theme: Theme) {
    frame.render_widget(Clear, area);
    let [head, body] = Layout::vertical([Constraint::Length(3), Constraint::Min(4)]).areas(area);
    frame.render_widget(Paragraph::new(header(model, c, theme, usize::from(head.width))), head);
    let [notes, side] =
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(body);
    let caption = format!("Notes ({})", model.autosave.caption(&model.now));
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

/// Three lines, every field kept at 80 columns (labels shorten first):
/// `ON CALL mm:ss`, a takeover first of all, the debtor, their time, the
/// goal; who is on the line and the number, balance and overdue; the
/// oldest overdue invoice and its age, the open promise, the fallback.
fn header(model: &Model, c: &LiveCall, theme: Theme, columns: usize) -> Vec<Line<'static>> {
    let now_utc = model.now.with_timezone(&chrono::Utc);
    let mut lead = vec![Span::styled(format!(" ON CALL {} ", c.timer(now_utc)), theme.header())];
    // First after the timer, so a narrow screen keeps it.
    if let Some(t) = &c.taken_over {
        let at = t.at.with_timezone(model.now.offset()).format("%H:%M");
        lead.push(Span::styled(
            format!(" {} TOOK OVER AT {at} · notes only ", t.by),
            theme.alert(),
        ));
    }
    lead.push(Span::raw(" "));
    let a = &c.account;
    let goal = if c.goal.is_empty() { "—".to_owned() } else { c.goal.clone() };
    let local = debtor_time(&a.debtor.timezone, &model.now);
    let mut first = vec![
        Item::text(&a.debtor.name, theme.title()),
        Item::new(format!("local {local}"), local, Style::default()),
        Item::new(format!("Goal: {goal}"), format!("Goal: {goal}"), Style::default()).cut(),
    ];
    if c.recovered {
        first.push(Item::new("recovered", "recovered", theme.warn()));
    }
    let contact = a.contacts.first();
    let who = contact.map_or_else(
        || "no contact on file".to_owned(),
        |p| if p.role.is_empty() { p.name.clone() } else { format!("{} ({})", p.name, p.role) },
    );
    let phone = contact.map(|p| p.phone.as_str()).filter(|p| !p.is_empty()).unwrap_or("no phone");
    let dialled = if c.dialled { "dialled" } else { "phone" };
    let (balance, overdue) = (a.debtor.balance.format(), a.debtor.overdue.format());
    let second = [
        Item::text(who, Style::default()),
        Item::new(format!("{dialled} {phone}"), phone, Style::default()),
        Item::new(format!("balance {balance}"), format!("bal {balance}"), Style::default()),
        Item::new(format!("overdue {overdue}"), format!("ovd {overdue}"), theme.alert()),
    ];
    let mut third = vec![oldest(model, c, theme), promise(c, theme)];
    third.extend(interest(c, theme));
    third.push(fallback(c));
    vec![
        fit::line(lead, &first, columns),
        fit::line(vec![Span::raw(" ")], &second, columns),
        fit::line(vec![Span::raw(" ")], &third, columns),
    ]
}

/// Interest, for a debtor with a regime: claimed on this call or not yet
/// (`Ctrl-T`), or unknown.
fn interest(c: &LiveCall, theme: Theme) -> Option<Item> {
    let claims = c.account.claims.as_ref()?;
    Some(match (&claims.total, c.claimed()) {
        (Err(_), _) => Item::new("interest unknown", "int ?", theme.warn()),
        (Ok(_), Some(said)) => Item::new(
            format!(
                "claiming interest {} + comp {}",
                said.interest.format(),
                said.compensation.format()
            ),
            format!("int {} claimed", said.interest.format()),
            theme.info(),
        ),
        (Ok(t), None) => Item::new(
            format!("interest {} · Ctrl-T to claim", t.interest.format()),
            format!("int {}", t.interest.format()),
            theme.dim(),
        ),
    })
}

/// The oldest overdue invoice not in dispute and how long past due.
fn oldest(model: &Model, c: &LiveCall, theme: Theme) -> Item {
    let today = model.today();
    match c.oldest_overdue(today) {
        Some(i) => {
            let days = days_past_due(i.due_on, today);
            let style = theme.bucket(Bucket::for_days(days));
            Item::new(
                format!("oldest {} due {}, {days} days", i.number, i.due_on.format("%d %b %Y")),
                format!("oldest {} {days}d", i.number),
                style,
            )
            .cut()
        }
        None => Item::new("nothing overdue", "none overdue", theme.good()),
    }
}

/// The next open promise on the account, and how many more are open.
fn promise(c: &LiveCall, theme: Theme) -> Item {
    let open = c.open_promises();
    let Some(p) = open.first() else {
        return Item::new("no open promise", "no PTP", theme.dim());
    };
    let (more, short_more) = match open.len() {
        1 => (String::new(), String::new()),
        n => (format!(" (+{} more)", n - 1), format!(" +{}", n - 1)),
    };
    let amount = p.expected().format();
    Item::new(
        format!("open PTP {amount} by {}{more}", p.due_on.format("%d %b %Y")),
        format!("PTP {amount} {}{}", p.due_on.format("%d %b"), short_more),
        theme.info(),
    )
}

fn fallback(c: &LiveCall) -> Item {
    match c.fallback.as_str() {
        "" => Item::new("no fallback offer", "no fallback", Style::default()),
        f => Item::new(format!("Fallback: {f}"), format!("Fallback: {f}"), Style::default()).cut(),
    }
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
    let mut text = safe(text);
    text.push(Line::from(""));
    text.push(Line::styled("Esc closes this card", theme.dim()));
    // As wide as 70% of the call, at least 60 columns; as high as it reads.
    let width = (body.width * 70 / 100).max(60.min(body.width));
    let rows = wrap_all(&text, usize::from(width.saturating_sub(2)));
    let height = (rows.len() as u16 + 2).min(body.height);
    let box_area = Rect {
        x: body.x + (body.width - width) / 2,
        y: body.y + (body.height - height) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, box_area);
    let inner = usize::from(height.saturating_sub(2));
    frame.render_widget(
        Paragraph::new(top(rows, inner, theme.dim())).block(pane(title, true, theme)),
        box_area,
    );
}
