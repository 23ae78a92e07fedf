//! The sessions a desk has open. Each workstation and each running command
//! holds a `Seat` until it ends, at most `max_sessions` at once. Each
//! workstation is also listed here, with its agent and the call it has open,
//! while its `App` runs, so that the desk can end it: all of them when the
//! server stops (SIGTERM), or the one holding an agent's call when the same
//! agent opens a new session (a connection dropped and made again before
//! the server noticed: the call goes to the new session). Logged-in
//! connections are counted until their logout is audited, so a stopping
//! server waits for them.

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, mpsc};
use std::time::{Duration, Instant};

use super::idle::spoken;
use super::input::DeskInput;

/// Why the desk ended a workstation (the agent did not quit it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// The server is stopping (SIGTERM, SIGINT).
    Restart,
    /// No key for this long (`idle_timeout`).
    Idle(Duration),
    /// The same agent opened a new session, which takes the call up.
    Moved,
}

impl Ending {
    /// What the client reads once the workstation is gone.
    pub fn sentence(&self) -> String {
        match self {
            Ending::Restart => "the desk is restarting; your notes are saved".to_owned(),
            Ending::Idle(after) => format!(
                "no key for {}, so this session is closed; your notes are saved",
                spoken(*after)
            ),
            Ending::Moved => {
                "your call went on in your new session, so this one is closed; your notes are saved"
                    .to_owned()
            }
        }
    }

    /// The session's exit status: 75 (EX_TEMPFAIL, connect again shortly)
    /// for a restart, else 0.
    pub fn exit_status(&self) -> u32 {
        match self {
            Ending::Restart => 75,
            Ending::Idle(_) | Ending::Moved => 0,
        }
    }
}

/// An `Ending`, as the error that ends the workstation's event loop.
#[derive(Debug)]
pub struct Ended(pub Ending);

impl fmt::Display for Ended {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.sentence())
    }
}

impl std::error::Error for Ended {}

impl Ended {
    /// The ending an event loop's error carries, if it is one.
    pub fn of(e: &std::io::Error) -> Option<Ending> {
        e.get_ref().and_then(|inner| inner.downcast_ref::<Ended>()).map(|ended| ended.0)
    }
}

/// The desk's sessions.
pub struct Sessions {
    max: usize,
    state: Mutex<State>,
    changed: Condvar,
}

/// What is still open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Busy {
    /// Sessions holding a seat (workstations until their channel closes,
    /// and commands).
    pub seats: usize,
    /// Of them, commands.
    pub commands: usize,
    /// Workstations whose App runs.
    pub desks: usize,
    /// Connections logged in, until their logout is audited.
    pub logins: usize,
}

impl Busy {
    pub fn nothing(&self) -> bool {
        self.seats + self.desks + self.logins == 0
    }
}

#[derive(Default)]
struct State {
    seats: usize,
    commands: usize,
    stopping: bool,
    next: u64,
    desks: HashMap<u64, Desk>,
    logins: usize,
}

/// A workstation whose `App` runs.
struct Desk {
    agent_id: i64,
    input: mpsc::Sender<DeskInput>,
    /// The call open in it (0: none), as its event loop last saw.
    call: Arc<AtomicI64>,
}

/// A session's place among `max_sessions`, given back when dropped.
pub struct Seat {
    sessions: Arc<Sessions>,
    command: bool,
}

impl Seat {
    /// The seat is a command's.
    pub fn for_command(mut self) -> Seat {
        self.sessions.change(|s| s.commands += 1);
        self.command = true;
        self
    }
}

impl Drop for Seat {
    fn drop(&mut self) {
        let command = self.command;
        self.sessions.change(|s| {
            s.seats -= 1;
            s.commands -= usize::from(command);
        });
    }
}

/// A workstation listed while its `App` runs; dropped once the App is (its
/// drafts saved).
pub struct Listed {
    sessions: Arc<Sessions>,
    id: u64,
}

impl Drop for Listed {
    fn drop(&mut self) {
        let id = self.id;
        self.sessions.change(|s| {
            s.desks.remove(&id);
        });
    }
}

impl Sessions {
    pub fn new(max: usize) -> Arc<Sessions> {
        Arc::new(Sessions { max, state: Mutex::default(), changed: Condvar::new() })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn change(&self, f: impl FnOnce(&mut State)) {
        f(&mut self.lock());
        self.changed.notify_all();
    }

    /// A seat for a new session, or the sentence that refuses it.
    pub fn seat(self: &Arc<Self>) -> Result<Seat, String> {
        let mut s = self.lock();
        if s.stopping {
            return Err("the desk is restarting; try again shortly".to_owned());
        }
        if s.seats >= self.max {
            let n = self.max;
            let sessions = if n == 1 { "session" } else { "sessions" };
            return Err(format!("the desk is full ({n} {sessions}); try again shortly"));
        }
        s.seats += 1;
        Ok(Seat { sessions: Arc::clone(self), command: false })
    }

    /// Lists a workstation of `agent_id`, reached through `input`.
    pub fn list(
        self: &Arc<Self>,
        agent_id: i64,
        input: mpsc::Sender<DeskInput>,
        call: Arc<AtomicI64>,
    ) -> Listed {
        let mut s = self.lock();
        s.next += 1;
        let id = s.next;
        s.desks.insert(id, Desk { agent_id, input, call });
        Listed { sessions: Arc::clone(self), id }
    }

    /// Ends the agent's other workstations that have a call open, and waits
    /// (up to `wait`) until their Apps are closed, so that the call and its
    /// notes are in the book for the session `mine` to take up. How many
    /// were ended.
    pub fn take_calls(&self, mine: &Listed, agent_id: i64, wait: Duration) -> usize {
        let mut s = self.lock();
        let ended: Vec<u64> = s
            .desks
            .iter()
            .filter(|(id, d)| {
                **id != mine.id && d.agent_id == agent_id && d.call.load(Ordering::Relaxed) != 0
            })
            .map(|(id, d)| {
                let _ = d.input.send(DeskInput::End(Ending::Moved));
                *id
            })
            .collect();
        let deadline = Instant::now() + wait;
        while ended.iter().any(|id| s.desks.contains_key(id)) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                tracing::warn!("a session of the same agent did not close in {wait:?}");
                break;
            }
            s = self.changed.wait_timeout(s, left).unwrap_or_else(|p| p.into_inner()).0;
        }
        ended.len()
    }

    /// No new session from now on; every workstation is told to end. How
    /// many were.
    pub fn stop(&self) -> usize {
        let mut s = self.lock();
        s.stopping = true;
        for desk in s.desks.values() {
            let _ = desk.input.send(DeskInput::End(Ending::Restart));
        }
        s.desks.len()
    }

    /// A connection logged in.
    pub fn login(&self) {
        self.change(|s| s.logins += 1);
    }

    /// A connection's logout is audited.
    pub fn logout(&self) {
        self.change(|s| s.logins = s.logins.saturating_sub(1));
    }

    pub fn busy(&self) -> Busy {
        let s = self.lock();
        Busy { seats: s.seats, commands: s.commands, desks: s.desks.len(), logins: s.logins }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seats_are_counted_up_to_the_limit_and_given_back() {
        let sessions = Sessions::new(2);
        let (a, b) = (sessions.seat().unwrap(), sessions.seat().unwrap().for_command());
        assert_eq!(sessions.busy(), Busy { seats: 2, commands: 1, desks: 0, logins: 0 });
        assert_eq!(
            sessions.seat().err().unwrap(),
            "the desk is full (2 sessions); try again shortly"
        );
        drop(a);
        let _c = sessions.seat().unwrap();
        drop(b);
        assert_eq!(sessions.busy(), Busy { seats: 1, commands: 0, desks: 0, logins: 0 });
        assert_eq!(Sessions::new(1).seat().map(|_| ()), Ok(()));
        sessions.stop();
        assert_eq!(sessions.seat().err().unwrap(), "the desk is restarting; try again shortly");
    }

    #[test]
    fn a_new_session_ends_only_the_agents_sessions_holding_a_call() {
        let sessions = Sessions::new(10);
        let (old_tx, old_rx) = mpsc::channel();
        let (idle_tx, idle_rx) = mpsc::channel();
        let (other_tx, other_rx) = mpsc::channel();
        let (new_tx, _new_rx) = mpsc::channel();
        let old = sessions.list(1, old_tx, Arc::new(AtomicI64::new(40)));
        let _idle = sessions.list(1, idle_tx, Arc::new(AtomicI64::new(0)));
        let _other = sessions.list(2, other_tx, Arc::new(AtomicI64::new(41)));
        let new = sessions.list(1, new_tx, Arc::new(AtomicI64::new(0)));
        // The old session closes when told, as its event loop would.
        let closer = std::thread::spawn(move || {
            assert!(matches!(old_rx.recv().unwrap(), DeskInput::End(Ending::Moved)));
            drop(old);
        });
        assert_eq!(sessions.take_calls(&new, 1, Duration::from_secs(5)), 1);
        closer.join().unwrap();
        assert_eq!(sessions.busy().desks, 3, "the old one is gone once closed");
        assert!(idle_rx.try_recv().is_err() && other_rx.try_recv().is_err());
        assert_eq!(sessions.stop(), 3);
        assert!(matches!(other_rx.try_recv().unwrap(), DeskInput::End(Ending::Restart)));
    }

    #[test]
    fn an_ending_is_carried_by_the_event_loops_error() {
        let e = std::io::Error::other(Ended(Ending::Restart));
        assert_eq!(Ended::of(&e), Some(Ending::Restart));
        assert_eq!(Ended::of(&std::io::Error::other("x")), None);
        assert_eq!(Ending::Restart.sentence(), "the desk is restarting; your notes are saved");
        assert_eq!(
            Ending::Idle(Duration::from_secs(90)).sentence(),
            "no key for 1m 30s, so this session is closed; your notes are saved"
        );
    }
}
