//! `recoup serve [--listen ADDR:PORT]`: the book served over SSH (src/serve/).

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use super::{Context, Failure};
use crate::app::Hub;
use crate::clock::{ShiftedClock, SystemClock};
use crate::domain::text::quote;
use crate::serve::sessions::Sessions;
use crate::serve::{self, Shared, SharedClock, host_key, pubkey, throttle::Throttle};

pub fn run(ctx: Context, listen: &str, config_path: Option<PathBuf>) -> Result<(), Failure> {
    serve::small_pages();
    let address: SocketAddr = listen.parse().map_err(|_| {
        Failure::Usage(format!(
            "--listen {} is not an address and port (127.0.0.1:2222, 0.0.0.0:2222, [::]:2222)",
            quote(listen)
        ))
    })?;
    ignore_sigpipe();
    let store = ctx.open_existing_store()?;
    // The checklist is read now, so a bad one stops the server, not a login.
    super::workstation::rules(&ctx)?;
    let key_path = host_key::path(&ctx.paths.data_dir);
    let (key, made) = host_key::load_or_create(&key_path).map_err(Failure::Runtime)?;
    let fingerprint = pubkey::fingerprint(key.public_key());
    let book = std::path::absolute(&ctx.db).unwrap_or_else(|_| ctx.db.clone());
    let hub = Hub::open(&book, poll_every())
        .map_err(|e| Failure::Runtime(format!("cannot open the book's store workers: {e}")))?;
    let program = std::env::current_exe()
        .map_err(|e| Failure::Runtime(format!("cannot find recoup's own program: {e}")))?;
    let shared = Arc::new(Shared {
        book,
        config_path: config_path.map(|p| std::path::absolute(&p).unwrap_or(p)),
        paths: ctx.paths.clone(),
        config: ctx.config.clone(),
        clock: server_clock(),
        store: Mutex::new(store),
        hub,
        throttle: Mutex::new(Throttle::new()),
        stop: Arc::new(AtomicBool::new(false)),
        sessions: Sessions::new(ctx.config.serve.max_sessions),
        program,
    });
    // The desk's outbox is sent from here while `[mail]` is set.
    let clock = shared.clock.clone();
    let _sender = crate::letters::sender::spawn(
        shared.book.clone(),
        &crate::letters::place::get().mail,
        Arc::new(move || clock.now_utc()),
        shared.stop.clone(),
    );
    // The day's collection strategies, as the agent running the server.
    let _strategies = spawn_strategies(&ctx, &shared)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::Runtime(format!("cannot start the server: {e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .map_err(|e| Failure::Runtime(format!("cannot listen on {address}: {e}")))?;
        let local = listener.local_addr()?;
        let made = if made { ", made now" } else { "" };
        let book = shared.book.display().to_string();
        tracing::info!("serving {book} on {local}, host key {fingerprint}");
        // Standard output may be gone (a service): the lines are in the log too.
        let mut out = std::io::stdout();
        let _ = writeln!(out, "host key {fingerprint} (ED25519) in {}{made}", key_path.display());
        let _ = writeln!(out, "listening on {local} for the book {book}");
        let _ = out.flush();
        let signal = serve::serve(shared, serve::ssh_config(key), listener)
            .await
            .map_err(|e| Failure::Runtime(format!("the server stopped: {e}")))?;
        tracing::info!("stopped ({signal})");
        Ok(())
    })
}

/// The clock every session reads: `RECOUP_NOW` (tests) or the system's.
pub(super) fn server_clock() -> SharedClock {
    match std::env::var("RECOUP_NOW").ok().and_then(|t| ShiftedClock::starting_at(&t)) {
        Some(clock) => Arc::new(clock),
        None => Arc::new(SystemClock),
    }
}

/// How often the hub looks for commits made outside the server: the
/// default, or (tests only, the `faults` feature) `RECOUP_POLL_MS`, so that
/// a test can show sessions told of each other's changes without a poll.
fn poll_every() -> Option<std::time::Duration> {
    #[cfg(feature = "faults")]
    if let Some(ms) = std::env::var("RECOUP_POLL_MS").ok().and_then(|v| v.parse().ok()) {
        return Some(std::time::Duration::from_millis(ms));
    }
    None
}

/// A client gone mid-command must not end the server: writes to it fail
/// instead.
fn ignore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition before the server's threads start.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
}

/// The day's collection strategies, taken by the server's own user when it
/// is an agent of the book, else by its first lead; with neither, they wait
/// for `strategy run`.
fn spawn_strategies(
    ctx: &Context,
    shared: &Shared,
) -> Result<Option<std::thread::JoinHandle<()>>, Failure> {
    let runner = {
        let store =
            shared.store.lock().map_err(|_| Failure::Runtime("the store is poisoned".into()))?;
        store
            .agent_by_name(&ctx.agent_name)
            .ok()
            .flatten()
            .or_else(|| store.agents().ok().and_then(|all| all.into_iter().find(|a| a.is_lead())))
    };
    let clock = shared.clock.clone();
    Ok(runner.and_then(|runner| {
        crate::strategy::daily::spawn(
            shared.book.clone(),
            runner,
            Arc::new(move || clock.now_utc()),
            shared.stop.clone(),
        )
    }))
}
