//! Everything the workstation shows about the selected debtor, read by
//! indexed per-debtor queries.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};

use super::{Result, Store, parse_date};
use crate::clock::parse_utc;
use crate::domain::Money;
use crate::domain::plan::default_since;
use crate::domain::promise::PromiseStatus;
use crate::domain::track_record::average_days_late;

#[derive(Clone, Debug, PartialEq)]
pub struct DebtorHeader {
    pub id: i64,
    pub reference: String,
    pub name: String,
    pub timezone: String,
    pub terms_days: i64,
    pub terms_accepted_on: Option<NaiveDate>,
    pub assigned_to: Option<String>,
    pub status: String,
    pub do_not_call: bool,
    pub next_contact_at: Option<DateTime<Utc>>,
    pub balance: Money,
    pub overdue: Money,
    pub disputed: Money,
    pub oldest_overdue_on: Option<NaiveDate>,
    pub next_promise_on: Option<NaiveDate>,
    pub latest_open_made_on: Option<NaiveDate>,
    pub last_failed_due: Option<NaiveDate>,
    pub broken_promises: i64,
    pub last_contact_at: Option<DateTime<Utc>>,
    /// The latest call that ended, whatever its outcome.
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub pin: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ContactRow {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub phone: String,
    pub email: String,
    pub primary: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InvoiceRow {
    pub id: i64,
    pub number: String,
    pub supplied_on: Option<NaiveDate>,
    pub issued_on: NaiveDate,
    pub due_on: NaiveDate,
    pub amount: Money,
    pub balance: Money,
    pub currency: String,
    pub dispute_reason: Option<String>,
}

impl InvoiceRow {
    pub fn is_disputed(&self) -> bool {
        self.dispute_reason.is_some()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PromiseRow {
    pub id: i64,
    pub amount: Money,
    pub due_on: NaiveDate,
    pub made_on: NaiveDate,
    pub status: PromiseStatus,
    pub paid: Money,
    /// What is missing, disputes set aside (zero once kept).
    pub shortfall: Money,
    pub agent: Option<String>,
    pub plan_id: Option<i64>,
    /// Numbers of the invoices the promise covers.
    pub invoices: Vec<String>,
}

impl PromiseRow {
    /// What the promise asks for once disputes are set aside: what was paid
    /// toward it and what is still missing (nothing once cancelled).
    pub fn expected(&self) -> Money {
        match self.status {
            PromiseStatus::Cancelled => Money::ZERO,
            _ => self.paid + self.shortfall,
        }
    }

    /// The part of the promise a dispute took off.
    pub fn set_aside(&self) -> Money {
        match self.status {
            PromiseStatus::Cancelled => Money::ZERO,
            _ => self.amount - self.expected(),
        }
    }
}

/// A payment plan and where it stands.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanRow {
    pub id: i64,
    pub frequency: String,
    pub instalments: usize,
    pub kept: usize,
    /// What the instalments ask for in all, disputes set aside.
    pub total: Money,
    /// What disputes took off the plan.
    pub set_aside: Money,
    /// The next open instalment.
    pub next: Option<(NaiveDate, Money)>,
    /// In default from this instalment's due date.
    pub default_since: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NoteRow {
    pub id: i64,
    pub created_at: DateTime<Utc>,
    pub agent: String,
    pub body: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CallRow {
    pub started_at: DateTime<Utc>,
    pub agent: String,
    /// `None` while the call is still going on.
    pub outcome: Option<String>,
}

/// The selected debtor, as the workstation shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Account {
    pub debtor: DebtorHeader,
    pub contacts: Vec<ContactRow>,
    pub invoices: Vec<InvoiceRow>,
    pub promises: Vec<PromiseRow>,
    pub notes: Vec<NoteRow>,
    /// The last five contacts, newest first.
    pub calls: Vec<CallRow>,
    pub plans: Vec<PlanRow>,
    /// Average days late of paid invoices.
    pub days_late: Option<i64>,
    /// This agent's unsaved note for the debtor.
    pub draft: Option<String>,
}

impl Account {
    /// Promises still open.
    pub fn open_promises(&self) -> usize {
        self.promises.iter().filter(|p| p.status == PromiseStatus::Open).count()
    }
}

/// At most this many notes are read for the pane.
const NOTES_SHOWN: i64 = 50;
/// Open invoices first, then the most recent paid ones, up to this many.
const INVOICES_SHOWN: i64 = 200;

fn date(text: Option<String>) -> Option<NaiveDate> {
    text.as_deref().and_then(parse_date)
}

impl Store {
    pub fn account(&self, debtor_id: i64, agent_id: i64) -> Result<Option<Account>> {
        let Some(debtor) = self
            .conn
            .prepare_cached(
                "SELECT d.id, d.ref, d.name, d.timezone, d.terms_days, d.terms_accepted_on,
                        a.name, d.status, d.do_not_call, d.next_contact_at,
                        s.balance_cents, s.overdue_cents, s.disputed_cents, s.oldest_overdue_on,
                        s.next_promise_on, s.latest_open_made_on, s.last_failed_due,
                        s.broken_promises, s.last_contact_at, d.pin, s.last_attempt_at
                   FROM debtors d
                   LEFT JOIN agents a ON a.id = d.assigned_to
                   LEFT JOIN debtor_summary s ON s.debtor_id = d.id
                  WHERE d.id = ?1",
            )?
            .query_row([debtor_id], |r| {
                let next: Option<String> = r.get(9)?;
                Ok(DebtorHeader {
                    id: r.get(0)?,
                    reference: r.get(1)?,
                    name: r.get(2)?,
                    timezone: r.get(3)?,
                    terms_days: r.get(4)?,
                    terms_accepted_on: date(r.get(5)?),
                    assigned_to: r.get(6)?,
                    status: r.get(7)?,
                    do_not_call: r.get(8)?,
                    next_contact_at: next.as_deref().and_then(parse_utc),
                    balance: Money(r.get::<_, Option<i64>>(10)?.unwrap_or(0)),
                    overdue: Money(r.get::<_, Option<i64>>(11)?.unwrap_or(0)),
                    disputed: Money(r.get::<_, Option<i64>>(12)?.unwrap_or(0)),
                    oldest_overdue_on: date(r.get(13)?),
                    next_promise_on: date(r.get(14)?),
                    latest_open_made_on: date(r.get(15)?),
                    last_failed_due: date(r.get(16)?),
                    broken_promises: r.get::<_, Option<i64>>(17)?.unwrap_or(0),
                    last_contact_at: r.get::<_, Option<String>>(18)?.as_deref().and_then(parse_utc),
                    pin: r.get(19)?,
                    last_attempt_at: r.get::<_, Option<String>>(20)?.as_deref().and_then(parse_utc),
                })
            })
            .optional()?
        else {
            return Ok(None);
        };

        let contacts = self
            .conn
            .prepare_cached(
                "SELECT id, name, role, phone, email, is_primary FROM contacts
                 WHERE debtor_id = ?1 ORDER BY is_primary DESC, id",
            )?
            .query_map([debtor_id], |r| {
                Ok(ContactRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    role: r.get(2)?,
                    phone: r.get(3)?,
                    email: r.get(4)?,
                    primary: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;

        let invoices = self
            .conn
            .prepare_cached(
                "SELECT id, number, supplied_on, issued_on, due_on, amount_cents,
                        amount_cents - paid_cents, currency,
                        CASE WHEN dispute_resolved_on IS NULL THEN dispute_reason END
                   FROM invoices WHERE debtor_id = ?1
                  ORDER BY paid_cents >= amount_cents, due_on, id LIMIT ?2",
            )?
            .query_map(params![debtor_id, INVOICES_SHOWN], |r| {
                Ok(InvoiceRow {
                    id: r.get(0)?,
                    number: r.get(1)?,
                    supplied_on: date(r.get(2)?),
                    issued_on: date(r.get(3)?).unwrap_or_default(),
                    due_on: date(r.get(4)?).unwrap_or_default(),
                    amount: Money(r.get(5)?),
                    balance: Money(r.get(6)?),
                    currency: r.get(7)?,
                    dispute_reason: r.get(8)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;

        let promises: Vec<PromiseRow> = self
            .conn
            .prepare_cached(
                "SELECT p.id, p.amount_cents, p.due_on, p.made_on, p.status, p.paid_cents, a.name,
                        p.plan_id, p.shortfall_cents,
                        (SELECT group_concat(i.number, ' ') FROM promise_invoices pi
                           JOIN invoices i ON i.id = pi.invoice_id WHERE pi.promise_id = p.id)
                   FROM promises p LEFT JOIN agents a ON a.id = p.agent_id
                  WHERE p.debtor_id = ?1 ORDER BY p.due_on DESC, p.id DESC",
            )?
            .query_map([debtor_id], |r| {
                let status: String = r.get(4)?;
                Ok(PromiseRow {
                    id: r.get(0)?,
                    amount: Money(r.get(1)?),
                    due_on: date(r.get(2)?).unwrap_or_default(),
                    made_on: date(r.get(3)?).unwrap_or_default(),
                    status: status.parse().unwrap_or(PromiseStatus::Open),
                    paid: Money(r.get(5)?),
                    agent: r.get(6)?,
                    plan_id: r.get(7)?,
                    shortfall: Money(r.get(8)?),
                    invoices: r
                        .get::<_, Option<String>>(9)?
                        .map(|s| s.split(' ').map(str::to_owned).collect())
                        .unwrap_or_default(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;

        let notes = self
            .conn
            .prepare_cached(
                "SELECT n.id, n.created_at, a.name, n.body
                   FROM notes n JOIN agents a ON a.id = n.agent_id
                  WHERE n.debtor_id = ?1 ORDER BY n.created_at DESC, n.id DESC LIMIT ?2",
            )?
            .query_map(params![debtor_id, NOTES_SHOWN], |r| {
                let at: String = r.get(1)?;
                Ok(NoteRow {
                    id: r.get(0)?,
                    created_at: parse_utc(&at).unwrap_or_default(),
                    agent: r.get(2)?,
                    body: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;

        let calls = self
            .conn
            .prepare_cached(
                "SELECT c.started_at, a.name, c.outcome
                   FROM calls c JOIN agents a ON a.id = c.agent_id
                  WHERE c.debtor_id = ?1 ORDER BY c.started_at DESC, c.id DESC LIMIT 5",
            )?
            .query_map([debtor_id], |r| {
                let at: String = r.get(0)?;
                Ok(CallRow {
                    started_at: parse_utc(&at).unwrap_or_default(),
                    agent: r.get(1)?,
                    outcome: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;

        let plans = self.plans(debtor_id, &promises)?;
        let paid: Vec<(NaiveDate, NaiveDate)> = self
            .conn
            .prepare_cached(
                "SELECT i.due_on, MAX(p.received_on)
                   FROM invoices i
                   JOIN allocations a ON a.invoice_id = i.id
                   JOIN payments p ON p.id = a.payment_id
                  WHERE i.debtor_id = ?1 AND i.paid_cents >= i.amount_cents AND i.amount_cents > 0
                  GROUP BY i.id",
            )?
            .query_map([debtor_id], |r| Ok((date(r.get(0)?), date(r.get(1)?))))?
            .filter_map(|row| match row {
                Ok((Some(due), Some(on))) => Some(Ok((due, on))),
                Ok(_) => None,
                Err(e) => Some(Err(e)),
            })
            .collect::<rusqlite::Result<_>>()?;
        let days_late = average_days_late(&paid);

        let draft = self.draft(agent_id, debtor_id)?.map(|d| d.body);
        Ok(Some(Account {
            debtor,
            contacts,
            invoices,
            promises,
            notes,
            calls,
            plans,
            days_late,
            draft,
        }))
    }

    fn plans(&self, debtor_id: i64, promises: &[PromiseRow]) -> Result<Vec<PlanRow>> {
        let rows: Vec<(i64, String)> = self
            .conn
            .prepare_cached(
                "SELECT id, frequency FROM promise_plans WHERE debtor_id = ?1 ORDER BY id DESC",
            )?
            .query_map([debtor_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .map(|(id, frequency)| {
                let mut parts: Vec<&PromiseRow> =
                    promises.iter().filter(|p| p.plan_id == Some(id)).collect();
                parts.sort_by_key(|p| p.due_on);
                let statuses: Vec<(NaiveDate, PromiseStatus)> =
                    parts.iter().map(|p| (p.due_on, p.status)).collect();
                PlanRow {
                    id,
                    frequency,
                    instalments: parts.len(),
                    kept: parts.iter().filter(|p| p.status == PromiseStatus::Kept).count(),
                    total: parts.iter().map(|p| p.expected()).sum(),
                    set_aside: parts.iter().map(|p| p.set_aside()).sum(),
                    next: parts
                        .iter()
                        .find(|p| p.status == PromiseStatus::Open)
                        .map(|p| (p.due_on, p.expected())),
                    default_since: default_since(&statuses),
                }
            })
            .collect())
    }
}
