//! `recoup report interest [--as-of DATE] [--format table|csv]`: per late
//! invoice of every debtor with a regime, what may be claimed on top of the
//! principal, and a TOTAL line. A figure that needs a rate the book lacks is
//! `unknown`, never 0.

use super::report::{DayFlag, Format, Rows, day_on, warn_if_future};
use super::{Context, Failure};
use crate::domain::Money;
use crate::domain::interest::ClaimTotal;
use crate::domain::interest_terms::format_percent;
use crate::store::InvoiceClaim;

pub const COLUMNS: [&str; 9] = [
    "debtor_ref",
    "invoice_number",
    "due_on",
    "principal_unpaid",
    "days_late",
    "rate_percent",
    "interest",
    "compensation",
    "waived",
];

const UNKNOWN: &str = "unknown";

fn cells(debtor_ref: &str, inv: &InvoiceClaim, money: fn(Money) -> String) -> Vec<String> {
    let mut row = vec![
        debtor_ref.to_owned(),
        inv.number.clone(),
        inv.due_on.to_string(),
        money(inv.principal_unpaid),
        inv.days_late.to_string(),
    ];
    match &inv.claim {
        Ok(c) => row.extend([
            c.rate_bp.map(format_percent).unwrap_or_default(),
            money(c.claimable_interest()),
            money(c.claimable_compensation()),
            money(c.waived_amount()),
        ]),
        Err(_) => row.extend([UNKNOWN; 4].map(str::to_owned)),
    }
    row
}

fn total_cells(
    total: Option<&ClaimTotal>,
    principal: Money,
    money: fn(Money) -> String,
) -> Vec<String> {
    let mut row = vec!["TOTAL".to_owned(), String::new(), String::new(), money(principal)];
    row.extend([String::new(), String::new()]);
    match total {
        Some(t) => row.extend([money(t.interest), money(t.compensation), money(t.waived)]),
        None => row.extend([UNKNOWN; 3].map(str::to_owned)),
    }
    row
}

pub fn run(ctx: &Context, as_of: Option<&DayFlag>, format: Format) -> Result<(), Failure> {
    let store = ctx.open_existing_store()?;
    let today = ctx.moment(&store)?.today;
    let as_of = day_on(as_of, today)?;
    warn_if_future("--as-of", as_of, today);
    let as_of = as_of.unwrap_or(today);
    let money = format.money();
    let mut rows = Rows::start(format, &COLUMNS)?;
    let (mut total, mut principal, mut unknown) = (ClaimTotal::default(), Money::ZERO, None);
    store.for_each_interest_claim(as_of, |d| {
        for inv in d.late() {
            rows.push(cells(&d.debtor_ref, inv, money));
            principal = principal + inv.principal_unpaid;
            match &inv.claim {
                Ok(c) => total.add(c),
                Err(e) => unknown = unknown.or(Some(*e)),
            }
        }
        Ok(())
    })?;
    rows.push(total_cells(unknown.is_none().then_some(&total), principal, money));
    if let Some(e) = unknown {
        eprintln!("recoup: some interest is unknown: {e}");
    }
    let title = format!("Late-payment interest and compensation as of {as_of} (after waivers)");
    rows.finish(&title, &COLUMNS)
}
