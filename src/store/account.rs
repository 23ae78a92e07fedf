//! Everything the workstation shows about the selected debtor, read by
//! indexed per-debtor queries.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::OptionalExtension;

use super::interest_claims::DebtorClaims;
use super::{Result, Store, parse_date};
use crate::clock::parse_utc;
use crate::domain::Money;
use crate::domain::interest_terms::InterestRegime;
use crate::domain::people::DebtorStatus;
use crate::domain::promise::PromiseStatus;

#[derive(Clone, Debug, PartialEq)]
pub struct DebtorHeader {
    pub id: i64,
    pub reference: String,
    pub name: String,
    pub timezone: String,
    pub terms_days: i64,
    pub terms_accepted_on: Option<NaiveDate>,
    pub assigned_to: Option<String>,
    pub status: DebtorStatus,
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
    /// The debtor's interest regime (`none` unless set).
    pub interest: InterestRegime,
    /// A call a collection strategy asked for: since when, and why.
    pub strategy_call: Option<(NaiveDate, String)>,
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
    /// A later promise replaced it (it takes only payments dated before).
    pub replaced: bool,
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

/// Letters an account shows: enough for "statement sent 3 days ago".
const LETTERS_SHOWN: usize = 3;

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
    /// The newest payments, and how many there are.
    pub payments: super::Payments,
    /// What may be claimed on top of the principal, when the regime is not
    /// `none` and the account was read for a day ([`Store::account_on`]).
    pub claims: Option<DebtorClaims>,
    /// The latest letters and emails, newest first.
    pub letters: Vec<super::LetterRow>,
    /// Where it stands in its collection strategy (filled by the reader,
    /// which knows the strategies).
    pub strategy: Option<StrategyLine>,
}

impl Account {
    /// Promises still open.
    pub fn open_promises(&self) -> usize {
        self.promises.iter().filter(|p| p.status == PromiseStatus::Open).count()
    }
}

/// The account's strategy line, in parts that give way on a narrow screen
/// from the last: where it stands, the task open, what comes next.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StrategyLine {
    /// `Strategy standard: step 3 first call taken 2026-11-25`.
    pub reached: String,
    /// `call due`, `for the lead to review`.
    pub task: Option<String>,
    /// `next: step 4 firm reminder on 2026-12-06`, or why it is paused.
    pub next: String,
}

/// A stored date that may be missing.
pub(super) fn date(text: Option<String>) -> Option<NaiveDate> {
    text.as_deref().and_then(parse_date)
}

impl Store {
    /// The account as of `as_of` (the workstation's today): with the
    /// debtor's interest claims when its regime is not `none` (a few indexed
    /// reads more, none for a debtor without a regime).
    pub fn account_on(
        &self,
        debtor_id: i64,
        agent_id: i64,
        as_of: NaiveDate,
    ) -> Result<Option<Account>> {
        let Some(mut account) = self.account(debtor_id, agent_id)? else {
            return Ok(None);
        };
        if account.debtor.interest != InterestRegime::None {
            account.claims = Some(self.interest_claims(debtor_id, as_of)?);
        }
        Ok(Some(account))
    }

    /// The selected debtor and everything the workstation shows about it,
    /// without interest claims (they need a day: [`Store::account_on`]);
    /// `None` when there is no such debtor.
    pub fn account(&self, debtor_id: i64, agent_id: i64) -> Result<Option<Account>> {
        let Some(debtor) = self.header(debtor_id)? else {
            return Ok(None);
        };
        let contacts = self.account_contacts(debtor_id)?;
        let invoices = self.account_invoices(debtor_id)?;
        let promises = self.account_promises(debtor_id)?;
        let notes = self.account_notes(debtor_id)?;
        let calls = self.account_calls(debtor_id)?;
        let plans = self.account_plans(debtor_id, &promises)?;
        let days_late = self.days_late(debtor_id)?;
        let draft = self.draft(agent_id, debtor_id)?.map(|d| d.body);
        let payments = self.account_payments(debtor_id)?;
        let letters = self.debtor_letters(debtor_id, LETTERS_SHOWN)?;
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
            payments,
            claims: None,
            letters,
            strategy: None,
        }))
    }

    /// The debtor's own fields and summary figures.
    fn header(&self, debtor_id: i64) -> Result<Option<DebtorHeader>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT d.id, d.ref, d.name, d.timezone, d.terms_days, d.terms_accepted_on,
                        a.name, d.status, d.do_not_call, d.next_contact_at,
                        s.balance_cents, s.overdue_cents, s.disputed_cents, s.oldest_overdue_on,
                        s.next_promise_on, s.latest_open_made_on, s.last_failed_due,
                        s.broken_promises, s.last_contact_at, d.pin, s.last_attempt_at, d.interest,
                        CASE WHEN d.do_not_call = 0 THEN p.call_on END, p.call_reason
                   FROM debtors d
                   LEFT JOIN strategy_position p ON p.debtor_id = d.id
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
                    status: r.get::<_, String>(7)?.parse().unwrap_or(DebtorStatus::Active),
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
                    // The table's CHECK keeps the regime to the four words.
                    interest: r.get::<_, String>(21)?.parse().unwrap_or_default(),
                    strategy_call: date(r.get(22)?).map(|on| {
                        (on, r.get::<_, Option<String>>(23).ok().flatten().unwrap_or_default())
                    }),
                })
            })
            .optional()?)
    }
}
