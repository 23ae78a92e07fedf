//! `recoup export KIND [--out FILE] [--force] [--spreadsheet]`: CSV with a
//! header, in a stable order.

use std::fs::Metadata;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::args::ExportFlags;
use super::import::source::file_type_name;
use super::{Context, Failure};
use crate::domain::text::spreadsheet_cell;
use crate::store::{ExportKind, StoreError};

impl From<csv::Error> for Failure {
    fn from(e: csv::Error) -> Self {
        Failure::Runtime(format!("cannot write CSV: {e}"))
    }
}

pub fn run(
    ctx: &Context,
    kind: ExportKind,
    out: Option<&Path>,
    flags: ExportFlags,
) -> Result<(), Failure> {
    let store = ctx.open_existing_store()?;
    match out {
        None => {
            let stdout = std::io::stdout();
            write(&store, kind, stdout.lock(), flags.spreadsheet).map_err(|e| e.named(ctx, kind))
        }
        Some(path) => {
            let target = target(path, &ctx.db, flags.force)?;
            // Written beside the target and renamed, so a reader never sees half a file.
            // (tempfile names its own temporary path in errors: not the user's.)
            let cannot = |e: &dyn std::fmt::Display| {
                let e = e.to_string();
                let e = e.split(" at path ").next().unwrap_or(&e).to_owned();
                Failure::BadInput(format!("cannot write {}: {e}", path.display()))
            };
            let dir = target.parent().filter(|d| !d.as_os_str().is_empty());
            let tmp = tempfile::NamedTempFile::new_in(dir.unwrap_or(Path::new(".")))
                .map_err(|e| cannot(&e))?;
            write(&store, kind, tmp.as_file(), flags.spreadsheet)
                .map_err(|e| e.named(ctx, kind))?;
            tmp.persist(&target).map_err(|e| cannot(&e.error))?;
            Ok(())
        }
    }
}

/// The file `--out` may replace, or why not: never the open database or
/// its `-wal`, `-shm` or `-journal` (by path and by device and inode, so
/// `./X`, a link or a hard link are all caught), never anything but a
/// regular file, and an existing file only with `--force`. A link to a
/// regular file is followed: the file is replaced and the link kept.
fn target(out: &Path, db: &Path, force: bool) -> Result<PathBuf, Failure> {
    let refuse = |why: String| Failure::BadInput(format!("--out {} {why}", out.display()));
    let db = std::fs::canonicalize(db).unwrap_or_else(|_| db.to_owned());
    let guarded: Vec<(PathBuf, &str)> = [
        ("", "the database itself"),
        ("-wal", "the database's write-ahead log"),
        ("-shm", "the database's shared-memory file"),
        ("-journal", "the database's journal"),
    ]
    .into_iter()
    .map(|(suffix, what)| {
        let mut p = db.clone().into_os_string();
        p.push(suffix);
        (PathBuf::from(p), what)
    })
    .collect();
    let is_guarded = |path: &Path, meta: Option<&Metadata>| {
        guarded.iter().find_map(|(g, what)| {
            let same_inode = meta.zip(std::fs::metadata(g).ok()).is_some_and(|(a, b)| same(a, &b));
            (g == path || same_inode).then_some(*what)
        })
    };
    let database = |what: &str| {
        // The database's own path, when `--out` names it another way.
        let own = if out == db { String::new() } else { format!(" ({})", db.display()) };
        refuse(format!("is {what}{own}; write the export to another file"))
    };
    match std::fs::metadata(out) {
        Ok(meta) => {
            let resolved = std::fs::canonicalize(out).unwrap_or_else(|_| out.to_owned());
            if let Some(what) = is_guarded(&resolved, Some(&meta)) {
                return Err(database(what));
            }
            if !meta.is_file() {
                return Err(refuse(format!(
                    "is {}; an export is written only to a regular file",
                    file_type_name(&meta)
                )));
            }
            if !force {
                return Err(refuse("already exists; add --force to replace it".into()));
            }
            Ok(resolved)
        }
        Err(_) if std::fs::symlink_metadata(out).is_ok() => {
            Err(refuse("is a link to nothing; give the file itself".into()))
        }
        Err(_) => {
            // A new file: its directory's real path decides what it would be.
            let parent = out.parent().filter(|p| !p.as_os_str().is_empty());
            let dir = std::fs::canonicalize(parent.unwrap_or(Path::new(".")));
            let (Ok(dir), Some(name)) = (dir, out.file_name()) else {
                return Ok(out.to_owned());
            };
            let resolved = dir.join(name);
            match is_guarded(&resolved, None) {
                Some(what) => Err(database(what)),
                None => Ok(resolved),
            }
        }
    }
}

/// The same file, whatever the path: same device and inode.
fn same(a: &Metadata, b: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// Why an export stopped: the book could not be read (a damaged file, an
/// I/O error), or the rows could not be written.
enum Stopped {
    Reading(StoreError),
    Writing(Failure),
}

impl From<StoreError> for Stopped {
    fn from(e: StoreError) -> Self {
        Stopped::Reading(e)
    }
}

impl From<csv::Error> for Stopped {
    fn from(e: csv::Error) -> Self {
        Stopped::Writing(e.into())
    }
}

impl Stopped {
    /// The failure, naming the book when it was the book that failed.
    fn named(self, ctx: &Context, kind: ExportKind) -> Failure {
        match self {
            Stopped::Writing(f) => f,
            Stopped::Reading(e @ (StoreError::Refused(_) | StoreError::NotABook { .. })) => {
                e.into()
            }
            Stopped::Reading(e) => Failure::Runtime(format!(
                "cannot export {}: reading {} failed: {e} (`recoup check` examines the file)",
                kind.name(),
                ctx.db.display()
            )),
        }
    }
}

/// Writes the rows: exact, or with formulas neutralised for a spreadsheet.
fn write(
    store: &crate::store::Store,
    kind: ExportKind,
    out: impl Write,
    spreadsheet: bool,
) -> Result<(), Stopped> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(kind.columns())?;
    store.export(kind, |row: &[String]| -> Result<(), Stopped> {
        if spreadsheet {
            let cells: Vec<_> = row.iter().map(|cell| spreadsheet_cell(cell)).collect();
            w.write_record(cells.iter().map(|c| c.as_bytes()))?;
        } else {
            w.write_record(row)?;
        }
        Ok(())
    })?;
    w.flush().map_err(|e| Stopped::Writing(e.into()))?;
    Ok(())
}
