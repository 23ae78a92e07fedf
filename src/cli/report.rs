//! `recoup report promises [--as-of DATE] [--from DATE] [--format table|csv]`.

use chrono::{Datelike, NaiveDate};

use super::{Context, Failure};
use crate::domain::Money;
use crate::domain::dates::{IsoDateError, read_iso_date};
use crate::domain::promise_report::{PromiseLine, by_agent};
use crate::domain::text::{clean, quote, spreadsheet_cell, width};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
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
    /// an aligned table. Reports are read by people: CSV cells that a
    /// spreadsheet would run as formulas are neutralised, and table cells
    /// are cleaned for the terminal.
    pub fn print(self, title: &str, columns: &[&str], rows: &[Vec<String>]) -> Result<(), Failure> {
        match self {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(std::io::stdout().lock());
                w.write_record(columns)?;
                for row in rows {
                    let cells: Vec<_> = row.iter().map(|c| spreadsheet_cell(c)).collect();
                    w.write_record(cells.iter().map(|c| c.as_bytes()))?;
                }
                w.flush()?;
            }
            Format::Table => {
                println!("{title}");
                let header: Vec<String> = columns.iter().map(|c| (*c).to_owned()).collect();
                let rows: Vec<Vec<String>> = rows
                    .iter()
                    .map(|row| row.iter().map(|c| clean(c).into_owned()).collect())
                    .collect();
                print!("{}", align(&header, &rows));
            }
        }
        Ok(())
    }
}

pub fn parse_day(flag: &str, text: Option<&str>) -> Result<Option<NaiveDate>, Failure> {
    text.map(|t| {
        read_iso_date(t).map_err(|e| {
            let why = match e {
                IsoDateError::Shape => "is not a date (expected YYYY-MM-DD)".to_owned(),
                IsoDateError::NoSuchDay(why) => format!("is not a date: {why}"),
                IsoDateError::OutOfRange => "is outside the accepted years 1900 to 2199".to_owned(),
            };
            Failure::BadInput(format!("{flag} {} {why}", quote(t)))
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

/// Left-aligned first column, right-aligned numbers; widths in terminal
/// cells, so CJK and emoji names keep the columns in line.
fn align(header: &[String], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let line = |cells: &[String]| {
        cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                let pad = " ".repeat(w.saturating_sub(width(c)));
                if i == 0 { format!("{c}{pad}") } else { format!("{pad}{c}") }
            })
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
