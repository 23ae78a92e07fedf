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
use crate::app::triage::{PeriodView, Triage, TriageFigures};
use crate::domain::aging::Bucket;
use crate::domain::kpi::{PeriodChoice, average_lag_tenths, tenths};
use crate::domain::people::DebtorStatus;

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, t: &Triage, theme: Theme) {
    frame.render_widget(Clear, area);
    let block = pane("Triage", true, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let agents = t.figures.as_ref().and_then(|f| f.periods.first()).map_or(0, |v| v.agents.len());
    // On narrow terminals the figures wrap onto more lines.
    let totals_height = if inner.width >= WIDE { 6 } else { 10 };
    let [totals, bars, people, list] = Layout::vertical([
        Constraint::Length(totals_height),
        Constraint::Length(6),
        Constraint::Length(agents as u16 + 2),
        Constraint::Min(3),
    ])
    .areas(inner);
    match &t.figures {
        Some(f) => {
            draw_totals(frame, totals, f, t.period, theme);
            draw_bars(frame, bars, f, theme);
            draw_agents(frame, people, f, t.period, theme);
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

fn rate(kept: i64, settled: i64) -> String {
    if settled > 0 { format!("{}%", kept * 100 / settled) } else { "—".into() }
}

/// Below this width the figures table leaves out the dates (the header
/// names them), the invoice lag and the units, rather than wrap.
const WIDE: u16 = 124;

/// A line of the figures table: a period's cells, or the headings.
fn table_row(cells: [String; 9], wide: bool) -> String {
    let [label, dates, collected, dso, best, add, cei, kept, lag] = cells;
    if wide {
        format!(
            "{label:<18} {dates:<23} {collected:>14} {dso:>11} {best:>11} {add:>11} {cei:>7} {kept:>8} {lag:>10}"
        )
    } else {
        format!("{label:<18} {collected:>14} {dso:>7} {best:>8} {add:>7} {cei:>6} {kept:>8}")
    }
}

fn headings(wide: bool) -> String {
    let (dso, best, add, cei) = if wide {
        ("DSO", "best DSO", "ADD", "CEI")
    } else {
        ("DSO d", "best d", "ADD d", "CEI %")
    };
    let cells = ["period", "from – to", "collected", dso, best, add, cei, "PTP kept", "inv. lag"];
    table_row(cells.map(str::to_owned), wide)
}

/// One period's line of the figures table.
fn period_row(v: &PeriodView, wide: bool) -> String {
    let k = v.kpis();
    let (days, percent) = if wide { (" days", "%") } else { ("", "") };
    let cells = [
        v.choice.label().to_owned(),
        format!("{} – {}", v.period.from, v.period.to),
        v.activity.collected.format(),
        with_unit(k.dso, days),
        with_unit(k.best_dso, days),
        with_unit(k.add, days),
        with_unit(k.cei, percent),
        rate(v.kept, v.settled),
        with_unit(average_lag_tenths(v.activity.lag_days, v.activity.lag_invoices), " days"),
    ];
    table_row(cells, wide)
}

fn draw_totals(
    frame: &mut Frame<'_>,
    area: Rect,
    f: &TriageFigures,
    choice: PeriodChoice,
    theme: Theme,
) {
    let mut lines = vec![Line::from(
        [
            figure("Outstanding", f.totals.outstanding().format(), theme),
            figure("Overdue", f.totals.overdue().format(), theme),
            figure("90+", f.totals.buckets[4].format(), theme),
            figure("Disputed", f.totals.disputed.format(), theme),
        ]
        .concat(),
    )];
    let mut pulse = figure(
        "Promises due today",
        format!("{} ({})", f.pulse.due_today, f.pulse.due_today_amount.format()),
        theme,
    );
    pulse.extend(figure("Broken in 7 days", f.pulse.broken_last_7_days.to_string(), theme));
    let shown = f.view(choice);
    if let Some(shown) = shown {
        let eve = shown.period.eve();
        pulse.extend(figure(
            &format!("Receivables on {eve}"),
            shown.figures.opening_receivables.format(),
            theme,
        ));
    }
    lines.push(Line::from(pulse));
    if let Some(shown) = shown {
        let beside = choice.beside();
        lines.push(Line::from(vec![
            Span::styled(
                format!(
                    "Figures for the {}, {} to {} ({} days), beside the {}",
                    choice.label(),
                    shown.period.from,
                    shown.period.to,
                    shown.period.days(),
                    beside.label()
                ),
                theme.title(),
            ),
            Span::styled(" · p: next period", theme.dim()),
        ]));
        let wide = area.width >= WIDE;
        lines.push(Line::styled(headings(wide), theme.dim()));
        lines.push(Line::raw(period_row(shown, wide)));
        if let Some(other) = f.view(beside) {
            lines.push(Line::styled(period_row(other, wide), theme.dim()));
        }
    }
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

fn draw_agents(
    frame: &mut Frame<'_>,
    area: Rect,
    f: &TriageFigures,
    choice: PeriodChoice,
    theme: Theme,
) {
    let Some(view) = f.view(choice) else {
        return;
    };
    let kept = match choice {
        PeriodChoice::LastMonth => "Kept (last month)",
        PeriodChoice::LastThreeMonths => "Kept (3 months)",
        PeriodChoice::MonthToDate => "Kept (this month)",
    };
    let mut lines = vec![Line::styled(
        format!(
            "{:<12} {:<6} {:>8} {:>16} {:>14} {:>10} {:>17}",
            "Agent", "Role", "Accounts", "Overdue", "Contacts today", "RPC today", kept
        ),
        theme.title(),
    )];
    for a in &view.agents {
        lines.push(Line::raw(format!(
            "{} {} {:>8} {} {:>14} {:>10} {:>17}",
            pad(&a.name, 12),
            pad(&a.role, 6),
            a.accounts,
            pad_left(&money_in(a.overdue, 16), 16),
            a.contacts,
            a.right_party,
            rate(a.kept, a.settled)
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
    let today = model.today();
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
        if row.status != DebtorStatus::Active {
            flags.push(row.status.as_str().into());
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
