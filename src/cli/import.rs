//! `recoup import KIND FILE`: all or nothing; every bad row named by line and
//! column; exit 2 with nothing written.

use std::io::IsTerminal;
use std::path::Path;

use indicatif::{HumanCount, ProgressBar, ProgressState, ProgressStyle};

mod chosen_map;
pub(crate) mod source;

pub(crate) use source::read_regular;

use super::{Context, Failure};
use crate::domain::text::{clean, counted, quote};
use crate::import::{self, Job, Kind, LoadError, Loaded, MAX_REPORTED, Problem, Tally, load};
use crate::store::StoreError;
use chosen_map::MapChoice;

pub struct Options<'a> {
    pub kind: Kind,
    pub file: &'a Path,
    pub map: Option<&'a Path>,
    pub delimiter: Option<&'a str>,
    pub dry_run: bool,
    pub create_debtors: bool,
}

/// The delimiter flag as the reader's byte.
fn delimiter(opts: &Options<'_>) -> Result<Option<u8>, Failure> {
    opts.delimiter
        .map(|d| {
            import::map::delimiter_byte(d).map_err(|_| {
                Failure::Usage(format!("--delimiter {} is not one of , ; | tab", quote(d)))
            })
        })
        .transpose()
}

/// A bar on stderr with rows per second, only when stderr is a terminal.
fn progress(len: usize, what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) =
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} rows, {rate} rows/s, {eta} left")
    {
        let style = style.with_key("rate", |state: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{}", HumanCount(state.per_sec() as u64));
        });
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_owned());
    bar
}

pub fn run(ctx: &Context, opts: &Options<'_>) -> Result<Tally, Failure> {
    let file = opts.file;
    let choice = opts.map.map(MapChoice::of).transpose()?;
    let bytes = source::read_input(file)?;
    let mut chosen = choice.map(|c| c.before_book(ctx)).transpose()?.flatten();
    let delimiter = delimiter(opts)?;
    let started = std::time::Instant::now();

    let store = ctx.open_store()?;
    // Imports reassign, close and escalate accounts in bulk: a lead's work.
    let agent = ctx.lead(&store, "import files")?;
    if let Some(MapChoice::Stored(name)) = choice {
        chosen = Some(chosen_map::from_book(&store, name)?);
    }
    let options = import::Options { map: chosen.as_ref().map(|c| c.map.clone()), delimiter };
    let mut w = store.book_writer(ctx.moment(&store)?)?;
    w.acting_as(agent.id);
    // Fault injection for the tests (the `faults` feature only): a database
    // that cannot grow past this many pages behaves like a full disk.
    #[cfg(feature = "faults")]
    if let Some(pages) = std::env::var("RECOUP_FAULT_MAX_PAGES").ok().and_then(|p| p.parse().ok()) {
        w.limit_pages(pages)?;
    }
    let job = Job {
        kind: opts.kind,
        bytes: &bytes,
        options: &options,
        create_debtors: opts.create_debtors,
        dry_run: opts.dry_run,
    };
    let bar = progress(import::line_count(&bytes).saturating_sub(1), "importing");
    let loaded = load(&mut w, &job, &|rows| bar.inc(rows));
    bar.finish_and_clear();
    tracing::info!("read and applied {} in {:?}", file.display(), started.elapsed());
    let loaded = match loaded {
        Ok(loaded) => loaded,
        Err(e) => {
            // The transaction may be gone already; whatever is left is undone.
            let abandoned = w.abandon();
            return Err(refuse(file, e, abandoned));
        }
    };
    let mut summary = summary(opts, &loaded);
    if let Some(c) = &chosen {
        summary.push_str(&format!(", {}", c.named));
    }
    if opts.dry_run {
        w.abandon()?;
        eprintln!("dry run, nothing written: {summary}");
        return Ok(loaded.tally);
    }
    // The database failing after the rows (disk full while building indexes
    // or committing) still names the file and the point.
    let stopped = |e: StoreError| {
        database_stopped(
            file,
            &format!(
                "after its last row (line {}), while updating the summaries and indexes",
                loaded.last_line
            ),
            &e.to_string(),
        )
    };
    let audited = chosen_map::audited(&summary, chosen.as_ref());
    w.audit(Some(agent.id), &format!("import {}", opts.kind.name()), &audited).map_err(stopped)?;
    w.finish().map_err(stopped)?;
    tracing::info!("committed in {:?}", started.elapsed());
    eprintln!("imported {summary}");
    Ok(loaded.tally)
}

/// The one-line summary: what changed, what was created and skipped.
fn summary(opts: &Options<'_>, loaded: &Loaded) -> String {
    let tally = loaded.tally;
    let mut summary = format!(
        "{} {}: {} new, {} updated, {} unchanged",
        opts.file.display(),
        opts.kind.name(),
        tally.new,
        tally.updated,
        tally.unchanged
    );
    if tally.debtors_created > 0 {
        summary.push_str(&format!(
            ", {} created",
            counted(tally.debtors_created, "debtor", "debtors")
        ));
    }
    if loaded.skipped > 0 {
        summary.push_str(&format!(
            ", {} without a payment date skipped",
            counted(loaded.skipped, "row", "rows")
        ));
    }
    summary
}

fn database_stopped(file: &Path, at: &str, message: &str) -> Failure {
    Failure::Runtime(format!(
        "{}: the database stopped the import {at}: {message}; nothing was imported",
        file.display()
    ))
}

/// Why nothing was imported, once what was written has been abandoned.
fn refuse(file: &Path, e: LoadError, abandoned: Result<(), StoreError>) -> Failure {
    match (e, abandoned) {
        // Abandoning may fail too when SQLite has ended the transaction.
        (LoadError::Database { at, message }, _) => {
            tracing::error!("import of {} stopped {at}: {message}", file.display());
            database_stopped(file, &at, &message)
        }
        (_, Err(failed)) => failed.into(),
        (LoadError::Rows(problems), Ok(())) => reject(file, problems),
        (LoadError::Reader, Ok(())) => {
            Failure::Runtime(format!("reading {} failed unexpectedly", file.display()))
        }
    }
}

/// Prints every problem (up to the limit) and returns the one-sentence
/// failure. Problems quote the file's text, so each line is cleaned for the
/// terminal.
pub(crate) fn reject(file: &Path, problems: Vec<Problem>) -> Failure {
    let path = file.display().to_string();
    let name = clean(&path);
    if let [only] = problems.as_slice() {
        return Failure::BadInput(format!(
            "{name}: {}; nothing was imported",
            clean(&only.to_string())
        ));
    }
    for p in problems.iter().take(MAX_REPORTED) {
        eprintln!("{name}: {}", clean(&p.to_string()));
    }
    if problems.len() > MAX_REPORTED {
        let more = problems.len() - MAX_REPORTED;
        eprintln!("{name}: and {more} more problem{}", if more == 1 { "" } else { "s" });
    }
    Failure::BadInput(format!(
        "{name}: {} (listed above); nothing was imported",
        counted(problems.len(), "problem", "problems")
    ))
}
