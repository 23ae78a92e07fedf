//! The store, off the thread that draws. Requests go over a channel to the
//! workers; answers come back as `Done`s, and the event loop is woken.
//! Queued requests that a newer one of the same workstation makes
//! pointless are dropped: the latest draft, search or account wins.
//!
//! A local workstation has two private workers (local.rs). The sessions of
//! `recoup serve` share one hub (hub.rs): one writer, a few readers, one
//! poller, and every session told at once of a change another made.

mod hub;
mod job;
mod lanes;
#[cfg(test)]
mod letters_tests;
mod local;
mod read;
mod write;

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use chrono::{DateTime, FixedOffset};

use super::done::Done;
use super::effect::Request;
use crate::domain::people::Agent;
use crate::store::Store;
pub use hub::Hub;
pub use job::{Answer, Job};

/// How often the store is looked at for other desks' commits.
pub const POLL: Duration = Duration::from_millis(250);
/// A draft that could not be saved is tried again this soon.
const RETRY: Duration = Duration::from_millis(300);

/// Wakes the event loop when an answer is ready.
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// Where a workstation's requests go.
enum Sink {
    /// Its own two workers (the local workstation).
    Own(local::Own),
    /// A served session's place in the desk's hub.
    Hub(hub::Member),
}

/// A workstation's workers and the channel their answers come back on.
pub struct Workers {
    to: Sink,
    answers: Receiver<Answer>,
    in_flight: usize,
    /// Set while news from the hub waits in `answers` (a served session).
    news: Option<Arc<AtomicBool>>,
}

impl Workers {
    /// Two workers of its own on `store` (and a second connection).
    pub fn start(store: Store, me: &Agent, waker: Waker) -> std::io::Result<Workers> {
        let (answer_tx, answers) = mpsc::channel();
        let own = local::Own::start(store, me, answer_tx, waker)?;
        Ok(Workers { to: Sink::Own(own), answers, in_flight: 0, news: None })
    }

    /// A place in the desk's hub, as `me`.
    pub fn join(hub: &Hub, me: &Agent, waker: Waker) -> Workers {
        let (answer_tx, answers) = mpsc::channel();
        let member = hub.join(me, answer_tx, waker);
        let news = Some(member.news());
        Workers { to: Sink::Hub(member), answers, in_flight: 0, news }
    }

    pub fn send(&mut self, request: Request, now: DateTime<FixedOffset>) {
        let job = Job { request, now };
        let sent = match &self.to {
            Sink::Own(own) => own.send(job),
            Sink::Hub(member) => member.send(job),
        };
        if sent {
            self.in_flight += 1;
        }
    }

    /// Answers ready now, without waiting.
    pub fn ready(&mut self) -> Vec<Done> {
        let mut out = Vec::new();
        while let Ok(answer) = self.answers.try_recv() {
            out.extend(self.count(answer));
        }
        out
    }

    /// Waits up to `timeout` for the next answer.
    pub fn wait(&mut self, timeout: Duration) -> Option<Vec<Done>> {
        let answer = self.answers.recv_timeout(timeout).ok()?;
        Some(self.count(answer))
    }

    fn count(&mut self, answer: Answer) -> Vec<Done> {
        if answer.answered {
            self.in_flight = self.in_flight.saturating_sub(1);
        } else if let Some(news) = &self.news
            && answer.done.iter().any(|d| matches!(d, Done::ChangedElsewhere))
        {
            news.store(false, Ordering::Release);
        }
        answer.done
    }

    /// Requests sent and not yet answered.
    pub fn in_flight(&self) -> usize {
        self.in_flight
    }
}

/// Requests that take long enough for a person to notice are logged, with
/// how long they took (the log is where a slow book is diagnosed).
fn trace_slow(job: &Job, took: Duration) {
    if took >= Duration::from_millis(20) {
        // The kind of request only: its fields may hold what was typed.
        let what = format!("{:?}", job.request);
        let what = what.split([' ', '(', '{']).next().unwrap_or_default();
        tracing::info!("store: {what} took {} ms", took.as_millis());
    } else {
        tracing::debug!("store: request took {} µs", took.as_micros());
    }
}

/// Drops queued requests that a later one in the queue supersedes; returns
/// how many.
fn drop_superseded(queue: &mut VecDeque<Job>) -> usize {
    let before = queue.len();
    let mut kept: VecDeque<Job> = VecDeque::with_capacity(before);
    while let Some(job) = queue.pop_front() {
        if !queue.iter().any(|later| job.request.superseded_by(&later.request)) {
            kept.push_back(job);
        }
    }
    *queue = kept;
    before - queue.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(request: Request) -> Job {
        Job { request, now: chrono::Utc::now().fixed_offset() }
    }

    #[test]
    fn queued_drafts_and_searches_keep_only_the_latest() {
        let draft = |body: &str| Request::SaveDraft {
            debtor_id: 1,
            call_id: None,
            body: body.into(),
            version: 0,
        };
        let mut q: VecDeque<Job> = [
            job(draft("a")),
            job(Request::Search("ac".into())),
            job(Request::SaveNote { debtor_id: 1, body: "n".into() }),
            job(draft("ab")),
            job(Request::Search("acm".into())),
        ]
        .into();
        assert_eq!(drop_superseded(&mut q), 2);
        let left: Vec<Request> = q.into_iter().map(|j| j.request).collect();
        assert_eq!(
            left,
            [
                Request::SaveNote { debtor_id: 1, body: "n".into() },
                draft("ab"),
                Request::Search("acm".into())
            ]
        );
    }
}
