//! A lead changes a debtor's interest terms, or withdraws a waiver, from the
//! workstation: each audited (and a withdrawal noted on the account), as an
//! import's change and a waiver's grant are.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::notes::{NoteDraft, insert_note};
use super::{Result, Store, StoreError, audit, ts};
use crate::clock::Moment;
use crate::domain::interest_terms::{InterestRegime, MAX_BASIS_POINTS, format_percent};

fn lead_only(tx: &rusqlite::Transaction<'_>, agent_id: i64, what: &str) -> Result<()> {
    let role: Option<(String, String)> = tx
        .prepare_cached("SELECT name, role FROM agents WHERE id = ?1")?
        .query_row([agent_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match role {
        Some((_, role)) if role == "lead" => Ok(()),
        Some((name, _)) => {
            Err(StoreError::Refused(format!("only a lead can {what}; {name} is an agent")))
        }
        None => Err(StoreError::Refused(format!("there is no agent {agent_id}"))),
    }
}

impl Store {
    /// Sets a debtor's regime and rate (basis points); audited with before
    /// and after in the import's words. `false` when nothing changed.
    pub fn set_debtor_interest(
        &self,
        debtor_id: i64,
        regime: InterestRegime,
        rate: i64,
        lead_id: i64,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        if !(0..=MAX_BASIS_POINTS).contains(&rate) {
            return Err(StoreError::Refused(format!(
                "an interest rate is from 0 to 100 percent, not {}",
                format_percent(rate)
            )));
        }
        self.write(|tx| {
            lead_only(tx, lead_id, "change a debtor's interest")?;
            let (old_regime, old_rate): (String, i64) = tx
                .prepare_cached("SELECT interest, interest_rate FROM debtors WHERE id = ?1")?
                .query_row([debtor_id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
                .ok_or_else(|| StoreError::Refused(format!("there is no debtor {debtor_id}")))?;
            if old_regime == regime.as_str() && old_rate == rate {
                return Ok(false);
            }
            tx.prepare_cached(
                "UPDATE debtors SET interest = ?2, interest_rate = ?3 WHERE id = ?1",
            )?
            .execute(params![debtor_id, regime.as_str(), rate])?;
            let side =
                |r: &str, bp: i64| format!("interest={r}; interest_rate={}", format_percent(bp));
            let (before, after) = (side(&old_regime, old_rate), side(regime.as_str(), rate));
            let change = audit::Change {
                entity: "debtor",
                entity_id: Some(debtor_id),
                action: "set interest",
                before: &before,
                after: &after,
            };
            audit::record(tx, now, Some(lead_id), change)?;
            Ok(true)
        })
    }

    /// Withdraws a waiver (a lead's); noted on the account and audited.
    pub fn withdraw_interest_waiver(
        &self,
        waiver_id: i64,
        lead_id: i64,
        at: &Moment,
    ) -> Result<()> {
        self.write(|tx| {
            lead_only(tx, lead_id, "withdraw a waiver")?;
            let found: Option<(i64, String, Option<String>, Option<String>)> = tx
                .prepare_cached(
                    "SELECT w.debtor_id, w.what, i.number, w.withdrawn_at
                       FROM interest_waivers w LEFT JOIN invoices i ON i.id = w.invoice_id
                      WHERE w.id = ?1",
                )?
                .query_row([waiver_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .optional()?;
            let Some((debtor_id, what, number, withdrawn)) = found else {
                return Err(StoreError::Refused(format!("there is no waiver {waiver_id}")));
            };
            if let Some(on) = withdrawn {
                return Err(StoreError::Refused(format!(
                    "waiver {waiver_id} was withdrawn at {on}"
                )));
            }
            tx.prepare_cached("UPDATE interest_waivers SET withdrawn_at = ?2 WHERE id = ?1")?
                .execute(params![waiver_id, ts(at.now)])?;
            let on = number.map_or("the whole account".to_owned(), |n| format!("invoice {n}"));
            let body = format!("Waiver of {what} on {on} withdrawn.");
            let note = NoteDraft { debtor_id, agent_id: lead_id, call_id: None, body: &body };
            insert_note(tx, &note, at.now)?;
            let after = format!("{what} on {on} withdrawn");
            let change = audit::Change {
                entity: "waiver",
                entity_id: Some(waiver_id),
                action: "withdraw",
                before: "",
                after: &after,
            };
            audit::record(tx, at.now, Some(lead_id), change)
        })
    }
}
