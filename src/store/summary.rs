//! Per-debtor summaries: the figures the queue is ordered and drawn by, kept
//! current in the same transaction as every change that affects them.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};

use super::{Result, book, date_str, parse_date, promises, ts};
use crate::clock::{Moment, parse_utc};
use crate::domain::Money;
use crate::domain::aging::bucket_due_limits;
use crate::domain::book::BookRules;
use crate::domain::people::DebtorStatus;
use crate::domain::queue::{DebtorFacts, place};

macro_rules! open_balance {
    () => {
        "(amount_cents - paid_cents)"
    };
}
macro_rules! disputed {
    () => {
        "(dispute_opened_on IS NOT NULL AND dispute_resolved_on IS NULL)"
    };
}

/// Open-invoice figures per debtor. ?1..?4 are the bucket due-date limits.
macro_rules! invoice_figures {
    ($filter:literal) => {
        concat!(
            "SELECT debtor_id, SUM(",
            open_balance!(),
            "),
                SUM(CASE WHEN ",
            disputed!(),
            " THEN ",
            open_balance!(),
            " ELSE 0 END),
                SUM(CASE WHEN ",
            disputed!(),
            " AND due_on > ?1 THEN ",
            open_balance!(),
            " ELSE 0 END),
                SUM(CASE WHEN NOT ",
            disputed!(),
            " AND due_on > ?1 THEN ",
            open_balance!(),
            " ELSE 0 END),
                SUM(CASE WHEN NOT ",
            disputed!(),
            " AND due_on <= ?1 AND due_on > ?2 THEN ",
            open_balance!(),
            " ELSE 0 END),
                SUM(CASE WHEN NOT ",
            disputed!(),
            " AND due_on <= ?2 AND due_on > ?3 THEN ",
            open_balance!(),
            " ELSE 0 END),
                SUM(CASE WHEN NOT ",
            disputed!(),
            " AND due_on <= ?3 AND due_on > ?4 THEN ",
            open_balance!(),
            " ELSE 0 END),
                SUM(CASE WHEN NOT ",
            disputed!(),
            " AND due_on <= ?4 THEN ",
            open_balance!(),
            " ELSE 0 END),
                MIN(CASE WHEN NOT ",
            disputed!(),
            " AND due_on <= ?1 THEN due_on END),
                COUNT(*)
             FROM invoices WHERE paid_cents < amount_cents ",
            $filter,
            " GROUP BY debtor_id"
        )
    };
}

#[derive(Clone, Debug, Default)]
struct Figures {
    balance: i64,
    disputed: i64,
    disputed_current: i64,
    buckets: [i64; 5],
    oldest_overdue_on: Option<String>,
    open_invoices: i64,
}

#[derive(Clone, Debug, Default)]
struct PromiseFacts {
    next_promise_on: Option<String>,
    broken: i64,
    last_failed_due: Option<String>,
    latest_open_made_on: Option<String>,
}

struct DebtorRow {
    id: i64,
    assigned_to: Option<i64>,
    status: String,
    next_contact_at: Option<String>,
    pin: i64,
    timezone: String,
    strategy_call_on: Option<String>,
}

fn figures_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, Figures)> {
    Ok((
        r.get(0)?,
        Figures {
            balance: r.get(1)?,
            disputed: r.get(2)?,
            disputed_current: r.get(3)?,
            buckets: [r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?],
            oldest_overdue_on: r.get(9)?,
            open_invoices: r.get(10)?,
        },
    ))
}

fn limits(today: NaiveDate) -> [String; 4] {
    bucket_due_limits(today).map(date_str)
}

const DEBTOR_ROW: &str = "SELECT d.id, d.assigned_to, d.status, d.next_contact_at, d.pin,
            d.timezone, CASE WHEN d.do_not_call = 0 THEN p.call_on END
       FROM debtors d LEFT JOIN strategy_position p ON p.debtor_id = d.id";

fn debtor_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DebtorRow> {
    Ok(DebtorRow {
        id: r.get(0)?,
        assigned_to: r.get(1)?,
        status: r.get(2)?,
        next_contact_at: r.get(3)?,
        pin: r.get(4)?,
        timezone: r.get(5)?,
        strategy_call_on: r.get(6)?,
    })
}

/// The calls behind a debtor's summary: the latest right-party contact and
/// the latest call that ended.
#[derive(Clone, Debug, Default)]
struct CallFacts {
    last_contact_at: Option<String>,
    last_attempt_at: Option<String>,
}

/// Writes one debtor's summary row from its parts. Dates of timestamps are
/// the book's.
fn write_summary(
    tx: &Transaction<'_>,
    d: &DebtorRow,
    f: &Figures,
    p: &PromiseFacts,
    calls: &CallFacts,
    today: NaiveDate,
    rules: &BookRules,
) -> Result<()> {
    let overdue: i64 = f.buckets[1..].iter().sum();
    let on = |t: Option<&str>| t.and_then(parse_utc).map(|t| rules.today(t));
    let next_contact_at = d.next_contact_at.as_deref().and_then(parse_utc);
    let facts = DebtorFacts {
        status: d.status.parse().unwrap_or(DebtorStatus::Active),
        overdue: Money(overdue),
        oldest_overdue_on: f.oldest_overdue_on.as_deref().and_then(parse_date),
        next_promise_on: p.next_promise_on.as_deref().and_then(parse_date),
        broken_promises: p.broken,
        last_failed_due: p.last_failed_due.as_deref().and_then(parse_date),
        latest_open_made_on: p.latest_open_made_on.as_deref().and_then(parse_date),
        last_contact_on: on(calls.last_contact_at.as_deref()),
        last_attempt_on: on(calls.last_attempt_at.as_deref()),
        next_contact_at,
        next_contact_on: next_contact_at.map(|t| rules.today(t)),
        pin: d.pin,
        disputed: Money(f.disputed),
        strategy_call_on: d.strategy_call_on.as_deref().and_then(parse_date),
    };
    let placed = place(&facts, today, rules.weights());
    if f.balance <= 0 {
        super::strategy_steps::end_cycle(tx, d.id)?;
    }
    tx.prepare_cached(
        "INSERT OR REPLACE INTO debtor_summary (
            debtor_id, assigned_to, balance_cents, disputed_cents, disputed_current_cents, overdue_cents,
            current_cents, d1_30_cents, d31_60_cents, d61_90_cents, d90_cents,
            open_invoices, oldest_overdue_on, next_promise_on, latest_open_made_on,
            last_failed_due, broken_promises,
            ptp_due, ptp_broken, callback_due, last_contact_at, due_now, score, sort_key,
            last_attempt_at, due_from, tz)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                 ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)",
    )?
    .execute(params![
        d.id,
        d.assigned_to,
        f.balance,
        f.disputed,
        f.disputed_current,
        overdue,
        f.buckets[0],
        f.buckets[1],
        f.buckets[2],
        f.buckets[3],
        f.buckets[4],
        f.open_invoices,
        f.oldest_overdue_on,
        p.next_promise_on,
        p.latest_open_made_on,
        p.last_failed_due,
        p.broken,
        placed.ptp_due,
        placed.ptp_broken,
        placed.callback_due,
        calls.last_contact_at,
        placed.due_now,
        placed.score,
        placed.sort_key,
        calls.last_attempt_at,
        placed.due_from.map(ts),
        d.timezone,
    ])?;
    Ok(())
}

/// Recomputes the summaries of some debtors (after a change to them).
pub(crate) fn refresh(tx: &Transaction<'_>, debtor_ids: &[i64], at: &Moment) -> Result<()> {
    let rules = book::rules(tx)?;
    let today = at.today;
    let l = limits(today);
    for &id in debtor_ids {
        promises::reevaluate(tx, id, at, rules.policy.grace_days)?;
        let Some(d) = tx
            .prepare_cached(&format!("{DEBTOR_ROW} WHERE d.id = ?1"))?
            .query_row([id], debtor_row)
            .optional()?
        else {
            continue;
        };
        let f = tx
            .prepare_cached(invoice_figures!("AND debtor_id = ?5"))?
            .query_row(params![l[0], l[1], l[2], l[3], id], figures_row)
            .optional()?
            .map(|(_, f)| f)
            .unwrap_or_default();
        let p = tx
            .prepare_cached(
                "SELECT MIN(CASE WHEN status = 'open' THEN due_on END),
                        COALESCE(SUM(status IN ('broken', 'partly kept')), 0),
                        MAX(CASE WHEN status = 'open' THEN made_on END)
                 FROM promises WHERE debtor_id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let last_settled: Option<(String, String)> = tx
            .prepare_cached(
                "SELECT status, due_on FROM promises
                 WHERE debtor_id = ?1 AND status IN ('kept', 'partly kept', 'broken')
                 ORDER BY due_on DESC, id DESC LIMIT 1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let promise_facts = PromiseFacts {
            next_promise_on: p.0,
            broken: p.1,
            last_failed_due: last_settled.filter(|(s, _)| s != "kept").map(|(_, due)| due),
            latest_open_made_on: p.2,
        };
        let calls = tx
            .prepare_cached(
                "SELECT MAX(CASE WHEN contacted = 1 THEN started_at END),
                        MAX(CASE WHEN ended_at IS NOT NULL THEN started_at END)
                 FROM calls WHERE debtor_id = ?1",
            )?
            .query_row([id], |r| {
                Ok(CallFacts { last_contact_at: r.get(0)?, last_attempt_at: r.get(1)? })
            })?;
        write_summary(tx, &d, &f, &promise_facts, &calls, today, &rules)?;
    }
    Ok(())
}

/// Recomputes every summary as of `today` (after a bulk load, or when the
/// date has changed), re-evaluating every open promise first.
pub(crate) fn rebuild_all(tx: &Transaction<'_>, at: &Moment) -> Result<()> {
    let rules = book::rules(tx)?;
    let today = at.today;
    let due_ids: Vec<i64> = tx
        .prepare("SELECT DISTINCT debtor_id FROM promises WHERE status = 'open'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in due_ids {
        promises::reevaluate(tx, id, at, rules.policy.grace_days)?;
    }

    let l = limits(today);
    let mut figures: HashMap<i64, Figures> = tx
        .prepare(invoice_figures!(""))?
        .query_map(params![l[0], l[1], l[2], l[3]], figures_row)?
        .collect::<rusqlite::Result<_>>()?;

    let mut promise_facts: HashMap<i64, PromiseFacts> = HashMap::new();
    let mut stmt = tx.prepare(
        "SELECT debtor_id, status, due_on, made_on FROM promises
         WHERE status <> 'cancelled' ORDER BY debtor_id, due_on, id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let status: String = r.get(1)?;
        let due: String = r.get(2)?;
        let made: String = r.get(3)?;
        let entry = promise_facts.entry(id).or_default();
        match status.as_str() {
            "open" => {
                if entry.next_promise_on.is_none() {
                    entry.next_promise_on = Some(due);
                }
                if entry.latest_open_made_on.as_ref().is_none_or(|m| *m < made) {
                    entry.latest_open_made_on = Some(made);
                }
            }
            "kept" => entry.last_failed_due = None,
            _ => {
                entry.broken += 1;
                entry.last_failed_due = Some(due);
            }
        }
    }
    drop(rows);
    drop(stmt);

    let calls: HashMap<i64, CallFacts> = tx
        .prepare(
            "SELECT debtor_id, MAX(CASE WHEN contacted = 1 THEN started_at END),
                    MAX(CASE WHEN ended_at IS NOT NULL THEN started_at END)
             FROM calls GROUP BY debtor_id",
        )?
        .query_map([], |r| {
            Ok((r.get(0)?, CallFacts { last_contact_at: r.get(1)?, last_attempt_at: r.get(2)? }))
        })?
        .collect::<rusqlite::Result<_>>()?;

    let dropped = super::indexes::drop_for_load(tx, "debtor_summary")?;
    tx.execute("DELETE FROM debtor_summary", [])?;
    let mut stmt = tx.prepare(DEBTOR_ROW)?;
    let debtors = stmt.query_map([], debtor_row)?;
    let empty = PromiseFacts::default();
    let no_calls = CallFacts::default();
    for d in debtors {
        let d = d?;
        let f = figures.remove(&d.id).unwrap_or_default();
        let p = promise_facts.get(&d.id).unwrap_or(&empty);
        let c = calls.get(&d.id).unwrap_or(&no_calls);
        write_summary(tx, &d, &f, p, c, today, &rules)?;
    }
    super::indexes::build(tx, &dropped)?;
    set_as_of(tx, today)?;
    Ok(())
}

fn set_as_of(tx: &Transaction<'_>, today: NaiveDate) -> Result<()> {
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('summary_as_of', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [date_str(today)],
    )?;
    Ok(())
}
