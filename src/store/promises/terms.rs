//! Reading a debtor's promises and payments for evaluation: the terms as
//! stored, disputes set aside, and the replacement day of replaced ones.

use chrono::NaiveDate;
use rusqlite::params;

use crate::domain::Money;
use crate::domain::plan::{Cover, CoveredDispute, set_aside_disputes};
use crate::domain::promise::{PromiseTerms, Receipt};
use crate::store::{Result, date_str, parse_date};

/// A debtor's promise as stored, with its terms once disputes are set aside.
pub(crate) struct Stored {
    pub terms: PromiseTerms,
    pub agent: Option<String>,
    pub status: String,
    pub paid: i64,
    pub shortfall: i64,
}

/// A debtor's promises made by `as_of` (all of them when `None`), with the
/// disputes open at the end of that day set aside as `plan::set_aside_disputes`
/// says, and the payments received by then. A promise a later one replaced
/// (its `cancelled` holds that promise's id, see `promises::replace`) has the
/// day the later one was made as its replacement day; until that day it was
/// not cancelled.
pub(crate) fn promise_terms(
    conn: &rusqlite::Connection,
    debtor_id: i64,
    as_of: Option<NaiveDate>,
    grace_days: u32,
) -> Result<(Vec<Stored>, Vec<Receipt>)> {
    let day = as_of.map_or_else(|| "9999-12-31".to_owned(), date_str);
    let mut stored: Vec<Stored> = conn
        .prepare_cached(
            "SELECT p.id, p.amount_cents, p.due_on, p.made_on,
                    p.cancelled <> 0 AND (r.made_on IS NULL OR r.made_on <= ?2), a.name,
                    p.status, p.paid_cents, p.shortfall_cents,
                    CASE WHEN r.made_on <= ?2 THEN r.made_on END
               FROM promises p LEFT JOIN agents a ON a.id = p.agent_id
               LEFT JOIN promises r ON r.id = p.cancelled AND p.cancelled > p.id
                                   AND r.debtor_id = p.debtor_id
              WHERE p.debtor_id = ?1 AND p.made_on <= ?2",
        )?
        .query_map(params![debtor_id, day], |r| {
            let due: String = r.get(2)?;
            let made: String = r.get(3)?;
            Ok(Stored {
                terms: PromiseTerms {
                    id: r.get(0)?,
                    amount: Money(r.get(1)?),
                    due_on: parse_date(&due).unwrap_or_default(),
                    made_on: parse_date(&made).unwrap_or_default(),
                    cancelled: r.get(4)?,
                    replaced_on: r.get::<_, Option<String>>(9)?.as_deref().and_then(parse_date),
                    disputed: Money::ZERO,
                },
                agent: r.get(5)?,
                status: r.get(6)?,
                paid: r.get(7)?,
                shortfall: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let receipts = receipts(conn, debtor_id, as_of)?;
    let disputes = covered_disputes(conn, debtor_id, &day)?;
    if !disputes.is_empty() {
        let covers = covers(conn, debtor_id, &day)?;
        let mut terms: Vec<PromiseTerms> = stored.iter().map(|s| s.terms.clone()).collect();
        set_aside_disputes(&mut terms, &covers, &disputes, &receipts, grace_days);
        for (s, t) in stored.iter_mut().zip(terms) {
            s.terms = t;
        }
    }
    Ok((stored, receipts))
}

/// Invoices in dispute at the end of `day` that the debtor's promises
/// cover, with their open balance then.
fn covered_disputes(
    conn: &rusqlite::Connection,
    debtor_id: i64,
    day: &str,
) -> Result<Vec<CoveredDispute>> {
    let rows: Vec<(i64, String, i64, i64)> = conn
        .prepare_cached(
            "SELECT i.id, i.dispute_opened_on,
                    i.amount_cents - COALESCE((SELECT SUM(al.amount_cents) FROM allocations al
                        WHERE al.invoice_id = i.id AND al.received_on <= ?2), 0),
                    pi.promise_id
               FROM promise_invoices pi
               JOIN promises p ON p.id = pi.promise_id
               JOIN invoices i ON i.id = pi.invoice_id
              WHERE p.debtor_id = ?1 AND i.dispute_opened_on <= ?2
                AND (i.dispute_resolved_on IS NULL OR i.dispute_resolved_on > ?2)
              ORDER BY i.id",
        )?
        .query_map(params![debtor_id, day], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out: Vec<(i64, CoveredDispute)> = Vec::new();
    for (invoice, opened, balance, promise) in rows {
        match out.last_mut() {
            Some((id, d)) if *id == invoice => d.promise_ids.push(promise),
            _ => out.push((
                invoice,
                CoveredDispute {
                    opened_on: parse_date(&opened).unwrap_or_default(),
                    balance: Money(balance),
                    promise_ids: vec![promise],
                },
            )),
        }
    }
    Ok(out.into_iter().map(|(_, d)| d).filter(|d| d.balance.cents() > 0).collect())
}

/// For each promise of the debtor, its plan and the open balance, on the
/// day it was made (before that day's payments), of the invoices it covers
/// that are not in dispute at the end of `day`.
fn covers(conn: &rusqlite::Connection, debtor_id: i64, day: &str) -> Result<Vec<Cover>> {
    Ok(conn
        .prepare_cached(
            "SELECT p.id, p.plan_id,
                    COALESCE(SUM(CASE WHEN i.dispute_opened_on IS NOT NULL
                          AND i.dispute_opened_on <= ?2
                          AND (i.dispute_resolved_on IS NULL OR i.dispute_resolved_on > ?2)
                        THEN 0
                        ELSE i.amount_cents - COALESCE((SELECT SUM(al.amount_cents)
                             FROM allocations al
                            WHERE al.invoice_id = i.id AND al.received_on < p.made_on), 0)
                        END), 0)
               FROM promises p
               JOIN promise_invoices pi ON pi.promise_id = p.id
               JOIN invoices i ON i.id = pi.invoice_id
              WHERE p.debtor_id = ?1
              GROUP BY p.id",
        )?
        .query_map(params![debtor_id, day], |r| {
            Ok(Cover { promise_id: r.get(0)?, plan_id: r.get(1)?, undisputed: Money(r.get(2)?) })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// A debtor's payments, optionally only those received by a date.
fn receipts(
    tx: &rusqlite::Connection,
    debtor_id: i64,
    by: Option<NaiveDate>,
) -> Result<Vec<Receipt>> {
    let by = by.map_or_else(|| "9999-12-31".to_owned(), date_str);
    Ok(tx
        .prepare_cached(
            "SELECT id, received_on, amount_cents FROM payments
             WHERE debtor_id = ?1 AND received_on <= ?2",
        )?
        .query_map(params![debtor_id, by], |r| {
            let on: String = r.get(1)?;
            Ok(Receipt {
                id: r.get(0)?,
                received_on: parse_date(&on).unwrap_or_default(),
                amount: Money(r.get(2)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}
