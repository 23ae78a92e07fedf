//! The Commitments pane: what was promised, whether it was kept, the track
//! record, plans, open disputes and the last contacts.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::{local, safe};
use super::{Theme, pane};
use crate::app::{Model, Pane};
use crate::domain::letters::letter_said;
use crate::domain::promise::PromiseStatus;
use crate::domain::track_record::{TrackRecord, describe_days_late};
use crate::store::{Account, PlanRow, PromiseRow};

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
    let focused = model.desk.focus == Pane::Commitments;
    let block = pane("Commitments", focused, theme);
    let Some(account) = &model.desk.account else {
        frame.render_widget(Paragraph::new("").block(block), area);
        return;
    };
    let selected = focused.then_some(model.desk.promise_selected);
    let skip = selected.map_or(0, |s| s.saturating_sub(area.height.saturating_sub(4) as usize));
    frame.render_widget(
        Paragraph::new(lines(account, model, theme, selected))
            .block(block)
            .wrap(ratatui::widgets::Wrap { trim: true })
            .scroll((skip as u16, 0)),
        area,
    );
}

/// The commitments of an account as lines: the track record, plans, every
/// promise, open disputes and the last five contacts.
pub fn lines(
    account: &Account,
    model: &Model,
    theme: Theme,
    selected: Option<usize>,
) -> Vec<Line<'static>> {
    let record = TrackRecord::of(account.promises.iter().map(|p| (p.status, p.expected(), p.paid)));
    let mut lines = vec![Line::from(vec![
        Span::styled("Track record: ", theme.title()),
        Span::raw(record.summary()),
        Span::raw(" · "),
        Span::raw(describe_days_late(account.days_late)),
    ])];
    lines.extend(account.plans.iter().map(|plan| plan_line(plan, theme)));
    if account.promises.is_empty() {
        lines.push(Line::styled("No promises yet", theme.dim()));
    }
    for (i, p) in account.promises.iter().enumerate() {
        let style = if selected == Some(i) { theme.selected() } else { Style::default() };
        lines.push(promise_line(p, theme).style(style));
    }
    lines.extend(disputes_line(account, theme));
    lines.extend(contacts_line(account, model, theme));
    lines.extend(letters_line(account, model, theme));
    // Invoice numbers, reasons and agents are data.
    safe(lines)
}

fn plan_line(plan: &PlanRow, theme: Theme) -> Line<'static> {
    let mut spans = vec![Span::styled(
        format!("Plan: {} {} instalments, {} kept", plan.instalments, plan.frequency, plan.kept),
        theme.title(),
    )];
    if plan.set_aside.cents() > 0 {
        spans.push(Span::raw(format!(
            " · {} in all, {} off for dispute",
            plan.total.format(),
            plan.set_aside.format()
        )));
    }
    if let Some((due, amount)) = plan.next {
        spans.push(Span::raw(format!(" · next {} on {}", amount.format(), due.format("%d %b %Y"))));
    }
    if let Some(since) = plan.default_since {
        spans.push(Span::styled(
            format!(" · IN DEFAULT since {}", since.format("%d %b %Y")),
            theme.alert(),
        ));
    }
    Line::from(spans)
}

fn promise_line(p: &PromiseRow, theme: Theme) -> Line<'static> {
    let (word, style) = match p.status {
        PromiseStatus::Open => ("OPEN", theme.info()),
        PromiseStatus::Kept => ("KEPT", theme.good()),
        PromiseStatus::PartlyKept => ("PARTLY KEPT", theme.warn()),
        PromiseStatus::Broken => ("BROKEN", theme.alert()),
        PromiseStatus::Cancelled if p.replaced => ("REPLACED", theme.dim()),
        PromiseStatus::Cancelled => ("CANCELLED", theme.dim()),
    };
    let shown = if p.status == PromiseStatus::Cancelled { p.amount } else { p.expected() };
    let mut spans = vec![
        Span::raw(format!("PTP {} by {} — ", shown.format(), p.due_on.format("%d %b %Y"))),
        Span::styled(word, style),
    ];
    if p.set_aside().cents() > 0 {
        spans.push(Span::raw(format!(" · {} off for dispute", p.set_aside().format())));
    }
    // A replaced promise keeps what was paid toward it before.
    let part_paid = matches!(
        p.status,
        PromiseStatus::PartlyKept | PromiseStatus::Open | PromiseStatus::Cancelled
    );
    if part_paid && p.paid.cents() > 0 {
        spans.push(Span::raw(format!(" · paid {}", p.paid.format())));
    }
    if matches!(p.status, PromiseStatus::PartlyKept | PromiseStatus::Broken) {
        spans.push(Span::raw(format!(" · short {}", p.shortfall.format())));
    }
    if p.replaced && p.status != PromiseStatus::Cancelled {
        spans.push(Span::styled(" · replaced", theme.dim()));
    }
    if !p.invoices.is_empty() {
        spans.push(Span::raw(format!(" · {}", p.invoices.join(" "))));
    }
    if let Some(agent) = &p.agent {
        spans.push(Span::styled(format!(" · {agent}"), theme.dim()));
    }
    Line::from(spans)
}

fn disputes_line(account: &Account, theme: Theme) -> Option<Line<'static>> {
    let disputes: Vec<String> = account
        .invoices
        .iter()
        .filter(|i| i.balance.cents() > 0)
        .filter_map(|i| i.dispute_reason.as_ref().map(|r| format!("{} ({r})", i.number)))
        .collect();
    (!disputes.is_empty()).then(|| {
        Line::from(vec![
            Span::styled("Open disputes: ", theme.warn()),
            Span::raw(disputes.join(", ")),
        ])
    })
}

/// "Letters: statement emailed 3 days ago · …", what an agent wants to
/// know before dialling.
fn letters_line(account: &Account, model: &Model, theme: Theme) -> Option<Line<'static>> {
    let today = model.now.date_naive();
    let said: Vec<String> = account
        .letters
        .iter()
        .map(|l| {
            let days = (today - l.at.with_timezone(model.now.offset()).date_naive()).num_days();
            letter_said(&l.template, &l.kind, &l.status, days).replace(' ', "\u{a0}")
        })
        .collect();
    (!said.is_empty()).then(|| {
        Line::from(vec![Span::styled("Letters: ", theme.title()), Span::raw(said.join("\u{a0}· "))])
    })
}

fn contacts_line(account: &Account, model: &Model, theme: Theme) -> Option<Line<'static>> {
    let contacts: Vec<String> = account
        .calls
        .iter()
        .map(|c| {
            let outcome = c.outcome.as_deref().unwrap_or("on call");
            // No-break spaces: a wrapped line moves an entry whole.
            format!("{} {outcome} {}", local(c.started_at, &model.now), c.agent)
                .replace(' ', "\u{a0}")
        })
        .collect();
    (!contacts.is_empty()).then(|| {
        Line::from(vec![
            Span::styled("Last contacts: ", theme.title()),
            Span::raw(contacts.join("\u{a0}· ")),
        ])
    })
}
