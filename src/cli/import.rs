//! `recoup import KIND FILE`: all or nothing; every bad row named by line and
//! column; exit 2 with nothing written.

use std::io::IsTerminal;
use std::path::Path;

use indicatif::{HumanCount, ProgressBar, ProgressState, ProgressStyle};

mod apply;
pub(crate) mod source;

use apply::{Stop, apply};
pub(crate) use source::read_regular;

use super::{Context, Failure};
use crate::domain::text::{clean, counted};
use crate::import::{self, Kind, MAX_REPORTED, Problem, Record};
use crate::store::{StoreError, Upsert};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub debtors_created: usize,
}

impl Tally {
    fn add(&mut self, u: Upsert) {
        match u {
            Upsert::New => self.new += 1,
            Upsert::Updated => self.updated += 1,
            Upsert::Unchanged => self.unchanged += 1,
        }
    }
}

pub struct Options<'a> {
    pub kind: Kind,
    pub file: &'a Path,
    pub map: Option<&'a Path>,
    pub delimiter: Option<&'a str>,
    pub dry_run: bool,
    pub create_debtors: bool,
}

/// The map file and delimiter flag as the reader's options.
fn read_options(opts: &Options<'_>) -> Result<import::Options, Failure> {
    let map = match opts.map {
        None => None,
        Some(path) => {
            let bytes = read_regular(path, "the map ")?;
            let text = String::from_utf8(bytes).map_err(|_| {
                Failure::BadInput(format!("the map {} is not UTF-8 text", path.display()))
            })?;
            Some(
                import::ImportMap::parse(&text)
                    .map_err(|e| Failure::BadInput(format!("{}: {e}", path.display())))?,
            )
        }
    };
    let delimiter = opts
        .delimiter
        .map(import::map::delimiter_byte)
        .transpose()
        .map_err(|e| Failure::BadInput(format!("--delimiter: {e}")))?;
    Ok(import::Options { map, delimiter })
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

/// From this many rows on, an import reads every debtor's ref first and
/// builds the invoice indexes after loading when the table is smaller.
const LARGE: usize = 10_000;

/// Records travel from the reading thread to the writing one in batches.
const BATCH: usize = 2048;

pub fn run(ctx: &Context, opts: &Options<'_>) -> Result<Tally, Failure> {
    let file = opts.file;
    let bytes = read_regular(file, "")?;
    let options = read_options(opts)?;
    let started = std::time::Instant::now();

    let store = ctx.open_store()?;
    // Imports reassign, close and escalate accounts in bulk: a lead's work.
    let agent = ctx.lead(&store, "import files")?;
    let mut w = store.book_writer(ctx.moment(&store)?)?;
    w.acting_as(agent.id);
    // Fault injection for the tests (the `faults` feature only): a database
    // that cannot grow past this many pages behaves like a full disk.
    #[cfg(feature = "faults")]
    if let Some(pages) = std::env::var("RECOUP_FAULT_MAX_PAGES").ok().and_then(|p| p.parse().ok()) {
        w.limit_pages(pages)?;
    }
    // The database failing before or after the rows (disk full while
    // building indexes or committing) still names the file and the point.
    let stopped = |when: String| {
        move |e: StoreError| {
            Failure::Runtime(format!(
                "{}: the database stopped the import {when}: {e}; nothing was imported",
                file.display()
            ))
        }
    };
    let mut tally = Tally::default();
    let mut problems = Vec::new();
    let mut fatal: Option<String> = None;
    let mut last_line = 1;
    let lines = import::line_count(&bytes);
    // Each key comes once (the reader refuses repeats) and one kind of row
    // is read, so nothing written is looked up again.
    w.rows_are_unique();
    if lines >= LARGE {
        w.preload_refs().map_err(stopped("before line 2".into()))?;
        if opts.kind == Kind::Invoices && !opts.dry_run {
            w.defer_indexes("invoices", lines).map_err(stopped("before line 2".into()))?;
        }
    }
    let bar = progress(lines.saturating_sub(1), "importing");

    // One thread reads and checks the file while this one writes what it
    // has read; the transaction commits only if nothing was wrong anywhere.
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<(u64, Record)>>(8);
    let read = std::thread::scope(|scope| {
        let reader = scope.spawn(|| {
            let mut batch = Vec::with_capacity(BATCH);
            let result = import::stream(opts.kind, &bytes, &options, &mut |line, record| {
                batch.push((line, record));
                if batch.len() == BATCH {
                    let _ = send.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
                }
            });
            let _ = send.send(batch);
            drop(send);
            tracing::info!("read {} in {:?}", file.display(), started.elapsed());
            result
        });
        let mut busy = std::time::Duration::ZERO;
        'batches: for batch in receive {
            last_line = batch.last().map_or(last_line, |(line, _)| *line);
            let t = std::time::Instant::now();
            bar.inc(batch.len() as u64);
            for (line, record) in batch {
                match apply(&mut w, record, opts.create_debtors, &mut tally) {
                    Ok(()) => {}
                    Err(Stop::Row(column, message)) if w.is_open() => {
                        problems.push(Problem { line, column: column.map(str::to_owned), message });
                    }
                    // The disk is full, the file cannot be written...: SQLite
                    // may have ended the transaction, so stop writing at once.
                    Err(Stop::Row(_, message) | Stop::Database(message)) => {
                        fatal = Some(format!("line {line}: {message}"));
                        break 'batches;
                    }
                }
            }
            busy += t.elapsed();
        }
        tracing::info!("writer busy {busy:?}");
        reader.join()
    });
    bar.finish_and_clear();
    tracing::info!("read and applied {} in {:?}", file.display(), started.elapsed());
    if let Some(why) = fatal {
        tracing::error!("import of {} stopped: {why}", file.display());
        // The transaction may be gone already; whatever is left is undone.
        let _ = w.abandon();
        return Err(Failure::Runtime(format!(
            "{}: the database stopped the import at {why}; nothing was imported",
            file.display()
        )));
    }
    let skipped = match read {
        Ok(Ok(skipped)) => skipped,
        Ok(Err(mut found)) => {
            found.append(&mut problems);
            found.sort_by_key(|p| p.line);
            w.abandon()?;
            return Err(reject(file, found));
        }
        Err(_) => {
            w.abandon()?;
            return Err(Failure::Runtime(format!(
                "reading {} failed unexpectedly",
                file.display()
            )));
        }
    };
    if !problems.is_empty() {
        w.abandon()?;
        return Err(reject(file, problems));
    }
    let mut summary = format!(
        "{} {}: {} new, {} updated, {} unchanged",
        file.display(),
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
    if skipped > 0 {
        summary.push_str(&format!(
            ", {} without a payment date skipped",
            counted(skipped, "row", "rows")
        ));
    }
    if opts.dry_run {
        w.abandon()?;
        eprintln!("dry run, nothing written: {summary}");
    } else {
        let when = format!(
            "after its last row (line {last_line}), while updating the summaries and indexes"
        );
        w.audit(Some(agent.id), &format!("import {}", opts.kind.name()), &summary)
            .map_err(stopped(when.clone()))?;
        w.finish().map_err(stopped(when))?;
        tracing::info!("committed in {:?}", started.elapsed());
        eprintln!("imported {summary}");
    }
    Ok(tally)
}

/// Prints every problem (up to the limit) and returns the one-sentence
/// failure. Problems quote the file's text, so each line is cleaned for the
/// terminal.
fn reject(file: &Path, problems: Vec<Problem>) -> Failure {
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
