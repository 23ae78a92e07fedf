//! The local workstation's two private workers: one reads (its own
//! connection; in WAL a read never waits for a writer), one writes (and may
//! wait for the book's lock while another desk imports). The reader looks
//! for other desks' commits between requests.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::job::{Answer, Job, Outcome};
use super::{POLL, RETRY, Waker, drop_superseded, read, trace_slow, write};
use crate::app::done::Done;
use crate::domain::people::Agent;
use crate::store::Store;

/// The two threads and the queues into them.
pub struct Own {
    reader: Sender<Job>,
    writer: Sender<Job>,
    threads: Vec<JoinHandle<()>>,
}

/// Opens a second connection to the book for the other worker.
fn second(store: &Store) -> std::io::Result<Store> {
    Store::open(store.path()).map_err(|e| std::io::Error::other(e.to_string()))
}

impl Own {
    pub fn start(
        store: Store,
        me: &Agent,
        answer_tx: Sender<Answer>,
        waker: Waker,
    ) -> std::io::Result<Own> {
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
        Ok(Own { reader, writer, threads: vec![read, write] })
    }

    /// Queues a job; false when its worker is gone.
    pub fn send(&self, job: Job) -> bool {
        let to = if job.request.writes() { &self.writer } else { &self.reader };
        to.send(job).is_ok()
    }
}

impl Drop for Own {
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
