//! The selected debtor's header: who, where, terms and what is owed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Theme;
use super::text::{debtor_time, local};
use crate::app::Model;
use crate::domain::aging::{Bucket, days_past_due};

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
    let block = Block::default().borders(Borders::ALL).border_style(theme.border(false));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(account) = &model.account else {
        frame.render_widget(Paragraph::new(Line::styled("No debtor selected", theme.dim())), inner);
        return;
    };
    let d = &account.debtor;
    let mut first = vec![
        Span::styled(d.name.clone(), theme.title()),
        Span::raw(format!(" · {} · local {}", d.reference, debtor_time(&d.timezone, &model.now))),
    ];
    if d.do_not_call {
        first.push(Span::styled(" · DO NOT CALL", theme.alert()));
    }
    if d.status != "active" {
        first.push(Span::styled(format!(" · {}", d.status), theme.warn()));
    }

    let contact = account.contacts.first().map_or_else(
        || "no contact on file".to_owned(),
        |c| {
            let role = if c.role.is_empty() { String::new() } else { format!(" ({})", c.role) };
            format!("{}{role} {}", c.name, c.phone)
        },
    );
    let terms = match d.terms_accepted_on {
        Some(on) => format!("Net {} · terms ok {on}", d.terms_days),
        None => format!("Net {} · terms not on file", d.terms_days),
    };
    let owner = d.assigned_to.as_deref().unwrap_or("unassigned");
    let mut second = vec![Span::raw(format!("{contact} · {terms} · {owner}"))];

    let mut third = vec![Span::raw(format!("Balance {} · overdue ", d.balance.format()))];
    let today = model.now.date_naive();
    match d.oldest_overdue_on {
        Some(due) => {
            let days = days_past_due(due, today);
            third.push(Span::styled(
                format!("{} · oldest {days} days", d.overdue.format()),
                theme.bucket(Bucket::for_days(days)),
            ));
        }
        None => third.push(Span::styled(d.overdue.format(), theme.good())),
    }
    if d.disputed.cents() > 0 {
        third.push(Span::styled(format!(" · disputed {}", d.disputed.format()), theme.warn()));
    }
    // The next contact goes where it fits whole: after the amounts, else
    // after the contact line, else shortened.
    if let Some(next) = d.next_contact_at {
        let width = usize::from(inner.width);
        let said = format!(" · next contact {}", local(next, &model.now));
        let len = |spans: &[Span<'_>]| spans.iter().map(Span::width).sum::<usize>();
        if len(&third) + said.chars().count() <= width {
            third.push(Span::raw(said));
        } else if len(&second) + said.chars().count() <= width {
            second.push(Span::raw(said));
        } else {
            third.push(Span::raw(format!(" · next {}", local(next, &model.now))));
        }
    }
    let lines = vec![Line::from(first), Line::from(second), Line::from(third)];
    frame.render_widget(Paragraph::new(lines), inner);
}
