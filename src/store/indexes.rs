//! Secondary indexes dropped before a large load and built again after it,
//! in one pass each: much faster than keeping them in order row by row. Both
//! happen inside the caller's transaction, so others see the indexes
//! throughout and a rollback or a kill leaves them as they were.

use rusqlite::Connection;

use super::Result;

/// Page cache while sorting for an index (KiB, negative: SQLite's unit).
/// SQLite sorts in pieces of this size, on helper threads, and small pieces
/// sort faster than one large one.
const SORT_CACHE_KIB: i64 = -2_000;

/// Drops `table`'s secondary indexes (not its keys, nor a unique index, which
/// is a rule rows must keep) and returns what `build` needs to make them
/// again.
pub(super) fn drop_for_load(conn: &Connection, table: &str) -> Result<Vec<String>> {
    drop_for_load_except(conn, table, &[])
}

/// As `drop_for_load`, keeping the indexes named in `keep` (those the load
/// itself reads through).
pub(super) fn drop_for_load_except(
    conn: &Connection,
    table: &str,
    keep: &[&str],
) -> Result<Vec<String>> {
    let indexes: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, sql FROM sqlite_schema
             WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL
               AND sql NOT LIKE 'CREATE UNIQUE%'",
        )?
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut dropped = Vec::with_capacity(indexes.len());
    for (name, sql) in indexes.into_iter().filter(|(name, _)| !keep.contains(&name.as_str())) {
        conn.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
        dropped.push(sql);
    }
    Ok(dropped)
}

/// Builds dropped indexes again.
pub(super) fn build(conn: &Connection, dropped: &[String]) -> Result<()> {
    for sql in dropped {
        conn.execute_batch(sql)?;
    }
    Ok(())
}

/// Builds dropped indexes of a large table again, sorting in small pieces on
/// two threads, and leaves the page cache at `cache_kib`. Shrinking the cache
/// writes out what it held, so this comes last in a load.
pub(super) fn build_large(conn: &Connection, dropped: &[String], cache_kib: i64) -> Result<()> {
    if dropped.is_empty() {
        return Ok(());
    }
    conn.pragma_update(None, "threads", 2)?;
    conn.pragma_update(None, "cache_size", SORT_CACHE_KIB)?;
    build(conn, dropped)?;
    conn.pragma_update(None, "threads", 0)?;
    conn.pragma_update(None, "cache_size", cache_kib)?;
    Ok(())
}
