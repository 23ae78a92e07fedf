//! The audit log: who changed what, when, before and after. Append-only and
//! hash-chained (src/domain/audit_chain.rs).

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::{Result, ts};
use crate::domain::audit_chain::{AuditContent, Break, ChainWalk, GENESIS, row_hash};

/// One audited change.
pub(crate) struct Change<'a> {
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub action: &'a str,
    pub before: &'a str,
    pub after: &'a str,
}

/// Appends a row at the end of the chain. Writes hold the write lock, so the
/// end cannot move under us.
pub(crate) fn record(
    tx: &Transaction<'_>,
    at: DateTime<Utc>,
    agent_id: Option<i64>,
    change: Change<'_>,
) -> Result<()> {
    let (last_id, prev_hash): (i64, String) = tx
        .prepare_cached("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_owned()));
    let at = ts(at);
    let content = AuditContent {
        id: last_id + 1,
        at: &at,
        agent_id,
        entity: change.entity,
        entity_id: change.entity_id,
        action: change.action,
        before: change.before,
        after: change.after,
    };
    let hash = row_hash(&prev_hash, &content);
    tx.prepare_cached(
        "INSERT INTO audit_log (id, at, agent_id, entity, entity_id, action, before, after,
                                prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        content.id,
        content.at,
        agent_id,
        change.entity,
        change.entity_id,
        change.action,
        change.before,
        change.after,
        prev_hash,
        hash
    ])?;
    Ok(())
}

const ROWS: &str = "SELECT id, at, agent_id, entity, entity_id, action, before, after,
                           prev_hash, hash FROM audit_log ORDER BY id";

type StoredRow = (i64, String, Option<i64>, String, Option<i64>, String, String, String);

fn stored(r: &rusqlite::Row<'_>) -> rusqlite::Result<(StoredRow, String, String)> {
    Ok((
        (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?),
        r.get(8)?,
        r.get(9)?,
    ))
}

fn content(s: &StoredRow) -> AuditContent<'_> {
    AuditContent {
        id: s.0,
        at: &s.1,
        agent_id: s.2,
        entity: &s.3,
        entity_id: s.4,
        action: &s.5,
        before: &s.6,
        after: &s.7,
    }
}

/// Migration 2: chains the rows a version-1 book already holds, in id order.
pub(super) fn chain_existing(tx: &Transaction<'_>) -> Result<()> {
    let rows: Vec<(StoredRow, String, String)> =
        tx.prepare(ROWS)?.query_map([], stored)?.collect::<rusqlite::Result<_>>()?;
    if rows.is_empty() {
        return Ok(());
    }
    tx.execute_batch("DROP TRIGGER audit_no_update")?;
    let mut prev = GENESIS.to_owned();
    let mut update = tx.prepare("UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE id = ?3")?;
    for (row, _, _) in &rows {
        let hash = row_hash(&prev, &content(row));
        update.execute(params![prev, hash, row.0])?;
        prev = hash;
    }
    drop(update);
    tx.execute_batch(
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
         BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
    )?;
    Ok(())
}

/// Where the chain first breaks, in words, or `None` when it holds.
pub(super) fn first_break(conn: &Connection) -> Result<Option<String>> {
    let mut stmt = conn.prepare(ROWS)?;
    let mut rows = stmt.query([])?;
    let mut walk = ChainWalk::new();
    while let Some(r) = rows.next()? {
        let (row, prev_hash, hash) = stored(r)?;
        let why = match walk.next(&content(&row), &prev_hash, &hash) {
            None => continue,
            Some(Break::Content) => "its content is not what was recorded",
            Some(Break::Link) => {
                "it does not follow the row before it (a row was removed, added or moved)"
            }
        };
        return Ok(Some(format!("the audit log's hash chain breaks at row {}: {why}", row.0)));
    }
    Ok(None)
}
