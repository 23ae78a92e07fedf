//! The agents' SSH public keys (`recoup agent key`), and the served desk's
//! logins and logouts in the audit log.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::{Result, Store, StoreError, audit, ts};
use crate::domain::people::{Agent, Role};
use crate::domain::text::quote;

/// A public key to register, already read and checked (src/serve/pubkey.rs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAgentKey {
    /// `SHA256:...`, as `ssh-keygen -l` prints it.
    pub fingerprint: String,
    /// The key in OpenSSH's one-line form, without its comment.
    pub public_key: String,
    pub comment: String,
}

/// A registered key and whose it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentKey {
    pub agent: String,
    pub fingerprint: String,
    pub public_key: String,
    pub comment: String,
    pub added_at: String,
}

/// Who registers or removes a key: a lead (by id), or the book's owner at
/// the command line (the service account), who is no agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyAdmin {
    Lead(i64),
    ServiceAccount,
}

impl KeyAdmin {
    fn agent_id(self) -> Option<i64> {
        match self {
            KeyAdmin::Lead(id) => Some(id),
            KeyAdmin::ServiceAccount => None,
        }
    }
}

impl Store {
    /// Registers `key` for the agent called `agent`; audited. A key belongs
    /// to one agent only.
    pub fn add_agent_key(
        &self,
        agent: &str,
        key: &NewAgentKey,
        by: KeyAdmin,
        now: DateTime<Utc>,
    ) -> Result<Agent> {
        self.write(|tx| {
            let owner = agent_named(tx, agent)?;
            let holder: Option<String> = tx
                .query_row(
                    "SELECT a.name FROM agent_keys k JOIN agents a ON a.id = k.agent_id
                     WHERE k.fingerprint = ?1",
                    [&key.fingerprint],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(name) = holder {
                let only =
                    if name == owner.name { "" } else { ", and a key belongs to one agent only" };
                return Err(StoreError::Refused(format!(
                    "the key {} is already registered for {name}{only}",
                    key.fingerprint
                )));
            }
            tx.execute(
                "INSERT INTO agent_keys (agent_id, fingerprint, public_key, comment, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![owner.id, key.fingerprint, key.public_key, key.comment, ts(now)],
            )?;
            let after = described(&key.fingerprint, &key.public_key, &key.comment);
            audit::record(
                tx,
                now,
                by.agent_id(),
                audit::Change {
                    entity: "agent",
                    entity_id: Some(owner.id),
                    action: "key add",
                    before: "",
                    after: &after,
                },
            )?;
            Ok(owner)
        })
    }

    /// Removes the key with this fingerprint from the agent called `agent`;
    /// audited. Sessions already open with it stay open.
    pub fn remove_agent_key(
        &self,
        agent: &str,
        fingerprint: &str,
        by: KeyAdmin,
        now: DateTime<Utc>,
    ) -> Result<Agent> {
        self.write(|tx| {
            let owner = agent_named(tx, agent)?;
            let found: Option<(i64, String, String)> = tx
                .query_row(
                    "SELECT id, public_key, comment FROM agent_keys
                     WHERE agent_id = ?1 AND fingerprint = ?2",
                    params![owner.id, fingerprint],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let Some((id, public_key, comment)) = found else {
                return Err(StoreError::Refused(format!(
                    "{} has no key {}; `recoup agent key list` shows the keys",
                    owner.name,
                    quote(fingerprint)
                )));
            };
            tx.execute("DELETE FROM agent_keys WHERE id = ?1", [id])?;
            let before = described(fingerprint, &public_key, &comment);
            audit::record(
                tx,
                now,
                by.agent_id(),
                audit::Change {
                    entity: "agent",
                    entity_id: Some(owner.id),
                    action: "key remove",
                    before: &before,
                    after: "",
                },
            )?;
            Ok(owner)
        })
    }

    /// Every registered key, by agent name, then when it was added.
    pub fn agent_keys(&self) -> Result<Vec<AgentKey>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.name, k.fingerprint, k.public_key, k.comment, k.added_at
             FROM agent_keys k JOIN agents a ON a.id = k.agent_id
             ORDER BY a.name COLLATE NOCASE, k.added_at, k.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(AgentKey {
                agent: r.get(0)?,
                fingerprint: r.get(1)?,
                public_key: r.get(2)?,
                comment: r.get(3)?,
                added_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The agent a key (by fingerprint) belongs to, with the key as stored.
    pub fn agent_for_key(&self, fingerprint: &str) -> Result<Option<(Agent, String)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT a.id, a.name, a.role, k.public_key
                 FROM agent_keys k JOIN agents a ON a.id = k.agent_id WHERE k.fingerprint = ?1",
            )?
            .query_row([fingerprint], |r| {
                let role: String = r.get(2)?;
                let role = if role == "lead" { Role::Lead } else { Role::Agent };
                Ok((Agent { id: r.get(0)?, name: r.get(1)?, role }, r.get(3)?))
            })
            .optional()?)
    }

    /// A login to or logout from the served desk, in the audit log: the
    /// agent, and `detail` (the key's fingerprint and the remote address).
    pub fn audit_session(
        &self,
        agent_id: i64,
        action: &str,
        detail: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            audit::record(
                tx,
                now,
                Some(agent_id),
                audit::Change {
                    entity: "session",
                    entity_id: Some(agent_id),
                    action,
                    before: "",
                    after: detail,
                },
            )
        })
    }
}

fn agent_named(conn: &rusqlite::Connection, name: &str) -> Result<Agent> {
    let found: Option<(i64, String, String)> = conn
        .prepare_cached("SELECT id, name, role FROM agents WHERE name = ?1 COLLATE NOCASE")?
        .query_row([name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    match found {
        Some((id, name, role)) => {
            let role = if role == "lead" { Role::Lead } else { Role::Agent };
            Ok(Agent { id, name, role })
        }
        None => Err(StoreError::Refused(format!(
            "there is no agent called {}; `recoup agent list` shows them",
            quote(name)
        ))),
    }
}

/// A key as the audit log records it.
fn described(fingerprint: &str, public_key: &str, comment: &str) -> String {
    let algorithm = public_key.split(' ').next().unwrap_or("");
    if comment.is_empty() {
        format!("key {fingerprint} ({algorithm})")
    } else {
        format!("key {fingerprint} ({algorithm}, {comment})")
    }
}
