//! `recoup export KIND [--out FILE]`: CSV with a header, in a stable order.

use std::io::Write;
use std::path::Path;

use super::{Context, Failure};
use crate::store::ExportKind;

impl From<csv::Error> for Failure {
    fn from(e: csv::Error) -> Self {
        Failure::Runtime(format!("cannot write CSV: {e}"))
    }
}

pub fn run(ctx: &Context, kind: ExportKind, out: Option<&Path>) -> Result<(), Failure> {
    let store = ctx.open_existing_store()?;
    match out {
        None => {
            let stdout = std::io::stdout();
            write(&store, kind, stdout.lock())
        }
        Some(path) => {
            // Written beside the target and renamed, so a reader never sees half a file.
            // (tempfile names its own temporary path in errors: not the user's.)
            let cannot = |e: &dyn std::fmt::Display| {
                let e = e.to_string();
                let e = e.split(" at path ").next().unwrap_or(&e).to_owned();
                Failure::BadInput(format!("cannot write {}: {e}", path.display()))
            };
            let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
            let tmp = tempfile::NamedTempFile::new_in(dir.unwrap_or(Path::new(".")))
                .map_err(|e| cannot(&e))?;
            write(&store, kind, tmp.as_file())?;
            tmp.persist(path).map_err(|e| cannot(&e.error))?;
            Ok(())
        }
    }
}

fn write(store: &crate::store::Store, kind: ExportKind, out: impl Write) -> Result<(), Failure> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(kind.columns())?;
    store.export(kind, |row: &[String]| -> Result<(), Failure> {
        w.write_record(row)?;
        Ok(())
    })?;
    w.flush()?;
    Ok(())
}
