//! `recoup report promises [--as-of DATE] [--from DATE] [--format table|csv]`.

use chrono::{Datelike, NaiveDate};

use super::{Context, Failure};
use crate::domain::Money;
use crate::domain::dates::{DayArg, IsoDateError, read_day_arg};
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

/// A report's rows as they come: CSV written at once (a report over the
/// whole book is not held in memory), a table kept until it can be aligned.
pub enum Rows {
    Csv(Box<csv::Writer<std::io::StdoutLock<'static>>>, Option<csv::Error>),
    Table(Vec<Vec<String>>),
}

impl Rows {
    /// Starts a report: CSV's header row goes out now.
    pub fn start(format: Format, columns: &[&str]) -> Result<Rows, Failure> {
        Ok(match format {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(std::io::stdout().lock());
                w.write_record(columns)?;
                Rows::Csv(Box::new(w), None)
            }
            Format::Table => Rows::Table(Vec::new()),
        })
    }

    /// One row; a CSV write that fails is said by `finish`.
    pub fn push(&mut self, row: Vec<String>) {
        match self {
            Rows::Csv(w, failed @ None) => {
                let cells: Vec<_> = row.iter().map(|c| spreadsheet_cell(c)).collect();
                if let Err(e) = w.write_record(cells.iter().map(|c| c.as_bytes())) {
                    *failed = Some(e);
                }
            }
            Rows::Csv(_, Some(_)) => {}
            Rows::Table(rows) => rows.push(row),
        }
    }

    pub fn finish(self, title: &str, columns: &[&str]) -> Result<(), Failure> {
        match self {
            Rows::Csv(_, Some(e)) => Err(e.into()),
            Rows::Csv(mut w, None) => Ok(w.flush()?),
            Rows::Table(rows) => Format::Table.print(title, columns, &rows),
        }
    }
}

/// A date flag as given (`--as-of yesterday`): read when the command
/// starts, so a malformed one is refused before any book is opened, and
/// placed on the book's today once it is.
#[derive(Clone, Debug)]
pub struct DayFlag {
    flag: &'static str,
    text: String,
    day: DayArg,
}

impl DayFlag {
    pub fn read(flag: &'static str, text: Option<&str>) -> Result<Option<DayFlag>, Failure> {
        text.map(|t| match read_day_arg(t) {
            Ok(day) => Ok(DayFlag { flag, text: t.to_owned(), day }),
            Err(e) => Err(day_failure(flag, t, e)),
        })
        .transpose()
    }

    /// The flag as typed: `--as-of`.
    pub fn flag(&self) -> &'static str {
        self.flag
    }

    /// The day meant, `today` being the book's.
    pub fn on(&self, today: NaiveDate) -> Result<NaiveDate, Failure> {
        self.day.on(today).map_err(|e| day_failure(self.flag, &self.text, e))
    }
}

/// An optional date flag's day, `today` being the book's.
pub fn day_on(flag: Option<&DayFlag>, today: NaiveDate) -> Result<Option<NaiveDate>, Failure> {
    flag.map(|f| f.on(today)).transpose()
}

/// A day after today is not refused (a lead may want the picture at a
/// future date), but said, on stderr, with what the figures assume.
pub fn warn_if_future(flag: &str, day: Option<NaiveDate>, today: NaiveDate) {
    if let Some(day) = day.filter(|d| *d > today) {
        eprintln!(
            "recoup: {flag} {day} is after today ({today} in the book's time zone); the figures assume nothing is paid before then"
        );
    }
}

fn day_failure(flag: &str, text: &str, e: IsoDateError) -> Failure {
    let why = match e {
        IsoDateError::Shape => {
            "is not a date (expected YYYY-MM-DD, today, yesterday, tomorrow, +N or -N days)"
                .to_owned()
        }
        IsoDateError::NoSuchDay(why) => format!("is not a date: {why}"),
        IsoDateError::OutOfRange => "is outside the accepted years 1900 to 2199".to_owned(),
    };
    Failure::Usage(format!("{flag} {} {why}", quote(text)))
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
    as_of: Option<&DayFlag>,
    from: Option<&DayFlag>,
    format: Format,
) -> Result<(), Failure> {
    let store = ctx.open_existing_store()?;
    let today = ctx.moment(&store)?.today;
    let as_of = day_on(as_of, today)?;
    let from = day_on(from, today)?;
    warn_if_future("--as-of", as_of, today);
    let as_of = as_of.unwrap_or(today);
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
