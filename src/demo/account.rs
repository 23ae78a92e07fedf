//! One demo debtor: its row, contacts, invoices and the payments made on
//! them, then its promise and call history. Every random draw is taken in
//! the same order, so the same seed gives the same book.

use chrono::{Days, NaiveDate};
use fastrand::Rng;

use super::history::{NoteContext, calls, promises};
use super::words::*;
use super::{
    DemoCounts, Ids, Story, amount, at_time, company_name, country, days_before, phone, pick,
};
use crate::clock::Moment;
use crate::domain::Money;
use crate::domain::people::DebtorStatus;
use crate::store::{BookWriter, Dispute, NewContact, NewDebtor, NewInvoice, NewPayment, Result};

/// How a debtor pays, which shapes the book's aging: most pay on time or
/// a little late, a few are worked with promises, fewer still are old debt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Payer {
    /// Pays each invoice within a few days of its due date.
    Prompt,
    /// Pays each invoice 10 to 60 days late; now and then short.
    Slow,
    /// Behind: worked with promises; its invoices of the last 85 days are
    /// open (the promises' windows see only their own payments).
    Late,
    /// Old debt: invoices of months ago still open, often escalated.
    Troubled,
}

impl Payer {
    fn draw(rng: &mut Rng) -> Payer {
        match rng.u32(0..100) {
            0..=57 => Payer::Prompt,
            58..=84 => Payer::Slow,
            85..=95 => Payer::Late,
            _ => Payer::Troubled,
        }
    }
}

/// The debtor being written, and what its invoices and history depend on.
struct Debtor {
    id: i64,
    /// Its place in the book: `ACC-{10000 + n}`, `INV-{10000 + n}-001`...
    n: usize,
    story: Story,
    payer: Payer,
    status: DebtorStatus,
    terms_days: i64,
    /// One of the first debtors, whose story is set.
    forced: bool,
    /// It has a promise history, so it was only paid long ago: recent
    /// money is what was promised.
    has_history: bool,
}

/// An invoice left open, in part or in full.
struct Open {
    number: String,
    issued: NaiveDate,
    balance: Money,
    overdue: bool,
}

/// What the invoices came to.
#[derive(Default)]
struct Invoices {
    open: Vec<Open>,
    /// Every invoice and its issue date.
    all: Vec<(String, NaiveDate)>,
}

pub(super) fn one_debtor(
    w: &mut BookWriter<'_>,
    rng: &mut Rng,
    agents: &Ids,
    at: Moment,
    n: usize,
    story: Story,
    counts: &mut DemoCounts,
) -> Result<()> {
    let forced = story != Story::Random;
    let country = country(rng);
    // The forced stories are old debt being worked with promises.
    let payer = if forced { Payer::Troubled } else { Payer::draw(rng) };
    let new = new_debtor(rng, agents, at.today, n, payer, forced, country.timezones);
    let (id, _) = w.debtor(&new)?;
    counts.debtors += 1;
    let contact = contacts(w, rng, id, country.phone_prefix)?;
    let has_history = matches!(payer, Payer::Late | Payer::Troubled);
    let d = Debtor {
        id,
        n,
        story,
        payer,
        status: new.status,
        terms_days: new.terms_days,
        forced,
        has_history,
    };
    let mut invoices = Invoices::default();
    let n_invoices = if forced { rng.usize(4..=10) } else { rng.usize(1..=19) };
    for k in 0..n_invoices {
        invoice(w, rng, at.today, &d, k, &mut invoices, counts)?;
    }
    let ctx = NoteContext {
        contact,
        invoices: note_invoices(&invoices),
        agent: new.assigned_to.unwrap_or(agents.carol),
        debtor_id: id,
    };
    history(w, rng, at, &d, &ctx, overdue(&invoices), counts)
}

/// The debtor's own row: the first stories belong to alice and are active;
/// the status follows how it pays (escalations are old debt).
fn new_debtor(
    rng: &mut Rng,
    agents: &Ids,
    today: NaiveDate,
    n: usize,
    payer: Payer,
    forced: bool,
    timezones: &[&str],
) -> NewDebtor {
    let timezone = pick(rng, timezones);
    let assigned = match n % 20 {
        _ if forced => Some(agents.alice),
        0..=8 => Some(agents.alice),
        9..=17 => Some(agents.bob),
        _ => None,
    };
    let roll = rng.u32(0..100);
    let status = match payer {
        _ if forced => DebtorStatus::Active,
        Payer::Prompt if roll < 3 => DebtorStatus::Closed,
        Payer::Prompt | Payer::Slow if roll >= 97 => DebtorStatus::Hold,
        Payer::Late if roll < 30 => DebtorStatus::Arrangement,
        Payer::Troubled if roll < 55 => DebtorStatus::Escalated,
        Payer::Troubled if roll < 65 => DebtorStatus::Hold,
        _ => DebtorStatus::Active,
    };
    let terms_days = match rng.u32(0..100) {
        0..=59 => 30,
        60..=79 => 45,
        80..=94 => 60,
        _ => 14,
    };
    NewDebtor {
        reference: format!("ACC-{:05}", 10_000 + n),
        name: company_name(rng),
        timezone: timezone.to_owned(),
        terms_days,
        terms_accepted_on: Some(days_before(today, rng.i64(200..1500))),
        assigned_to: assigned,
        status,
        do_not_call: !forced && rng.u32(0..100) < 2,
        address: address(n, timezone),
        ..crate::import::rules::new_debtor("", "")
    }
}

/// A made-up postal address in the debtor's city (from its time zone),
/// without drawing from the random sequence the rest of the book follows.
fn address(n: usize, timezone: &str) -> String {
    let city = timezone.rsplit('/').next().unwrap_or(timezone).replace('_', " ");
    let street = ["Commerce Way", "Harbour Road", "Mill Lane", "Station Street"][n % 4];
    format!("{} {street}\nUnit {}\n{city}", 1 + n % 197, 1 + n % 37)
}

/// One to three contacts, the first the primary one in accounts payable;
/// returns the primary's name.
fn contacts(
    w: &mut BookWriter<'_>,
    rng: &mut Rng,
    debtor_id: i64,
    phone_prefix: &str,
) -> Result<String> {
    let mut names: Vec<String> = Vec::new();
    for c in 0..rng.usize(1..=3) {
        let name = format!("{} {}", pick(rng, FIRST_NAMES), pick(rng, LAST_NAMES));
        if names.contains(&name) {
            continue;
        }
        w.contact(
            debtor_id,
            &NewContact {
                name: name.clone(),
                role: if c == 0 { "AP".into() } else { pick(rng, CONTACT_ROLES).into() },
                phone: phone(rng, phone_prefix),
                email: format!("{}@example.com", name.to_lowercase().replace(' ', ".")),
                timezone: None,
                primary: c == 0,
            },
        )?;
        names.push(name);
    }
    Ok(names.swap_remove(0))
}

/// Invoice `k` of the debtor, paid (in full or in part) or left open.
fn invoice(
    w: &mut BookWriter<'_>,
    rng: &mut Rng,
    today: NaiveDate,
    d: &Debtor,
    k: usize,
    out: &mut Invoices,
    counts: &mut DemoCounts,
) -> Result<()> {
    let invoice = new_invoice(rng, today, d, k);
    let (number, issued, amount) = (invoice.number.clone(), invoice.issued_on, invoice.amount);
    let disputed = invoice.dispute.is_some();
    let past_due = (today - invoice.due_on).num_days();
    let due = invoice.due_on;
    w.invoice(d.id, invoice)?;
    counts.invoices += 1;
    out.all.push((number.clone(), issued));
    if disputed {
        return Ok(());
    }
    let mut balance = amount;
    if let Some((received, partial)) = payment_of(rng, today, d, k, due, past_due) {
        let received = received.max(issued);
        let paid = if partial { Money(amount.cents() / 2) } else { amount };
        w.payment(
            d.id,
            &NewPayment {
                received_on: received,
                amount: paid,
                invoice_number: Some(number.clone()),
                reference: format!("PAY-{}-{:03}", 10_000 + d.n, k + 1),
            },
        )?;
        counts.payments += 1;
        if !partial {
            return Ok(());
        }
        balance = amount - paid;
    }
    out.open.push(Open { number, issued, balance, overdue: past_due > 0 });
    Ok(())
}

/// When invoice `k` (due `due`, `past_due` days ago) was paid, and whether
/// only in part; `None` while it is open.
fn payment_of(
    rng: &mut Rng,
    today: NaiveDate,
    d: &Debtor,
    k: usize,
    due: NaiveDate,
    past_due: i64,
) -> Option<(NaiveDate, bool)> {
    let yesterday = today - Days::new(1);
    match d.payer {
        Payer::Prompt | Payer::Slow => {
            let late = match d.payer {
                Payer::Prompt => rng.i64(-5..=6),
                _ => rng.i64(10..=60),
            };
            // Short payments of months ago were written off or disputed.
            let partial = d.payer == Payer::Slow && past_due <= 100 && rng.u32(0..100) < 3;
            let received = days_after(due, late).min(yesterday);
            (past_due > late).then_some((received, partial))
        }
        // Paid up to 85 days ago, before any promise's window opened.
        Payer::Late => {
            let latest = today - Days::new(85);
            (past_due > 85).then(|| ((due + Days::new(rng.u64(0..40))).min(latest), false))
        }
        // Its oldest invoice is open; of the others, some were paid long ago.
        Payer::Troubled => {
            let paid_chance = match past_due {
                ..=0 => 10,
                1..=30 => 35,
                31..=90 => 50,
                91..=180 => 65,
                _ => 80,
            };
            let first_overdue = k == 0 && (d.forced || past_due > 0);
            if first_overdue || past_due <= 150 || rng.u32(0..100) >= paid_chance {
                return None;
            }
            let received = (due + Days::new(rng.u64(0..40))).min(today - Days::new(130));
            Some((received, rng.u32(0..100) < 10))
        }
    }
}

fn days_after(d: NaiveDate, n: i64) -> NaiveDate {
    days_before(d, -n)
}

/// Invoice `k` as issued over the last year (old debt goes back further,
/// its first invoice months overdue); a few in dispute, raised a third of
/// the way from the due date to today.
fn new_invoice(rng: &mut Rng, today: NaiveDate, d: &Debtor, k: usize) -> NewInvoice {
    let troubled = d.payer == Payer::Troubled;
    let mut age = if troubled { rng.i64(0..420) } else { rng.i64(0..365) };
    if troubled && k == 0 {
        age = rng.i64(130..300);
    }
    let issued = days_before(today, age);
    let lag = if rng.u32(0..100) < 15 { rng.i64(10..45) } else { rng.i64(0..5) };
    let due = issued + Days::new(d.terms_days as u64);
    let amount = amount(rng);
    let past_due = (today - due).num_days();
    let dispute = if d.story == Story::Disputed && k == 0 {
        Some("quantity".to_owned())
    } else if past_due > 0 && rng.u32(0..1000) < 5 {
        Some(pick(rng, DISPUTE_REASONS).to_owned())
    } else {
        None
    };
    NewInvoice {
        number: format!("INV-{}-{:03}", 10_000 + d.n, k + 1),
        supplied_on: Some(days_before(issued, lag)),
        issued_on: issued,
        due_on: due,
        amount,
        currency: "USD".into(),
        dispute: dispute.map(|reason| Dispute {
            reason,
            opened_on: Some(due + Days::new((past_due.max(0) / 3) as u64)),
            resolved_on: None,
        }),
    }
}

fn overdue(invoices: &Invoices) -> Money {
    invoices.open.iter().filter(|o| o.overdue).map(|o| o.balance).sum()
}

/// The invoices notes may name: one issued by the day a note was written,
/// the oldest still open, else the latest of any.
fn note_invoices(invoices: &Invoices) -> Vec<(String, NaiveDate)> {
    let mut named: Vec<(String, NaiveDate)> =
        invoices.open.iter().map(|o| (o.number.clone(), o.issued)).collect();
    named.sort_by_key(|(_, issued)| *issued);
    let mut all = invoices.all.clone();
    all.sort_by_key(|(_, issued)| std::cmp::Reverse(*issued));
    named.extend(all);
    named
}

/// Promises (for accounts being worked that owe overdue money), calls, and
/// a next contact for some.
fn history(
    w: &mut BookWriter<'_>,
    rng: &mut Rng,
    at: Moment,
    d: &Debtor,
    ctx: &NoteContext,
    overdue: Money,
    counts: &mut DemoCounts,
) -> Result<()> {
    // Closed, held and escalated accounts have no promises being worked.
    let worked = matches!(d.status, DebtorStatus::Active | DebtorStatus::Arrangement);
    if d.has_history && worked && overdue.cents() > 0 {
        promises(w, rng, at, ctx, d.story, overdue, counts)?;
    }
    calls(w, rng, at, ctx, d.story, counts)?;
    if d.story == Story::CallbackToday {
        w.set_next_contact(d.id, at.now - chrono::Duration::minutes(5))?;
    } else if !d.forced && rng.u32(0..100) < 10 {
        let ahead = rng.u64(1..10);
        w.set_next_contact(d.id, at_time(at.today + Days::new(ahead), 15, 0))?;
    }
    Ok(())
}
