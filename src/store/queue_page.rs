//! Reading the queue: windows by keyset from the indexed summary, never the
//! whole book. The "due now" queue comes in two parts, the debtors callable
//! now first: each part is read in queue order along the same index, its
//! zones filtered as the index is walked, so no page sorts the queue.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, named_params};

use super::queue::{
    Clause, Page, QueueKey, QueueRow, QueueScope, SELECT_ROW, count_query, filter_clause,
    lease_cutoff, scope_clause, to_row,
};
use super::{Result, Store};
use crate::domain::queue::{CallingSplit, QueueFilter};

/// The book's time zones, one seek of the summary's zone index each.
pub(super) const ZONES: &str = "WITH RECURSIVE z(tz) AS (
        SELECT MIN(tz) FROM debtor_summary
        UNION ALL
        SELECT (SELECT MIN(tz) FROM debtor_summary WHERE tz > z.tz) FROM z WHERE z.tz IS NOT NULL)
     SELECT tz FROM z WHERE tz IS NOT NULL";

/// A list being read: whose, which filter, and for the due-now queue how
/// it is split now. `today` is the book's date at `now`.
pub(super) struct List {
    scope: QueueScope,
    filter: QueueFilter,
    now: DateTime<Utc>,
    today: NaiveDate,
    split: Option<CallingSplit>,
}

/// One part of a split list (`Some(later)`), or the whole list (`None`).
type Part = Option<bool>;

impl List {
    /// The WHERE clause of a part, read in queue order (`walk`) or counted.
    pub(super) fn clause(&self, part: Part, walk: bool) -> Clause {
        let clause = scope_clause(self.scope).and(filter_clause(self.filter, self.now, self.today));
        match (part, &self.split) {
            (Some(later), Some(split)) => clause.and(zone_clause(later, split, walk)),
            _ => clause,
        }
    }

    /// The parts in queue order, leaving out one known to be empty.
    fn parts(&self) -> Vec<Part> {
        match &self.split {
            None => vec![None],
            Some(split) => {
                let mut parts = Vec::new();
                if !split.callable.is_empty() {
                    parts.push(Some(false));
                }
                if split.callable.len() < split.zones.len() {
                    parts.push(Some(true));
                }
                parts
            }
        }
    }

    /// Whether a debtor in this zone is listed after the callable ones.
    fn later(&self, zone: &str) -> bool {
        self.split.as_ref().is_some_and(|s| !s.callable.iter().any(|z| z == zone))
    }
}

/// The zones of one part. In queue order (`walk`), the `+` keeps the
/// planner on the queue-order index (the zone is checked from the index as
/// it is walked) rather than seeking by zone and sorting what it finds; a
/// count may seek by zone.
fn zone_clause(later: bool, split: &CallingSplit, walk: bool) -> Clause {
    let zones = serde_json::to_string(&split.callable).unwrap_or_else(|_| "[]".into());
    let not = if later { "NOT " } else { "" };
    let plus = if walk { "+" } else { "" };
    Clause::new(format!("{plus}s.tz {not}IN (SELECT value FROM json_each(:zones))"))
        .with(":zones", zones)
}

/// The query for rows of one part from a key: ascending after it (`>`,
/// `>=`), descending before it (`<`).
fn page_query(list: &List, part: Part, cmp: &str, key: QueueKey, limit: usize) -> (String, Clause) {
    let order = if cmp == "<" { "DESC" } else { "ASC" };
    let clause = list
        .clause(part, true)
        .and(
            Clause::new(format!("(s.sort_key, s.debtor_id) {cmp} (:sort_key, :debtor_id)"))
                .with(":sort_key", key.sort_key)
                .with(":debtor_id", key.debtor_id),
        )
        .with(":cutoff", lease_cutoff(list.now))
        .with(":limit", limit as i64);
    let sql = format!(
        "{SELECT_ROW} WHERE {} ORDER BY s.sort_key {order}, s.debtor_id {order} LIMIT :limit",
        clause.sql
    );
    (sql, clause)
}

impl Store {
    /// How the due-now queue is split at `now`: the book's time zones, and
    /// those where calling is open (the book's calling hours and days).
    pub fn calling_split(&self, now: DateTime<Utc>) -> Result<CallingSplit> {
        let zones: Vec<String> = self
            .conn
            .prepare_cached(ZONES)?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(CallingSplit::at(zones, now, &self.book_rules()?.contact))
    }

    pub(super) fn list(
        &self,
        scope: QueueScope,
        filter: QueueFilter,
        now: DateTime<Utc>,
    ) -> Result<List> {
        let today = self.book_rules()?.today(now);
        let split = match filter {
            QueueFilter::DueNow => Some(self.calling_split(now)?),
            _ => None,
        };
        Ok(List { scope, filter, now, today, split })
    }

    /// Up to `limit` queue rows around a key, always in queue order.
    pub fn queue_page(
        &self,
        scope: QueueScope,
        filter: QueueFilter,
        page: Page,
        limit: usize,
        now: DateTime<Utc>,
    ) -> Result<Vec<QueueRow>> {
        let list = self.list(scope, filter, now)?;
        self.page(&list, page, limit)
    }

    /// A page across the parts: on into the next part when one runs out,
    /// back into the one before.
    fn page(&self, list: &List, page: Page, limit: usize) -> Result<Vec<QueueRow>> {
        let mut rows: Vec<QueueRow> = Vec::new();
        match page {
            Page::After(key) | Page::From(key) => {
                let cmp = if matches!(page, Page::After(_)) { ">" } else { ">=" };
                for part in list.parts() {
                    let (cmp, from) = match part {
                        // The callable part, before a later key's part.
                        Some(false) if key.later => continue,
                        // The later part, after a callable key's part.
                        Some(true) if !key.later => (">=", QueueKey::FIRST),
                        _ => (cmp, key),
                    };
                    rows.extend(self.read(list, part, cmp, from, limit - rows.len())?);
                    if rows.len() >= limit {
                        break;
                    }
                }
            }
            Page::Before(key) => {
                for part in list.parts().into_iter().rev() {
                    let before = match part {
                        Some(true) if !key.later => continue,
                        Some(false) if key.later => QueueKey::LAST,
                        _ => key,
                    };
                    let mut earlier = self.read(list, part, "<", before, limit - rows.len())?;
                    earlier.append(&mut rows);
                    rows = earlier;
                    if rows.len() >= limit {
                        break;
                    }
                }
            }
        }
        Ok(rows)
    }

    /// Rows of one part after (`>`, `>=`) or before (`<`) a key, in queue
    /// order.
    fn read(
        &self,
        list: &List,
        part: Part,
        cmp: &str,
        key: QueueKey,
        limit: usize,
    ) -> Result<Vec<QueueRow>> {
        let (sql, clause) = page_query(list, part, cmp, key, limit);
        let later = part == Some(true);
        let mut rows: Vec<QueueRow> = self
            .conn
            .prepare_cached(&sql)?
            .query_map(clause.bind().as_slice(), to_row)?
            .map(|r| r.map(|row| QueueRow { key: QueueKey { later, ..row.key }, ..row }))
            .collect::<rusqlite::Result<_>>()?;
        if cmp == "<" {
            rows.reverse();
        }
        Ok(rows)
    }

    /// How many debtors the queue holds.
    pub fn queue_count(
        &self,
        scope: QueueScope,
        filter: QueueFilter,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        let (sql, clause) = count_query(scope, filter, now, self.book_rules()?.today(now));
        let n: i64 =
            self.conn.prepare_cached(&sql)?.query_row(clause.bind().as_slice(), |r| r.get(0))?;
        Ok(n as usize)
    }

    fn count(&self, clause: Clause) -> Result<usize> {
        let sql = format!("SELECT COUNT(*) FROM debtor_summary s WHERE {}", clause.sql);
        let n: i64 =
            self.conn.prepare_cached(&sql)?.query_row(clause.bind().as_slice(), |r| r.get(0))?;
        Ok(n as usize)
    }

    /// The queue around one debtor: its position, and rows from a few before
    /// it; `None` when it is not in this queue.
    pub fn queue_around(
        &self,
        scope: QueueScope,
        filter: QueueFilter,
        debtor_id: i64,
        limit: usize,
        now: DateTime<Utc>,
    ) -> Result<Option<(usize, Vec<QueueRow>)>> {
        let found: Option<(i64, String)> = self
            .conn
            .prepare_cached("SELECT sort_key, tz FROM debtor_summary WHERE debtor_id = ?1")?
            .query_row([debtor_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((sort_key, zone)) = found else {
            return Ok(None);
        };
        let list = self.list(scope, filter, now)?;
        let later = list.later(&zone);
        let key = QueueKey { later, sort_key, debtor_id };
        let here = self.page(&list, Page::From(key), limit)?;
        if here.first().map(|r| r.key) != Some(key) {
            return Ok(None);
        }
        let part = list.split.as_ref().map(|_| later);
        let mut position = self.count(
            list.clause(part, true).and(
                Clause::new("(s.sort_key, s.debtor_id) < (:sort_key, :debtor_id)")
                    .with(":sort_key", key.sort_key)
                    .with(":debtor_id", key.debtor_id),
            ),
        )?;
        if later && list.split.as_ref().is_some_and(|s| !s.callable.is_empty()) {
            position += self.count(list.clause(Some(false), false))?;
        }
        let mut rows = self.page(&list, Page::Before(key), 20)?;
        let start = position.saturating_sub(rows.len());
        rows.extend(here);
        Ok(Some((start, rows)))
    }

    /// The queue rows of given debtors, by name (search results).
    pub fn queue_rows_for(&self, debtor_ids: &[i64], now: DateTime<Utc>) -> Result<Vec<QueueRow>> {
        let ids =
            format!("[{}]", debtor_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
        let sql = format!(
            "{SELECT_ROW} WHERE s.debtor_id IN (SELECT value FROM json_each(:ids))
             ORDER BY d.name COLLATE NOCASE, d.id"
        );
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(named_params! { ":cutoff": lease_cutoff(now), ":ids": ids }, to_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(store: &Store, sql: &str, clause: &Clause) -> Vec<String> {
        store.plan_steps(sql, clause.bind().as_slice())
    }

    /// Each part of the due-now queue is read along a queue-order index,
    /// its zones checked from the index: no page sorts the queue, and a
    /// part's count seeks by zone in an index alone.
    #[test]
    fn each_part_of_the_due_now_queue_walks_an_index_in_queue_order() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("book.sqlite")).unwrap();
        let now: DateTime<Utc> = "2026-12-02T10:00:00Z".parse().unwrap();
        let split = CallingSplit {
            zones: vec!["America/New_York".into(), "Europe/London".into()],
            callable: vec!["Europe/London".into()],
        };
        for (scope, index) in [
            (QueueScope::Mine(1), "summary_due_queue_mine"),
            (QueueScope::All, "summary_due_queue_all"),
        ] {
            let list = List {
                scope,
                filter: QueueFilter::DueNow,
                now,
                today: now.date_naive(),
                split: Some(split.clone()),
            };
            for part in [Some(false), Some(true)] {
                for cmp in [">", ">=", "<"] {
                    let (sql, clause) = page_query(&list, part, cmp, QueueKey::FIRST, 200);
                    let plan = plan(&store, &sql, &clause);
                    assert!(plan[0].contains(&format!("SEARCH s USING INDEX {index}")), "{plan:?}");
                    assert!(!plan.iter().any(|l| l.contains("TEMP B-TREE")), "{plan:?}");
                }
            }
            let clause = list.clause(Some(false), false);
            let sql = format!("SELECT COUNT(*) FROM debtor_summary s WHERE {}", clause.sql);
            let plan = plan(&store, &sql, &clause);
            assert!(plan[0].contains("COVERING INDEX"), "{scope:?}: {plan:?}");
            assert!(plan[0].contains("tz=?"), "seeks zone by zone: {plan:?}");
        }
    }
}
