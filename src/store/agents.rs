//! Agents: who is using recoup, and in which role.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::{Result, Store, StoreError, audit, ts};
use crate::domain::people::{Agent, Role, check_agent_name};
use crate::domain::text::quote;

impl Store {
    /// The agent called `name`. On a database with no agents yet, the first
    /// user is created as a lead.
    pub fn resolve_agent(&self, name: &str, now: DateTime<Utc>) -> Result<Agent> {
        if let Some(agent) = self.agent_by_name(name)? {
            return Ok(agent);
        }
        self.write(|tx| {
            let count: i64 = tx.query_row("SELECT COUNT(*) FROM agents", [], |r| r.get(0))?;
            if count > 0 {
                return match find(tx, name)? {
                    Some(agent) => Ok(agent),
                    None if check_agent_name(name).is_ok() => Err(StoreError::Refused(format!(
                        "there is no agent called {} in {}; a lead can add one with `recoup agent add {name}`",
                        quote(name),
                        self.path.display()
                    ))),
                    None => Err(StoreError::Refused(format!(
                        "there is no agent called {} in {}",
                        quote(name),
                        self.path.display()
                    ))),
                };
            }
            insert(tx, name, Role::Lead, None, now)
        })
    }

    /// Adds an agent; `by` is the agent doing it (for the audit log).
    pub fn add_agent(
        &self,
        name: &str,
        role: Role,
        by: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Agent> {
        self.write(|tx| {
            if find(tx, name)?.is_some() {
                return Err(StoreError::Refused(format!("agent {} already exists", quote(name))));
            }
            insert(tx, name, role, by, now)
        })
    }

    pub fn agent_by_name(&self, name: &str) -> Result<Option<Agent>> {
        find(&self.conn, name)
    }

    pub fn agents(&self) -> Result<Vec<Agent>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT id, name, role FROM agents ORDER BY name")?;
        let rows = stmt.query_map([], row_to_agent)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Names are compared without regard to case: `Carol` is `carol`.
fn find(conn: &Connection, name: &str) -> Result<Option<Agent>> {
    Ok(conn
        .prepare_cached("SELECT id, name, role FROM agents WHERE name = ?1 COLLATE NOCASE")?
        .query_row([name], row_to_agent)
        .optional()?)
}

fn insert(
    tx: &Transaction<'_>,
    name: &str,
    role: Role,
    by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Agent> {
    if let Err(why) = check_agent_name(name) {
        return Err(StoreError::Refused(why));
    }
    tx.execute(
        "INSERT INTO agents (name, role, created_at) VALUES (?1, ?2, ?3)",
        params![name, role.as_str(), ts(now)],
    )?;
    let id = tx.last_insert_rowid();
    audit::record(
        tx,
        now,
        by.or(Some(id)),
        audit::Change {
            entity: "agent",
            entity_id: Some(id),
            action: "add",
            before: "",
            after: &format!("{name} ({role})"),
        },
    )?;
    Ok(Agent { id, name: name.to_owned(), role })
}

fn row_to_agent(row: &rusqlite::Row<'_>) -> rusqlite::Result<Agent> {
    let role: String = row.get(2)?;
    Ok(Agent {
        id: row.get(0)?,
        name: row.get(1)?,
        role: if role == "lead" { Role::Lead } else { Role::Agent },
    })
}
