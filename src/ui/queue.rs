//! The queue pane: only the rows that fit, two lines each.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::{age, clean, fit, safe, width as cells};
use super::{Theme, pane};
use crate::app::layer::Layer;
use crate::app::{Model, Pane};
use crate::domain::contact_policy::CallingTime;
use crate::domain::people::DebtorStatus;
use crate::store::QueueRow;

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
    let block = pane("Queue", model.desk.focus == Pane::Queue, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let q = &model.desk.queue;

    let mut lines = vec![caption(model, theme)];
    if q.rows.is_empty() {
        lines.push(Line::styled(
            if q.search.is_some() { "  nothing found" } else { "  nothing in this queue" },
            theme.dim(),
        ));
    }
    let first = q.offset.max(q.start);
    let shown = model.page.min(q.rows.len().saturating_sub(first - q.start));
    for i in first..first + shown {
        let row = &q.rows[i - q.start];
        let selected = i == q.selected;
        let style = if selected { theme.selected() } else { Style::default() };
        lines.push(name_line(row, width, selected).style(style));
        lines.push(detail_line(row, width, model, theme).style(style));
    }
    frame.render_widget(Paragraph::new(safe(lines)), inner);
}

fn caption(model: &Model, theme: Theme) -> Line<'static> {
    let q = &model.desk.queue;
    if let Some(Layer::Search(input)) = model.layers.last() {
        return Line::from(vec![
            Span::styled("/", theme.key()),
            Span::raw(input.text().to_owned()),
            Span::styled("▏", theme.key()),
        ]);
    }
    let position = if q.total == 0 { 0 } else { q.selected + 1 };
    let what = match &q.search {
        Some(query) => format!("search {query:?}"),
        None => q.filter.label().to_owned(),
    };
    Line::styled(format!("{what} · {position} of {}", q.shown_total()), theme.dim())
}

fn name_line(row: &QueueRow, width: usize, selected: bool) -> Line<'static> {
    let amount = row.overdue.format_whole();
    let marker = if selected { "▶ " } else { "  " };
    let room = width.saturating_sub(amount.len() + 3);
    let name = fit(&row.name, room);
    let pad = width.saturating_sub(2 + cells(&name) + amount.len());
    Line::from(format!("{marker}{name}{}{amount}", " ".repeat(pad)))
}

/// Cells the age takes, right-aligned so that ages line up (`  97d`).
const AGE: usize = 5;
const SEP: &str = " · ";
/// Cells `SEP` takes.
const SEP_CELLS: usize = 3;

/// A flag on a row: its words, and a shorter form for a narrow pane.
struct Flag {
    full: String,
    short: String,
    style: Style,
}

fn flag(full: impl Into<String>, short: impl Into<String>, style: Style) -> Flag {
    Flag { full: full.into(), short: short.into(), style }
}

/// When the debtor may not be called now: `out of hours · 23:10` (their
/// local time), `not a calling day · Sat 10:05`.
fn calling_mark(row: &QueueRow, model: &Model, theme: Theme) -> Option<Flag> {
    let policy = &model.rules.book.contact;
    let now = model.now.with_timezone(&chrono::Utc);
    Some(match policy.calling_time(now, &row.timezone) {
        CallingTime::Open(_) => return None,
        CallingTime::OutOfHours(t) => {
            let at = t.format("%H:%M");
            flag(format!("out of hours · {at}"), format!("out {at}"), theme.warn())
        }
        CallingTime::NotACallingDay(t) => {
            let at = t.format("%a %H:%M");
            flag(format!("not a calling day · {at}"), format!("no calls · {at}"), theme.warn())
        }
        CallingTime::UnknownZone => flag("local time unknown", "zone?", theme.warn()),
    })
}

fn flags(row: &QueueRow, theme: Theme) -> Vec<Flag> {
    let mut flags = Vec::new();
    if let Some(agent) = &row.on_call {
        let agent = clean(agent);
        flags.push(flag(
            format!("on call: {agent}"),
            format!("on call: {}", fit(&agent, 8)),
            theme.info(),
        ));
    }
    if row.callback_due {
        flags.push(flag("call back", "callbk", theme.warn()));
    }
    if row.ptp_broken {
        flags.push(flag("PTP broken", "PTP brk", theme.alert()));
    }
    if row.ptp_due {
        flags.push(flag("PTP due", "PTP due", theme.warn()));
    }
    if row.over_90 {
        flags.push(flag("90+", "90+", theme.bucket(crate::domain::aging::Bucket::Over90)));
    }
    if row.disputed {
        flags.push(flag("disputed", "disp", theme.warn()));
    }
    if row.do_not_call {
        flags.push(flag("DNC", "DNC", theme.alert()));
    }
    if row.status != DebtorStatus::Active {
        let short = match row.status {
            DebtorStatus::Arrangement => "arr",
            DebtorStatus::Escalated => "esc",
            other => other.as_str(),
        };
        flags.push(flag(row.status.as_str(), short, theme.dim()));
    }
    flags
}

/// The flags that fit in `room` cells, each after a separator: all in full
/// when they fit, else shortened from the last one back (`disputed` →
/// `disp`), else as many short ones as fit and how many more there are
/// (`+2`). None is ever dropped without saying so.
fn fit_flags(flags: &[Flag], room: usize) -> Vec<(String, Style)> {
    let text = |f: &Flag, short: bool| if short { f.short.clone() } else { f.full.clone() };
    let cost =
        |texts: &[(String, Style)]| texts.iter().map(|(t, _)| cells(t) + SEP_CELLS).sum::<usize>();
    for short_from in (0..=flags.len()).rev() {
        let texts: Vec<(String, Style)> =
            flags.iter().enumerate().map(|(i, f)| (text(f, i >= short_from), f.style)).collect();
        if cost(&texts) <= room {
            return texts;
        }
    }
    for kept in (0..flags.len()).rev() {
        let mut texts: Vec<(String, Style)> =
            flags[..kept].iter().map(|f| (f.short.clone(), f.style)).collect();
        texts.push((format!("+{}", flags.len() - kept), Style::default()));
        if cost(&texts) <= room {
            return texts;
        }
    }
    Vec::new()
}

fn detail_line(row: &QueueRow, width: usize, model: &Model, theme: Theme) -> Line<'static> {
    let (age_text, age_style) = match row.oldest_overdue_on {
        Some(due) => {
            let (text, bucket) = age(due, model.today());
            (text, theme.bucket(bucket))
        }
        None => ("—".to_owned(), theme.dim()),
    };
    let age_text = format!("{age_text:>AGE$}");
    let mut used = 2 + cells(&age_text);
    let mut spans = vec![Span::raw("  "), Span::styled(age_text, age_style)];
    // Whether the debtor may be called now is never left out.
    if let Some(mark) = calling_mark(row, model, theme) {
        let full = used + SEP_CELLS + cells(&mark.full) <= width;
        let text = if full { mark.full } else { mark.short };
        used += SEP_CELLS + cells(&text);
        spans.push(Span::raw(SEP));
        spans.push(Span::styled(text, mark.style));
    }
    for (text, style) in fit_flags(&flags(row, theme), width.saturating_sub(used)) {
        spans.push(Span::raw(SEP));
        spans.push(Span::styled(text, style));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(flags: &[Flag], room: usize) -> Vec<String> {
        fit_flags(flags, room).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn flags_are_shortened_from_the_last_then_counted_never_silently_dropped() {
        let s = Style::default();
        let all = [
            flag("on call: alice", "on call: alice", s),
            flag("PTP broken", "PTP brk", s),
            flag("90+", "90+", s),
            flag("disputed", "disp", s),
        ];
        assert_eq!(texts(&all, 60), ["on call: alice", "PTP broken", "90+", "disputed"]);
        // 3 + 14 + 3 + 10 + 3 + 3 + 3 + 4 = 43
        assert_eq!(texts(&all, 43), ["on call: alice", "PTP broken", "90+", "disp"]);
        assert_eq!(texts(&all, 40), ["on call: alice", "PTP brk", "90+", "disp"]);
        assert_eq!(texts(&all, 32), ["on call: alice", "PTP brk", "+2"]);
        assert_eq!(texts(&all, 30), ["on call: alice", "+3"]);
        assert_eq!(texts(&all, 5), ["+4"]);
    }
}
