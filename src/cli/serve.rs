//! `recoup serve [--listen ADDR:PORT]`: the book served over SSH (src/serve/).

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use super::{Context, Failure};
use crate::clock::{ShiftedClock, SystemClock};
use crate::domain::text::quote;
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
    let program = std::env::current_exe()
        .map_err(|e| Failure::Runtime(format!("cannot find recoup's own program: {e}")))?;
    let shared = Arc::new(Shared {
        book: std::path::absolute(&ctx.db).unwrap_or_else(|_| ctx.db.clone()),
        config_path: config_path.map(|p| std::path::absolute(&p).unwrap_or(p)),
        paths: ctx.paths.clone(),
        config: ctx.config.clone(),
        clock: server_clock(),
        store: Mutex::new(store),
        throttle: Mutex::new(Throttle::new()),
        stop: Arc::new(AtomicBool::new(false)),
        program,
    });
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
        serve::serve(shared, serve::ssh_config(key), listener)
            .await
            .map_err(|e| Failure::Runtime(format!("the server stopped: {e}")))
    })
}

/// The clock every session reads: `RECOUP_NOW` (tests) or the system's.
fn server_clock() -> SharedClock {
    match std::env::var("RECOUP_NOW").ok().and_then(|t| ShiftedClock::starting_at(&t)) {
        Some(clock) => Arc::new(clock),
        None => Arc::new(SystemClock),
    }
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
