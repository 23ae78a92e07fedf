//! Strategies a lead stored in the book (`recoup strategy add`), and which
//! strategy a debtor follows (`recoup strategy set`, import column
//! `strategy`).

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::notes::{NoteDraft, insert_note};
use super::{Result, Store, StoreError, audit, ts};
use crate::domain::text::quote;

impl Store {
    /// Stores (or replaces) a strategy's text under its name; true when it
    /// replaced one. The caller has parsed it.
    pub fn add_strategy(
        &self,
        name: &str,
        body: &str,
        by: i64,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.write(|tx| {
            let before: Option<String> = tx
                .prepare_cached("SELECT body FROM strategies WHERE name = ?1")?
                .query_row([name], |r| r.get(0))
                .optional()?;
            tx.prepare_cached(
                "INSERT INTO strategies (name, body, added_by, added_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (name) DO UPDATE SET body = excluded.body,
                     added_by = excluded.added_by, added_at = excluded.added_at",
            )?
            .execute(params![name, body, by, ts(now)])?;
            audit::record(
                tx,
                now,
                Some(by),
                audit::Change {
                    entity: "strategy",
                    entity_id: None,
                    action: if before.is_some() { "replace" } else { "add" },
                    before: before.as_deref().unwrap_or(""),
                    after: body,
                },
            )?;
            Ok(before.is_some())
        })
    }

    /// The strategies stored in the book: (name, text), by name.
    pub fn stored_strategies(&self) -> Result<Vec<(String, String)>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT name, body FROM strategies ORDER BY name")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Sets the strategy of the debtor with this ref (`None`: the book's
    /// default), noted on the account and audited.
    pub fn set_debtor_strategy(
        &self,
        debtor_ref: &str,
        strategy: Option<&str>,
        by: i64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            let (id, before): (i64, Option<String>) = tx
                .prepare_cached("SELECT id, strategy FROM debtors WHERE ref = ?1")?
                .query_row([debtor_ref], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
                .ok_or_else(|| {
                    StoreError::Refused(format!("no debtor has ref {}", quote(debtor_ref)))
                })?;
            tx.prepare_cached("UPDATE debtors SET strategy = ?2 WHERE id = ?1")?
                .execute(params![id, strategy])?;
            let shown = |s: Option<&str>| s.unwrap_or("the book's default").to_owned();
            let body = format!("Collection strategy set to {}", shown(strategy));
            insert_note(
                tx,
                &NoteDraft { debtor_id: id, agent_id: by, call_id: None, body: &body },
                now,
            )?;
            audit::record(
                tx,
                now,
                Some(by),
                audit::Change {
                    entity: "debtor",
                    entity_id: Some(id),
                    action: "strategy",
                    before: &shown(before.as_deref()),
                    after: &shown(strategy),
                },
            )?;
            Ok(())
        })
    }
}
