//! The store, off the thread that draws: one worker reads (its own
//! connection; in WAL a read never waits for a writer), one writes (and may
//! wait for the book's lock while another desk imports). Requests go over a
//! channel; answers come back as `Done`s, and the event loop is woken.
//! Queued requests that a newer one makes pointless are dropped: the latest
//! draft, search or account wins.

mod job;
mod read;
mod write;

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};

use super::done::Done;
use super::effect::Request;
use crate::domain::people::Agent;
use crate::store::Store;
pub use job::{Answer, Job, Outcome};

/// How often the reader looks for other desks' commits.
const POLL: Duration = Duration::from_millis(250);
/// A draft that could not be saved is tried again this soon.
const RETRY: Duration = Duration::from_millis(300);

/// Wakes the event loop when an answer is ready.
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// The two workers and the channel their answers come back on.
pub struct Workers {
    reader: Sender<Job>,
    writer: Sender<Job>,
    answers: Receiver<Answer>,
    in_flight: usize,
    threads: Vec<JoinHandle<()>>,
}

/// Opens a second connection to the book for the other worker.
fn second(store: &Store) -> std::io::Result<Store> {
    Store::open(store.path()).map_err(|e| std::io::Error::other(e.to_string()))
}

impl Workers {
    pub fn start(store: Store, me: &Agent, waker: Waker) -> std::io::Result<Workers> {
        let (answer_tx, answers) = mpsc::channel();
        let write_store = second(&store)?;
        let (reader, read_jobs) = mpsc::channel();
        let (writer, write_jobs) = mpsc::channel();
        let me_r = me.clone();
        let (tx_r, wake_r) = (answer_tx.clone(), Arc::clone(&waker));
        let read = std::thread::Builder::new().name("store-read".into()).spawn(move || {
            let mut poller = read::Poller::default();
            serve(
                read_jobs,
                tx_r,
                wake_r,
                |job| read::run(&store, &me_r, job),
                || poller.poll(&store),
            )
        })?;
        let me_w = me.clone();
        let write = std::thread::Builder::new().name("store-write".into()).spawn(move || {
            serve(
                write_jobs,
                answer_tx,
                waker,
                |job| write::run(&write_store, &me_w, job),
                Vec::new,
            )
        })?;
        Ok(Workers { reader, writer, answers, in_flight: 0, threads: vec![read, write] })
    }

    pub fn send(&mut self, request: Request, now: DateTime<FixedOffset>) {
        let to = if request.writes() { &self.writer } else { &self.reader };
        if to.send(Job { request, now }).is_ok() {
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
        }
        answer.done
    }

    /// Requests sent and not yet answered.
    pub fn in_flight(&self) -> usize {
        self.in_flight
    }
}

impl Drop for Workers {
    fn drop(&mut self) {
        // Closing the channels ends the workers once their queues are done:
        // a draft or a note being saved is saved.
        let (dead_r, _) = mpsc::channel();
        let (dead_w, _) = mpsc::channel();
        drop(std::mem::replace(&mut self.reader, dead_r));
        drop(std::mem::replace(&mut self.writer, dead_w));
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

/// A worker's loop: take what is queued, drop what is superseded, run the
/// oldest, answer; between requests, `poll` for news.
fn serve(
    jobs: Receiver<Job>,
    out: Sender<Answer>,
    wake: Waker,
    mut run: impl FnMut(Job) -> Outcome,
    mut poll: impl FnMut() -> Vec<Done>,
) {
    let mut queue: VecDeque<Job> = VecDeque::new();
    let mut retry: Option<(Job, Instant)> = None;
    let mut polled = Instant::now();
    let send = |answer: Answer| {
        let ok = out.send(answer).is_ok();
        wake();
        ok
    };
    loop {
        let wait = match (&retry, queue.is_empty()) {
            (_, false) => Duration::ZERO,
            (Some((_, at)), true) => RETRY.saturating_sub(at.elapsed()),
            (None, true) => POLL.saturating_sub(polled.elapsed()),
        };
        match jobs.recv_timeout(wait) {
            Ok(job) => queue.push_back(job),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) if queue.is_empty() && retry.is_none() => return,
            Err(RecvTimeoutError::Disconnected) => {}
        }
        queue.extend(jobs.try_iter());
        if let Some((job, at)) = retry.take() {
            if at.elapsed() >= RETRY || !queue.is_empty() {
                queue.push_front(job);
            } else {
                retry = Some((job, at));
            }
        }
        for _ in 0..drop_superseded(&mut queue) {
            if !send(Answer { done: Vec::new(), answered: true }) {
                return;
            }
        }
        if let Some(job) = queue.pop_front() {
            let started = Instant::now();
            let outcome = run(job.clone());
            trace_slow(&job, started.elapsed());
            let answer = match outcome {
                Outcome::Done(done) => Answer { done, answered: true },
                Outcome::Retry(why) => {
                    retry = Some((job, Instant::now()));
                    Answer { done: vec![why], answered: false }
                }
            };
            if !send(answer) {
                return;
            }
        }
        if polled.elapsed() >= POLL {
            polled = Instant::now();
            let news = poll();
            if !news.is_empty() && !send(Answer { done: news, answered: false }) {
                return;
            }
        }
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
