//! Finding debtors by name, ref, phone or invoice number, through indexes only.

use rusqlite::params;

use super::{Result, Store};
use crate::domain::search::SearchQuery;

/// Past the last character any search text can hold, for prefix ranges.
const PREFIX_END: char = '\u{10FFFF}';

/// The invoice a debtor was found by: its number starts with what was
/// typed (the first such, in number order, so an exact number comes first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quoted {
    pub debtor_id: i64,
    pub invoice_id: i64,
}

/// What a search found: debtors, and the invoices some were found by.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    pub debtors: Vec<i64>,
    pub quoted: Vec<Quoted>,
}

impl Store {
    /// Ids of debtors matching the query, at most `limit`.
    pub fn search_debtors(&self, query: &SearchQuery, limit: usize) -> Result<Vec<i64>> {
        Ok(self.search(query, limit)?.debtors)
    }

    /// Debtors matching the query, at most `limit`, with the invoice each
    /// was found by when an invoice number matched.
    pub fn search(&self, query: &SearchQuery, limit: usize) -> Result<Found> {
        let mut ids: Vec<i64> = Vec::new();
        let mut quoted = Vec::new();
        if query.is_empty() {
            return Ok(Found::default());
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
        if ids.len() >= limit {
            return Ok(Found { debtors: ids, quoted });
        }
        // Invoice numbers by prefix, in number order along their index: the
        // first invoice of each debtor is the one quoted. Read until enough
        // debtors are found, as DISTINCT would.
        let end = format!("{}{PREFIX_END}", query.text);
        let mut stmt = self.conn.prepare_cached(
            "SELECT debtor_id, id FROM invoices
             WHERE number >= ?1 COLLATE NOCASE AND number < ?2 COLLATE NOCASE
             ORDER BY number COLLATE NOCASE",
        )?;
        let mut rows = stmt.query(params![query.text, end])?;
        while quoted.len() < limit
            && let Some(r) = rows.next()?
        {
            let (debtor_id, invoice_id): (i64, i64) = (r.get(0)?, r.get(1)?);
            if !quoted.iter().any(|q: &Quoted| q.debtor_id == debtor_id) {
                quoted.push(Quoted { debtor_id, invoice_id });
            }
        }
        drop(rows);
        push(quoted.iter().map(|q| q.debtor_id).collect(), &mut ids);
        quoted.retain(|q| ids.contains(&q.debtor_id));
        Ok(Found { debtors: ids, quoted })
    }
}
