//! `recoup report agents [--from DATE] [--to DATE] [--format table|csv]`.

use chrono::{Datelike, NaiveDate};

use super::report::{DayFlag, Format, day_on, warn_if_future};
use super::{Context, Failure};
use crate::domain::Money;
use crate::store::AgentRow;

const COLUMNS: [&str; 8] = [
    "agent",
    "role",
    "accounts",
    "overdue",
    "contacts",
    "right_party_contacts",
    "promises_kept",
    "kept_rate",
];

fn cells(r: &AgentRow, money: fn(Money) -> String) -> Vec<String> {
    let rate = if r.settled > 0 { format!("{}%", r.kept * 100 / r.settled) } else { String::new() };
    vec![
        r.name.clone(),
        r.role.clone(),
        r.accounts.to_string(),
        money(r.overdue),
        r.contacts.to_string(),
        r.right_party.to_string(),
        format!("{} of {}", r.kept, r.settled),
        rate,
    ]
}

/// Contacts from the start of `from` to the end of `to`, in the book's
/// days; promises due in the same days.
pub fn run(
    ctx: &Context,
    from: Option<&DayFlag>,
    to: Option<&DayFlag>,
    format: Format,
) -> Result<(), Failure> {
    let store = ctx.open_existing_store()?;
    let today = ctx.moment(&store)?.today;
    let flag = to.map(DayFlag::flag);
    let (from, to) = (day_on(from, today)?, day_on(to, today)?);
    if let Some(flag) = flag {
        warn_if_future(flag, to, today);
    }
    let to = to.unwrap_or(today);
    let from = from.unwrap_or_else(|| to.with_day(1).unwrap_or(to));
    if from > to {
        return Err(Failure::BadInput(format!("--from {from} is after --to {to}")));
    }
    let zone = store.book_rules()?.timezone;
    let start = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(zone).earliest())
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap_or_default()
    };
    let rows = store.agent_rows(start(from), start(to.succ_opt().unwrap_or(to)), from, to)?;
    let mut total = AgentRow { name: "TOTAL".into(), ..AgentRow::default() };
    for r in &rows {
        total.accounts += r.accounts;
        total.overdue = total.overdue + r.overdue;
        total.contacts += r.contacts;
        total.right_party += r.right_party;
        total.kept += r.kept;
        total.settled += r.settled;
    }
    let money = format.money();
    let mut table: Vec<Vec<String>> = rows.iter().map(|r| cells(r, money)).collect();
    table.push(cells(&total, money));
    format.print(&format!("Agents from {from} to {to}"), &COLUMNS, &table)
}
