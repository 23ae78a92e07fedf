//! The selected debtor's header: who, where, terms and what is owed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Theme;
use super::text::{clean, debtor_time, local as local_at};
use crate::app::Model;
use crate::domain::aging::{Bucket, days_past_due};
use crate::domain::people::DebtorStatus;

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
    let block = Block::default().borders(Borders::ALL).border_style(theme.border(false));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(account) = &model.desk.account else {
        frame.render_widget(Paragraph::new(Line::styled("No debtor selected", theme.dim())), inner);
        return;
    };
    let d = &account.debtor;
    let today = model.today();
    // The header's items, each whole, on three lines: as laid out below
    // when they fit, else flowed in order of what matters on a call.
    // Cleaned before they are measured: names and contacts are data.
    let item = |text: String, style: Style| Span::styled(clean(&text), style);
    let plain = Style::default();
    let name = item(d.name.clone(), theme.title());
    let reference = item(d.reference.clone(), plain);
    let local = item(format!("local {}", debtor_time(&d.timezone, &model.now)), plain);
    let mut flags = Vec::new();
    if d.do_not_call {
        flags.push(item("DO NOT CALL".into(), theme.alert()));
    }
    if d.status != DebtorStatus::Active {
        flags.push(item(d.status.as_str().to_owned(), theme.warn()));
    }
    let contact = item(
        account.contacts.first().map_or_else(
            || "no contact on file".to_owned(),
            |c| {
                let role = if c.role.is_empty() { String::new() } else { format!(" ({})", c.role) };
                format!("{}{role} {}", c.name, c.phone)
            },
        ),
        plain,
    );
    let terms = item(
        match d.terms_accepted_on {
            Some(on) => format!("Net {} · terms ok {on}", d.terms_days),
            None => format!("Net {} · terms not on file", d.terms_days),
        },
        plain,
    );
    let owner = item(d.assigned_to.as_deref().unwrap_or("unassigned").to_owned(), plain);
    let balance = item(format!("Balance {}", d.balance.format()), plain);
    let overdue = match d.oldest_overdue_on {
        Some(due) => {
            let days = days_past_due(due, today);
            item(
                format!("overdue {} · oldest {days} days", d.overdue.format()),
                theme.bucket(Bucket::for_days(days)),
            )
        }
        None => item(format!("overdue {}", d.overdue.format()), theme.good()),
    };
    let disputed = (d.disputed.cents() > 0)
        .then(|| item(format!("disputed {}", d.disputed.format()), theme.warn()));
    let next =
        d.next_contact_at.map(|t| item(format!("next contact {}", local_at(t, &model.now)), plain));

    let mut first = vec![name.clone(), reference.clone(), local.clone()];
    first.extend(flags.iter().cloned());
    let second = vec![contact.clone(), terms.clone(), owner.clone()];
    let mut third = vec![balance.clone(), overdue.clone()];
    third.extend(disputed.clone());
    third.extend(next.clone());
    let width = usize::from(inner.width);
    let lines = if [&first, &second, &third].iter().all(|l| joined_width(l) <= width) {
        vec![join(first), join(second), join(third)]
    } else {
        let mut order = vec![name, reference];
        order.extend(flags);
        order.extend([balance, overdue]);
        order.extend(disputed);
        order.extend([local, contact]);
        order.extend(next);
        order.extend([owner, terms]);
        flow(order, width, 3)
    };
    frame.render_widget(Paragraph::new(lines), inner);
}

const SEP: &str = " · ";

/// Columns the items take joined by `SEP` (three columns wide).
fn joined_width(items: &[Span<'_>]) -> usize {
    items.iter().map(Span::width).sum::<usize>() + 3 * items.len().saturating_sub(1)
}

fn join(items: Vec<Span<'static>>) -> Line<'static> {
    let mut spans = Vec::with_capacity(items.len() * 2);
    for (i, s) in items.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(SEP));
        }
        spans.push(s);
    }
    Line::from(spans)
}

/// Fills up to `lines` lines of `width` with whole items in order; an item
/// that fits on no line is left out.
fn flow(items: Vec<Span<'static>>, width: usize, lines: usize) -> Vec<Line<'static>> {
    let mut out: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    for item in items {
        let current = out.last().map_or(0, |l| joined_width(l));
        let extra = if current == 0 { item.width() } else { item.width() + 3 };
        if current + extra <= width {
            if let Some(line) = out.last_mut() {
                line.push(item);
            }
        } else if out.len() < lines && item.width() <= width {
            out.push(vec![item]);
        }
    }
    out.into_iter().map(join).collect()
}
