//! Reference rates (`recoup rates import|list`): the Bank of England base
//! rate and the ECB main refinancing rate, each in force from its day until
//! the series' next. An import adds or changes rows, all or nothing, and is
//! audited with who, how many rows and the file's SHA-256.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};

use super::{Result, Store, audit, date_str, parse_date};
use crate::domain::interest::{half_year_of, stale_since};
use crate::domain::interest_terms::{InterestRegime, RateSeries};
use crate::domain::text::quote;

/// One reference rate as the book keeps it: the interest rules' row.
pub use crate::domain::interest::RateRow as ReferenceRate;

/// What a rates import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RatesImported {
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
}

impl Store {
    /// Writes every rate (new days added, a day's changed rate replaced) in
    /// one transaction, with one audit row naming the file by `fingerprint`.
    pub fn import_rates(
        &self,
        rates: &[ReferenceRate],
        fingerprint: &str,
        lead_id: i64,
        now: DateTime<Utc>,
    ) -> Result<RatesImported> {
        self.write(|tx| {
            let mut done = RatesImported::default();
            for r in rates {
                let (series, day) = (r.series.as_str(), date_str(r.effective_on));
                let old: Option<i64> = tx
                    .prepare_cached(
                        "SELECT basis_points FROM reference_rates
                          WHERE series = ?1 AND effective_on = ?2",
                    )?
                    .query_row(params![series, day], |row| row.get(0))
                    .optional()?;
                match old {
                    Some(bp) if bp == r.bp => done.unchanged += 1,
                    Some(_) => {
                        tx.prepare_cached(
                            "UPDATE reference_rates SET basis_points = ?3
                              WHERE series = ?1 AND effective_on = ?2",
                        )?
                        .execute(params![series, day, r.bp])?;
                        done.changed += 1;
                    }
                    None => {
                        tx.prepare_cached(
                            "INSERT INTO reference_rates (series, effective_on, basis_points)
                             VALUES (?1, ?2, ?3)",
                        )?
                        .execute(params![series, day, r.bp])?;
                        done.added += 1;
                    }
                }
            }
            let after = format!(
                "{} rows ({} added, {} changed, {} unchanged) from {fingerprint}",
                rates.len(),
                done.added,
                done.changed,
                done.unchanged
            );
            let change = audit::Change {
                entity: "rates",
                entity_id: None,
                action: "import",
                before: "",
                after: &after,
            };
            audit::record(tx, now, Some(lead_id), change)?;
            Ok(done)
        })
    }

    /// Every reference rate, by series then day.
    pub fn reference_rates(&self) -> Result<Vec<ReferenceRate>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT series, effective_on, basis_points FROM reference_rates
              ORDER BY series, effective_on",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (series, day, bp) = row?;
            // The table's CHECK keeps the series to the two known words.
            let (Ok(series), Some(effective_on)) = (series.parse(), parse_date(&day)) else {
                continue;
            };
            out.push(ReferenceRate { series, effective_on, bp });
        }
        Ok(out)
    }

    /// `recoup check`'s warnings: each debtor under `uk` or `eu` with a late
    /// invoice (unpaid, or paid after its due date) due before the first
    /// rate of its series, naming the debtor, the series and the earliest
    /// such due date. Its interest shows as unknown, never as zero.
    pub fn interest_rate_gaps(&self, today: NaiveDate) -> Result<Vec<String>> {
        let mut lines = Vec::new();
        for series in RateSeries::ALL {
            let regime = match series {
                RateSeries::BoeBase => InterestRegime::Uk,
                RateSeries::EcbRefi => InterestRegime::Eu,
            };
            let first: Option<String> = self
                .conn
                .prepare_cached("SELECT min(effective_on) FROM reference_rates WHERE series = ?1")?
                .query_row([series.as_str()], |r| r.get(0))?;
            // No rate at all: every late invoice needs one.
            let before = first.clone().unwrap_or_else(|| "9999-12-31".into());
            let mut stmt = self.conn.prepare_cached(
                "SELECT d.ref, min(i.due_on) FROM debtors d
                   JOIN invoices i ON i.debtor_id = d.id
                  WHERE d.interest <> 'none' AND d.interest = ?1
                    AND i.due_on < ?2 AND i.due_on < ?3
                    AND (i.paid_cents < i.amount_cents
                         OR EXISTS (SELECT 1 FROM allocations a
                                     WHERE a.invoice_id = i.id AND a.received_on > i.due_on))
                  GROUP BY d.ref ORDER BY d.ref",
            )?;
            let rows = stmt.query_map(params![regime.as_str(), before, date_str(today)], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?;
            for row in rows {
                let (debtor, due_on) = row?;
                let table = match &first {
                    Some(day) => format!("whose first {} rate is on {day}", series.as_str()),
                    None => format!("which has no {} rate", series.as_str()),
                };
                lines.push(format!(
                    "debtor {} ({}) has an invoice late since {due_on}, before the rate table {table}: its interest shows as unknown until `recoup rates import` adds the rate",
                    quote(&debtor),
                    regime.as_str(),
                ));
            }
        }
        Ok(lines)
    }
}

impl Store {
    /// `recoup check`'s other warning: for each series a `uk` or `eu`
    /// debtor with an invoice late today needs, when the table's last
    /// change is older than the half-year being claimed (today's), naming
    /// the series and that day. The rate is taken as unchanged since, which
    /// may be wrong.
    pub fn stale_rate_warnings(&self, today: NaiveDate) -> Result<Vec<String>> {
        let table = self.rate_table()?;
        let (from, until) = half_year_of(today);
        let mut lines = Vec::new();
        for series in RateSeries::ALL {
            let Some(last) = stale_since(&table, series, today) else {
                continue;
            };
            let regime = match series {
                RateSeries::BoeBase => InterestRegime::Uk,
                RateSeries::EcbRefi => InterestRegime::Eu,
            };
            let in_use: bool = self
                .conn
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM debtors d INDEXED BY debtors_interest
                                      JOIN invoices i ON i.debtor_id = d.id
                                     WHERE d.interest <> 'none' AND d.interest = ?1
                                       AND i.due_on < ?2 AND i.paid_cents < i.amount_cents)",
                )?
                .query_row(params![regime.as_str(), date_str(today)], |r| r.get(0))?;
            if in_use {
                lines.push(format!(
                    "the rate table's last {} change is on {last}, before the half-year being claimed ({from} to {until}): {} interest takes the rate as unchanged since; if it changed, `recoup rates import` the change",
                    series.as_str(),
                    regime.as_str(),
                ));
            }
        }
        Ok(lines)
    }
}
