//! The hub on real books: a session told at once of another's write, two
//! sessions' drafts both saved, a leaving session's draft saved, a commit
//! from outside noticed by the poller, sessions taking turns.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::*;
use crate::app::done::Done;
use crate::app::worker::Workers;
use crate::demo::DemoOptions;
use crate::store::NoteDraft;

/// Longer than any test: news that arrives came without a poll.
const NEVER: Duration = Duration::from_secs(3600);
const WAIT: Duration = Duration::from_secs(10);

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339("2026-11-24T10:00:00+00:00").unwrap()
}

/// A demo book of a dozen debtors (alice, bob, carol).
fn book() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.sqlite");
    let store = Store::open(&path).unwrap();
    let at = store.moment(now().to_utc()).unwrap();
    crate::demo::generate(&store, at, DemoOptions { debtors: 12, seed: 1 }).unwrap();
    (dir, path)
}

fn agent(path: &Path, name: &str) -> Agent {
    Store::open(path).unwrap().resolve_agent(name, now().to_utc()).unwrap()
}

fn join(hub: &Hub, name: &str) -> Workers {
    Workers::join(hub, &agent(hub.path(), name), Arc::new(|| {}))
}

/// Waits for an answer holding a `Done` that `wanted` picks.
pub(in crate::app::worker) fn wait_for(w: &mut Workers, wanted: impl Fn(&Done) -> bool) -> Done {
    let deadline = Instant::now() + WAIT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(!left.is_zero(), "no such answer in time");
        if let Some(done) = w.wait(left)
            && let Some(d) = done.into_iter().find(|d| wanted(d))
        {
            return d;
        }
    }
}

/// Waits until every request sent is answered.
fn settle(w: &mut Workers) {
    let deadline = Instant::now() + WAIT;
    while w.in_flight() > 0 {
        assert!(Instant::now() < deadline, "{} requests unanswered", w.in_flight());
        w.wait(Duration::from_millis(50));
    }
}

fn changed(d: &Done) -> bool {
    matches!(d, Done::ChangedElsewhere)
}

fn draft(debtor_id: i64, body: &str, version: u64) -> Request {
    Request::SaveDraft { debtor_id, call_id: None, body: body.into(), version }
}

fn draft_of(path: &Path, name: &str, debtor_id: i64) -> Option<String> {
    let me = agent(path, name);
    Store::open(path).unwrap().draft(me.id, debtor_id).unwrap().map(|d| d.body)
}

/// Holds the book's write lock from another connection until `release`
/// is sent: the hub's writer waits, and what is sent meanwhile queues.
fn hold_lock(path: &Path) -> (mpsc::Sender<()>, std::thread::JoinHandle<()>) {
    let (held_tx, held) = mpsc::channel();
    let (release, released) = mpsc::channel::<()>();
    let path = path.to_owned();
    let t = std::thread::spawn(move || {
        let store = Store::open(&path).unwrap();
        store
            .write(|_| {
                held_tx.send(()).unwrap();
                let _ = released.recv();
                Ok(())
            })
            .unwrap();
    });
    held.recv().unwrap();
    (release, t)
}

#[test]
fn a_note_and_a_lease_reach_the_other_session_without_a_poll() {
    let (_dir, path) = book();
    let hub = Hub::start(&path, 2, NEVER).unwrap();
    let mut a = join(&hub, "alice");
    let mut b = join(&hub, "bob");
    settle(&mut a);
    a.send(Request::SaveNote { debtor_id: 1, body: "Promised by Friday".into() }, now());
    wait_for(&mut a, |d| matches!(d, Done::NoteSaved { debtor_id: 1 }));
    // Told which debtor: a session not showing it reads nothing again.
    wait_for(&mut b, |d| matches!(d, Done::ChangedDebtor(1)));
    // Told once, then again for the next change: the flag was taken.
    a.send(Request::BeginPreCall(2), now());
    wait_for(&mut a, |d| matches!(d, Done::PreCallReady { .. }));
    wait_for(&mut b, |d| matches!(d, Done::ChangedDebtor(2)));
    b.send(Request::LoadAccount(1), now());
    let Done::AccountLoaded { account: Some(account), .. } =
        wait_for(&mut b, |d| matches!(d, Done::AccountLoaded { .. }))
    else {
        panic!("no account")
    };
    assert!(account.notes.iter().any(|n| n.body == "Promised by Friday"));
}

#[test]
fn a_draft_or_a_write_that_changed_nothing_tells_nobody_even_when_the_poller_looks() {
    let (_dir, path) = book();
    // The poller looks every 10 ms: news would come at once.
    let hub = Hub::start(&path, 2, Duration::from_millis(10)).unwrap();
    let mut a = join(&hub, "alice");
    let mut b = join(&hub, "bob");
    settle(&mut a);
    settle(&mut b);
    // Whatever the start told (the first look), taken now.
    let deadline = Instant::now() + Duration::from_millis(200);
    while Instant::now() < deadline {
        b.wait(Duration::from_millis(20));
    }
    a.send(draft(1, "typing", 1), now());
    a.send(Request::Rollover, now());
    a.send(Request::LoadAccount(1), now());
    settle(&mut a);
    // Twenty looks of the poller: none of them brings b anything.
    let deadline = Instant::now() + Duration::from_millis(200);
    while Instant::now() < deadline {
        assert!(b.wait(Duration::from_millis(20)).is_none(), "a draft is the agent's own");
    }
    assert_eq!(draft_of(&path, "alice", 1).as_deref(), Some("typing"));
}

#[test]
fn drafts_of_two_sessions_queued_at_once_are_both_saved() {
    let (_dir, path) = book();
    let hub = Hub::start(&path, 2, NEVER).unwrap();
    let mut a = join(&hub, "alice");
    let mut b = join(&hub, "bob");
    settle(&mut a);
    settle(&mut b);
    let (release, holder) = hold_lock(&path);
    a.send(draft(3, "a1", 1), now());
    a.send(draft(3, "a2", 2), now());
    b.send(draft(3, "b1", 1), now());
    b.send(draft(4, "b on four", 1), now());
    release.send(()).unwrap();
    holder.join().unwrap();
    settle(&mut a);
    settle(&mut b);
    assert_eq!(draft_of(&path, "alice", 3).as_deref(), Some("a2"));
    assert_eq!(draft_of(&path, "bob", 3).as_deref(), Some("b1"));
    assert_eq!(draft_of(&path, "bob", 4).as_deref(), Some("b on four"));
}

#[test]
fn a_session_that_leaves_with_a_draft_queued_has_it_saved() {
    let (_dir, path) = book();
    let hub = Hub::start(&path, 2, NEVER).unwrap();
    let mut a = join(&hub, "alice");
    settle(&mut a);
    let (release, holder) = hold_lock(&path);
    a.send(draft(5, "left mid-sentence", 1), now());
    a.send(Request::LoadAccount(5), now());
    let leaving = std::thread::spawn(move || drop(a));
    release.send(()).unwrap();
    holder.join().unwrap();
    // Leaving waits for the session's writes.
    leaving.join().unwrap();
    assert_eq!(draft_of(&path, "alice", 5).as_deref(), Some("left mid-sentence"));
    let mut b = join(&hub, "bob");
    b.send(Request::LoadAccount(5), now());
    settle(&mut b);
}

#[test]
fn a_commit_from_outside_is_noticed_by_the_poller() {
    let (_dir, path) = book();
    let hub = Hub::start(&path, 2, Duration::from_millis(50)).unwrap();
    let mut a = join(&hub, "alice");
    settle(&mut a);
    let outside = Store::open(&path).unwrap();
    let carol = agent(&path, "carol");
    let note = NoteDraft { debtor_id: 6, agent_id: carol.id, call_id: None, body: "from outside" };
    outside.add_note(&note, now().to_utc()).unwrap();
    wait_for(&mut a, changed);
}

#[test]
fn a_session_whose_read_is_running_lets_the_others_read_and_keeps_its_order() {
    let me = Agent { id: 1, name: "alice".into(), role: crate::domain::people::Role::Agent };
    let mut state = State::default();
    for id in [1, 2] {
        let (out, _) = mpsc::channel();
        let to = Recipient { out, wake: Arc::new(|| {}), news: Arc::default() };
        let mut reads = Lane::default();
        reads.queue.push_back(Job { request: Request::LoadTriage, now: now() });
        reads.queue.push_back(Job { request: Request::LoadAccount(id as i64), now: now() });
        let session =
            Session { me: me.clone(), to, reads, writes: Lane::default(), leaving: false };
        state.sessions.insert(id, session);
    }
    let first = state.take(false).unwrap();
    assert_eq!((first.id, &first.job.request), (1, &Request::LoadTriage));
    // Session 1's triage is running: the next reader takes session 2's.
    let second = state.take(false).unwrap();
    assert_eq!((second.id, &second.job.request), (2, &Request::LoadTriage));
    assert!(state.take(false).is_none(), "one read at a time per session");
    state.sessions.get_mut(&1).unwrap().reads.busy = false;
    let third = state.take(false).unwrap();
    assert_eq!((third.id, &third.job.request), (1, &Request::LoadAccount(1)));
}
