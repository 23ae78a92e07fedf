//! What the hub keeps per session: its two lanes (reads, writes), each
//! run in the order sent and one job at a time, and where its answers go;
//! and whose turn it is.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use super::hub::private;
use super::job::{Answer, Job};
use super::{RETRY, Waker, drop_superseded};
use crate::app::done::Done;
use crate::domain::people::Agent;

#[derive(Default)]
pub(super) struct State {
    pub(super) sessions: BTreeMap<u64, Session>,
    pub(super) next_id: u64,
    pub(super) read_turn: u64,
    pub(super) write_turn: u64,
    pub(super) stopping: bool,
}

pub(super) struct Session {
    pub(super) me: Agent,
    pub(super) to: Recipient,
    pub(super) reads: Lane,
    pub(super) writes: Lane,
    pub(super) leaving: bool,
}

#[derive(Default)]
pub(super) struct Lane {
    pub(super) queue: VecDeque<Job>,
    pub(super) busy: bool,
    /// A draft that could not be saved, and when it was tried.
    pub(super) retry: Option<(Job, Instant)>,
}

/// Where a session's answers go.
#[derive(Clone)]
pub(super) struct Recipient {
    pub(super) out: Sender<Answer>,
    pub(super) wake: Waker,
    /// News sent and not yet taken: a second "changed" is not queued.
    pub(super) news: Arc<AtomicBool>,
}

/// A job taken from a lane, with what running and answering it needs.
pub(super) struct Taken {
    pub(super) id: u64,
    pub(super) job: Job,
    pub(super) me: Agent,
    pub(super) to: Recipient,
    pub(super) dropped: usize,
}

impl Recipient {
    pub(super) fn send(&self, answer: Answer) {
        if self.out.send(answer).is_ok() {
            (self.wake)();
        }
    }

    /// The poller's news; a plain "changed" while one is not yet taken is
    /// not repeated (the session reads again once either way).
    pub(super) fn news(&self, done: &[Done]) {
        let changed = done.iter().any(|d| matches!(d, Done::ChangedElsewhere));
        let waiting = changed && self.news.swap(true, Ordering::AcqRel);
        if waiting && matches!(done, [Done::ChangedElsewhere]) {
            return;
        }
        self.send(Answer { done: done.to_vec(), answered: false });
    }

    /// Answers for the queued jobs a newer one made pointless.
    pub(super) fn dropped(&self, n: usize) {
        for _ in 0..n {
            self.send(Answer { done: Vec::new(), answered: true });
        }
    }
}

impl Lane {
    pub(super) fn runnable(&self, stopping: bool) -> bool {
        !self.busy
            && (!self.queue.is_empty()
                || self.retry.as_ref().is_some_and(|(_, at)| stopping || at.elapsed() >= RETRY))
    }

    pub(super) fn idle(&self) -> bool {
        !self.busy && self.queue.is_empty() && self.retry.is_none()
    }

    /// The next job (a due retry first), after dropping superseded ones.
    pub(super) fn take(&mut self) -> (Option<Job>, usize) {
        // Runnable said the retry is due, or newer jobs wait: it goes first.
        if let Some((job, _)) = self.retry.take() {
            self.queue.push_front(job);
        }
        let dropped = drop_superseded(&mut self.queue);
        let job = self.queue.pop_front();
        self.busy = job.is_some();
        (job, dropped)
    }
}

impl State {
    /// The next session in turn after `turn` with work in its read (or
    /// write) lane; its lane is then busy until `done`.
    pub(super) fn take(&mut self, writes: bool) -> Option<Taken> {
        let stopping = self.stopping;
        let turn = if writes { self.write_turn } else { self.read_turn };
        fn lane(s: &Session, writes: bool) -> &Lane {
            if writes { &s.writes } else { &s.reads }
        }
        let runnable = |s: &Session| lane(s, writes).runnable(stopping);
        // A write the agent waits to see (a note saved, a promise) goes
        // before the drafts and heartbeats other sessions keep sending.
        let urgent = |s: &Session| {
            writes
                && runnable(s)
                && s.writes.retry.is_none()
                && s.writes.queue.front().is_some_and(|j| !private(&j.request))
        };
        let order = || self.sessions.range(turn + 1..).chain(self.sessions.range(..=turn));
        let id = (order().find(|(_, s)| urgent(s)))
            .or_else(|| order().find(|(_, s)| runnable(s)))
            .map(|(id, _)| *id)?;
        if writes {
            self.write_turn = id;
        } else {
            self.read_turn = id;
        }
        let session = self.sessions.get_mut(&id)?;
        let (job, dropped) = if writes { session.writes.take() } else { session.reads.take() };
        Some(Taken { id, job: job?, me: session.me.clone(), to: session.to.clone(), dropped })
    }

    /// When the nearest retry is due, if any.
    pub(super) fn next_retry(&self) -> Option<Duration> {
        self.sessions
            .values()
            .filter_map(|s| {
                s.writes.retry.as_ref().map(|(_, at)| RETRY.saturating_sub(at.elapsed()))
            })
            .min()
    }

    /// A leaving session whose writes are all done is forgotten.
    pub(super) fn forget_if_done(&mut self, id: u64) -> bool {
        let done = self.sessions.get(&id).is_some_and(|s| s.leaving && s.writes.idle());
        if done {
            self.sessions.remove(&id);
        }
        done
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::effect::Request;
    use crate::domain::people::Role;

    fn session(id: i64, jobs: Vec<Request>) -> Session {
        let now = chrono::Utc::now().fixed_offset();
        let queue = jobs.into_iter().map(|request| Job { request, now }).collect();
        Session {
            me: Agent { id, name: format!("agent{id}"), role: Role::Agent },
            to: Recipient {
                out: std::sync::mpsc::channel().0,
                wake: Arc::new(|| {}),
                news: Arc::new(AtomicBool::new(false)),
            },
            reads: Lane::default(),
            writes: Lane { queue, ..Lane::default() },
            leaving: false,
        }
    }

    fn draft(debtor_id: i64) -> Request {
        Request::SaveDraft { debtor_id, call_id: None, body: "typed".into(), version: 1 }
    }

    #[test]
    fn a_note_saved_goes_before_the_drafts_others_queued() {
        let mut state = State::default();
        for id in 1..=3 {
            state.sessions.insert(id, session(id as i64, vec![draft(id as i64)]));
        }
        let note = Request::SaveNote { debtor_id: 4, body: "Left a message".into() };
        state.sessions.insert(4, session(4, vec![note.clone(), draft(4)]));
        let first = state.take(true).unwrap();
        assert_eq!((first.id, first.job.request), (4, note), "the note first");
        // The rest in turn; the note's session is busy until its note is done.
        let next: Vec<u64> = std::iter::from_fn(|| state.take(true).map(|t| t.id)).collect();
        assert_eq!(next, [1, 2, 3]);
    }
}
