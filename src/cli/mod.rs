//! The command line: one file per subcommand that needs no full-screen UI.

pub mod agent;
pub mod args;
pub mod check;
pub mod demo;
pub mod export;
pub mod import;
pub mod note;
pub mod report;
pub mod report_agents;
pub mod report_aging;
pub mod report_kpi;
pub mod workstation;

use std::path::PathBuf;

use thiserror::Error;

use crate::clock::Clock;
use crate::config::{Config, Paths};
use crate::domain::people::Agent;
use crate::store::{Store, StoreError};

/// A failure with the exit code it means.
#[derive(Debug, Error)]
pub enum Failure {
    /// Bad usage or bad input: exit 2.
    #[error("{0}")]
    BadInput(String),
    /// Something went wrong at run time: exit 1.
    #[error("{0}")]
    Runtime(String),
}

impl Failure {
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::BadInput(_) => 2,
            Failure::Runtime(_) => 1,
        }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Refused(_) | StoreError::NewerVersion { .. } => {
                Failure::BadInput(e.to_string())
            }
            other => Failure::Runtime(other.to_string()),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Runtime(e.to_string())
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
    pub fn open_store(&self) -> Result<Store, Failure> {
        Store::open(&self.db).map_err(|e| match e {
            StoreError::Sqlite(inner) => {
                Failure::Runtime(format!("cannot open database {}: {inner}", self.db.display()))
            }
            other => other.into(),
        })
    }

    /// Opens a database that must already exist (reports, exports, checks):
    /// reading a book that is not there is a mistake in the path, not an
    /// empty book.
    pub fn open_existing_store(&self) -> Result<Store, Failure> {
        if !self.db.exists() {
            return Err(Failure::BadInput(format!(
                "there is no database at {}; give --db PATH (or --demo for the demo book)",
                self.db.display()
            )));
        }
        self.open_store()
    }

    /// The agent running this command.
    pub fn agent(&self, store: &Store) -> Result<Agent, Failure> {
        Ok(store.resolve_agent(&self.agent_name, self.clock.now_utc())?)
    }
}
