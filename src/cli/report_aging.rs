//! `recoup report aging [--as-of DATE] [--by agent|debtor] [--format table|csv]`.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::report::{DayFlag, Format, day_on, warn_if_future};
use super::{Context, Failure};
use crate::domain::Money;
use crate::domain::aging_report::{AgingLine, AgingTally, DISPUTED_SLOT, ItemInterest};
use crate::store::{AgingBy, Store};

/// The first nine as before issue 13; then claimable interest and
/// compensation per late bucket and disputed (`current` is never late).
const COLUMNS: [&str; 19] = [
    "group",
    "current",
    "1-30",
    "31-60",
    "61-90",
    "90+",
    "disputed",
    "total",
    "overdue",
    "interest_1-30",
    "interest_31-60",
    "interest_61-90",
    "interest_90+",
    "interest_disputed",
    "compensation_1-30",
    "compensation_31-60",
    "compensation_61-90",
    "compensation_90+",
    "compensation_disputed",
];

fn cells(l: &AgingLine, money: fn(Money) -> String) -> Vec<String> {
    let mut row = vec![l.label.clone()];
    row.extend(l.buckets.iter().map(|m| money(*m)));
    row.push(money(l.disputed));
    row.push(money(l.total()));
    row.push(money(l.overdue()));
    for figures in [&l.interest, &l.compensation] {
        row.extend(
            (1..=DISPUTED_SLOT).map(|slot| {
                if l.unknown[slot] { "unknown".to_owned() } else { money(figures[slot]) }
            }),
        );
    }
    row
}

/// Each invoice's claim as of the day (where there is one), from one pass
/// over the debtors with a regime.
fn claims(store: &Store, as_of: NaiveDate) -> Result<FxHashMap<i64, ItemInterest>, Failure> {
    let mut claims: FxHashMap<i64, ItemInterest> = FxHashMap::default();
    store.for_each_interest_claim(as_of, |d| {
        for inv in &d.invoices {
            let figure = match &inv.claim {
                Ok(c)
                    if c.claimable_interest().is_zero() && c.claimable_compensation().is_zero() =>
                {
                    continue;
                }
                Ok(c) => ItemInterest::Known {
                    interest: c.claimable_interest(),
                    compensation: c.claimable_compensation(),
                },
                Err(_) => ItemInterest::Unknown,
            };
            claims.insert(inv.id, figure);
        }
        Ok(())
    })?;
    Ok(claims)
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
    let claims = claims(&store, as_of)?;
    let mut tally = AgingTally::new(as_of);
    store.for_each_open_item(as_of, by, |mut item| {
        if let Some(figure) = claims.get(&item.invoice_id) {
            item.interest = *figure;
        }
        tally.add(&item);
    })?;
    let (lines, total) = tally.lines();
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
