//! The debtors a bulk letter goes to, a page at a time in id order, so a
//! send over a whole book never holds the book in memory. Reads the
//! per-debtor summary (one row a debtor), never the invoices.

use rusqlite::{ToSql, params_from_iter};

use super::{Result, Store};
use crate::domain::aging::Bucket;
use crate::domain::letters::filter::{Criterion, LetterFilter};

impl Store {
    /// Up to `limit` debtor ids after `after`, in id order, that every
    /// criterion of `filter` holds for; active or in an arrangement only
    /// (not on hold, escalated or closed).
    pub fn letter_targets(
        &self,
        filter: &LetterFilter,
        after: i64,
        limit: usize,
    ) -> Result<Vec<i64>> {
        let mut sql = String::from(
            "SELECT d.id FROM debtors d JOIN debtor_summary s ON s.debtor_id = d.id
              WHERE d.id > ?1 AND (d.status = 'active' OR d.status = 'arrangement')",
        );
        let mut args: Vec<Box<dyn ToSql>> = vec![Box::new(after)];
        for c in &filter.0 {
            match c {
                Criterion::All => sql.push_str(" AND s.balance_cents > 0"),
                Criterion::Overdue => sql.push_str(" AND s.overdue_cents > 0"),
                Criterion::Bucket(b) => sql.push_str(match b {
                    Bucket::Current => " AND s.current_cents > 0",
                    Bucket::Days1To30 => " AND s.d1_30_cents > 0",
                    Bucket::Days31To60 => " AND s.d31_60_cents > 0",
                    Bucket::Days61To90 => " AND s.d61_90_cents > 0",
                    Bucket::Over90 => " AND s.d90_cents > 0",
                }),
                Criterion::Debtor(reference) => {
                    args.push(Box::new(reference.clone()));
                    sql.push_str(&format!(" AND d.ref = ?{}", args.len()));
                }
                Criterion::Agent(name) => {
                    args.push(Box::new(name.clone()));
                    sql.push_str(&format!(
                        " AND d.assigned_to = (SELECT id FROM agents WHERE name = ?{} COLLATE NOCASE)",
                        args.len()
                    ));
                }
            }
        }
        args.push(Box::new(limit as i64));
        sql.push_str(&format!(" ORDER BY d.id LIMIT ?{}", args.len()));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let ids = stmt
            .query_map(params_from_iter(args.iter().map(|a| a.as_ref())), |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }
}
