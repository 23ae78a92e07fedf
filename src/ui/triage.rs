//! The triage screen: totals and KPIs, the aging bars, the agents, and every
//! debtor with the ones chosen for a bulk action.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::text::{age, clean, money_in, pad, pad_left, safe};
use super::{Theme, pane};
use crate::app::Model;
use crate::app::triage::{Triage, TriageFigures};
use crate::domain::aging::Bucket;
use crate::domain::kpi::{
    average_lag_tenths, best_possible_dso_tenths, cei_tenths, dso_tenths, tenths,
};

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, t: &Triage, theme: Theme) {
    frame.render_widget(Clear, area);
    let block = pane("Triage", true, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let agents = t.figures.as_ref().map_or(0, |f| f.agents.len()) as u16;
    // On narrow terminals the figures wrap onto more lines.
    let totals_height = if inner.width >= 120 { 4 } else { 8 };
    let [totals, bars, people, list] = Layout::vertical([
        Constraint::Length(totals_height),
        Constraint::Length(6),
        Constraint::Length(agents + 2),
        Constraint::Min(3),
    ])
    .areas(inner);
    match &t.figures {
        Some(f) => {
            draw_totals(frame, totals, f, theme);
            draw_bars(frame, bars, f, theme);
            draw_agents(frame, people, f, theme);
        }
        None => frame
            .render_widget(Paragraph::new(Line::styled("Reading the book…", theme.dim())), totals),
    }
    draw_list(frame, list, model, t, theme);
}

fn figure(label: &str, value: String, theme: Theme) -> Vec<Span<'static>> {
    vec![
        Span::styled(format!("{label} "), theme.dim()),
        Span::styled(value, theme.title()),
        Span::raw("   "),
    ]
}

/// A figure in tenths with its unit, or a bare dash when there is none (no
/// sales in the period, say).
fn with_unit(value: Option<i64>, unit: &str) -> String {
    match value {
        Some(_) => format!("{}{unit}", tenths(value)),
        None => tenths(None),
    }
}

fn draw_totals(frame: &mut Frame<'_>, area: Rect, f: &TriageFigures, theme: Theme) {
    let k = f.kpi();
    let days = f.period.days();
    let kept = if f.pulse.settled > 0 {
        format!("{}%", f.pulse.kept * 100 / f.pulse.settled)
    } else {
        "—".into()
    };
    let month = f.period.to.format("%B");
    let lines = vec![
        Line::from(
            [
                figure("Outstanding", f.totals.outstanding().format(), theme),
                figure("Overdue", f.totals.overdue().format(), theme),
                figure("90+", f.totals.buckets[4].format(), theme),
                figure("Disputed", f.totals.disputed.format(), theme),
            ]
            .concat(),
        ),
        Line::from(
            [
                figure(
                    "Promises due today",
                    format!("{} ({})", f.pulse.due_today, f.pulse.due_today_amount.format()),
                    theme,
                ),
                figure("Broken in 7 days", f.pulse.broken_last_7_days.to_string(), theme),
                figure(&format!("Collected in {month}"), f.activity.collected.format(), theme),
                figure("PTP kept", kept, theme),
            ]
            .concat(),
        ),
        Line::from(
            [
                figure("DSO", with_unit(dso_tenths(&k, days), " days"), theme),
                figure(
                    "Best possible DSO",
                    with_unit(best_possible_dso_tenths(&k, days), " days"),
                    theme,
                ),
                figure(&format!("CEI {month}"), with_unit(cei_tenths(&k), "%"), theme),
                figure(
                    "Invoice lag",
                    with_unit(
                        average_lag_tenths(f.activity.lag_days, f.activity.lag_invoices),
                        " days",
                    ),
                    theme,
                ),
            ]
            .concat(),
        ),
        Line::styled(
            format!(
                "{} to {} ({days} days); receivables then {}",
                f.period.from,
                f.period.to,
                f.opening.format()
            ),
            theme.dim(),
        ),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }), area);
}

fn draw_bars(frame: &mut Frame<'_>, area: Rect, f: &TriageFigures, theme: Theme) {
    let max = f.totals.buckets.iter().map(|m| m.cents()).max().unwrap_or(0).max(1);
    let width = area.width.saturating_sub(32) as i64;
    let mut lines = vec![Line::styled("Aging (undisputed)", theme.title())];
    for (b, amount) in Bucket::ALL.iter().zip(f.totals.buckets) {
        let n = (amount.cents().max(0) * width / max) as usize;
        lines.push(Line::from(vec![
            Span::raw(format!("{:<8}", b.label())),
            Span::styled("█".repeat(n), theme.bucket(*b)),
            Span::raw(format!(" {}", amount.format())),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn draw_agents(frame: &mut Frame<'_>, area: Rect, f: &TriageFigures, theme: Theme) {
    let mut lines = vec![Line::styled(
        format!(
            "{:<12} {:<6} {:>8} {:>16} {:>14} {:>10} {:>12}",
            "Agent", "Role", "Accounts", "Overdue", "Contacts today", "RPC today", "Kept (month)"
        ),
        theme.title(),
    )];
    for a in &f.agents {
        let rate =
            if a.settled > 0 { format!("{}%", a.kept * 100 / a.settled) } else { "—".into() };
        lines.push(Line::raw(format!(
            "{} {} {:>8} {} {:>14} {:>10} {:>12}",
            pad(&a.name, 12),
            pad(&a.role, 6),
            a.accounts,
            pad_left(&money_in(a.overdue, 16), 16),
            a.contacts,
            a.right_party,
            rate
        )));
    }
    frame.render_widget(Paragraph::new(safe(lines)), area);
}

fn draw_list(frame: &mut Frame<'_>, area: Rect, model: &Model, t: &Triage, theme: Theme) {
    let q = &t.list;
    let position = if q.total == 0 { 0 } else { q.selected + 1 };
    let mut lines = vec![Line::styled(
        format!(
            "Debtors · {} · {position} of {} · {} selected",
            q.filter.label(),
            q.total,
            t.chosen.len()
        ),
        theme.title(),
    )];
    // Names take what the other columns and about 40 columns of flags leave.
    let name_w = usize::from(area.width).saturating_sub(50 + 40).clamp(20, 44);
    lines.push(Line::styled(
        format!(
            "    {:<name_w$} {:<10} {:<8} {:>14} {:>10} flags",
            "name", "ref", "agent", "overdue", "oldest"
        ),
        theme.dim(),
    ));
    let room = area.height.saturating_sub(2) as usize;
    let first = q.offset.max(q.start).max((q.selected + 1).saturating_sub(room));
    let today = model.now.date_naive();
    for i in first..(first + room).min(q.start + q.rows.len()) {
        let row = &q.rows[i - q.start];
        let chosen = if t.chosen.contains(&row.debtor_id()) { "[x]" } else { "[ ]" };
        let (days, bucket) = row
            .oldest_overdue_on
            .map(|d| age(d, today))
            .unwrap_or_else(|| ("-".into(), Bucket::Current));
        let mut flags = Vec::new();
        if let Some(a) = &row.on_call {
            flags.push(format!("on call: {}", clean(a)));
        }
        if row.callback_due {
            flags.push("call back".into());
        }
        if row.ptp_broken {
            flags.push("PTP broken".into());
        }
        if row.ptp_due {
            flags.push("PTP due".into());
        }
        if row.disputed {
            flags.push("disputed".into());
        }
        if row.status != "active" {
            flags.push(clean(&row.status));
        }
        if row.pin > 0 {
            flags.push(format!("pin {}", row.pin));
        }
        let owner = row.assigned.as_deref().unwrap_or("—");
        let line = Line::from(vec![
            Span::raw(format!(
                "{chosen} {} {} {} ",
                pad(&row.name, name_w),
                pad(&row.reference, 10),
                pad(owner, 8)
            )),
            Span::raw(format!("{:>14} ", money_in(row.overdue, 14))),
            Span::styled(format!("{:>10} ", days), theme.bucket(bucket)),
            Span::raw(flags.join(" · ")),
        ]);
        let style = if i == q.selected { theme.selected() } else { Style::default() };
        lines.push(line.style(style));
    }
    frame.render_widget(Paragraph::new(safe(lines)), area);
}
