//! The daily run at the rollover: inside the workstation and `serve`, a
//! thread that, once a minute, takes the day's steps when the book's rule
//! `strategies` is on and the book's day has no finished run. One process
//! runs it at a time (a lock beside the book); the others find it done.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::clock::Moment;
use crate::domain::people::Agent;
use crate::letters::place;
use crate::letters::sender::try_lock_named;
use crate::store::Store;

/// How often the thread looks at the book's day.
const EVERY: Duration = Duration::from_secs(60);

/// Runs the day's strategies if they are due and this process gets the
/// lock; the report's sentence, or `None` when there was nothing to run.
pub fn run_if_due(
    store: &Store,
    book: &Path,
    me: &Agent,
    now: DateTime<Utc>,
) -> Result<Option<String>, String> {
    let rules = store.book_rules().map_err(|e| e.to_string())?;
    let today = rules.today(now);
    if !rules.strategies || store.strategy_run_done(today).map_err(|e| e.to_string())? {
        return Ok(None);
    }
    let Some(_lock) = try_lock_named(book, ".strategy-lock").map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    let at = Moment { now, today };
    let report = super::run::run_day(store, me, &at, &place::get().pdf_dir)?;
    Ok(report.skipped.is_none().then(|| report.sentence(today)))
}

/// Starts the thread; it stops at `stop`. It keeps one connection to the
/// book, opened at its first look.
pub fn spawn(
    book: PathBuf,
    me: Agent,
    now: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
    stop: Arc<AtomicBool>,
) -> Option<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name("strategies".into())
        .spawn(move || {
            let mut store = None;
            while !stop.load(Ordering::Relaxed) {
                if store.is_none() {
                    store = Store::open(&book).map_err(|e| tracing::warn!("strategies: {e}")).ok();
                }
                let Some(s) = &store else { return };
                match run_if_due(s, &book, &me, now()) {
                    Ok(Some(said)) => tracing::info!("strategies: {said}"),
                    Ok(None) => {}
                    Err(e) => tracing::warn!("strategies: {e}"),
                }
                for _ in 0..EVERY.as_millis() / 100 {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
            }
        })
        .ok()
}
