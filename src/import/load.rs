//! Loading a file into a book: one thread reads and checks the rows while
//! this one writes them, in one transaction the caller commits or abandons.

use super::apply::{Stop, Tally, apply};
use super::{Kind, Options, Problem, Record};
use crate::store::{BookWriter, StoreError};

/// From this many rows on, an import reads every debtor's ref first and
/// builds the invoice indexes after loading when the table is smaller.
const LARGE: usize = 10_000;

/// Records travel from the reading thread to the writing one in batches.
const BATCH: usize = 2048;

/// One file to load.
pub struct Job<'a> {
    pub kind: Kind,
    pub bytes: &'a [u8],
    pub options: &'a Options,
    /// Create a placeholder debtor for each ref nobody has.
    pub create_debtors: bool,
    /// Nothing will be committed: the indexes stay as they are.
    pub dry_run: bool,
}

/// What a load wrote, ready to commit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Loaded {
    pub tally: Tally,
    /// Rows of a foreign export that hold no payment.
    pub skipped: usize,
    /// The line of the last row written.
    pub last_line: u64,
}

/// Why nothing can be committed.
#[derive(Debug)]
pub enum LoadError {
    /// Rows that cannot be imported, every one, by line.
    Rows(Vec<Problem>),
    /// The database failed `at` a point of the file (`before line 2`, `at
    /// line 7`): the transaction may be gone already.
    Database { at: String, message: String },
    /// The reading thread ended without an answer.
    Reader,
}

impl LoadError {
    fn database(at: &str) -> impl Fn(StoreError) -> LoadError {
        move |e| LoadError::Database { at: at.to_owned(), message: e.to_string() }
    }
}

/// Reads `job.bytes` and writes every record through `w`, telling
/// `progress` how many rows each batch held. Commits nothing.
pub fn load(
    w: &mut BookWriter<'_>,
    job: &Job<'_>,
    progress: &dyn Fn(u64),
) -> Result<Loaded, LoadError> {
    prepare(w, job)?;
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<(u64, Record)>>(8);
    let (read, written) = std::thread::scope(|scope| {
        let reader = scope.spawn(|| {
            let mut batch = Vec::with_capacity(BATCH);
            let result = super::stream(job.kind, job.bytes, job.options, &mut |line, record| {
                batch.push((line, record));
                if batch.len() == BATCH {
                    let _ = send.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
                }
            });
            let _ = send.send(batch);
            drop(send);
            result
        });
        let written = write(w, receive, job.create_debtors, progress);
        (reader.join(), written)
    });
    let written = written?;
    match read {
        Ok(Ok(_)) if !written.problems.is_empty() => Err(LoadError::Rows(written.problems)),
        Ok(Ok(skipped)) => {
            Ok(Loaded { tally: written.tally, skipped, last_line: written.last_line })
        }
        Ok(Err(mut found)) => {
            found.extend(written.problems);
            found.sort_by_key(|p| p.line);
            Err(LoadError::Rows(found))
        }
        Err(_) => Err(LoadError::Reader),
    }
}

/// Each key comes once (the reader refuses repeats) and one kind of row is
/// read, so nothing written is looked up again; a large file has every ref
/// read first, and invoice indexes built after.
fn prepare(w: &mut BookWriter<'_>, job: &Job<'_>) -> Result<(), LoadError> {
    w.rows_are_unique();
    let lines = super::line_count(job.bytes);
    if lines >= LARGE {
        w.preload_refs().map_err(LoadError::database("before line 2"))?;
        if job.kind == Kind::Invoices && !job.dry_run {
            w.defer_indexes("invoices", lines).map_err(LoadError::database("before line 2"))?;
        }
    }
    Ok(())
}

/// What the writing side found.
struct Written {
    tally: Tally,
    problems: Vec<Problem>,
    last_line: u64,
}

/// Writes the batches as they come; stops at once if the database fails.
fn write(
    w: &mut BookWriter<'_>,
    batches: std::sync::mpsc::Receiver<Vec<(u64, Record)>>,
    create_debtors: bool,
    progress: &dyn Fn(u64),
) -> Result<Written, LoadError> {
    let mut out = Written { tally: Tally::default(), problems: Vec::new(), last_line: 1 };
    let mut busy = std::time::Duration::ZERO;
    for batch in batches {
        out.last_line = batch.last().map_or(out.last_line, |(line, _)| *line);
        let t = std::time::Instant::now();
        progress(batch.len() as u64);
        for (line, record) in batch {
            match apply(w, record, create_debtors, &mut out.tally) {
                Ok(()) => {}
                Err(Stop::Row(column, message)) if w.is_open() => {
                    // A refusal of the row as a whole reads on from its line.
                    let message = match column {
                        Some(_) => message,
                        None => format!("is refused: {message}"),
                    };
                    out.problems.push(Problem { line, column: column.map(str::to_owned), message });
                }
                // The disk is full, the file cannot be written...: SQLite
                // may have ended the transaction, so stop writing at once.
                Err(Stop::Row(_, message) | Stop::Database(message)) => {
                    return Err(LoadError::Database { at: format!("at line {line}"), message });
                }
            }
        }
        busy += t.elapsed();
    }
    tracing::info!("writer busy {busy:?}");
    Ok(out)
}
