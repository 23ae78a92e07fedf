//! The command line: one file per subcommand that needs no full-screen UI.

pub mod agent;
pub mod agent_key;
pub mod args;
pub mod check;
pub mod demo;
pub mod export;
pub mod import;
pub mod letters;
pub mod map;
pub mod note;
pub mod outbox;
pub mod rates;
pub mod report;
pub mod report_agents;
pub mod report_aging;
pub mod report_interest;
pub mod report_kpi;
pub mod rules;
pub mod serve;
pub mod strategy;
pub mod usage;
pub mod workstation;

use std::path::PathBuf;

use thiserror::Error;

use crate::clock::{Clock, Moment};
use crate::config::{Config, Paths};
use crate::domain::people::Agent;
use crate::store::{BookFile, NewBook, Store, StoreError, book_file};

/// A failure with the exit code it means.
#[derive(Debug, Error)]
pub enum Failure {
    /// Bad usage or bad input: exit 2.
    #[error("{0}")]
    BadInput(String),
    /// A flag's value that cannot be used (`--as-of 2026-13-01`): exit 2,
    /// and the line ends pointing at the command's `--help`.
    #[error("{0}")]
    Usage(String),
    /// Something went wrong at run time: exit 1.
    #[error("{0}")]
    Runtime(String),
}

impl Failure {
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::BadInput(_) | Failure::Usage(_) => 2,
            Failure::Runtime(_) => 1,
        }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Refused(_)
            | StoreError::UnknownVersion { .. }
            | StoreError::NotABook { .. }
            | StoreError::NotAFile { .. } => Failure::BadInput(e.to_string()),
            other => Failure::Runtime(other.to_string()),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Runtime(e.to_string())
    }
}

/// Why a book could not be opened, in terms of what the person can fix.
fn open_failure(db: &std::path::Path, e: StoreError) -> Failure {
    let shown = db.display();
    let dir = match db.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d.to_owned(),
        None => PathBuf::from("."),
    };
    // The nearest ancestor that exists: a file there means the path is wrong.
    let blocking_file = db.ancestors().skip(1).find(|a| a.exists()).filter(|a| a.is_file());
    if let Some(file) = blocking_file {
        return Failure::BadInput(format!(
            "cannot create database {shown}: {} is a file, not a directory",
            file.display()
        ));
    }
    let read_only = |p: &std::path::Path| {
        std::fs::metadata(p).map(|m| m.permissions().readonly()).unwrap_or(false)
            || (p.exists() && !writable(p))
    };
    match e {
        StoreError::ReadOnly(_) | StoreError::CannotOpen(_) => {
            if read_only(db) {
                Failure::Runtime(format!(
                    "cannot write to database {shown}: the file is read-only (recoup needs to read and write it)"
                ))
            } else if read_only(&dir) {
                Failure::Runtime(format!(
                    "cannot write to database {shown}: its directory {} is read-only (recoup needs to create the book's -wal and -shm files beside it)",
                    dir.display()
                ))
            } else {
                Failure::Runtime(format!("cannot open database {shown}: {e}"))
            }
        }
        StoreError::Create { source, .. }
            if source.kind() == std::io::ErrorKind::PermissionDenied =>
        {
            Failure::Runtime(format!(
                "cannot create database {shown}: no permission to write in {}",
                dir.display()
            ))
        }
        StoreError::Full(_)
        | StoreError::Constraint(_)
        | StoreError::Failed(_)
        | StoreError::Unexpected(_) => {
            Failure::Runtime(format!("cannot open database {shown}: {e}"))
        }
        other => other.into(),
    }
}

/// Whether this process may write to a path (access(2), which knows about
/// root and ACLs where mode bits do not).
fn writable(p: &std::path::Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let Ok(c) = std::ffi::CString::new(p.as_os_str().as_bytes()) else {
            return true;
        };
        // SAFETY: a valid NUL-terminated path; access only reads it.
        unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
    }
    #[cfg(not(unix))]
    {
        let _ = p;
        true
    }
}

/// What every subcommand needs: where things are, the config, the clock.
pub struct Context {
    pub paths: Paths,
    pub config: Config,
    pub db: PathBuf,
    pub agent_name: String,
    pub clock: Box<dyn Clock>,
}

impl Context {
    /// Opens the book, creating it (in this machine's time zone) if there is
    /// none at the path.
    pub fn open_store(&self) -> Result<Store, Failure> {
        if self.db.is_file() && !writable(&self.db) {
            return Err(Failure::Runtime(format!(
                "cannot write to database {}: the file is read-only (recoup needs to read and write it)",
                self.db.display()
            )));
        }
        let zone = crate::clock::system_zone();
        let book = NewBook { timezone: zone.name() };
        Store::open_with(&self.db, &book).map_err(|e| open_failure(&self.db, e))
    }

    /// Opens a database that must already exist (reports, exports, checks):
    /// reading a book that is not there is a mistake in the path, not an
    /// empty book.
    pub fn open_existing_store(&self) -> Result<Store, Failure> {
        self.existing_book()?;
        self.open_store()
    }

    /// Refuses, before anything opens it, a path where there is no book: a
    /// missing file, an empty one (which only a command that creates books
    /// may make one of) or anything but a regular file.
    pub fn existing_book(&self) -> Result<(), Failure> {
        let shown = self.db.display();
        match book_file(&self.db)? {
            BookFile::Existing => Ok(()),
            BookFile::Missing => Err(Failure::BadInput(format!(
                "there is no database at {shown}; give --db PATH (or --demo for the demo book)"
            ))),
            BookFile::Empty => Err(Failure::BadInput(format!(
                "{shown} is empty, not a recoup book yet; run a command that creates a book there (recoup --db {shown} import ..., or the workstation) or remove the file"
            ))),
        }
    }

    /// The agent running this command.
    pub fn agent(&self, store: &Store) -> Result<Agent, Failure> {
        Ok(store.resolve_agent(&self.agent_name, self.clock.now_utc())?)
    }

    /// The agent running this command, who must be a lead to do `what`.
    pub fn lead(&self, store: &Store, what: &str) -> Result<Agent, Failure> {
        let me = self.agent(store)?;
        if !me.is_lead() {
            return Err(Failure::BadInput(format!(
                "only a lead can {what}; {} is an agent",
                me.name
            )));
        }
        Ok(me)
    }

    /// Now in the book: its date is the book's "today".
    pub fn moment(&self, store: &Store) -> Result<Moment, Failure> {
        Ok(store.moment(self.clock.now_utc())?)
    }
}
