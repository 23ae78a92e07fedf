//! The file a book lives in, looked at before SQLite touches it: only a
//! regular file is a book (SQLite would hang on a FIFO and fail on a device
//! or a directory), and an empty file is no book yet.

use std::path::Path;

use super::{Result, StoreError};

/// What is at a book's path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BookFile {
    /// Nothing: a command that creates books may make one there.
    Missing,
    /// A regular file of 0 bytes (`touch`): not a book yet, and treated as
    /// a missing one.
    Empty,
    /// A regular file with something in it: a book, or something recoup
    /// identifies and refuses before writing to it.
    Existing,
}

/// Looks at the path (following links) without opening it. Anything but a
/// regular file is refused.
pub fn book_file(path: &Path) -> Result<BookFile> {
    // As `Path::exists`: a path that cannot be looked at (a parent that is
    // a file, a directory that may not be searched) is not there; creating
    // a book there then says why.
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(BookFile::Missing);
    };
    if !meta.is_file() {
        return Err(StoreError::NotAFile { path: path.to_owned(), what: file_type_name(&meta) });
    }
    if meta.len() > 0 {
        return Ok(BookFile::Existing);
    }
    // A book whose pages are all still in its write-ahead log is not empty.
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let wal_len = std::fs::metadata(wal).map(|m| m.len()).unwrap_or(0);
    Ok(if wal_len > 0 { BookFile::Existing } else { BookFile::Empty })
}

/// What a path is when it is not a regular file.
pub fn file_type_name(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() { "a directory" } else { "not a regular file" }
}

/// Creates the file with mode 0600 before SQLite does, so it is never
/// readable by others even for a moment.
pub(super) fn create_private(path: &Path) -> Result<()> {
    let create = |e| StoreError::Create { path: path.to_owned(), source: e };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(create)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(create(e)),
    }
}

/// An empty file a book is about to be made in (`touch` gives 0644) is made
/// readable by its owner only first, as a new book's file is: a book holds
/// customer data. Nothing is written when that fails.
pub(super) fn make_private(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| StoreError::Private { path: path.to_owned(), source: e })?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_missing_empty_a_file_or_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.sqlite");
        assert_eq!(book_file(&path).unwrap(), BookFile::Missing);
        std::fs::write(&path, "").unwrap();
        assert_eq!(book_file(&path).unwrap(), BookFile::Empty);
        std::fs::write(dir.path().join("b.sqlite-wal"), "x").unwrap();
        assert_eq!(book_file(&path).unwrap(), BookFile::Existing, "its pages are in the log");
        std::fs::write(&path, "x").unwrap();
        assert_eq!(book_file(&path).unwrap(), BookFile::Existing);
        let e = book_file(dir.path()).unwrap_err();
        assert!(matches!(e, StoreError::NotAFile { what: "a directory", .. }), "{e:?}");
        #[cfg(unix)]
        {
            let e = book_file(Path::new("/dev/null")).unwrap_err();
            assert!(matches!(e, StoreError::NotAFile { what: "a character device", .. }));
        }
    }
}
