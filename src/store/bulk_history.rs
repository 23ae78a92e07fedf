//! Payments, promises, plans, calls, notes and next contacts in a bulk
//! write (imports write payments; the demo writes a whole history).

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::allocations::allocate_payment;
use super::bulk::{BookWriter, NewCall, NewNote, NewPayment, NewPromise, Upsert};
use super::{Result, StoreError, date_str, notes, ts};
use crate::domain::promise::PromiseStatus;
use crate::domain::text::quote;

impl BookWriter<'_> {
    /// Records a payment (unless the same one is already there) and spreads
    /// it over the debtor's invoices.
    pub fn payment(&mut self, debtor_id: i64, p: &NewPayment) -> Result<(i64, Upsert)> {
        let invoice_id: Option<i64> = match &p.invoice_number {
            None => None,
            Some(number) => {
                Some(self.known_invoices(debtor_id)?.get(number).map(|k| k.id).ok_or_else(
                    || StoreError::Refused(format!("this debtor has no invoice {}", quote(number))),
                )?)
            }
        };
        let received = date_str(p.received_on);
        let same: Option<(i64, String, i64, Option<i64>)> = if p.reference.is_empty() {
            self.tx
                .prepare_cached(
                    "SELECT id, received_on, amount_cents, invoice_id FROM payments
                     WHERE debtor_id = ?1 AND reference = '' AND received_on = ?2
                       AND amount_cents = ?3 AND invoice_id IS ?4",
                )?
                .query_row(params![debtor_id, received, p.amount.cents(), invoice_id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })
                .optional()?
        } else {
            self.tx
                .prepare_cached(
                    "SELECT id, received_on, amount_cents, invoice_id FROM payments
                     WHERE debtor_id = ?1 AND reference = ?2",
                )?
                .query_row(params![debtor_id, p.reference], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })
                .optional()?
        };
        if let Some((id, on, cents, inv)) = same {
            if on == received && cents == p.amount.cents() && inv == invoice_id {
                return Ok((id, Upsert::Unchanged));
            }
            return Err(StoreError::Refused(format!(
                "payment reference {} is already recorded with other details",
                quote(&p.reference)
            )));
        }
        self.tx
            .prepare_cached(
                "INSERT INTO payments (debtor_id, received_on, amount_cents, invoice_id, reference,
                                       created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                debtor_id,
                received,
                p.amount.cents(),
                invoice_id,
                p.reference,
                ts(self.at.now)
            ])?;
        let payment_id = self.tx.last_insert_rowid();
        allocate_payment(&self.tx, debtor_id, payment_id, p.amount, invoice_id)?;
        self.touch(debtor_id);
        Ok((payment_id, Upsert::New))
    }

    pub fn promise(&mut self, debtor_id: i64, p: &NewPromise) -> Result<i64> {
        let status = if p.cancelled { PromiseStatus::Cancelled } else { PromiseStatus::Open };
        self.tx
            .prepare_cached(
                "INSERT INTO promises (debtor_id, agent_id, amount_cents, shortfall_cents, due_on,
                                       made_on, status, cancelled, created_at, plan_id)
                 VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                debtor_id,
                p.agent_id,
                p.amount.cents(),
                date_str(p.due_on),
                date_str(p.made_on),
                status.as_str(),
                p.cancelled,
                format!("{}T12:00:00Z", date_str(p.made_on)),
                p.plan_id
            ])?;
        self.touch(debtor_id);
        Ok(self.tx.last_insert_rowid())
    }

    /// Starts a payment plan; its instalments are added with `promise`.
    pub fn plan(
        &mut self,
        debtor_id: i64,
        agent_id: Option<i64>,
        instalments: usize,
        frequency: crate::domain::plan::Frequency,
        made_on: NaiveDate,
    ) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO promise_plans (debtor_id, agent_id, instalments, frequency, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                debtor_id,
                agent_id,
                instalments as i64,
                frequency.as_str(),
                format!("{}T12:00:00Z", date_str(made_on))
            ])?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Records a finished call (demo history).
    pub fn call(&mut self, debtor_id: i64, c: &NewCall) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO calls (debtor_id, agent_id, started_at, ended_at, outcome, goal,
                                    contacted, checklist)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '')",
            )?
            .execute(params![
                debtor_id,
                c.agent_id,
                ts(c.started_at),
                ts(c.started_at + chrono::Duration::seconds(c.seconds)),
                c.outcome,
                c.goal,
                c.contacted
            ])?;
        self.touch(debtor_id);
        Ok(self.tx.last_insert_rowid())
    }

    pub fn note(&mut self, debtor_id: i64, n: &NewNote) -> Result<i64> {
        notes::insert_note(
            &self.tx,
            &notes::NoteDraft {
                debtor_id,
                agent_id: n.agent_id,
                call_id: n.call_id,
                body: &n.body,
            },
            n.at,
        )
    }

    pub fn set_next_contact(
        &mut self,
        debtor_id: i64,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE debtors SET next_contact_at = ?2 WHERE id = ?1")?
            .execute(params![debtor_id, ts(at)])?;
        self.touch(debtor_id);
        Ok(())
    }
}
