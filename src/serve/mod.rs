//! `recoup serve`: recoup as the SSH server of a desk. One process owns the
//! book; a person's public key decides which agent they are. With a
//! terminal a connection gets the workstation (desk.rs: the same event loop
//! as the local one, its own `App` on a thread, drawing into the channel,
//! every session's store requests going to one shared hub);
//! without one it runs a subcommand (exec.rs: this binary as a child, with
//! the book and the agent chosen here). tokio is kept to the SSH side.

pub mod auth;
pub mod backend;
pub mod desk;
pub mod exec;
pub mod handler;
pub mod host_key;
pub mod idle;
pub mod input;
pub mod pubkey;
pub mod sessions;
pub mod signals;
pub mod throttle;
pub mod vet;
pub mod words;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use russh::keys::ssh_key::PrivateKey;
use russh::{MethodKind, MethodSet, SshId};

use crate::app::Hub;
use crate::clock::Clock;
use crate::config::{Config, Paths};
use crate::store::Store;

/// The server's clock, shared by every session (`RECOUP_NOW` included).
pub type SharedClock = Arc<dyn Clock + Send + Sync>;

/// A clock every session reads, as the `Box<dyn Clock>` an `App` takes.
pub struct SessionClock(pub SharedClock);

impl Clock for SessionClock {
    fn now(&self) -> DateTime<FixedOffset> {
        self.0.now()
    }
}

/// What every connection shares.
pub struct Shared {
    /// The book every session opens.
    pub book: PathBuf,
    /// `--config` as the server was given it, for the commands it runs.
    pub config_path: Option<PathBuf>,
    pub paths: Paths,
    pub config: Config,
    pub clock: SharedClock,
    /// The server's own connection: keys, logins and logouts.
    pub store: Mutex<Store>,
    /// The store workers every workstation session shares.
    pub hub: Hub,
    pub throttle: Mutex<throttle::Throttle>,
    /// Set to end every workstation session.
    pub stop: Arc<AtomicBool>,
    /// Workstations and commands open, against `max_sessions`.
    pub sessions: Arc<sessions::Sessions>,
    /// This binary, run for each command over SSH.
    pub program: PathBuf,
}

/// The SSH server's settings: this host key; public keys only; no idle
/// timeout at this level (a workstation has its own, `idle_timeout`, and a
/// command none), but a dead connection is noticed by keepalives within a
/// minute and a half.
pub fn ssh_config(host_key: PrivateKey) -> russh::server::Config {
    russh::server::Config {
        server_id: SshId::Standard(concat!("SSH-2.0-recoup_", env!("CARGO_PKG_VERSION")).into()),
        methods: MethodSet::from(&[MethodKind::PublicKey][..]),
        keys: vec![host_key],
        auth_rejection_time: Duration::from_millis(300),
        auth_rejection_time_initial: Some(Duration::ZERO),
        inactivity_timeout: None,
        keepalive_interval: Some(Duration::from_secs(30)),
        keepalive_max: 3,
        nodelay: true,
        ..Default::default()
    }
}

/// Keeps the server's memory in ordinary pages. The allocator (mimalloc)
/// asks for transparent huge pages, and with every session's threads
/// touching a little of many 2 MB pages a session cost 18 MB of resident
/// memory instead of 7 (BENCHMARKS.md, "Served desk"). Linux only.
pub fn small_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE only sets a flag on this process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Serves on `listener` until SIGTERM or SIGINT, then stops taking
/// connections and ends the sessions cleanly (signals.rs); returns the
/// signal's name.
pub async fn serve(
    shared: Arc<Shared>,
    config: russh::server::Config,
    listener: tokio::net::TcpListener,
) -> std::io::Result<&'static str> {
    use russh::server::Server as _;
    let mut signal = signals::Stopping::watch()?;
    let config = Arc::new(config);
    let mut server = handler::DeskServer::new(Arc::clone(&shared));
    let name = loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (socket, peer) = match accepted {
                    Ok(accepted) => accepted,
                    Err(e) => {
                        tracing::warn!("cannot take a connection: {e}");
                        continue;
                    }
                };
                let conn = server.new_client(Some(peer));
                tokio::spawn(connection(Arc::clone(&config), socket, conn));
            }
            name = signal.received() => break name,
        }
    };
    drop(listener);
    signals::wind_down(&shared, name).await;
    Ok(name)
}

/// One connection, until it ends; a stopping server lets it finish.
async fn connection(
    config: Arc<russh::server::Config>,
    socket: tokio::net::TcpStream,
    conn: handler::Conn,
) {
    if let Err(e) = socket.set_nodelay(true) {
        tracing::debug!("cannot set TCP_NODELAY: {e}");
    }
    let ended = match russh::server::run_stream(config, socket, conn).await {
        Ok(session) => session.await,
        Err(e) => Err(e),
    };
    if let Err(e) = ended {
        tracing::info!("a connection ended: {e}");
    }
}
