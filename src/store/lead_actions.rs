//! A lead's bulk actions on debtors: assign, pin, hold/release, escalate.
//! One transaction per action; every debtor changed gets an audit row with
//! before and after. An action on "all of a filter" finds its debtors inside
//! that transaction, so it acts on the filter as it stands when it is saved.

use rusqlite::{OptionalExtension, Transaction, params};

use super::notes::{NoteDraft, insert_note};
use super::queue::filter_clause;
use super::{Result, Store, StoreError, audit, summary};
use crate::clock::Moment;
use crate::domain::queue::QueueFilter;

/// The highest pin a lead can give.
pub const MAX_PIN: i64 = 9;

/// The debtors a lead's action applies to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LeadTargets {
    /// These debtors.
    Debtors(Vec<i64>),
    /// Every debtor a triage filter holds when the action is saved.
    AllOf(QueueFilter),
}

/// Where an escalated account goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EscalateTo {
    Agency,
    Legal,
}

impl EscalateTo {
    pub fn as_str(self) -> &'static str {
        match self {
            EscalateTo::Agency => "agency",
            EscalateTo::Legal => "legal",
        }
    }

    pub fn parse(text: &str) -> Option<EscalateTo> {
        match text {
            "agency" => Some(EscalateTo::Agency),
            "legal" => Some(EscalateTo::Legal),
            _ => None,
        }
    }

    /// The note an escalation writes on each account; it is also where the
    /// kind is read back from (`escalated_to`).
    fn note(self, reason: &str) -> String {
        format!("Escalated to {}: {reason}", self.as_str())
    }
}

/// What an action did: the debtors it found, and how many it changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    pub found: usize,
    pub changed: usize,
}

fn debtor(tx: &Transaction<'_>, id: i64) -> Result<(String, Option<String>, String, i64)> {
    tx.prepare_cached(
        "SELECT d.ref, a.name, d.status, d.pin FROM debtors d
           LEFT JOIN agents a ON a.id = d.assigned_to WHERE d.id = ?1",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
    .optional()?
    .ok_or_else(|| StoreError::Refused(format!("there is no debtor {id}")))
}

impl Store {
    /// The debtors of `targets` now (a bulk letter's, read before it is
    /// written debtor by debtor).
    pub fn target_ids(&self, targets: &LeadTargets, at: &Moment) -> Result<Vec<i64>> {
        let tx = self.conn.unchecked_transaction()?;
        let ids = resolve(&tx, targets, at)?;
        tx.commit()?;
        Ok(ids)
    }
}

/// The debtors of `targets`, read inside the action's transaction.
fn resolve(tx: &Transaction<'_>, targets: &LeadTargets, at: &Moment) -> Result<Vec<i64>> {
    match targets {
        LeadTargets::Debtors(ids) => Ok(ids.clone()),
        LeadTargets::AllOf(filter) => {
            let clause = filter_clause(*filter, at.now, at.today);
            let sql = format!(
                "SELECT s.debtor_id FROM debtor_summary s WHERE {} ORDER BY s.debtor_id",
                clause.sql
            );
            Ok(tx
                .prepare(&sql)?
                .query_map(clause.bind().as_slice(), |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?)
        }
    }
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

fn note(tx: &Transaction<'_>, at: &Moment, by: i64, id: i64, body: &str) -> Result<()> {
    insert_note(tx, &NoteDraft { debtor_id: id, agent_id: by, call_id: None, body }, at.now)?;
    // A lead acting on the account has reviewed what a strategy asked.
    super::strategy_steps::close_review(tx, id)?;
    Ok(())
}

/// A reason, trimmed; refused when empty.
fn reason_for<'a>(reason: &'a str, what: &str) -> Result<&'a str> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(StoreError::Refused(format!("{what} needs a reason")));
    }
    Ok(reason)
}

impl Store {
    /// Assigns debtors to an agent (or to nobody).
    pub fn assign(
        &self,
        targets: &LeadTargets,
        to: Option<i64>,
        by: i64,
        at: &Moment,
    ) -> Result<Applied> {
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
            let ids = resolve(tx, targets, at)?;
            let mut changed = 0;
            for &id in &ids {
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
            Ok(Applied { found: ids.len(), changed })
        })
    }

    /// Raises or lowers the pin that puts debtors higher in the queue.
    pub fn pin(&self, targets: &LeadTargets, delta: i64, by: i64, at: &Moment) -> Result<Applied> {
        self.write(|tx| {
            let ids = resolve(tx, targets, at)?;
            let mut changed = Vec::new();
            for &id in &ids {
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
            Ok(Applied { found: ids.len(), changed: changed.len() })
        })
    }

    /// Puts debtors on hold, or releases those already on hold, for a
    /// reason noted on each account and in the audit log (`hold: REASON`,
    /// `active: REASON`); returns how many of each.
    pub fn toggle_hold(
        &self,
        targets: &LeadTargets,
        reason: &str,
        by: i64,
        at: &Moment,
    ) -> Result<(usize, usize)> {
        let reason = reason_for(reason, "a hold or a release")?;
        self.write(|tx| {
            let ids = resolve(tx, targets, at)?;
            let mut counts = (0, 0);
            for &id in &ids {
                let (_, _, status, _) = debtor(tx, id)?;
                let (new, text) = if status == "hold" {
                    counts.1 += 1;
                    ("active", format!("Released from hold: {reason}"))
                } else {
                    counts.0 += 1;
                    ("hold", format!("On hold: {reason}"))
                };
                tx.prepare_cached("UPDATE debtors SET status = ?2 WHERE id = ?1")?
                    .execute(params![id, new])?;
                note(tx, at, by, id, &text)?;
                record(tx, at, by, id, "status", &status, &format!("{new}: {reason}"))?;
            }
            summary::refresh(tx, &ids, at)?;
            Ok(counts)
        })
    }

    /// Refers debtors to a collection agency or to legal, with the reason
    /// noted on each account.
    pub fn escalate(
        &self,
        targets: &LeadTargets,
        to: EscalateTo,
        reason: &str,
        by: i64,
        at: &Moment,
    ) -> Result<Applied> {
        let reason = reason_for(reason, "an escalation")?;
        self.write(|tx| {
            let ids = resolve(tx, targets, at)?;
            for &id in &ids {
                let (_, _, status, _) = debtor(tx, id)?;
                tx.prepare_cached("UPDATE debtors SET status = 'escalated' WHERE id = ?1")?
                    .execute([id])?;
                note(tx, at, by, id, &to.note(reason))?;
                let after = format!("escalated ({}): {reason}", to.as_str());
                record(tx, at, by, id, "escalate", &status, &after)?;
            }
            summary::refresh(tx, &ids, at)?;
            Ok(Applied { found: ids.len(), changed: ids.len() })
        })
    }

    /// Where each of these escalated debtors was sent, from the note its
    /// latest escalation wrote (a lead's, in the form that `escalate` writes);
    /// debtors escalated otherwise (an import) are left out. Reads one
    /// debtor's notes through their index, newest first.
    pub fn escalated_to(&self, ids: &[i64]) -> Result<Vec<(i64, EscalateTo)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT n.body FROM notes n JOIN agents a ON a.id = n.agent_id AND a.role = 'lead'
              WHERE n.debtor_id = ?1 AND n.body GLOB 'Escalated to *'
              ORDER BY n.created_at DESC, n.id DESC LIMIT 1",
        )?;
        let mut out = Vec::new();
        for &id in ids {
            let body: Option<String> = stmt.query_row([id], |r| r.get(0)).optional()?;
            let kind = body.as_deref().and_then(|b| {
                let rest = b.strip_prefix("Escalated to ")?;
                EscalateTo::parse(rest.split(':').next()?)
            });
            if let Some(kind) = kind {
                out.push((id, kind));
            }
        }
        Ok(out)
    }
}
