//! Import maps kept in the book by name (`recoup map`, `import --map
//! NAME`): the text as given, who added it and when. Adding, replacing and
//! removing are audited with the text's SHA-256 (the audit row of a
//! replacement names the old text's too).

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};

use super::{KeyAdmin, Result, Store, StoreError, audit, ts};
use crate::domain::audit_chain::text_fingerprint;
use crate::domain::text::quote;

/// A map as the book keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredMap {
    pub id: i64,
    pub name: String,
    /// The TOML exactly as it was added.
    pub text: String,
    /// The lead who added it; `None` for the service account.
    pub added_by: Option<String>,
    pub added_at: String,
}

impl StoredMap {
    /// `sha256:...` of the text, as the audit log names it.
    pub fn fingerprint(&self) -> String {
        text_fingerprint(&self.text)
    }
}

/// What `add_import_map` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapAdded {
    Added,
    Replaced,
    /// `--replace` with the text already kept: nothing written.
    Unchanged,
}

const COLUMNS: &str = "SELECT m.id, m.name, m.text, a.name, m.added_at
                       FROM import_maps m LEFT JOIN agents a ON a.id = m.added_by";

fn row_to_map(r: &Row<'_>) -> rusqlite::Result<StoredMap> {
    Ok(StoredMap {
        id: r.get(0)?,
        name: r.get(1)?,
        text: r.get(2)?,
        added_by: r.get(3)?,
        added_at: r.get(4)?,
    })
}

fn lead_id(by: KeyAdmin) -> Option<i64> {
    match by {
        KeyAdmin::Lead(id) => Some(id),
        KeyAdmin::ServiceAccount => None,
    }
}

/// A map as an audit row names it.
fn described(name: &str, text: &str) -> String {
    format!("{name} {} ({} bytes)", text_fingerprint(text), text.len())
}

fn named(conn: &rusqlite::Connection, name: &str) -> Result<Option<StoredMap>> {
    Ok(conn
        .prepare_cached(&format!("{COLUMNS} WHERE m.name = ?1"))?
        .query_row([name], row_to_map)
        .optional()?)
}

impl Store {
    /// Keeps `text` (already checked as a map) as the map `name`; an
    /// existing map of that name is replaced only when `replace`. Audited.
    pub fn add_import_map(
        &self,
        name: &str,
        text: &str,
        replace: bool,
        by: KeyAdmin,
        now: DateTime<Utc>,
    ) -> Result<MapAdded> {
        self.write(|tx| {
            let old = named(tx, name)?;
            let (id, before, done) = match &old {
                Some(old) if !replace => {
                    let who = old.added_by.as_deref().unwrap_or("the service account");
                    return Err(StoreError::Refused(format!(
                        "there is already a map called {} (added by {who} at {}); give --replace to replace it",
                        quote(name),
                        old.added_at
                    )));
                }
                Some(old) if old.text == text => return Ok(MapAdded::Unchanged),
                Some(old) => {
                    tx.execute(
                        "UPDATE import_maps SET text = ?2, added_by = ?3, added_at = ?4
                         WHERE id = ?1",
                        params![old.id, text, lead_id(by), ts(now)],
                    )?;
                    (old.id, described(name, &old.text), MapAdded::Replaced)
                }
                None => {
                    tx.execute(
                        "INSERT INTO import_maps (name, text, added_by, added_at)
                         VALUES (?1, ?2, ?3, ?4)",
                        params![name, text, lead_id(by), ts(now)],
                    )?;
                    (tx.last_insert_rowid(), String::new(), MapAdded::Added)
                }
            };
            let action = if done == MapAdded::Replaced { "replace" } else { "add" };
            let after = described(name, text);
            let change =
                audit::Change { entity: "map", entity_id: Some(id), action, before: &before, after: &after };
            audit::record(tx, now, lead_id(by), change)?;
            Ok(done)
        })
    }

    /// Removes the map `name`; audited.
    pub fn remove_import_map(
        &self,
        name: &str,
        by: KeyAdmin,
        now: DateTime<Utc>,
    ) -> Result<StoredMap> {
        self.write(|tx| {
            let Some(old) = named(tx, name)? else {
                return Err(no_such_map(name));
            };
            tx.execute("DELETE FROM import_maps WHERE id = ?1", [old.id])?;
            let before = described(name, &old.text);
            let change = audit::Change {
                entity: "map",
                entity_id: Some(old.id),
                action: "remove",
                before: &before,
                after: "",
            };
            audit::record(tx, now, lead_id(by), change)?;
            Ok(old)
        })
    }

    /// Every map in the book, by name.
    pub fn import_maps(&self) -> Result<Vec<StoredMap>> {
        let mut stmt = self.conn.prepare_cached(&format!("{COLUMNS} ORDER BY m.name"))?;
        let rows = stmt.query_map([], row_to_map)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The map called `name`; refused (one sentence) when there is none.
    pub fn import_map(&self, name: &str) -> Result<StoredMap> {
        named(&self.conn, name)?.ok_or_else(|| no_such_map(name))
    }
}

fn no_such_map(name: &str) -> StoreError {
    StoreError::Refused(format!(
        "there is no map called {} in the book; `recoup map list` shows them",
        quote(name)
    ))
}

/// Maps against the audit log (`recoup check`): each map kept is what the
/// last audit row about it recorded, and a map the log says is kept is
/// there. One line per problem.
pub(super) fn maps_against_audit(conn: &rusqlite::Connection) -> Result<Vec<String>> {
    // The last row about each map, from one pass over the log.
    let mut last: std::collections::BTreeMap<i64, (i64, String, String)> = Default::default();
    let mut stmt = conn.prepare(
        "SELECT entity_id, id, action, after FROM audit_log
          WHERE entity = 'map' AND entity_id IS NOT NULL ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        last.insert(r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?));
    }
    drop(rows);
    let mut problems = Vec::new();
    let kept: Vec<StoredMap> = conn
        .prepare(&format!("{COLUMNS} ORDER BY m.name"))?
        .query_map([], row_to_map)?
        .collect::<rusqlite::Result<_>>()?;
    for map in &kept {
        let name = quote(&map.name);
        match last.remove(&map.id) {
            None => problems.push(format!(
                "the map {name} has no audit row: it was not added by `recoup map add`"
            )),
            Some((row, action, after)) => {
                if action == "remove" || after != described(&map.name, &map.text) {
                    problems.push(format!(
                        "the map {name} is not what audit row {row} recorded: it was changed without `recoup map add --replace`"
                    ));
                }
            }
        }
    }
    for (id, (row, action, after)) in last {
        if action != "remove" {
            let name = after.split(' ').next().unwrap_or("");
            problems.push(format!(
                "audit row {row} records the map {} (map {id}), but the book has no such map: it was removed without `recoup map remove`",
                quote(name)
            ));
        }
    }
    Ok(problems)
}
