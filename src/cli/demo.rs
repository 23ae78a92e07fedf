//! `recoup demo` and `--demo`: generated books, and only ever into a file
//! that is new or already a demo book.

use std::time::Instant;

use super::{Context, Failure};
use crate::demo::{DemoCounts, DemoOptions, generate};
use crate::domain::text::counted;
use crate::store::{NewBook, Store, StoreError};

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
    let counts = write_new_demo(ctx, opts)?;
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

/// `recoup demo`: the book is written beside the path, without a journal,
/// and renamed into place when it is complete; a kill leaves only the
/// partial file, which the next run removes.
fn write_new_demo(ctx: &Context, opts: DemoOptions) -> Result<DemoCounts, Failure> {
    let mut name = ctx.db.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    let partial = ctx.db.with_file_name(name);
    let remove = |p: &std::path::Path| {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let mut f = p.as_os_str().to_owned();
            f.push(suffix);
            let _ = std::fs::remove_file(f);
        }
    };
    remove(&partial);
    let written = (|| {
        let zone = crate::clock::system_zone();
        let store = Store::open_with(&partial, &NewBook { timezone: zone.name() })?;
        store.write_unjournaled()?;
        let counts = generate(&store, store.moment(ctx.clock.now_utc())?, opts)?;
        store.write_journaled()?;
        drop(store);
        std::fs::File::open(&partial)
            .and_then(|f| f.sync_all())
            .map_err(|e| StoreError::Failed(format!("cannot write {}: {e}", partial.display())))?;
        Ok::<_, StoreError>(counts)
    })();
    match written {
        Ok(counts) => {
            std::fs::rename(&partial, &ctx.db).map_err(|e| {
                Failure::Runtime(format!(
                    "cannot move the demo book into {}: {e}",
                    ctx.db.display()
                ))
            })?;
            Ok(counts)
        }
        Err(e) => {
            remove(&partial);
            Err(e.into())
        }
    }
}

fn write_demo(ctx: &Context, opts: DemoOptions) -> Result<DemoCounts, Failure> {
    let store = ctx.open_store()?;
    let at = ctx.moment(&store)?;
    Ok(generate(&store, at, opts)?)
}
