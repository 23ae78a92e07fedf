//! The audit log: who changed what, when, before and after. Append-only.

use chrono::{DateTime, Utc};
use rusqlite::{Transaction, params};

use super::{Result, ts};

/// One audited change.
pub(crate) struct Change<'a> {
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub action: &'a str,
    pub before: &'a str,
    pub after: &'a str,
}

pub(crate) fn record(
    tx: &Transaction<'_>,
    at: DateTime<Utc>,
    agent_id: Option<i64>,
    change: Change<'_>,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO audit_log (at, agent_id, entity, entity_id, action, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        ts(at),
        agent_id,
        change.entity,
        change.entity_id,
        change.action,
        change.before,
        change.after
    ])?;
    Ok(())
}
