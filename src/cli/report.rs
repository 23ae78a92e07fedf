//! `recoup report promises [--as-of DATE] [--from DATE] [--format table|csv]`.

use chrono::{Datelike, NaiveDate};

use super::{Context, Failure};
use crate::domain::Money;
use crate::domain::dates::parse_iso_date;
use crate::domain::promise_report::{PromiseLine, by_agent};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
}

impl Format {
    /// Tables group thousands like the workstation; CSV stays plain.
    pub fn money(self) -> fn(Money) -> String {
        match self {
            Format::Csv => Money::format_plain,
            Format::Table => Money::format,
        }
    }

    /// Prints a report to stdout: CSV with its header row, or a title over
    /// an aligned table.
    pub fn print(self, title: &str, columns: &[&str], rows: &[Vec<String>]) -> Result<(), Failure> {
        match self {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(std::io::stdout().lock());
                w.write_record(columns)?;
                for row in rows {
                    w.write_record(row)?;
                }
                w.flush()?;
            }
            Format::Table => {
                println!("{title}");
                let header: Vec<String> = columns.iter().map(|c| (*c).to_owned()).collect();
                print!("{}", align(&header, rows));
            }
        }
        Ok(())
    }
}

pub fn parse_day(flag: &str, text: Option<&str>) -> Result<Option<NaiveDate>, Failure> {
    text.map(|t| {
        parse_iso_date(t).ok_or_else(|| {
            Failure::BadInput(format!("{flag} {t:?} is not a date (expected YYYY-MM-DD)"))
        })
    })
    .transpose()
}

const COLUMNS: [&str; 15] = [
    "agent",
    "due",
    "due_amount",
    "kept",
    "kept_amount",
    "partly_kept",
    "partly_kept_amount",
    "partly_paid",
    "broken",
    "broken_amount",
    "open",
    "open_amount",
    "cancelled",
    "kept_rate",
    "kept_rate_by_amount",
];

fn cells(l: &PromiseLine, money: fn(Money) -> String) -> Vec<String> {
    let pct = |p: Option<u32>| p.map(|p| format!("{p}%")).unwrap_or_default();
    vec![
        l.agent.clone(),
        l.due.to_string(),
        money(l.due_amount),
        l.kept.to_string(),
        money(l.kept_amount),
        l.partly_kept.to_string(),
        money(l.partly_kept_amount),
        money(l.partly_paid),
        l.broken.to_string(),
        money(l.broken_amount),
        l.open.to_string(),
        money(l.open_amount),
        l.cancelled.to_string(),
        pct(l.kept_rate()),
        pct(l.kept_rate_by_amount()),
    ]
}

pub fn promises(
    ctx: &Context,
    as_of: Option<NaiveDate>,
    from: Option<NaiveDate>,
    format: Format,
) -> Result<(), Failure> {
    let store = ctx.open_existing_store()?;
    let as_of = as_of.unwrap_or(ctx.moment(&store)?.today);
    let from = from.unwrap_or_else(|| as_of.with_day(1).unwrap_or(as_of));
    if from > as_of {
        return Err(Failure::BadInput(format!("--from {from} is after the as-of date {as_of}")));
    }
    let policy = store.book_rules()?.policy;
    let rows = store.promises_due(from, as_of, as_of, policy.grace_days)?;
    let (lines, total) = by_agent(rows);
    let money = format.money();
    let mut table: Vec<Vec<String>> = lines.iter().map(|l| cells(l, money)).collect();
    table.push(cells(&total, money));
    let title =
        format!("Promises due {from} to {as_of}, as of {as_of} (grace {} days)", policy.grace_days);
    format.print(&title, &COLUMNS, &table)
}

/// Left-aligned first column, right-aligned numbers.
fn align(header: &[String], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| if i == 0 { format!("{c:<w$}") } else { format!("{c:>w$}") })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_owned()
            + "\n"
    };
    let mut out = line(header);
    for row in rows {
        out.push_str(&line(row));
    }
    out
}
