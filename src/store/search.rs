//! Finding debtors by name, ref, phone or invoice number, through indexes only.

use rusqlite::params;

use super::{Result, Store};
use crate::domain::search::SearchQuery;

/// Past the last character any search text can hold, for prefix ranges.
const PREFIX_END: char = '\u{10FFFF}';

impl Store {
    /// Ids of debtors matching the query, at most `limit`.
    pub fn search_debtors(&self, query: &SearchQuery, limit: usize) -> Result<Vec<i64>> {
        let mut ids: Vec<i64> = Vec::new();
        if query.is_empty() {
            return Ok(ids);
        }
        let push = |found: Vec<i64>, ids: &mut Vec<i64>| {
            for id in found {
                if ids.len() < limit && !ids.contains(&id) {
                    ids.push(id);
                }
            }
        };
        let needle = query.phone_digits.as_deref().unwrap_or(&query.text);
        if needle.chars().count() >= 3 {
            // Trigram index: any substring of three characters or more.
            let phrase = format!("\"{}\"", needle.replace('"', "\"\""));
            let found = self
                .conn
                .prepare_cached(
                    "SELECT rowid FROM debtor_search WHERE debtor_search MATCH ?1 LIMIT ?2",
                )?
                .query_map(params![phrase, limit as i64], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            push(found, &mut ids);
        } else {
            let end = format!("{}{PREFIX_END}", query.text);
            let found = self
                .conn
                .prepare_cached(
                    "SELECT id FROM debtors
                     WHERE name >= ?1 COLLATE NOCASE AND name < ?2 COLLATE NOCASE
                     ORDER BY name COLLATE NOCASE LIMIT ?3",
                )?
                .query_map(params![query.text, end, limit as i64], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            push(found, &mut ids);
        }
        if ids.len() < limit {
            let end = format!("{}{PREFIX_END}", query.text);
            let found = self
                .conn
                .prepare_cached(
                    "SELECT DISTINCT debtor_id FROM invoices
                     WHERE number >= ?1 COLLATE NOCASE AND number < ?2 COLLATE NOCASE
                     LIMIT ?3",
                )?
                .query_map(params![query.text, end, limit as i64], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            push(found, &mut ids);
        }
        Ok(ids)
    }
}
