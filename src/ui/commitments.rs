//! The Commitments pane: what was promised, whether it was kept, the track
//! record, open disputes and the last contacts.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::local;
use super::{Theme, pane};
use crate::app::{Model, Pane};
use crate::domain::promise::PromiseStatus;
use crate::domain::track_record::{TrackRecord, describe_days_late};

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
    let focused = model.focus == Pane::Commitments;
    let block = pane("Commitments", focused, theme);
    let Some(account) = &model.account else {
        frame.render_widget(Paragraph::new("").block(block), area);
        return;
    };
    let record = TrackRecord::of(account.promises.iter().map(|p| (p.status, p.amount)));
    let mut lines = vec![Line::from(vec![
        Span::styled("Track record: ", theme.title()),
        Span::raw(record.summary()),
        Span::raw(" · "),
        Span::raw(describe_days_late(account.days_late)),
    ])];
    for plan in &account.plans {
        let mut spans = vec![Span::styled(
            format!(
                "Plan: {} {} instalments, {} kept",
                plan.instalments, plan.frequency, plan.kept
            ),
            theme.title(),
        )];
        if let Some((due, amount)) = plan.next {
            spans.push(Span::raw(format!(
                " · next {} on {}",
                amount.format(),
                due.format("%d %b %Y")
            )));
        }
        if let Some(since) = plan.default_since {
            spans.push(Span::styled(
                format!(" · IN DEFAULT since {}", since.format("%d %b %Y")),
                theme.alert(),
            ));
        }
        lines.push(Line::from(spans));
    }
    if account.promises.is_empty() {
        lines.push(Line::styled("No promises yet", theme.dim()));
    }
    for (i, p) in account.promises.iter().enumerate() {
        let (word, style) = match p.status {
            PromiseStatus::Open => ("OPEN", theme.info()),
            PromiseStatus::Kept => ("KEPT", theme.good()),
            PromiseStatus::PartlyKept => ("PARTLY KEPT", theme.warn()),
            PromiseStatus::Broken => ("BROKEN", theme.alert()),
            PromiseStatus::Cancelled => ("cancelled", theme.dim()),
        };
        let mut spans = vec![
            Span::raw(format!(
                "PTP {} by {} — ",
                p.amount.format(),
                p.due_on.format("%d %b %Y")
            )),
            Span::styled(word, style),
        ];
        if matches!(p.status, PromiseStatus::PartlyKept | PromiseStatus::Open) && p.paid.cents() > 0
        {
            spans.push(Span::raw(format!(" · paid {}", p.paid.format())));
        }
        if matches!(p.status, PromiseStatus::PartlyKept | PromiseStatus::Broken) {
            spans.push(Span::raw(format!(
                " · short {}",
                (p.amount - p.paid).format()
            )));
        }
        if let Some(agent) = &p.agent {
            spans.push(Span::styled(format!(" · {agent}"), theme.dim()));
        }
        let line = Line::from(spans);
        let selected = focused && i == model.promise_selected;
        lines.push(if selected {
            line.style(theme.selected())
        } else {
            line.style(Style::default())
        });
    }
    let disputes: Vec<String> = account
        .invoices
        .iter()
        .filter_map(|i| {
            i.dispute_reason
                .as_ref()
                .map(|r| format!("{} ({r})", i.number))
        })
        .collect();
    if !disputes.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("Open disputes: ", theme.warn()),
            Span::raw(disputes.join(", ")),
        ]));
    }
    if !account.calls.is_empty() {
        let contacts: Vec<String> = account
            .calls
            .iter()
            .map(|c| {
                format!(
                    "{} {} {}",
                    local(c.started_at, &model.now),
                    c.outcome.as_deref().unwrap_or("on call"),
                    c.agent
                )
            })
            .collect();
        lines.push(Line::from(vec![
            Span::styled("Last contacts: ", theme.title()),
            Span::raw(contacts.join(" · ")),
        ]));
    }
    let skip = if focused {
        model
            .promise_selected
            .saturating_sub(area.height.saturating_sub(4) as usize)
    } else {
        0
    };
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((skip as u16, 0)),
        area,
    );
}
