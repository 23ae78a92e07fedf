//! `recoup import KIND FILE`: all or nothing; every bad row named by line and
//! column; exit 2 with nothing written.

use std::io::IsTerminal;
use std::path::Path;

use indicatif::{HumanCount, ProgressBar, ProgressState, ProgressStyle};

use super::{Context, Failure};
use crate::domain::people::DebtorStatus;
use crate::import::{self, Kind, MAX_REPORTED, Problem, Record};
use crate::store::{BookWriter, Keep, NewDebtor, StoreError, Upsert};

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
            let text = std::fs::read_to_string(path).map_err(|e| {
                Failure::BadInput(format!("cannot read the map {}: {e}", path.display()))
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
    let bytes = std::fs::read(file)
        .map_err(|e| Failure::BadInput(format!("cannot read {}: {e}", file.display())))?;
    let options = read_options(opts)?;
    let started = std::time::Instant::now();

    let store = ctx.open_store()?;
    // Imports reassign, close and escalate accounts in bulk: a lead's work.
    let agent = ctx.lead(&store, "import files")?;
    let mut w = store.book_writer(ctx.moment(&store)?)?;
    w.acting_as(agent.id);
    // Fault injection for the tests: a database that cannot grow past this
    // many pages behaves like a full disk.
    if let Some(pages) = std::env::var("RECOUP_FAULT_MAX_PAGES").ok().and_then(|p| p.parse().ok()) {
        w.limit_pages(pages)?;
    }
    let mut tally = Tally::default();
    let mut problems = Vec::new();
    let mut fatal: Option<String> = None;
    let lines = import::line_count(&bytes);
    // Each key comes once (the reader refuses repeats) and one kind of row
    // is read, so nothing written is looked up again.
    w.rows_are_unique();
    if lines >= LARGE {
        w.preload_refs()?;
        if opts.kind == Kind::Invoices && !opts.dry_run {
            w.defer_indexes("invoices", lines)?;
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
        summary.push_str(&format!(", {} debtors created", tally.debtors_created));
    }
    if skipped > 0 {
        summary.push_str(&format!(", {skipped} rows without a payment date skipped"));
    }
    if opts.dry_run {
        w.abandon()?;
        eprintln!("dry run, nothing written: {summary}");
    } else {
        w.audit(Some(agent.id), &format!("import {}", opts.kind.name()), &summary)?;
        w.finish()?;
        tracing::info!("committed in {:?}", started.elapsed());
        eprintln!("imported {summary}");
    }
    Ok(tally)
}

/// Prints every problem (up to the limit) and returns the one-sentence failure.
fn reject(file: &Path, problems: Vec<Problem>) -> Failure {
    let name = file.display();
    if let [only] = problems.as_slice() {
        return Failure::BadInput(format!("{name}: {only}; nothing was imported"));
    }
    for p in problems.iter().take(MAX_REPORTED) {
        eprintln!("{name}: {p}");
    }
    if problems.len() > MAX_REPORTED {
        eprintln!("{name}: and {} more problems", problems.len() - MAX_REPORTED);
    }
    Failure::BadInput(format!(
        "{name}: {} problems (listed above); nothing was imported",
        problems.len()
    ))
}

/// Why a row was not written.
enum Stop {
    /// Something wrong with the row, in its column: reported with the rest.
    Row(Option<&'static str>, String),
    /// The database failed (disk full, I/O, lock): the import ends here.
    Database(String),
}

fn store_error(column: Option<&'static str>) -> impl Fn(StoreError) -> Stop {
    move |e| match &e {
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _))
            if f.code != rusqlite::ErrorCode::ConstraintViolation =>
        {
            Stop::Database(e.to_string())
        }
        _ => Stop::Row(column, e.to_string()),
    }
}

fn debtor_id(
    w: &mut BookWriter<'_>,
    reference: &str,
    create: bool,
    tally: &mut Tally,
) -> Result<i64, Stop> {
    if let Some(id) = w.debtor_id(reference).map_err(store_error(None))? {
        return Ok(id);
    }
    if !create {
        return Err(Stop::Row(
            Some("debtor_ref"),
            format!(
                "no debtor has ref {reference:?} (import debtors first, or use --create-debtors)"
            ),
        ));
    }
    let (id, _) = w
        .debtor(&NewDebtor {
            reference: reference.to_owned(),
            name: reference.to_owned(),
            timezone: "UTC".into(),
            terms_days: 30,
            terms_accepted_on: None,
            assigned_to: None,
            status: DebtorStatus::Active,
            do_not_call: false,
        })
        .map_err(store_error(None))?;
    tally.debtors_created += 1;
    Ok(id)
}

fn apply(
    w: &mut BookWriter<'_>,
    record: Record,
    create_debtors: bool,
    tally: &mut Tally,
) -> Result<(), Stop> {
    match record {
        Record::Debtor(d) => {
            let base = w.existing_debtor(&d.reference).map_err(store_error(None))?;
            let mut new = base.unwrap_or(NewDebtor {
                reference: d.reference.clone(),
                name: d.name.clone(),
                timezone: "UTC".into(),
                terms_days: 30,
                terms_accepted_on: None,
                assigned_to: None,
                status: DebtorStatus::Active,
                do_not_call: false,
            });
            new.name = d.name.clone();
            if let Some(tz) = &d.timezone {
                new.timezone = tz.clone();
            }
            if let Some(t) = d.terms_days {
                new.terms_days = t;
            }
            if let Some(on) = d.terms_accepted_on {
                new.terms_accepted_on = on;
            }
            if let Some(s) = d.status {
                new.status = s;
            }
            if let Some(dnc) = d.do_not_call {
                new.do_not_call = dnc;
            }
            if let Some(assigned) = &d.assigned_to {
                new.assigned_to = match assigned {
                    None => None,
                    Some(name) => {
                        Some(w.agent_id(name).map_err(store_error(None))?.ok_or_else(|| {
                            Stop::Row(
                                Some("assigned_to"),
                                format!("there is no agent called {name:?}"),
                            )
                        })?)
                    }
                };
            }
            let (id, what) = w.debtor(&new).map_err(store_error(None))?;
            let mut what = what;
            if let Some(c) = &d.contact {
                let contact = w.contact(id, c).map_err(store_error(Some("contact_name")))?;
                if what == Upsert::Unchanged && contact != Upsert::Unchanged {
                    what = Upsert::Updated;
                }
            }
            tally.add(what);
        }
        Record::Contact(c) => {
            let id = w.debtor_id(&c.debtor_ref).map_err(store_error(None))?.ok_or_else(|| {
                Stop::Row(Some("debtor_ref"), format!("no debtor has ref {:?}", c.debtor_ref))
            })?;
            tally.add(w.contact(id, &c.contact).map_err(store_error(None))?);
        }
        Record::Invoice(i) => {
            let id = debtor_id(w, &i.debtor_ref, create_debtors, tally)?;
            let keep = Keep { supplied_on: !i.has_supplied_on, currency: !i.has_currency };
            let (_, what) = w.upsert_invoice(id, i.invoice, keep).map_err(store_error(None))?;
            tally.add(what);
        }
        Record::Payment(p) => {
            if p.payment.received_on > w.today() {
                return Err(Stop::Row(
                    Some("received_on"),
                    format!(
                        "{} is in the future; a payment is recorded once received",
                        p.payment.received_on
                    ),
                ));
            }
            let id = debtor_id(w, &p.debtor_ref, create_debtors, tally)?;
            let column = if p.payment.invoice_number.is_some() {
                Some("invoice_number")
            } else {
                Some("reference")
            };
            let (_, what) = w.payment(id, &p.payment).map_err(store_error(column))?;
            tally.add(what);
        }
    }
    Ok(())
}
