//! `recoup report aging [--as-of DATE] [--by agent|debtor] [--format table|csv]`.

use super::report::{DayFlag, Format, day_on, warn_if_future};
use super::{Context, Failure};
use crate::domain::Money;
use crate::domain::aging_report::{AgingLine, aging};
use crate::store::AgingBy;

const COLUMNS: [&str; 9] =
    ["group", "current", "1-30", "31-60", "61-90", "90+", "disputed", "total", "overdue"];

fn cells(l: &AgingLine, money: fn(Money) -> String) -> Vec<String> {
    let mut row = vec![l.label.clone()];
    row.extend(l.buckets.iter().map(|m| money(*m)));
    row.push(money(l.disputed));
    row.push(money(l.total()));
    row.push(money(l.overdue()));
    row
}

pub fn run(
    ctx: &Context,
    as_of: Option<&DayFlag>,
    by: AgingBy,
    format: Format,
) -> Result<(), Failure> {
    let store = ctx.open_existing_store()?;
    let today = ctx.moment(&store)?.today;
    let as_of = day_on(as_of, today)?;
    warn_if_future("--as-of", as_of, today);
    let as_of = as_of.unwrap_or(today);
    let items = store.open_items(as_of, by)?;
    let (lines, total) = aging(&items, as_of);
    let money = format.money();
    let mut rows: Vec<Vec<String>> = if by == AgingBy::Total {
        Vec::new()
    } else {
        lines.iter().map(|l| cells(l, money)).collect()
    };
    rows.push(cells(&total, money));
    let title = format!("Aging of open receivables as of {as_of} (disputed invoices apart)");
    format.print(&title, &COLUMNS, &rows)
}
