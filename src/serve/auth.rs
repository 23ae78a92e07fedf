//! Who is connecting: public keys only, the key deciding the agent; refused
//! attempts slowed down per address (throttle.rs); logins and logouts in
//! the log and the book's audit log.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use russh::keys::ssh_key::PublicKey;
use russh::server::Auth;
use russh::{MethodKind, MethodSet};

use super::Shared;
use super::pubkey;
use crate::domain::people::Agent;

/// The agent a connection logged in as, and with which key.
#[derive(Clone, Debug)]
pub struct Who {
    pub agent: Agent,
    pub fingerprint: String,
}

/// Refusal that tells the client the one method there is.
pub fn reject() -> Auth {
    Auth::Reject {
        proceed_with_methods: Some(MethodSet::from(&[MethodKind::PublicKey][..])),
        partial_success: false,
    }
}

/// Where a connection comes from, as logged.
pub fn shown(peer: Option<SocketAddr>) -> String {
    peer.map_or_else(|| "an unknown address".to_owned(), |p| p.to_string())
}

/// Waits as long as the throttle says this address must, before looking
/// at an attempt.
pub async fn wait_turn(shared: &Shared, peer: Option<SocketAddr>) {
    let Some(peer) = peer else { return };
    let delay = match shared.throttle.lock() {
        Ok(t) => t.delay(peer.ip(), Instant::now()),
        Err(_) => Duration::ZERO,
    };
    if !delay.is_zero() {
        tracing::info!("slowing down {peer} by {delay:?} after refused logins");
        tokio::time::sleep(delay).await;
    }
}

/// An attempt was refused: counted against the address, and logged.
pub fn refused(shared: &Shared, peer: Option<SocketAddr>, what: &str) {
    tracing::warn!("login refused from {}: {what}", shown(peer));
    if let (Some(peer), Ok(mut t)) = (peer, shared.throttle.lock()) {
        t.failed(peer.ip(), Instant::now());
    }
}

/// The agent a key is registered for, if it is, checked against the key
/// as stored (not only its fingerprint).
pub async fn agent_for(shared: &Arc<Shared>, key: &PublicKey) -> Option<Who> {
    if !pubkey::accepted(&key.algorithm()) {
        return None;
    }
    let fingerprint = pubkey::fingerprint(key);
    let shared = Arc::clone(shared);
    let fp = fingerprint.clone();
    let found = tokio::task::spawn_blocking(move || {
        let store = shared.store.lock().ok()?;
        match store.agent_for_key(&fp) {
            Ok(found) => found,
            Err(e) => {
                tracing::error!("cannot look up key {fp}: {e}");
                None
            }
        }
    })
    .await
    .ok()
    .flatten()?;
    let (agent, stored) = found;
    let same = pubkey::stored(&stored).is_some_and(|s| s.key_data() == key.key_data());
    same.then_some(Who { agent, fingerprint })
}

/// Writes a login or logout to the audit log (and the log).
pub async fn audit(shared: &Arc<Shared>, who: &Who, peer: Option<SocketAddr>, action: &str) {
    let detail = format!("key {} from {}", who.fingerprint, shown(peer));
    tracing::info!("{action}: {} ({detail})", who.agent.name);
    let shared = Arc::clone(shared);
    let (agent_id, what) = (who.agent.id, action.to_owned());
    let written = tokio::task::spawn_blocking(move || {
        let now = shared.clock.now_utc();
        let store = shared.store.lock().map_err(|_| "the store's lock is poisoned".to_owned())?;
        store.audit_session(agent_id, &what, &detail, now).map_err(|e| e.to_string())
    })
    .await;
    let failed = match written {
        Ok(Ok(())) => return,
        Ok(Err(e)) => e,
        Err(e) => e.to_string(),
    };
    tracing::error!("cannot write the {action} of {} to the audit log: {failed}", who.agent.name);
}

/// A logged-in connection ended: its logout is audited (off the caller's
/// thread), then it no longer holds a stopping server up.
pub fn logout(shared: Arc<Shared>, who: Who, peer: Option<SocketAddr>) {
    match tokio::runtime::Handle::try_current() {
        Ok(rt) => {
            rt.spawn(async move {
                audit(&shared, &who, peer, "logout").await;
                shared.sessions.logout();
            });
        }
        Err(_) => {
            tracing::error!("cannot audit the logout of {}", who.agent.name);
            shared.sessions.logout();
        }
    }
}
