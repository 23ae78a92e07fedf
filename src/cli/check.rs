//! `recoup check`: integrity of the database; exit 1 when something is wrong.
//! The file is looked at before it is opened as a book, so a file that is
//! not a book, of an unknown version, or damaged is reported, not refused.

use super::{Context, Failure};
use crate::domain::text::counted;

pub fn run(ctx: &Context) -> Result<(), Failure> {
    // No book there (missing, empty, not a regular file) is said in the
    // usual words, and nothing is created.
    ctx.existing_book()?;
    let shown = ctx.db.display();
    let early = crate::store::inspect(&ctx.db)
        .map_err(|e| Failure::Runtime(format!("cannot read {shown}: {e}")))?;
    if !early.is_empty() {
        println!("{shown}: not checked further");
        return problems(ctx, &early);
    }
    let store = ctx.open_existing_store()?;
    let report = store.check()?;
    let n = |count: i64, one: &str, many: &str| counted(count as usize, one, many);
    println!(
        "{shown}: {}, {}, {}, {}; time zone {}",
        n(report.debtors, "debtor", "debtors"),
        n(report.invoices, "invoice", "invoices"),
        n(report.payments, "payment", "payments"),
        n(report.notes, "note", "notes"),
        report.timezone
    );
    if report.problems.is_empty() {
        println!("ok");
        return Ok(());
    }
    problems(ctx, &report.problems)
}

fn problems(ctx: &Context, found: &[String]) -> Result<(), Failure> {
    for p in found {
        println!("problem: {p}");
    }
    let n = found.len();
    Err(Failure::Runtime(format!(
        "{} found in {}",
        crate::domain::text::counted(n, "problem", "problems"),
        ctx.db.display()
    )))
}
