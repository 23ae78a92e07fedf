//! A lead's bulk actions on debtors: assign, pin, hold/release, escalate.
//! One transaction per action; every debtor changed gets an audit row with
//! before and after.

use rusqlite::{OptionalExtension, Transaction, params};

use super::notes::{NoteDraft, insert_note};
use super::{Result, Store, StoreError, audit, summary};
use crate::clock::Moment;

/// The highest pin a lead can give.
pub const MAX_PIN: i64 = 9;

fn debtor(tx: &Transaction<'_>, id: i64) -> Result<(String, Option<String>, String, i64)> {
    tx.prepare_cached(
        "SELECT d.ref, a.name, d.status, d.pin FROM debtors d
           LEFT JOIN agents a ON a.id = d.assigned_to WHERE d.id = ?1",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
    .optional()?
    .ok_or_else(|| StoreError::Refused(format!("there is no debtor {id}")))
}

fn record(
    tx: &Transaction<'_>,
    at: &Moment,
    by: i64,
    id: i64,
    action: &str,
    before: &str,
    after: &str,
) -> Result<()> {
    audit::record(
        tx,
        at.now,
        Some(by),
        audit::Change { entity: "debtor", entity_id: Some(id), action, before, after },
    )
}

impl Store {
    /// Assigns debtors to an agent (or to nobody).
    pub fn assign(&self, ids: &[i64], to: Option<i64>, by: i64, at: &Moment) -> Result<usize> {
        self.write(|tx| {
            let to_name: Option<String> = match to {
                None => None,
                Some(agent) => Some(
                    tx.prepare_cached("SELECT name FROM agents WHERE id = ?1")?
                        .query_row([agent], |r| r.get(0))
                        .optional()?
                        .ok_or_else(|| StoreError::Refused(format!("there is no agent {agent}")))?,
                ),
            };
            let after = to_name.as_deref().unwrap_or("(unassigned)");
            let mut changed = 0;
            for &id in ids {
                let (_, before, _, _) = debtor(tx, id)?;
                let before = before.as_deref().unwrap_or("(unassigned)");
                if before == after {
                    continue;
                }
                tx.prepare_cached("UPDATE debtors SET assigned_to = ?2 WHERE id = ?1")?
                    .execute(params![id, to])?;
                tx.prepare_cached(
                    "UPDATE debtor_summary SET assigned_to = ?2 WHERE debtor_id = ?1",
                )?
                .execute(params![id, to])?;
                record(tx, at, by, id, "assign", before, after)?;
                changed += 1;
            }
            Ok(changed)
        })
    }

    /// Raises or lowers the pin that puts debtors higher in the queue.
    pub fn pin(&self, ids: &[i64], delta: i64, by: i64, at: &Moment) -> Result<usize> {
        self.write(|tx| {
            let mut changed = Vec::new();
            for &id in ids {
                let (_, _, _, pin) = debtor(tx, id)?;
                let new = (pin + delta).clamp(0, MAX_PIN);
                if new == pin {
                    continue;
                }
                tx.prepare_cached("UPDATE debtors SET pin = ?2 WHERE id = ?1")?
                    .execute(params![id, new])?;
                record(tx, at, by, id, "pin", &pin.to_string(), &new.to_string())?;
                changed.push(id);
            }
            summary::refresh(tx, &changed, at)?;
            Ok(changed.len())
        })
    }

    /// Puts debtors on hold, or releases those already on hold; returns how
    /// many of each.
    pub fn toggle_hold(&self, ids: &[i64], by: i64, at: &Moment) -> Result<(usize, usize)> {
        self.write(|tx| {
            let mut counts = (0, 0);
            for &id in ids {
                let (_, _, status, _) = debtor(tx, id)?;
                let new = if status == "hold" { "active" } else { "hold" };
                if new == "hold" {
                    counts.0 += 1;
                } else {
                    counts.1 += 1;
                }
                tx.prepare_cached("UPDATE debtors SET status = ?2 WHERE id = ?1")?
                    .execute(params![id, new])?;
                record(tx, at, by, id, "status", &status, new)?;
            }
            summary::refresh(tx, ids, at)?;
            Ok(counts)
        })
    }

    /// Refers debtors to a collection agency or to legal, with the reason
    /// noted on each account.
    pub fn escalate(
        &self,
        ids: &[i64],
        to: &str,
        reason: &str,
        by: i64,
        at: &Moment,
    ) -> Result<usize> {
        if reason.trim().is_empty() {
            return Err(StoreError::Refused("an escalation needs a reason".into()));
        }
        self.write(|tx| {
            for &id in ids {
                let (_, _, status, _) = debtor(tx, id)?;
                tx.prepare_cached("UPDATE debtors SET status = 'escalated' WHERE id = ?1")?
                    .execute([id])?;
                let text = format!("Escalated to {to}: {}", reason.trim());
                insert_note(
                    tx,
                    &NoteDraft { debtor_id: id, agent_id: by, call_id: None, body: &text },
                    at.now,
                )?;
                record(
                    tx,
                    at,
                    by,
                    id,
                    "escalate",
                    &status,
                    &format!("escalated ({to}): {}", reason.trim()),
                )?;
            }
            summary::refresh(tx, ids, at)?;
            Ok(ids.len())
        })
    }
}
