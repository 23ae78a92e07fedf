//! `recoup demo` and `--demo`: generated books, and only ever into a file
//! that is new or already a demo book.

use std::time::Instant;

use super::{Context, Failure};
use crate::demo::{DemoCounts, DemoOptions, generate};
use crate::domain::text::counted;

/// Whether there is a book (a non-empty file) at the path; anything but a
/// regular file is refused.
fn book_exists(ctx: &Context) -> Result<bool, Failure> {
    Ok(crate::store::book_file(&ctx.db)? == crate::store::BookFile::Existing)
}

pub fn run(ctx: &Context, opts: DemoOptions) -> Result<(), Failure> {
    if book_exists(ctx)? {
        return Err(Failure::BadInput(format!(
            "{} already exists; recoup demo writes a new database (remove the file or choose another --db)",
            ctx.db.display()
        )));
    }
    let started = Instant::now();
    let counts = write_demo(ctx, opts)?;
    eprintln!(
        "wrote {}, {}, {}, {}, {}, {} to {} in {:.1} s",
        counted(counts.debtors, "debtor", "debtors"),
        counted(counts.invoices, "invoice", "invoices"),
        counted(counts.payments, "payment", "payments"),
        counted(counts.promises, "promise", "promises"),
        counted(counts.calls, "call", "calls"),
        counted(counts.notes, "note", "notes"),
        ctx.db.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `--demo`: the demo book at the path, made on first use. A book that is
/// not a demo book is refused, whatever it holds: demo data never goes into
/// a real book, and `--demo` never opens one as a demo.
pub fn ensure(ctx: &Context) -> Result<(), Failure> {
    if book_exists(ctx)? {
        // Looked at before it is opened: a book that is not a demo book is
        // left exactly as it was.
        if !crate::store::is_demo_book(&ctx.db)? {
            return Err(Failure::BadInput(format!(
                "{} is not a demo book: --demo opens only a book that `recoup demo` made (leave out --demo to open this one)",
                ctx.db.display()
            )));
        }
        let store = ctx.open_existing_store()?;
        if store.has_debtors()? {
            return Ok(());
        }
    }
    write_demo(ctx, DemoOptions::default())?;
    Ok(())
}

fn write_demo(ctx: &Context, opts: DemoOptions) -> Result<DemoCounts, Failure> {
    let store = ctx.open_store()?;
    let at = ctx.moment(&store)?;
    Ok(generate(&store, at, opts)?)
}
