//! What travels between the workstation and its store workers.

use chrono::{DateTime, FixedOffset, Utc};

use crate::app::done::Done;
use crate::app::effect::Request;
use crate::store::StoreError;

/// A request and the instant it was made, in the agent's offset (the clock
/// stays with the UI; messages give times in the agent's zone).
#[derive(Clone, Debug)]
pub struct Job {
    pub request: Request,
    pub now: DateTime<FixedOffset>,
}

impl Job {
    pub fn utc(&self) -> DateTime<Utc> {
        self.now.with_timezone(&Utc)
    }
}

/// What a worker sends back. `answered` says a request is finished (not a
/// poll's news, not a draft still being retried).
#[derive(Debug)]
pub struct Answer {
    pub done: Vec<Done>,
    pub answered: bool,
}

/// What running a request came to.
pub enum Outcome {
    Done(Vec<Done>),
    /// Could not be done yet (the book is busy): say so, try again.
    Retry(Done),
}

/// A store error as the status line says it.
pub fn failed(e: StoreError) -> Done {
    match e {
        StoreError::Refused(why) => Done::Failed(why),
        e => {
            tracing::error!("store: {e}");
            Done::Failed(format!("Could not reach the database: {e}"))
        }
    }
}
