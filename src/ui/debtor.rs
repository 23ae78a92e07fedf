//! The selected debtor's header: who, where, terms and what is owed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Theme;
use super::text::{clean, fit, local as local_at, width as cells};
use crate::app::Model;
use crate::domain::aging::{Bucket, days_past_due};
use crate::domain::people::DebtorStatus;

const SEP: &str = " · ";
const SEP_CELLS: usize = 3;
/// A name is cut no shorter than this before items are left out.
const NAME_MIN: usize = 12;

/// One item of the header: its forms from the fullest to the shortest (an
/// empty one: it may be left out), and its rank (the lowest is shortened,
/// then left out, first).
struct Item {
    forms: Vec<String>,
    style: Style,
    rank: u8,
    /// The name: cut with an ellipsis rather than left out.
    cut: bool,
}

fn item(forms: &[String], style: Style, rank: u8) -> Item {
    // Cleaned before they are measured: names and contacts are data.
    Item { forms: forms.iter().map(|f| clean(f)).collect(), style, rank, cut: false }
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
    let block = Block::default().borders(Borders::ALL).border_style(theme.border(false));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(account) = &model.desk.account else {
        frame.render_widget(Paragraph::new(Line::styled("No debtor selected", theme.dim())), inner);
        return;
    };
    let width = usize::from(inner.width);
    let lines = header_lines(account, model, theme).into_iter().map(|l| fit_line(l, width));
    frame.render_widget(Paragraph::new(lines.collect::<Vec<_>>()), inner);
}

/// The header's lines: who and where, the contact and terms, what is owed,
/// and (regime not `none`) what may be claimed on top. Each is fitted
/// alone, so an item never moves to another line.
fn header_lines(account: &crate::store::Account, model: &Model, theme: Theme) -> Vec<Vec<Item>> {
    let d = &account.debtor;
    let plain = Style::default();
    let s = |t: &str| t.to_owned();
    let mut who = vec![Item { cut: true, ..item(std::slice::from_ref(&d.name), theme.title(), 9) }];
    who.push(item(&[d.reference.clone(), s("")], plain, 5));
    who.push(local_time(&d.timezone, model, theme));
    if d.do_not_call {
        who.push(item(&[s("DO NOT CALL"), s("DNC")], theme.alert(), 9));
    }
    if d.status != DebtorStatus::Active {
        let status = d.status.as_str();
        who.push(item(&[s(status), status.chars().take(4).collect()], theme.warn(), 6));
    }
    let contact = match account.contacts.first() {
        None => vec![s("no contact on file")],
        Some(c) if c.role.is_empty() => vec![format!("{} {}", c.name, c.phone)],
        Some(c) => {
            vec![format!("{} ({}) {}", c.name, c.role, c.phone), format!("{} {}", c.name, c.phone)]
        }
    };
    let terms = match d.terms_accepted_on {
        Some(on) => format!("Net {} · terms ok {on}", d.terms_days),
        None => format!("Net {} · terms not on file", d.terms_days),
    };
    let owner = d.assigned_to.as_deref().unwrap_or("unassigned");
    let whom = vec![
        Item { cut: true, ..item(&contact, plain, 7) },
        item(&[terms, format!("Net {}", d.terms_days), s("")], plain, 2),
        item(&[s(owner), s("")], plain, 1),
    ];
    let balance = d.balance.format();
    let mut owed =
        vec![item(&[format!("Balance {balance}"), format!("bal {balance}"), s("")], plain, 3)];
    owed.push(overdue(account, model, theme));
    if d.disputed.cents() > 0 {
        let amount = d.disputed.format();
        owed.push(item(
            &[format!("disputed {amount}"), format!("disp {amount}"), s("")],
            theme.warn(),
            4,
        ));
    }
    if let Some(t) = d.next_contact_at {
        let at = local_at(t, &model.now);
        owed.push(item(&[format!("next contact {at}"), format!("next {at}"), s("")], plain, 6));
    }
    let mut lines = vec![who, whom, owed];
    if let Some(claims) = &account.claims {
        let items = super::claims::header_items(claims, d.overdue, theme);
        lines.push(items.iter().map(|(forms, style, rank)| item(forms, *style, *rank)).collect());
    }
    if let Some(line) = &account.strategy {
        // Where it stands is kept (cut short at worst); the next step gives
        // way first, then the task.
        let mut items = vec![item(std::slice::from_ref(&line.reached), theme.dim(), 9)];
        if let Some(task) = &line.task {
            items.push(item(&[task.clone(), s("")], theme.warn(), 7));
        }
        items.push(item(&[line.next.clone(), s("")], theme.dim(), 3));
        lines.push(items);
    }
    lines
}

/// Lines the header needs: three, and one for claims, one for the strategy.
pub fn height(model: &Model) -> u16 {
    let account = model.desk.account.as_ref();
    let claims = account.is_some_and(|a| a.claims.is_some());
    let strategy = account.is_some_and(|a| a.strategy.is_some());
    5 + u16::from(claims) + u16::from(strategy)
}

/// The debtor's local time and city, never left out: `local 09:03 (New
/// York)`, or that the zone is unknown (never guessed).
fn local_time(zone: &str, model: &Model, theme: Theme) -> Item {
    let city = zone.rsplit('/').next().unwrap_or(zone).replace('_', " ");
    let now = model.now.with_timezone(&chrono::Utc);
    match model.rules.book.contact.calling_time(now, zone).local() {
        Some(t) => {
            let at = t.format("%H:%M");
            item(&[format!("local {at} ({city})"), format!("{at} {city}")], Style::default(), 8)
        }
        None => item(&["local time unknown".into(), "time?".into()], theme.warn(), 8),
    }
}

/// What is overdue, never left out.
fn overdue(account: &crate::store::Account, model: &Model, theme: Theme) -> Item {
    let d = &account.debtor;
    let amount = d.overdue.format();
    match d.oldest_overdue_on {
        Some(due) => {
            let days = days_past_due(due, model.today());
            let forms = [
                format!("overdue {amount} · oldest {days} days"),
                format!("overdue {amount} · {days}d"),
            ];
            item(&forms, theme.bucket(Bucket::for_days(days)), 9)
        }
        None => item(&[format!("overdue {amount}")], theme.good(), 9),
    }
}

/// Cells the items take in their current forms, joined.
fn joined(items: &[Item], forms: &[usize], cut: Option<usize>) -> usize {
    let shown: Vec<usize> = items
        .iter()
        .zip(forms)
        .map(|(i, &f)| match cut {
            Some(room) if i.cut => cells(&i.forms[f]).min(room),
            _ => cells(&i.forms[f]),
        })
        .filter(|w| *w > 0)
        .collect();
    shown.iter().sum::<usize>() + SEP_CELLS * shown.len().saturating_sub(1)
}

/// One line in `width` cells: items shortened lowest rank first, then the
/// name cut (down to `NAME_MIN`), then the lowest-ranked left out, then the
/// name cut further. Items that may not be left out (no empty form) stay.
fn fit_line(items: Vec<Item>, width: usize) -> Line<'static> {
    let mut forms = vec![0usize; items.len()];
    let by_rank = {
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_by_key(|&i| items[i].rank);
        order
    };
    // Shorter forms that are not empty, lowest rank first.
    for &i in &by_rank {
        while joined(&items, &forms, None) > width
            && forms[i] + 1 < items[i].forms.len()
            && !items[i].forms[forms[i] + 1].is_empty()
        {
            forms[i] += 1;
        }
    }
    let room_for_cut = |forms: &[usize]| {
        let others = joined(&items, forms, Some(0));
        let sep = if items.len() > 1 { SEP_CELLS } else { 0 };
        width.saturating_sub(others + sep)
    };
    let mut cut = None;
    if joined(&items, &forms, None) > width {
        cut = Some(room_for_cut(&forms).max(NAME_MIN));
    }
    let droppable = |i: usize| items[i].forms.last().is_some_and(String::is_empty);
    for &i in &by_rank {
        if joined(&items, &forms, cut) > width && droppable(i) {
            forms[i] = items[i].forms.len() - 1;
        }
    }
    // What was left out comes back, highest rank first, where it now fits.
    for &i in by_rank.iter().rev() {
        if droppable(i) && forms[i] == items[i].forms.len() - 1 && items[i].forms.len() > 1 {
            forms[i] -= 1;
            if joined(&items, &forms, cut) > width {
                forms[i] += 1;
            }
        }
    }
    if cut.is_some() {
        cut = Some(room_for_cut(&forms));
    }
    let mut spans = Vec::new();
    for (i, &f) in items.iter().zip(&forms) {
        let text = match cut {
            Some(room) if i.cut => fit(&i.forms[f], room),
            _ => i.forms[f].clone(),
        };
        if text.is_empty() {
            continue;
        }
        if !spans.is_empty() {
            spans.push(Span::raw(SEP));
        }
        spans.push(Span::styled(text, i.style));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(items: Vec<Item>, width: usize) -> String {
        fit_line(items, width).spans.iter().map(|s| s.content.as_ref()).collect()
    }

    fn owed() -> Vec<Item> {
        let s = |t: &str| t.to_owned();
        let p = Style::default();
        vec![
            item(&[s("Balance 12,431.48"), s("bal 12,431.48"), s("")], p, 3),
            item(&[s("overdue 12,431.48 · oldest 381 days"), s("overdue 12,431.48 · 381d")], p, 9),
            item(&[s("disputed 520.32"), s("disp 520.32"), s("")], p, 4),
            item(&[s("next contact Thu 03 Dec 10:00"), s("next Thu 03 Dec 10:00"), s("")], p, 6),
        ]
    }

    #[test]
    fn a_line_is_shortened_before_anything_is_left_out_and_never_cut_mid_item() {
        assert_eq!(
            line(owed(), 89),
            "bal 12,431.48 · overdue 12,431.48 · oldest 381 days · disp 520.32 · next Thu 03 Dec 10:00"
        );
        assert_eq!(line(owed(), 44), "overdue 12,431.48 · 381d · disp 520.32");
        assert_eq!(line(owed(), 20), "overdue 12,431.48 · 381d");
    }

    #[test]
    fn the_name_is_cut_before_the_local_time_is_left_out() {
        let s = |t: &str| t.to_owned();
        let p = Style::default();
        let who = || {
            vec![
                Item { cut: true, ..item(&[s("Wide World National Logistics Inc")], p, 9) },
                item(&[s("ACC-10001"), s("")], p, 5),
                item(&[s("local 15:03 (Paris)"), s("15:03 Paris")], p, 8),
            ]
        };
        assert_eq!(
            line(who(), 89),
            "Wide World National Logistics Inc · ACC-10001 · local 15:03 (Paris)"
        );
        assert_eq!(line(who(), 44), "Wide World Nation… · ACC-10001 · 15:03 Paris");
        assert_eq!(line(who(), 30), "Wide World Nati… · 15:03 Paris");
    }
}
