//! `recoup demo`: write a generated book into a new database.

use std::time::Instant;

use super::{Context, Failure};
use crate::demo::{DemoCounts, DemoOptions, generate};
use crate::domain::Policy;
use crate::store::Store;

pub fn run(ctx: &Context, opts: DemoOptions, policy: &Policy) -> Result<(), Failure> {
    if ctx.db.exists() && std::fs::metadata(&ctx.db)?.len() > 0 {
        return Err(Failure::BadInput(format!(
            "{} already exists; recoup demo writes a new database (remove the file or choose another --db)",
            ctx.db.display()
        )));
    }
    let started = Instant::now();
    let counts = write_demo(ctx, opts, policy)?;
    eprintln!(
        "wrote {} debtors, {} invoices, {} payments, {} promises, {} calls, {} notes to {} in {:.1} s",
        counts.debtors,
        counts.invoices,
        counts.payments,
        counts.promises,
        counts.calls,
        counts.notes,
        ctx.db.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Creates the demo database if it has no debtors yet.
pub fn ensure(ctx: &Context, policy: &Policy) -> Result<(), Failure> {
    let store = ctx.open_store()?;
    if store.check()?.debtors > 0 {
        return Ok(());
    }
    drop(store);
    write_demo(ctx, DemoOptions::default(), policy)?;
    Ok(())
}

fn write_demo(ctx: &Context, opts: DemoOptions, policy: &Policy) -> Result<DemoCounts, Failure> {
    let store: Store = ctx.open_store()?;
    Ok(generate(&store, ctx.clock.moment(), opts, policy)?)
}
