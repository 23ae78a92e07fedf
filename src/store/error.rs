//! What can go wrong in the store, in its own terms: callers decide what a
//! full disk or a broken constraint means for them without knowing SQLite.

use std::path::PathBuf;

use rusqlite::ErrorCode;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    /// The disk is full, or the book reached the size it may grow to.
    #[error("{0}")]
    Full(String),
    /// The book (or the directory its journal goes in) cannot be written.
    #[error("{0}")]
    ReadOnly(String),
    /// The book's file cannot be opened at all.
    #[error("{0}")]
    CannotOpen(String),
    /// A write broke one of the book's rules: a unique key, a check, or a
    /// trigger that refuses it (history is append-only).
    #[error("{0}")]
    Constraint(String),
    /// The database failed otherwise: an I/O error, a lock held too long, a
    /// damaged file, a sum too large.
    #[error("{0}")]
    Failed(String),
    /// A statement or a stored value was not what recoup expects (a bug, or
    /// a book edited by hand).
    #[error("{0}")]
    Unexpected(String),
    #[error(
        "{path} is a recoup book of schema version {found}, which this recoup does not know (it knows versions 1 to {known}): it was written by a newer recoup, or altered; upgrade recoup or check the file"
    )]
    UnknownVersion { path: PathBuf, found: i64, known: i64 },
    #[error(
        "{path} is not a recoup book ({why}); recoup opens only its own books, and writes nothing to this file: give --db a new path"
    )]
    NotABook { path: PathBuf, why: String },
    #[error("cannot upgrade {path} to schema version {to}: {why}; nothing was changed")]
    Migration { path: PathBuf, to: i64, why: String },
    #[error("cannot create database {path}: {source}")]
    Create { path: PathBuf, source: std::io::Error },
    #[error(
        "{path} is {what}, not a file a recoup book can live in; give --db the path of a regular file (or of a new one)"
    )]
    NotAFile { path: PathBuf, what: &'static str },
    #[error(
        "cannot make {path} readable by its owner only (mode 0600) before writing a book into it: {source}; nothing was written"
    )]
    Private { path: PathBuf, source: std::io::Error },
    #[error("{0}")]
    Refused(String),
}

impl StoreError {
    /// Whether the database itself failed (full, read-only, unopenable, I/O):
    /// after such a failure SQLite may have ended the transaction.
    pub fn is_database_failure(&self) -> bool {
        matches!(
            self,
            StoreError::Full(_)
                | StoreError::ReadOnly(_)
                | StoreError::CannotOpen(_)
                | StoreError::Failed(_)
        )
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        let message = sqlite_message(&e);
        match &e {
            rusqlite::Error::SqliteFailure(f, _) => match f.code {
                ErrorCode::DiskFull => StoreError::Full(message),
                ErrorCode::ReadOnly => StoreError::ReadOnly(message),
                ErrorCode::CannotOpen => StoreError::CannotOpen(message),
                ErrorCode::ConstraintViolation => StoreError::Constraint(message),
                _ => StoreError::Failed(message),
            },
            _ => StoreError::Unexpected(message),
        }
    }
}

/// SQLite's message without the statement it came from: errors are for
/// people, and the schema's SQL is not something to show them.
fn sqlite_message(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqlInputError { msg, .. } => msg.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use rusqlite::{Connection, OpenFlags};

    use super::StoreError;

    fn book() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open(dir.path().join("b.sqlite")).unwrap();
        conn.execute_batch("CREATE TABLE t (k TEXT PRIMARY KEY, v BLOB)").unwrap();
        (dir, conn)
    }

    fn error(r: rusqlite::Result<usize>) -> StoreError {
        r.map_err(StoreError::from).unwrap_err()
    }

    #[test]
    fn a_database_that_cannot_grow_is_full() {
        let (_dir, conn) = book();
        conn.pragma_update(None, "max_page_count", 3).unwrap();
        let big = vec![0u8; 64 * 1024];
        let e = error(conn.execute("INSERT INTO t VALUES ('a', ?1)", [&big]));
        assert!(matches!(&e, StoreError::Full(m) if m == "database or disk is full"), "{e:?}");
        assert!(e.is_database_failure());
    }

    #[test]
    fn a_repeated_key_breaks_a_constraint_and_is_not_a_database_failure() {
        let (_dir, conn) = book();
        conn.execute("INSERT INTO t VALUES ('a', NULL)", []).unwrap();
        let e = error(conn.execute("INSERT INTO t VALUES ('a', NULL)", []));
        assert!(matches!(&e, StoreError::Constraint(m) if m.contains("UNIQUE")), "{e:?}");
        assert!(!e.is_database_failure());
    }

    #[test]
    fn writing_a_book_opened_read_only_is_read_only() {
        let (dir, _conn) = book();
        let path = dir.path().join("b.sqlite");
        let ro = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let e = error(ro.execute("INSERT INTO t VALUES ('b', NULL)", []));
        assert!(matches!(e, StoreError::ReadOnly(_)), "{e:?}");
        assert!(e.is_database_failure());
    }

    #[test]
    fn a_book_in_a_missing_directory_cannot_be_opened() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nowhere").join("b.sqlite");
        let e = StoreError::from(
            Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_WRITE).unwrap_err(),
        );
        assert!(matches!(e, StoreError::CannotOpen(_)), "{e:?}");
    }

    #[test]
    fn a_missing_row_is_unexpected_not_a_database_failure() {
        let (_dir, conn) = book();
        let e = StoreError::from(
            conn.query_row("SELECT v FROM t WHERE k = 'x'", [], |r| r.get::<_, i64>(0))
                .unwrap_err(),
        );
        assert!(matches!(e, StoreError::Unexpected(_)), "{e:?}");
        assert!(!e.is_database_failure());
    }
}
