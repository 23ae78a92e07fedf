//! The figures at the top of triage, in blocks (the book now, the KPIs of a
//! period, the aging, the agents), each headed by what it covers and when
//! it was read, so that no screenshot of it can be misread.

use chrono::{DateTime, FixedOffset};
use ratatui::text::{Line, Span};

use super::Theme;
use super::text::{money_in, pad, pad_left, width};
use crate::app::triage::{PeriodView, TriageFigures};
use crate::domain::aging::Bucket;
use crate::domain::kpi::{PeriodChoice, average_lag_tenths, period_name, tenths};

/// Below this width the figures are laid out compactly: shorter columns,
/// the aging beside the agents.
pub const WIDE: u16 = 124;

/// The blocks' lines, for an area `width` wide.
pub struct Blocks {
    pub book: Vec<Line<'static>>,
    pub kpis: Vec<Line<'static>>,
    pub aging: Vec<Line<'static>>,
    pub agents: Vec<Line<'static>>,
    /// How many of the agents' lines are headings.
    pub agents_heads: usize,
}

/// How the figures are laid out.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    pub width: u16,
    /// Compact: the aging beside the agents, shorter headers and columns.
    pub compact: bool,
    /// The period beside the one shown is left out (short terminals).
    pub one_period: bool,
    /// Width of the aging block when it is beside the agents.
    pub aging_width: u16,
}

impl Shape {
    pub fn agents_width(self) -> u16 {
        self.width.saturating_sub(self.aging_width + 2)
    }
}

pub fn blocks(
    f: &TriageFigures,
    choice: PeriodChoice,
    now: &DateTime<FixedOffset>,
    shape: Shape,
    theme: Theme,
) -> Blocks {
    let as_of = format!("as of {}", f.as_of.with_timezone(now.offset()).format("%d %b %Y %H:%M"));
    let side = if shape.compact { shape.aging_width } else { shape.width };
    let (agents, agents_heads) = agents(f, choice, &as_of, shape, theme);
    Blocks {
        book: book(f, choice, &as_of, shape, theme),
        kpis: kpis(f, choice, &as_of, shape, theme),
        aging: aging(f, &as_of, side, theme),
        agents,
        agents_heads,
    }
}

/// Groups of spans laid out greedily in lines `width` wide, `sep` between
/// groups on a line; a group is never split.
fn flow(groups: Vec<Vec<Span<'static>>>, width_: usize, sep: &'static str) -> Vec<Line<'static>> {
    let mut lines: Vec<Vec<Span<'static>>> = Vec::new();
    let mut used = 0;
    for group in groups {
        let w: usize = group.iter().map(|s| width(&s.content)).sum();
        match lines.last_mut() {
            Some(line) if used + width(sep) + w <= width_ => {
                line.push(Span::raw(sep));
                line.extend(group);
                used += width(sep) + w;
            }
            _ => {
                lines.push(group);
                used = w;
            }
        }
    }
    lines.into_iter().map(Line::from).collect()
}

/// A block's header: its parts joined with ` · `, wrapped between parts.
fn header(parts: Vec<String>, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let groups = parts.into_iter().map(|p| vec![Span::styled(p, theme.title())]).collect();
    flow(groups, usize::from(width), " · ")
}

fn figure(label: &str, value: String, theme: Theme) -> Vec<Span<'static>> {
    vec![Span::styled(format!("{label} "), theme.dim()), Span::styled(value, theme.title())]
}

fn book(
    f: &TriageFigures,
    choice: PeriodChoice,
    as_of: &str,
    shape: Shape,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut lines = header(vec!["Book now".into(), as_of.to_owned()], shape.width, theme);
    let mut figures = vec![
        figure("Outstanding", f.totals.outstanding().format(), theme),
        figure("Overdue", f.totals.overdue().format(), theme),
        figure("90+", f.totals.buckets[4].format(), theme),
        figure("Disputed", f.totals.disputed.format(), theme),
    ];
    if let Some(interest) = f.interest.as_ref().filter(|i| i.debtors > 0) {
        // Unknown (a rate the book lacks) is said, never shown as 0.
        let shown = |m: crate::domain::Money| match interest.unknown {
            Some(_) => "unknown".to_owned(),
            None => m.format(),
        };
        figures.push(figure("Interest", shown(interest.total.interest), theme));
        figures.push(figure("Compensation", shown(interest.total.compensation), theme));
    }
    if f.outbox_trouble > 0 {
        // A letter that did not go is a lead's to look at: `recoup outbox list`.
        figures.push(figure("Letters not sent", f.outbox_trouble.to_string(), theme));
    }
    if let Some(p) = &f.pipeline {
        // Collection strategies: today's steps, the lead's reviews, where
        // debtors stand (`recoup strategy run --dry-run` previews).
        let today =
            if p.on { format!("{} ({} failed)", p.today.0, p.today.1) } else { "off".to_owned() };
        figures.push(figure("Strategy steps today", today, theme));
        figures.push(figure("To review", p.to_review.to_string(), theme));
        if !p.at_steps.is_empty() {
            figures.push(figure("At step", p.steps_text(), theme));
        }
    }
    let pulse = [
        figure(
            "Promises due today",
            format!("{} ({})", f.pulse.due_today, f.pulse.due_today_amount.format()),
            theme,
        ),
        figure("Broken in 7 days", f.pulse.broken_last_7_days.to_string(), theme),
    ];
    if shape.compact {
        figures.extend(pulse);
        lines.extend(flow(figures, usize::from(shape.width), "  "));
        return lines;
    }
    lines.extend(flow(figures, usize::from(shape.width), "   "));
    let mut second: Vec<Vec<Span<'static>>> = pulse.into();
    if let Some(shown) = f.view(choice) {
        second.push(figure(
            &format!("Receivables on {}", shown.period.eve()),
            shown.figures.opening_receivables.format(),
            theme,
        ));
    }
    lines.extend(flow(second, usize::from(shape.width), "   "));
    lines
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

/// A line of the KPI table: a period's cells, or the headings.
fn table_row(cells: [String; 9], compact: bool) -> String {
    let [label, dates, collected, dso, best, add, cei, kept, lag] = cells;
    if compact {
        format!("{label:<14} {collected:>14} {dso:>7} {best:>7} {add:>7} {cei:>6} {kept:>8}")
    } else {
        format!(
            "{label:<18} {dates:<23} {collected:>14} {dso:>11} {best:>11} {add:>11} {cei:>7} {kept:>8} {lag:>10}"
        )
    }
}

fn headings(compact: bool) -> String {
    let (dso, best, add, cei) = if compact {
        ("DSO d", "best d", "ADD d", "CEI %")
    } else {
        ("DSO", "best DSO", "ADD", "CEI")
    };
    let cells = ["period", "from – to", "collected", dso, best, add, cei, "PTP kept", "inv. lag"];
    table_row(cells.map(str::to_owned), compact)
}

/// One period's line: named by its choice and dates, or (compact) by its
/// months or days.
fn period_row(v: &PeriodView, compact: bool) -> String {
    let k = v.kpis();
    let (days, percent) = if compact { ("", "") } else { (" days", "%") };
    let label = if compact { period_name(v.period, true) } else { v.choice.label().to_owned() };
    let cells = [
        label,
        format!("{} – {}", v.period.from, v.period.to),
        v.activity.collected.format(),
        with_unit(k.dso, days),
        with_unit(k.best_dso, days),
        with_unit(k.add, days),
        with_unit(k.cei, percent),
        rate(v.kept, v.settled),
        with_unit(average_lag_tenths(v.activity.lag_days, v.activity.lag_invoices), " days"),
    ];
    table_row(cells, compact)
}

fn kpis(
    f: &TriageFigures,
    choice: PeriodChoice,
    as_of: &str,
    shape: Shape,
    theme: Theme,
) -> Vec<Line<'static>> {
    let Some(shown) = f.view(choice) else {
        return Vec::new();
    };
    let p = shown.period;
    let mut parts = vec!["Collection KPIs".to_owned()];
    if shape.compact {
        parts.push(format!("{} ({})", period_name(p, false), choice.label()));
    } else {
        parts.push(format!(
            "{} ({}, {} to {}, {} days)",
            period_name(p, false),
            choice.label(),
            p.from,
            p.to,
            p.days()
        ));
    }
    parts.push(as_of.to_owned());
    let mut lines = header(parts, shape.width, theme);
    lines.push(Line::styled(headings(shape.compact), theme.dim()));
    lines.push(Line::raw(period_row(shown, shape.compact)));
    if let Some(other) = f.view(choice.beside()).filter(|_| !shape.one_period) {
        lines.push(Line::styled(period_row(other, shape.compact), theme.dim()));
    }
    lines
}

fn aging(f: &TriageFigures, as_of: &str, width_: u16, theme: Theme) -> Vec<Line<'static>> {
    let parts = vec!["Aging (undisputed)".to_owned(), as_of.to_owned()];
    let mut lines = header(parts, width_, theme);
    let amounts: Vec<String> = f.totals.buckets.iter().map(|m| m.format()).collect();
    let amount_w = amounts.iter().map(|a| width(a)).max().unwrap_or(0);
    let max = f.totals.buckets.iter().map(|m| m.cents()).max().unwrap_or(0).max(1);
    let room = usize::from(width_).saturating_sub(8 + 2 + amount_w).max(1) as i64;
    for ((b, amount), text) in Bucket::ALL.iter().zip(f.totals.buckets).zip(amounts) {
        let n = (amount.cents().max(0) * room / max) as usize;
        lines.push(Line::from(vec![
            Span::raw(format!("{:<8}", b.label())),
            Span::styled("█".repeat(n), theme.bucket(*b)),
            Span::raw(format!(" {text}")),
        ]));
    }
    lines
}

fn agents(
    f: &TriageFigures,
    choice: PeriodChoice,
    as_of: &str,
    shape: Shape,
    theme: Theme,
) -> (Vec<Line<'static>>, usize) {
    let Some(view) = f.view(choice) else {
        return (Vec::new(), 0);
    };
    let kept_in = period_name(view.period, shape.compact);
    if shape.compact {
        let parts = vec!["Agents".into(), format!("calls today, kept {kept_in}"), as_of.into()];
        let mut lines = header(parts, shape.agents_width(), theme);
        lines.push(Line::styled(
            format!(
                "{:<12} {:>5} {:>11} {:>5} {:>5}",
                "Agent", "Accts", "Overdue", "Calls", "Kept"
            ),
            theme.dim(),
        ));
        let heads = lines.len();
        for a in &view.agents {
            lines.push(Line::raw(format!(
                "{} {:>5} {} {:>5} {:>5}",
                pad(&a.name, 12),
                a.accounts,
                pad_left(&money_in(a.overdue, 11), 11),
                a.contacts,
                rate(a.kept, a.settled)
            )));
        }
        return (lines, heads);
    }
    let parts = vec![
        "Agents".into(),
        format!("accounts and overdue now, contacts today, kept: {kept_in} ({})", choice.label()),
        as_of.into(),
    ];
    let mut lines = header(parts, shape.width, theme);
    lines.push(Line::styled(
        format!(
            "{:<12} {:<6} {:>8} {:>16} {:>14} {:>10} {:>10}",
            "Agent", "Role", "Accounts", "Overdue", "Contacts today", "RPC today", "Kept"
        ),
        theme.dim(),
    ));
    let heads = lines.len();
    for a in &view.agents {
        lines.push(Line::raw(format!(
            "{} {} {:>8} {} {:>14} {:>10} {:>10}",
            pad(&a.name, 12),
            pad(&a.role, 6),
            a.accounts,
            pad_left(&money_in(a.overdue, 16), 16),
            a.contacts,
            a.right_party,
            rate(a.kept, a.settled)
        )));
    }
    (lines, heads)
}

/// The agents' lines cut to `rows`, keeping the headings and the last line
/// (debtors nobody has, when there are): `+N more` stands for those left
/// out.
pub fn fit_agents(mut lines: Vec<Line<'static>>, heads: usize, rows: usize) -> Vec<Line<'static>> {
    if lines.len() <= rows || rows < heads + 2 {
        lines.truncate(rows);
        return lines;
    }
    let last = lines.pop();
    let shown = rows - heads - 2;
    let more = lines.len() - heads - shown;
    lines.truncate(heads + shown);
    lines.push(Line::raw(format!("+{more} more (a taller terminal shows them)")));
    lines.extend(last);
    lines
}
