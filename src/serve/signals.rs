//! Stopping a served desk: SIGTERM (systemd's stop) or SIGINT (Ctrl-C)
//! ends it cleanly. No new connection or session is taken; each workstation
//! leaves the alternate screen, tells its client "the desk is restarting;
//! your notes are saved" and ends (its App's workers save what is queued);
//! commands running are let finish for up to `COMMANDS_GRACE`, then ended
//! (an import is all or nothing: an ended one wrote nothing); the logouts
//! are audited; then the process exits 0.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use tokio::signal::unix::{Signal, SignalKind, signal};

use super::Shared;
use super::sessions::Busy;

/// How long commands running at a stop are waited for.
pub const COMMANDS_GRACE: Duration = Duration::from_secs(30);
/// How long workstations, and connections being logged out, are waited for
/// once the commands are done (a client that reads nothing cannot hold the
/// stop up).
const CLOSE_GRACE: Duration = Duration::from_secs(5);
const LOOK_EVERY: Duration = Duration::from_millis(20);

/// The signals that stop the desk.
pub struct Stopping {
    term: Signal,
    int: Signal,
}

impl Stopping {
    /// Watches for them (inside the runtime).
    pub fn watch() -> std::io::Result<Stopping> {
        Ok(Stopping {
            term: signal(SignalKind::terminate())?,
            int: signal(SignalKind::interrupt())?,
        })
    }

    /// The name of the first that comes.
    pub async fn received(&mut self) -> &'static str {
        tokio::select! {
            _ = self.term.recv() => "SIGTERM",
            _ = self.int.recv() => "SIGINT",
        }
    }
}

/// Ends every session and waits for them, their notes and their logouts.
pub async fn wind_down(shared: &Shared, signal: &str) {
    shared.stop.store(true, Ordering::Relaxed);
    let told = shared.sessions.stop();
    let busy = shared.sessions.busy();
    tracing::info!(
        "{signal}: stopping; {told} workstations told, {} commands let finish, {} connections to log out",
        busy.commands,
        busy.logins
    );
    let start = Instant::now();
    // Commands may take their time; workstations close at once.
    let commands = wait_until(shared, start + COMMANDS_GRACE, |b| b.commands == 0).await;
    let closed = wait_until(shared, Instant::now() + CLOSE_GRACE, |b| b.nothing()).await;
    let left = shared.sessions.busy();
    if commands && closed {
        tracing::info!("stopped in {:?}: every session ended", start.elapsed());
    } else {
        tracing::warn!(
            "stopped in {:?}, with {} commands ended, {} sessions and {} connections still open",
            start.elapsed(),
            left.commands,
            left.seats - left.commands,
            left.logins
        );
    }
}

/// Looks until `done` holds, or the deadline passes (false).
async fn wait_until(shared: &Shared, deadline: Instant, done: impl Fn(Busy) -> bool) -> bool {
    loop {
        if done(shared.sessions.busy()) {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(LOOK_EVERY).await;
    }
}
