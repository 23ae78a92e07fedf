//! The deterministic demo book: the same seed and "today" give the same book,
//! with every aging bucket, every promise state, disputes, notes and calls.

mod history;
mod words;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use fastrand::Rng;

use crate::clock::Moment;
use crate::domain::Money;
use crate::domain::people::{DebtorStatus, Role};
use crate::store::{
    BookWriter, Dispute, NewContact, NewDebtor, NewInvoice, NewPayment, Result, Store,
};
use history::{NoteContext, calls, promises};
use words::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoOptions {
    pub debtors: usize,
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions { debtors: 1000, seed: 1 }
    }
}

/// The demo identities: two agents and a lead.
pub const AGENTS: [(&str, Role); 3] =
    [("alice", Role::Agent), ("bob", Role::Agent), ("carol", Role::Lead)];

/// What was written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DemoCounts {
    pub debtors: usize,
    pub invoices: usize,
    pub payments: usize,
    pub promises: usize,
    pub calls: usize,
    pub notes: usize,
}

/// How the forced first debtors' promise histories go, so that even a tiny
/// book shows every state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Story {
    Broken,
    DueToday,
    Kept,
    PartlyKept,
    Plan,
    Disputed,
    CallbackToday,
    Random,
}

const STORIES: [Story; 7] = [
    Story::Broken,
    Story::DueToday,
    Story::Kept,
    Story::PartlyKept,
    Story::Plan,
    Story::Disputed,
    Story::CallbackToday,
];

struct Ids {
    alice: i64,
    bob: i64,
    carol: i64,
}

/// Writes a demo book into a new database, marking it as a demo book; a
/// book with debtors, or one being set up for real, is refused.
pub fn generate(store: &Store, at: Moment, opts: DemoOptions) -> Result<DemoCounts> {
    store.mark_demo()?;
    let mut ids = Vec::new();
    for (name, role) in AGENTS {
        let agent = match store.agent_by_name(name)? {
            Some(a) => a,
            None => store.add_agent(name, role, None, at.now)?,
        };
        ids.push(agent.id);
    }
    let agents = Ids { alice: ids[0], bob: ids[1], carol: ids[2] };
    let mut rng = Rng::with_seed(opts.seed);
    let mut w = store.book_writer(at)?;
    let mut counts = DemoCounts::default();
    for i in 0..opts.debtors {
        let story = STORIES.get(i).copied().unwrap_or(Story::Random);
        one_debtor(&mut w, &mut rng, &agents, at, i, story, &mut counts)?;
    }
    w.finish()?;
    Ok(counts)
}

fn pick<'a>(rng: &mut Rng, list: &[&'a str]) -> &'a str {
    list[rng.usize(..list.len())]
}

fn days_before(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 { d - Days::new(n as u64) } else { d + Days::new((-n) as u64) }
}

fn at_time(d: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    d.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default()).and_utc()
}

fn company_name(rng: &mut Rng) -> String {
    let place = pick(rng, PLACES);
    let first = pick(rng, NAME_FIRST);
    let middle = pick(rng, NAME_MIDDLE);
    let suffix = pick(rng, NAME_SUFFIX);
    if place.is_empty() {
        format!("{first} {middle} {suffix}")
    } else {
        format!("{first} {place} {middle} {suffix}")
    }
}

fn country(rng: &mut Rng) -> &'static Country {
    let total: u32 = COUNTRIES.iter().map(|c| c.weight).sum();
    let mut roll = rng.u32(..total);
    for c in COUNTRIES {
        if roll < c.weight {
            return c;
        }
        roll -= c.weight;
    }
    &COUNTRIES[0]
}

fn phone(rng: &mut Rng, prefix: &str) -> String {
    format!("{prefix} {} {:04} {:04}", rng.u32(200..990), rng.u32(0..10_000), rng.u32(0..10_000))
}

/// An invoice amount between 150.00 and 25,000.00, most of them small.
fn amount(rng: &mut Rng) -> Money {
    let r = rng.f64();
    let dollars = 150.0 * (25_000.0f64 / 150.0).powf(r * r);
    Money((dollars * 100.0) as i64 + rng.i64(0..100))
}

struct Open {
    number: String,
    issued: NaiveDate,
    balance: Money,
    overdue: bool,
}

#[allow(clippy::too_many_arguments)]
fn one_debtor(
    w: &mut BookWriter<'_>,
    rng: &mut Rng,
    agents: &Ids,
    at: Moment,
    i: usize,
    story: Story,
    counts: &mut DemoCounts,
) -> Result<()> {
    let today = at.today;
    let forced = story != Story::Random;
    let country = country(rng);
    let timezone = pick(rng, country.timezones);
    let assigned = match i % 20 {
        _ if forced => Some(agents.alice),
        0..=8 => Some(agents.alice),
        9..=17 => Some(agents.bob),
        _ => None,
    };
    let status = match rng.u32(0..100) {
        _ if forced => DebtorStatus::Active,
        0..=84 => DebtorStatus::Active,
        85..=89 => DebtorStatus::Arrangement,
        90..=93 => DebtorStatus::Hold,
        94..=97 => DebtorStatus::Escalated,
        _ => DebtorStatus::Closed,
    };
    let terms_days = match rng.u32(0..100) {
        0..=59 => 30,
        60..=79 => 45,
        80..=94 => 60,
        _ => 14,
    };
    let (debtor_id, _) = w.debtor(&NewDebtor {
        reference: format!("ACC-{:05}", 10_000 + i),
        name: company_name(rng),
        timezone: timezone.to_owned(),
        terms_days,
        terms_accepted_on: Some(days_before(today, rng.i64(200..1500))),
        assigned_to: assigned,
        status,
        do_not_call: !forced && rng.u32(0..100) < 2,
    })?;
    counts.debtors += 1;

    let mut contact_names = Vec::new();
    for c in 0..rng.usize(1..=3) {
        let name = format!("{} {}", pick(rng, FIRST_NAMES), pick(rng, LAST_NAMES));
        if contact_names.contains(&name) {
            continue;
        }
        w.contact(
            debtor_id,
            &NewContact {
                name: name.clone(),
                role: if c == 0 { "AP".into() } else { pick(rng, CONTACT_ROLES).into() },
                phone: phone(rng, country.phone_prefix),
                email: format!("{}@example.com", name.to_lowercase().replace(' ', ".")),
                timezone: None,
                primary: c == 0,
            },
        )?;
        contact_names.push(name);
    }
    let contact = contact_names[0].clone();

    // Invoices. Debtors with a promise story are only paid long ago, so that
    // recent money is what was promised.
    let has_history = forced || rng.u32(0..100) < 35;
    let mut open: Vec<Open> = Vec::new();
    let mut all: Vec<(String, NaiveDate)> = Vec::new();
    let n_invoices = if forced { rng.usize(4..=10) } else { rng.usize(1..=19) };
    for k in 0..n_invoices {
        let mut age = rng.i64(0..420);
        if k == 0 && (forced || rng.u32(0..3) == 0) {
            age = rng.i64(130..300);
        }
        let issued = days_before(today, age);
        let lag = if rng.u32(0..100) < 15 { rng.i64(10..45) } else { rng.i64(0..5) };
        let due = issued + Days::new(terms_days as u64);
        let amount = amount(rng);
        let number = format!("INV-{}-{:03}", 10_000 + i, k + 1);
        all.push((number.clone(), issued));
        let past_due = (today - due).num_days();
        let dispute = if story == Story::Disputed && k == 0 {
            Some("quantity".to_owned())
        } else if past_due > 0 && rng.u32(0..1000) < 15 {
            Some(pick(rng, DISPUTE_REASONS).to_owned())
        } else {
            None
        };
        w.invoice(
            debtor_id,
            NewInvoice {
                number: number.clone(),
                supplied_on: Some(days_before(issued, lag)),
                issued_on: issued,
                due_on: due,
                amount,
                currency: "USD".into(),
                // Raised a third of the way from the due date to today.
                dispute: dispute.clone().map(|reason| Dispute {
                    reason,
                    opened_on: Some(due + Days::new((past_due.max(0) / 3) as u64)),
                    resolved_on: None,
                }),
            },
        )?;
        counts.invoices += 1;
        let paid_chance = match past_due {
            d if d <= 0 => 10,
            1..=30 => 35,
            31..=90 => 50,
            91..=180 => 65,
            _ => 80,
        };
        let first_overdue = k == 0 && (forced || past_due > 0);
        let can_pay = !has_history || past_due > 150;
        if dispute.is_none() && !first_overdue && can_pay && rng.u32(0..100) < paid_chance {
            let latest = if has_history { today - Days::new(130) } else { today - Days::new(1) };
            let received = (due + Days::new(rng.u64(0..40))).min(latest).max(issued);
            let partial = rng.u32(0..100) < 10;
            let paid = if partial { Money(amount.cents() / 2) } else { amount };
            w.payment(
                debtor_id,
                &NewPayment {
                    received_on: received,
                    amount: paid,
                    invoice_number: Some(number.clone()),
                    reference: format!("PAY-{}-{:03}", 10_000 + i, k + 1),
                },
            )?;
            counts.payments += 1;
            if partial {
                open.push(Open { number, issued, balance: amount - paid, overdue: past_due > 0 });
            }
        } else if dispute.is_none() {
            open.push(Open { number, issued, balance: amount, overdue: past_due > 0 });
        }
    }

    let overdue: Money = open.iter().filter(|o| o.overdue).map(|o| o.balance).sum();
    // Notes name an invoice that had been issued by the day they were
    // written: the oldest still open, else the latest of any.
    let mut invoices: Vec<(String, NaiveDate)> =
        open.iter().map(|o| (o.number.clone(), o.issued)).collect();
    invoices.sort_by_key(|(_, issued)| *issued);
    all.sort_by_key(|(_, issued)| std::cmp::Reverse(*issued));
    invoices.extend(all);
    let ctx = NoteContext { contact, invoices, agent: assigned.unwrap_or(agents.carol), debtor_id };

    // Closed, held and escalated accounts have no promises being worked.
    let worked = matches!(status, DebtorStatus::Active | DebtorStatus::Arrangement);
    if has_history && worked && overdue.cents() > 0 {
        promises(w, rng, at, &ctx, story, overdue, counts)?;
    }
    calls(w, rng, at, &ctx, story, counts)?;
    if story == Story::CallbackToday {
        w.set_next_contact(debtor_id, at.now - chrono::Duration::minutes(5))?;
    } else if !forced && rng.u32(0..100) < 10 {
        let ahead = rng.u64(1..10);
        w.set_next_contact(debtor_id, at_time(today + Days::new(ahead), 15, 0))?;
    }
    Ok(())
}
