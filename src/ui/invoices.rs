//! The Invoices pane: terms and due dates up front, age in words and colour.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::claims;
use super::text::{clean, money_in, short_date};
use super::{Theme, pane};
use crate::app::{Model, Pane};
use crate::domain::aging::{Bucket, days_past_due};
use crate::domain::interest::{Claim, UnknownRate};
use crate::store::InvoiceRow;

/// Cells for an amount: a right-aligned text that is too wide loses its
/// front (`,000,000.00`), so amounts are shortened to fit instead (amounts
/// are never negative: `999,999.99` is the widest kept whole).
const AMOUNT: usize = 10;
/// Cells the age takes at the start of its column, right-aligned:
/// `1203d`, `in 12d`, `today`.
const AGE: usize = 6;
/// Cells for interest (`unknown`, `waived` and up to `99,999.99`).
const INTEREST: usize = 9;
/// Cells for compensation (`100.00`, `waived`).
const COMP: usize = 6;

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
    let focused = model.desk.focus == Pane::Invoices;
    let block = pane("Invoices", focused, theme);
    let Some(account) = &model.desk.account else {
        frame.render_widget(Paragraph::new("").block(block), area);
        return;
    };
    if account.invoices.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled("No invoices", theme.dim())).block(block),
            area,
        );
        return;
    }
    let today = model.today();
    // Narrow terminals keep what matters on a call: number, due date,
    // balance and age.
    let wide = area.width >= 84;
    let with_claims = account.claims.is_some();
    let rows = account.invoices.iter().map(|inv| {
        let r = row(inv, today, wide, with_claims, theme);
        match claims::of_invoice(account, inv.id) {
            None => Row::new(r),
            Some(claim) => Row::new(with_claim(r, claim, wide, theme)),
        }
    });
    let (titles, widths) = if with_claims { claim_columns(wide) } else { columns(wide) };
    let header = Row::new(titles).style(theme.title());
    let table = Table::new(rows, widths)
        .header(header)
        .block(block)
        .row_highlight_style(if focused { theme.selected() } else { Style::default() });
    let mut state = TableState::default().with_selected(Some(model.desk.invoice_selected));
    frame.render_stateful_widget(table, area, &mut state);
}

/// One invoice: its number and dates, amounts, and its age (or state).
/// With claims, the issue date and lag give way to interest and
/// compensation (wide), the due date to interest (narrow).
fn row(
    inv: &InvoiceRow,
    today: NaiveDate,
    wide: bool,
    with_claims: bool,
    theme: Theme,
) -> Vec<Cell<'static>> {
    let lag =
        inv.supplied_on.map(|s| format!("{}d", (inv.issued_on - s).num_days())).unwrap_or_default();
    let mut cells = vec![Cell::from(clean(&inv.number))];
    if wide && !with_claims {
        cells.push(Cell::from(short_date(inv.issued_on)));
    }
    if wide || !with_claims {
        cells.push(Cell::from(short_date(inv.due_on)));
    }
    if wide && !with_claims {
        cells.push(Cell::from(Line::from(lag).right_aligned()));
    }
    if wide {
        cells.push(Cell::from(Line::from(money_in(inv.amount, AMOUNT)).right_aligned()));
    }
    cells.push(Cell::from(Line::from(money_in(inv.balance, AMOUNT)).right_aligned()));
    cells.push(Cell::from(age(inv, today, wide, theme)));
    cells
}

/// The claim's cells put in before the age: interest, and compensation
/// when wide.
fn with_claim(
    mut cells: Vec<Cell<'static>>,
    claim: Option<&Result<Claim, UnknownRate>>,
    wide: bool,
    theme: Theme,
) -> Vec<Cell<'static>> {
    let age = cells.pop().unwrap_or_default();
    cells.push(Cell::from(claims::interest_cell(claim, INTEREST, theme)));
    if wide {
        cells.push(Cell::from(claims::compensation_cell(claim, COMP, theme)));
    }
    cells.push(age);
    cells
}

/// The age, right-aligned in the first cells of its column so that ages
/// line up, then the bucket; paid comes first (a dispute on a paid invoice
/// is history), a dispute instead of the age.
fn age(inv: &InvoiceRow, today: NaiveDate, wide: bool, theme: Theme) -> Span<'static> {
    let days = days_past_due(inv.due_on, today);
    let bucket = Bucket::for_days(days);
    let age = match days {
        d if d > 0 => format!("{d}d"),
        0 => "today".to_owned(),
        d => format!("in {}d", -d),
    };
    if inv.balance.cents() == 0 {
        Span::styled(format!("{:>AGE$}", "paid"), theme.good())
    } else if let Some(reason) = &inv.dispute_reason {
        let text =
            if wide { format!("disputed: {}", clean(reason)) } else { format!("{:>AGE$}", "disp") };
        Span::styled(text, theme.warn())
    } else if wide {
        Span::styled(format!("{age:>AGE$} {}", bucket.label()), theme.bucket(bucket))
    } else {
        Span::styled(format!("{age:>AGE$}"), theme.bucket(bucket))
    }
}

/// The column titles and widths.
fn columns(wide: bool) -> (Vec<Line<'static>>, Vec<Constraint>) {
    let age_title = || Line::from(format!("{:>AGE$}", "Age"));
    if wide {
        (
            vec![
                "Invoice".into(),
                "Issued".into(),
                "Due".into(),
                Line::from("Lag").right_aligned(),
                Line::from("Amount").right_aligned(),
                Line::from("Balance").right_aligned(),
                age_title(),
            ],
            vec![
                Constraint::Length(14),
                Constraint::Length(9),
                Constraint::Length(9),
                Constraint::Length(4),
                Constraint::Length(AMOUNT as u16),
                Constraint::Length(AMOUNT as u16),
                Constraint::Min(10),
            ],
        )
    } else {
        (
            vec![
                "Invoice".into(),
                "Due".into(),
                Line::from("Balance").right_aligned(),
                age_title(),
            ],
            vec![
                Constraint::Length(14),
                Constraint::Length(9),
                Constraint::Length(AMOUNT as u16),
                Constraint::Min(AGE as u16),
            ],
        )
    }
}

/// The columns when the account carries claims: wide, number, due date,
/// amount, balance, interest, compensation, age; narrow, number, balance,
/// interest, age.
fn claim_columns(wide: bool) -> (Vec<Line<'static>>, Vec<Constraint>) {
    let age_title = || Line::from(format!("{:>AGE$}", "Age"));
    let money = |n: usize| Constraint::Length(n as u16);
    if wide {
        (
            vec![
                "Invoice".into(),
                "Due".into(),
                Line::from("Amount").right_aligned(),
                Line::from("Balance").right_aligned(),
                Line::from("Interest").right_aligned(),
                Line::from("Comp").right_aligned(),
                age_title(),
            ],
            vec![
                Constraint::Length(14),
                Constraint::Length(9),
                money(AMOUNT),
                money(AMOUNT),
                money(INTEREST),
                money(COMP),
                Constraint::Min(10),
            ],
        )
    } else {
        (
            vec![
                "Invoice".into(),
                Line::from("Balance").right_aligned(),
                Line::from("Interest").right_aligned(),
                age_title(),
            ],
            vec![
                Constraint::Length(14),
                money(AMOUNT),
                money(INTEREST),
                Constraint::Min(AGE as u16),
            ],
        )
    }
}
