//! Delivers the outbox. One process at a time sends a book's outbox: the
//! one holding an exclusive lock on `BOOK.outbox-lock` (the kernel lets go
//! of it when the process dies, however it dies). On taking the lock, the
//! messages a dead sender left `sending` are queued again; each is then
//! claimed (committed as `sending`, one attempt more) before it is sent,
//! and marked sent, or failed with the server's reply, after.

use std::fs::File;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::transport::MailOut;
use crate::config::MailConfig;
use crate::store::{Outgoing, Store, StoreError};

/// The book's outbox lock, held while this process sends.
pub struct OutboxLock {
    _file: File,
}

/// Takes the outbox lock of the book at `book`, or `None` when another
/// process holds it.
pub fn try_lock(book: &Path) -> std::io::Result<Option<OutboxLock>> {
    try_lock_named(book, ".outbox-lock")
}

/// Takes the lock `BOOK{suffix}` (the outbox's, the daily strategy run's),
/// or `None` when another process holds it; held until dropped.
pub fn try_lock_named(book: &Path, suffix: &str) -> std::io::Result<Option<OutboxLock>> {
    let mut name = book.as_os_str().to_owned();
    name.push(suffix);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(PathBuf::from(name))?;
    // SAFETY: flock on a descriptor this function owns.
    let got = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0;
    Ok(got.then_some(OutboxLock { _file: file }))
}

/// What a run of the sender did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Delivered {
    pub sent: usize,
    pub failed: usize,
}

/// Sends every message due at `now()` until none is left (or `stop`);
/// `each` hears of every attempt (for a progress line).
pub fn send_due(
    store: &Store,
    out: &MailOut,
    now: &dyn Fn() -> DateTime<Utc>,
    stop: &AtomicBool,
    mut each: impl FnMut(&Outgoing, Result<(), &str>),
) -> Result<Delivered, StoreError> {
    let mut done = Delivered::default();
    while !stop.load(Ordering::Relaxed) {
        let Some(m) = store.claim_message(now())? else { break };
        fault_pause("before");
        let sender = store.book_rules()?.sender;
        match out.send(&m, &sender) {
            Ok(()) => {
                fault_pause("after");
                store.mark_sent(&m, now())?;
                done.sent += 1;
                each(&m, Ok(()));
            }
            Err(e) => {
                tracing::warn!("outbox: message {} to {} failed: {}", m.id, m.to, e.reply);
                store.mark_failed(&m, &e.reply, e.permanent, now())?;
                done.failed += 1;
                each(&m, Err(&e.reply));
            }
        }
    }
    Ok(done)
}

/// Fault injection for the kill tests (the `faults` feature only):
/// `RECOUP_FAULT_SENDER_PAUSE=before|after` sleeps 30 s with the message
/// claimed, before or after the server accepted it.
fn fault_pause(_at: &str) {
    #[cfg(feature = "faults")]
    if std::env::var("RECOUP_FAULT_SENDER_PAUSE").is_ok_and(|v| v == _at) {
        eprintln!("recoup: paused {_at} sending");
        std::thread::sleep(Duration::from_secs(30));
    }
}

/// How often the background sender looks at the outbox.
const EVERY: Duration = Duration::from_secs(5);

/// The sender inside the workstation and `serve`: a thread that, while
/// `[mail]` is set, takes the outbox lock when it can and sends what is
/// due, every few seconds, until `stop`.
pub fn spawn(
    book: PathBuf,
    mail: &MailConfig,
    now: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
    stop: Arc<AtomicBool>,
) -> Option<std::thread::JoinHandle<()>> {
    let out = match MailOut::from_config(mail) {
        Ok(Some(out)) => out,
        Ok(None) => return None,
        Err(e) => {
            tracing::error!("outbox: mail is not set up: {e}");
            return None;
        }
    };
    std::thread::Builder::new()
        .name("outbox".into())
        .spawn(move || background(&book, &out, &*now, &stop))
        .ok()
}

fn background(book: &Path, out: &MailOut, now: &dyn Fn() -> DateTime<Utc>, stop: &AtomicBool) {
    let mut lock = None;
    let mut store = None;
    while !stop.load(Ordering::Relaxed) {
        if lock.is_none() {
            lock = try_lock(book).ok().flatten();
            if lock.is_some() {
                store = Store::open(book).ok();
                if let Some(s) = &store
                    && let Err(e) = s.requeue_abandoned(now())
                {
                    tracing::warn!("outbox: {e}");
                }
            }
        }
        if let Some(s) = &store
            && let Err(e) = send_due(s, out, now, stop, |_, _| {})
        {
            tracing::warn!("outbox: {e}");
        }
        for _ in 0..EVERY.as_millis() / 100 {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}
