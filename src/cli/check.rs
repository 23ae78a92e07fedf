//! `recoup check`: integrity of the database; exit 1 when something is wrong.

use super::{Context, Failure};

pub fn run(ctx: &Context) -> Result<(), Failure> {
    let store = ctx.open_existing_store()?;
    let report = store.check()?;
    println!(
        "{}: {} debtors, {} invoices, {} payments, {} notes",
        ctx.db.display(),
        report.debtors,
        report.invoices,
        report.payments,
        report.notes
    );
    if report.problems.is_empty() {
        println!("ok");
        return Ok(());
    }
    for p in &report.problems {
        println!("problem: {p}");
    }
    Err(Failure::Runtime(format!(
        "{} found in {}",
        crate::domain::text::counted(report.problems.len(), "problem", "problems"),
        ctx.db.display()
    )))
}
