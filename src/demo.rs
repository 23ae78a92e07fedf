//! The deterministic demo book: the same seed and "today" give the same book,
//! with every aging bucket, every promise state, disputes, notes and calls.

mod account;
mod history;
mod words;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use fastrand::Rng;

use crate::clock::Moment;
use crate::domain::Money;
use crate::domain::people::Role;
use crate::store::{Result, Store};
use account::one_debtor;
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
    w.defer_indexes_for_new_book()?;
    let mut counts = DemoCounts::default();
    for i in 0..opts.debtors {
        let story = STORIES.get(i).copied().unwrap_or(Story::Random);
        one_debtor(&mut w, &mut rng, &agents, at, i, story, &mut counts)?;
        w.forget_remembered();
        if (i + 1) % 100_000 == 0 {
            tracing::info!("demo: {} debtors written", i + 1);
        }
    }
    w.finish()?;
    letterhead(store, at)?;
    Ok(counts)
}

/// The demo desk's letterhead, so its letters read as a real desk's.
fn letterhead(store: &Store, at: Moment) -> Result<()> {
    let Some(lead) = store.agent_by_name("carol")? else { return Ok(()) };
    for (key, value) in [
        ("sender.name", "Northwind Supplies Ltd"),
        ("sender.address", "1 Quay Street | Bristol | BS1 4DJ | United Kingdom"),
        ("sender.email", "accounts@northwind.example"),
        ("sender.phone", "+44 117 496 0000"),
        (
            "sender.bank",
            "Northwind Supplies Ltd | Sort code 12-34-56 | Account 12345678 | IBAN GB33 NWBK 1234 5612 3456 78",
        ),
    ] {
        store.set_rule(key, value, &lead, at.now)?;
    }
    Ok(())
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
