//! `recoup rates import FILE` (a lead's; `-` reads standard input, so it
//! works over SSH) and `recoup rates list [--format table|csv]`: the
//! reference rates the `uk` and `eu` interest regimes follow.

use std::path::Path;

use super::args::RatesAction;
use super::import::{reject, source::read_input};
use super::report::Format;
use super::{Context, Failure};
use crate::domain::audit_chain::text_fingerprint;
use crate::domain::interest_terms::format_percent;
use crate::domain::text::{clean, counted};
use crate::import::{RATE_COLUMNS, read_rates};

pub fn run(ctx: &Context, action: RatesAction) -> Result<(), Failure> {
    match action {
        RatesAction::Import { file } => import(ctx, &file),
        RatesAction::List { format } => list(ctx, format),
    }
}

fn import(ctx: &Context, file: &Path) -> Result<(), Failure> {
    let bytes = read_input(file)?;
    let shown = clean(&file.display().to_string()).into_owned();
    let text = String::from_utf8(bytes).map_err(|_| {
        Failure::BadInput(format!("{shown} is not UTF-8 text; nothing was imported"))
    })?;
    let rates = read_rates(text.as_bytes()).map_err(|problems| reject(file, problems))?;
    let store = ctx.open_existing_store()?;
    let lead = ctx.lead(&store, "import rates")?;
    let done =
        store.import_rates(&rates, &text_fingerprint(&text), lead.id, ctx.clock.now_utc())?;
    println!(
        "{}: {} added, {} changed, {} unchanged",
        counted(rates.len(), "rate", "rates"),
        done.added,
        done.changed,
        done.unchanged
    );
    Ok(())
}

fn list(ctx: &Context, format: Format) -> Result<(), Failure> {
    let store = ctx.open_existing_store()?;
    let rows: Vec<Vec<String>> = store
        .reference_rates()?
        .into_iter()
        .map(|r| {
            vec![r.series.as_str().to_owned(), r.effective_on.to_string(), format_percent(r.bp)]
        })
        .collect();
    format.print("Reference rates", &RATE_COLUMNS, &rows)
}
