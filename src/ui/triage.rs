//! The triage screen: the figures' blocks (src/ui/triage_figures.rs) over
//! every debtor of the filter, with the ones selected for a bulk action. At
//! 80x24 the aging sits beside the agents so the bars, the agents (the line
//! of debtors nobody has always kept) and a few debtors all show.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::text::{age, clean, money_in, pad, safe};
use super::triage_figures::{Blocks, Shape, WIDE, blocks, fit_agents};
use super::{Theme, pane};
use crate::app::Model;
use crate::app::layer::Layer;
use crate::app::triage::Triage;
use crate::app::triage_select::grouped;
use crate::domain::aging::Bucket;
use crate::domain::people::DebtorStatus;
use crate::store::QueueRow;

/// Below this many rows inside the pane the figures are laid out compactly.
const TALL: u16 = 30;
/// Below this many, the period beside the one shown is left out.
const SHORT: u16 = 26;
/// The list keeps at least its caption, headings and three debtors.
const MIN_LIST: u16 = 5;

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, t: &Triage, theme: Theme) {
    frame.render_widget(Clear, area);
    let block = pane("Triage", true, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(f) = &t.figures else {
        let [top, list] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(inner);
        frame.render_widget(Paragraph::new(Line::styled("Reading the book…", theme.dim())), top);
        draw_list(frame, list, model, t, theme);
        return;
    };
    let compact = inner.width < WIDE || inner.height < TALL;
    let shape = Shape {
        width: inner.width,
        compact,
        one_period: compact && inner.height < SHORT,
        aging_width: inner.width.saturating_sub(2) * 46 / 100,
    };
    let b = blocks(f, t.period, &model.now, shape, theme);
    let list = draw_figures(frame, inner, b, shape);
    draw_list(frame, list, model, t, theme);
}

/// Draws the blocks from the top of `area`; returns what is left for the
/// list.
fn draw_figures(frame: &mut Frame<'_>, area: Rect, b: Blocks, shape: Shape) -> Rect {
    let len = |lines: &Vec<Line<'_>>| lines.len() as u16;
    let top = len(&b.book) + len(&b.kpis);
    let aging = len(&b.aging);
    // The agents take what the list can spare, the last line always kept.
    let spare = area.height.saturating_sub(top + MIN_LIST);
    let agents_rows = if shape.compact {
        len(&b.agents).clamp(aging, spare.max(aging))
    } else {
        len(&b.agents).min(spare.saturating_sub(aging))
    };
    let agents = fit_agents(b.agents, b.agents_heads, usize::from(agents_rows));
    let band = if shape.compact { agents_rows.max(aging) } else { aging + agents_rows };
    let [book, kpis, band_area, list] = Layout::vertical([
        Constraint::Length(len(&b.book)),
        Constraint::Length(len(&b.kpis)),
        Constraint::Length(band),
        Constraint::Min(0),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(b.book), book);
    frame.render_widget(Paragraph::new(b.kpis), kpis);
    let (aging_area, agents_area) = if shape.compact {
        let [a, _, g] = Layout::horizontal([
            Constraint::Length(shape.aging_width),
            Constraint::Length(2),
            Constraint::Min(0),
        ])
        .areas(band_area);
        (a, g)
    } else {
        let [a, g] =
            Layout::vertical([Constraint::Length(aging), Constraint::Min(0)]).areas(band_area);
        (a, g)
    };
    frame.render_widget(Paragraph::new(b.aging), aging_area);
    frame.render_widget(Paragraph::new(safe(agents)), agents_area);
    list
}

fn draw_list(frame: &mut Frame<'_>, area: Rect, model: &Model, t: &Triage, theme: Theme) {
    let q = &t.list;
    let mut lines = vec![caption(model, t, theme)];
    // Names take what the other columns and about 40 columns of flags leave.
    let compact = area.width < WIDE;
    let (money_w, age_w) = if compact { (12, 6) } else { (14, 10) };
    let name_w = usize::from(area.width).saturating_sub(50 + 40).clamp(20, 44);
    lines.push(Line::styled(
        format!(
            "    {:<name_w$} {:<10} {:<8} {:>money_w$} {:>age_w$} flags",
            "name", "ref", "agent", "overdue", "oldest"
        ),
        theme.dim(),
    ));
    if q.rows.is_empty() && q.search.is_some() {
        lines.push(Line::styled("    nothing found", theme.dim()));
    }
    let room = area.height.saturating_sub(2) as usize;
    let first = q.offset.max(q.start).max((q.selected + 1).saturating_sub(room));
    let today = model.today();
    for i in first..(first + room).min(q.start + q.rows.len()) {
        let row = &q.rows[i - q.start];
        let chosen = if t.selection.contains(row.debtor_id()) { "[x]" } else { "[ ]" };
        let (days, bucket) = row
            .oldest_overdue_on
            .map(|d| age(d, today))
            .unwrap_or_else(|| ("-".into(), Bucket::Current));
        let owner = row.assigned.as_deref().unwrap_or("—");
        let line = Line::from(vec![
            Span::raw(format!(
                "{chosen} {} {} {} ",
                pad(&row.name, name_w),
                pad(&row.reference, 10),
                pad(owner, 8)
            )),
            Span::raw(format!("{:>money_w$} ", money_in(row.overdue, money_w))),
            Span::styled(format!("{days:>age_w$} "), theme.bucket(bucket)),
            Span::raw(flags(row, t).join(" · ")),
        ]);
        let style = if i == q.selected { theme.selected() } else { Style::default() };
        lines.push(line.style(style));
    }
    frame.render_widget(Paragraph::new(safe(lines)), area);
}

/// `Debtors · owing 90+ · 3 of 120 · 2 selected`; with a search, what was
/// searched for, or the search line being typed.
fn caption(model: &Model, t: &Triage, theme: Theme) -> Line<'static> {
    let q = &t.list;
    let filter = q.filter.label();
    let typing = match model.layers.as_slice() {
        [.., Layer::Triage(_), Layer::Search(input)] => Some(input.text().to_owned()),
        _ => None,
    };
    if let Some(typed) = typing {
        return Line::from(vec![
            Span::styled(format!("Debtors · {filter} · search "), theme.title()),
            Span::styled("/", theme.key()),
            Span::raw(typed),
            Span::styled("▏", theme.key()),
        ]);
    }
    let position = if q.total == 0 { 0 } else { q.selected + 1 };
    let selected = t.selected().unwrap_or_else(|| "0 selected".into());
    let search = match &q.search {
        Some(query) if t.search_complete => format!(" · search {query:?}"),
        Some(query) => format!(" · search {query:?} (the first {}; type more)", q.total),
        None => String::new(),
    };
    let total = if q.counted { grouped(q.total) } else { format!("{}+", grouped(q.total)) };
    Line::styled(
        format!("Debtors · {filter}{search} · {position} of {total} · {selected}"),
        theme.title(),
    )
}

/// What a row's flags say; an escalation names where it went.
fn flags(row: &QueueRow, t: &Triage) -> Vec<String> {
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
    match (row.status, t.escalated.get(&row.debtor_id())) {
        (DebtorStatus::Active, _) => {}
        (DebtorStatus::Escalated, Some(to)) => flags.push(format!("escalated: {}", to.as_str())),
        (status, _) => flags.push(status.as_str().into()),
    }
    if row.pin > 0 {
        flags.push(format!("pin {}", row.pin));
    }
    flags
}
