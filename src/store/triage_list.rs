//! Search in triage's list: the workstation's search rules (name, ref,
//! phone digits, invoice number) within the filter shown, through indexes.

use chrono::{DateTime, Utc};
use rusqlite::ToSql;
use rusqlite::types::Value;

use super::queue::{Clause, filter_clause};
use super::{Result, Store};
use crate::domain::queue::QueueFilter;
use crate::domain::search::SearchQuery;
use crate::store::QueueRow;

/// Past the last character any search text can hold, for prefix ranges.
const PREFIX_END: char = '\u{10FFFF}';

/// At most this many candidates are read from each index per search, so a
/// short text on a narrow filter stays quick; past it the results may be
/// incomplete, and say so.
pub const CANDIDATES: usize = 5_000;

/// What a triage search found.
#[derive(Clone, Debug, PartialEq)]
pub struct TriageFound {
    /// By name, at most the limit asked for.
    pub rows: Vec<QueueRow>,
    /// False when there may be more: the limit was reached, or an index
    /// had more candidates than were read.
    pub complete: bool,
}

impl Store {
    /// Debtors of a triage filter that match a search, at most `limit`.
    pub fn triage_search(
        &self,
        query: &SearchQuery,
        filter: QueueFilter,
        limit: usize,
        now: DateTime<Utc>,
    ) -> Result<TriageFound> {
        if query.is_empty() {
            return Ok(TriageFound { rows: Vec::new(), complete: true });
        }
        let today = self.book_rules()?.today(now);
        let filter = filter_clause(filter, now, today);
        let needle = query.phone_digits.as_deref().unwrap_or(&query.text);
        let end = format!("{}{PREFIX_END}", query.text);
        let mut found = Found { ids: Vec::new(), limit, complete: true };
        if needle.chars().count() >= 3 {
            // Trigram index: any substring of three characters or more.
            let phrase = format!("\"{}\"", needle.replace('"', "\"\""));
            self.candidates(
                "SELECT rowid AS id FROM debtor_search WHERE debtor_search MATCH :text LIMIT :cap",
                &phrase,
                None,
                &filter,
                &mut found,
            )?;
        } else {
            self.candidates(
                "SELECT id FROM debtors
                  WHERE name >= :text COLLATE NOCASE AND name < :end COLLATE NOCASE
                  ORDER BY name COLLATE NOCASE LIMIT :cap",
                &query.text,
                Some(&end),
                &filter,
                &mut found,
            )?;
        }
        self.candidates(
            "SELECT debtor_id AS id FROM invoices
              WHERE number >= :text COLLATE NOCASE AND number < :end COLLATE NOCASE LIMIT :cap",
            &query.text,
            Some(&end),
            &filter,
            &mut found,
        )?;
        let rows = self.queue_rows_for(&found.ids, now)?;
        Ok(TriageFound { rows, complete: found.complete })
    }

    /// Adds the debtors among the first `CANDIDATES` rows of `source` (a
    /// query naming its debtor `id`) that the filter holds.
    fn candidates(
        &self,
        source: &str,
        text: &str,
        end: Option<&str>,
        filter: &Clause,
        found: &mut Found,
    ) -> Result<()> {
        let room = found.limit.saturating_sub(found.ids.len());
        if room == 0 {
            found.complete = false;
            return Ok(());
        }
        let mut values: Vec<(&str, Value)> = vec![(":text", text.to_owned().into())];
        if let Some(end) = end {
            values.push((":end", end.to_owned().into()));
        }
        let source_values = values.len();
        values.push((":cap", (CANDIDATES as i64).into()));
        values.push((":room", (room as i64 + 1).into()));
        values.extend(filter.params.iter().cloned());
        let sql = format!(
            "SELECT DISTINCT c.id FROM ({source}) c JOIN debtor_summary s ON s.debtor_id = c.id
              WHERE {} LIMIT :room",
            filter.sql
        );
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(&sql)?
            .query_map(bind(&values).as_slice(), |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if ids.len() > room {
            found.complete = false;
        } else {
            // No more than room for: were all the candidates read?
            values.truncate(source_values);
            values.push((":cap", (CANDIDATES as i64 + 1).into()));
            let read: i64 = self
                .conn
                .prepare_cached(&format!("SELECT COUNT(*) FROM ({source})"))?
                .query_row(bind(&values).as_slice(), |r| r.get(0))?;
            if read as usize > CANDIDATES {
                found.complete = false;
            }
        }
        for id in ids {
            if found.ids.contains(&id) {
                continue;
            }
            if found.ids.len() == found.limit {
                found.complete = false;
                break;
            }
            found.ids.push(id);
        }
        Ok(())
    }
}

struct Found {
    ids: Vec<i64>,
    limit: usize,
    complete: bool,
}

fn bind<'a>(values: &'a [(&'a str, Value)]) -> Vec<(&'a str, &'a dyn ToSql)> {
    values.iter().map(|(n, v)| (*n, v as &dyn ToSql)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::aging::Bucket;

    fn plan(store: &Store, source: &str, filter: &Clause) -> Vec<String> {
        let sql = format!(
            "EXPLAIN QUERY PLAN SELECT DISTINCT c.id FROM ({source}) c
               JOIN debtor_summary s ON s.debtor_id = c.id WHERE {} LIMIT :room",
            filter.sql
        );
        let mut values: Vec<(&str, Value)> = vec![
            (":text", "abc".to_owned().into()),
            (":cap", 10i64.into()),
            (":room", 5i64.into()),
        ];
        if source.contains(":end") {
            values.push((":end", "abd".to_owned().into()));
        }
        values.extend(filter.params.iter().cloned());
        store
            .conn
            .prepare(&sql)
            .unwrap()
            .query_map(bind(&values).as_slice(), |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn every_source_and_filter_reads_through_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("book.sqlite")).unwrap();
        let now = "2026-12-02T10:00:00Z".parse().unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let sources = [
            "SELECT rowid AS id FROM debtor_search WHERE debtor_search MATCH :text LIMIT :cap",
            "SELECT id FROM debtors WHERE name >= :text COLLATE NOCASE AND name < :end COLLATE NOCASE ORDER BY name COLLATE NOCASE LIMIT :cap",
            "SELECT debtor_id AS id FROM invoices WHERE number >= :text COLLATE NOCASE AND number < :end COLLATE NOCASE LIMIT :cap",
        ];
        let mut filters = QueueFilter::triage(90);
        filters.push(QueueFilter::Bucket(Bucket::Over90));
        for filter in filters {
            let clause = filter_clause(filter, now, today);
            for source in sources {
                let plan = plan(&store, source, &clause);
                // The only scans: the candidates read (at most CANDIDATES)
                // and the trigram index's match.
                let scans: Vec<&String> = plan
                    .iter()
                    .filter(|l| l.starts_with("SCAN"))
                    .filter(|l| {
                        *l != "SCAN c" && !l.starts_with("SCAN debtor_search VIRTUAL TABLE INDEX")
                    })
                    .collect();
                assert!(scans.is_empty(), "{filter:?} {source}: {plan:?}");
                assert!(
                    plan.iter().any(|l| l == "SEARCH s USING INTEGER PRIMARY KEY (rowid=?)"),
                    "{filter:?}: {plan:?}"
                );
            }
        }
    }
}
