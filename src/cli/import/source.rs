//! The file an import reads: only a regular file, read without blocking.

use std::path::Path;

use crate::cli::Failure;

pub(crate) use crate::store::file_type_name;

/// An import's file: `-` is standard input (`ssh desk import invoices - <
/// FILE`), anything else a regular file.
pub(crate) fn read_input(path: &Path) -> Result<Vec<u8>, Failure> {
    use std::io::Read;
    if path.as_os_str() != "-" {
        return read_regular(path, "");
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::BadInput(format!("cannot read standard input: {e}")))?;
    Ok(bytes)
}

/// Reads a file that must be a regular one: a device such as `/dev/zero`
/// would be read until memory runs out, and a FIFO would block for ever.
/// `label` goes before the path in messages (`the map `).
pub(crate) fn read_regular(path: &Path, label: &str) -> Result<Vec<u8>, Failure> {
    use std::io::Read;
    let cannot = |e: std::io::Error| {
        Failure::BadInput(format!("cannot read {label}{}: {e}", path.display()))
    };
    let refuse = |meta: &std::fs::Metadata| {
        Failure::BadInput(format!(
            "{label}{} is {}; recoup reads only regular files",
            path.display(),
            file_type_name(meta)
        ))
    };
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if !meta.is_file() {
        return Err(refuse(&meta));
    }
    // Opened without blocking and checked again, in case the path was
    // swapped for a FIFO in between.
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let mut f = options.open(path).map_err(cannot)?;
    let meta = f.metadata().map_err(cannot)?;
    if !meta.is_file() {
        return Err(refuse(&meta));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    f.read_to_end(&mut bytes).map_err(cannot)?;
    Ok(bytes)
}
