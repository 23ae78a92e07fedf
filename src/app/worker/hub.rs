//! One store for every session of `recoup serve`: ONE writer (one
//! connection: the book's writes are one at a time anyway), a few readers
//! (each its own connection, so one session's slow read does not hold up
//! the others'), and ONE poller that looks for commits made outside the
//! server (a local import, a command run over SSH) and tells every session.
//! After a write that others can see and that changed rows, every session
//! is told at once, not at the next poll. The poller looks on the writer's
//! own connection, whose `data_version` moves only with commits made by
//! other connections: the hub's own writes (a draft saved on every key
//! included) never make every session read again.
//!
//! Each session has two lanes, its reads and its writes, each run in the
//! order sent, one job at a time; a newer draft, search or account drops a
//! queued older one of the same session only. Sessions take turns.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::job::{Answer, Job, Outcome};
use super::lanes::{Lane, Recipient, Session, State, Taken};
use super::{POLL, Waker, read, trace_slow, write};
use crate::app::done::Done;
use crate::app::effect::Request;
use crate::domain::people::Agent;
use crate::store::Store;

/// Readers in the pool: a lead's triage figures may take a while on a
/// large book; with three, two of them at once still leave a reader for
/// everyone's queue moves (and the machine's cores are few).
const READERS: usize = 3;
/// How long a leaving session waits for its writes to be done; after that
/// they are still done, without it (the drafts are in crash files too).
const LEAVE_WAIT: Duration = Duration::from_secs(10);

/// The desk's store workers, shared by every session; dropping it finishes
/// the writes queued and stops the threads.
pub struct Hub {
    inner: Arc<Inner>,
    threads: Vec<JoinHandle<()>>,
}

struct Inner {
    path: PathBuf,
    state: Mutex<State>,
    /// A read lane may have work (or the hub stops).
    reads: Condvar,
    /// A write lane may have work (or the hub stops).
    writes: Condvar,
    /// A session left, or the hub stops.
    gone: Condvar,
    /// The writer's connection (the poller looks on it between writes) and
    /// what the poller last saw of the rules.
    watch: Mutex<(Store, read::Poller)>,
    poll_every: Duration,
}

/// A session's place in the hub; dropping it leaves.
pub struct Member {
    inner: Arc<Inner>,
    id: u64,
    news: Arc<AtomicBool>,
}

fn opened(path: &Path) -> std::io::Result<Store> {
    Store::open(path).map_err(|e| std::io::Error::other(e.to_string()))
}

impl Hub {
    /// A desk's hub: `READERS` readers, a look for outside commits every
    /// `poll_every` (by default `POLL`, as a local workstation looks).
    pub fn open(path: &Path, poll_every: Option<Duration>) -> std::io::Result<Hub> {
        Hub::start(path, READERS, poll_every.unwrap_or(POLL))
    }

    /// The writer and `readers` readers, each with its own connection to
    /// the book at `path`; the poller looks on the writer's every
    /// `poll_every`.
    pub fn start(path: &Path, readers: usize, poll_every: Duration) -> std::io::Result<Hub> {
        let inner = Arc::new(Inner {
            path: path.to_owned(),
            state: Mutex::new(State::default()),
            reads: Condvar::new(),
            writes: Condvar::new(),
            gone: Condvar::new(),
            watch: Mutex::new((opened(path)?, read::Poller::default())),
            poll_every,
        });
        // Built as it goes: if a connection cannot be opened, dropping it
        // stops the threads already started.
        let mut hub = Hub { inner, threads: Vec::new() };
        let mut spawn = |name: String, f: Box<dyn FnOnce(&Inner) + Send>| {
            let inner = Arc::clone(&hub.inner);
            let t = std::thread::Builder::new().name(name).spawn(move || f(&inner))?;
            hub.threads.push(t);
            std::io::Result::Ok(())
        };
        spawn("store-write".into(), Box::new(writer))?;
        for n in 0..readers.max(1) {
            let store = opened(path)?;
            spawn(format!("store-read-{n}"), Box::new(move |inner| reader(inner, store)))?;
        }
        spawn("store-poll".into(), Box::new(poller))?;
        Ok(hub)
    }

    /// The book the hub works on.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// A new session: its answers go to `out`, and `wake` is called.
    pub fn join(&self, me: &Agent, out: Sender<Answer>, wake: Waker) -> Member {
        let news = Arc::new(AtomicBool::new(false));
        let mut state = self.inner.lock();
        let id = state.next_id;
        state.next_id += 1;
        let to = Recipient { out, wake, news: Arc::clone(&news) };
        let session = Session {
            me: me.clone(),
            to,
            reads: Lane::default(),
            writes: Lane::default(),
            leaving: false,
        };
        state.sessions.insert(id, session);
        Member { inner: Arc::clone(&self.inner), id, news }
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        self.inner.lock().stopping = true;
        for c in [&self.inner.reads, &self.inner.writes, &self.inner.gone] {
            c.notify_all();
        }
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl Member {
    /// Queues a job in this session's lane; false once the hub stops.
    pub fn send(&self, job: Job) -> bool {
        let writes = job.request.writes();
        let mut state = self.inner.lock();
        if state.stopping {
            return false;
        }
        let Some(session) = state.sessions.get_mut(&self.id) else {
            return false;
        };
        let lane = if writes { &mut session.writes } else { &mut session.reads };
        lane.queue.push_back(job);
        drop(state);
        let work = if writes { &self.inner.writes } else { &self.inner.reads };
        work.notify_one();
        true
    }

    /// The flag the hub sets when it sends news, for the session to clear.
    pub fn news(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.news)
    }
}

impl Drop for Member {
    /// Leaving: queued reads are dropped, queued writes are still done (a
    /// draft being saved is saved), and answers go nowhere.
    fn drop(&mut self) {
        let deadline = Instant::now() + LEAVE_WAIT;
        let mut state = self.inner.lock();
        if let Some(session) = state.sessions.get_mut(&self.id) {
            session.leaving = true;
            session.reads.queue.clear();
        }
        state.forget_if_done(self.id);
        while state.sessions.contains_key(&self.id) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                tracing::warn!("a session left with writes not yet done; they go on without it");
                return;
            }
            state = match self.inner.gone.wait_timeout(state, left) {
                Ok((state, _)) => state,
                Err(_) => return,
            };
        }
    }
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn watch(&self) -> MutexGuard<'_, (Store, read::Poller)> {
        self.watch.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Looks for commits made outside the hub, and tells every session.
    fn look_outside(&self) {
        let news = {
            let mut watch = self.watch();
            let (store, poller) = &mut *watch;
            poller.poll(store)
        };
        self.tell(&news);
    }

    /// Tells every session still there.
    fn tell(&self, news: &[Done]) {
        if news.is_empty() {
            return;
        }
        let to: Vec<Recipient> =
            self.lock().sessions.values().filter(|s| !s.leaving).map(|s| s.to.clone()).collect();
        for r in to {
            r.news(news);
        }
    }
}

/// Takes the next job of `writes` lanes, waiting for one; None once the hub
/// stops (readers at once, the writer once every write is done).
fn next(inner: &Inner, writes: bool) -> Option<Taken> {
    let mut state = inner.lock();
    loop {
        if state.stopping && !writes {
            return None;
        }
        if let Some(taken) = state.take(writes) {
            return Some(taken);
        }
        if state.stopping && state.sessions.values().all(|s| s.writes.idle()) {
            return None;
        }
        let (condvar, wait) = if writes {
            (&inner.writes, state.next_retry().unwrap_or(Duration::from_secs(1)))
        } else {
            (&inner.reads, Duration::from_secs(1))
        };
        state = match condvar.wait_timeout(state, wait) {
            Ok((state, _)) => state,
            Err(_) => return None,
        };
    }
}

/// The reader's loop: the next session's read, on its own connection.
fn reader(inner: &Inner, store: Store) {
    while let Some(t) = next(inner, false) {
        t.to.dropped(t.dropped);
        let started = Instant::now();
        let outcome = guarded(|| read::run(&store, &t.me, t.job.clone()));
        trace_slow(&t.job, started.elapsed());
        if let Some(s) = inner.lock().sessions.get_mut(&t.id) {
            s.reads.busy = false;
        }
        inner.reads.notify_one();
        if let Outcome::Done(done) = outcome {
            t.to.send(Answer { done, answered: true });
        }
    }
}

/// The writer's loop: the next session's write; a draft that cannot be
/// saved is said so and tried again; a change others see is told at once.
fn writer(inner: &Inner) {
    while let Some(t) = next(inner, true) {
        t.to.dropped(t.dropped);
        let started = Instant::now();
        let (outcome, changed) = {
            let watch = inner.watch();
            let before = watch.0.rows_changed();
            let outcome = guarded(|| write::run(&watch.0, &t.me, t.job.clone()));
            (outcome, watch.0.rows_changed() != before)
        };
        trace_slow(&t.job, started.elapsed());
        let answer = {
            let mut state = inner.lock();
            let stopping = state.stopping;
            let answer = match (outcome, state.sessions.get_mut(&t.id)) {
                (Outcome::Done(done), session) => {
                    if let Some(s) = session {
                        s.writes.busy = false;
                    }
                    Answer { done, answered: true }
                }
                (Outcome::Retry(why), Some(s)) if !stopping => {
                    s.writes.busy = false;
                    s.writes.retry = Some((t.job.clone(), Instant::now()));
                    Answer { done: vec![why], answered: false }
                }
                (Outcome::Retry(why), session) => {
                    tracing::warn!(
                        "a draft could not be saved before the desk stopped; it is kept in its crash file"
                    );
                    if let Some(s) = session {
                        s.writes.busy = false;
                    }
                    Answer { done: vec![why], answered: true }
                }
            };
            if state.forget_if_done(t.id) {
                inner.gone.notify_all();
            }
            answer
        };
        t.to.send(answer);
        if changed && !private(&t.job.request) {
            inner.tell(&[news_of(&t.job.request)]);
        }
    }
}

/// A bug in one request fails that request only, not the hub every
/// session shares (its transaction is rolled back as it unwinds).
fn guarded(run: impl FnOnce() -> Outcome) -> Outcome {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).unwrap_or_else(|_| {
        tracing::error!("store: a request stopped because of a bug");
        Outcome::Done(vec![Done::Failed(
            "That could not be done because of a bug (see the desk's log)".into(),
        )])
    })
}

/// Writes nobody else sees: the agent's own draft, a lease kept alive.
/// Nobody is told of them.
pub(super) fn private(request: &Request) -> bool {
    matches!(
        request,
        Request::SaveDraft { .. } | Request::DiscardDraft { .. } | Request::Heartbeat { .. }
    )
}

/// What others are told of a write that changed rows: the one debtor it
/// was about, or (a lead's action, a new day, a session's start) that
/// anything may have changed.
fn news_of(request: &Request) -> Done {
    match request {
        Request::SaveNote { debtor_id, .. }
        | Request::BeginPreCall(debtor_id)
        | Request::ReleaseLease(debtor_id) => Done::ChangedDebtor(*debtor_id),
        Request::SavePromise(p) | Request::SetPendingPromise { promise: p, .. } => {
            Done::ChangedDebtor(p.debtor_id)
        }
        Request::SavePayment(p) => Done::ChangedDebtor(p.debtor_id),
        Request::StartCall(c) => Done::ChangedDebtor(c.debtor_id),
        Request::WrapUp(w) => Done::ChangedDebtor(w.debtor_id),
        Request::SendLetter { debtor_id, .. } => Done::ChangedDebtor(*debtor_id),
        _ => Done::ChangedElsewhere,
    }
}

/// The poller's loop: every `poll_every`, commits made outside the hub go
/// to every session.
fn poller(inner: &Inner) {
    let mut state = inner.lock();
    let mut due = Instant::now() + inner.poll_every;
    while !state.stopping {
        let left = due.saturating_duration_since(Instant::now());
        if !left.is_zero() {
            // `gone` also wakes it when a session leaves: it waits on.
            state = match inner.gone.wait_timeout(state, left) {
                Ok((state, _)) => state,
                Err(_) => return,
            };
            continue;
        }
        drop(state);
        inner.look_outside();
        due = Instant::now() + inner.poll_every;
        state = inner.lock();
    }
}

#[cfg(test)]
#[path = "hub_tests.rs"]
pub(super) mod tests;
