//! The deterministic demo book: the same seed and "today" give the same book,
//! with every aging bucket, every promise state, disputes, notes and calls.

mod words;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use fastrand::Rng;

use crate::clock::Moment;
use crate::domain::people::{DebtorStatus, Role};
use crate::domain::plan::Frequency;
use crate::domain::{Money, Policy};
use crate::store::{
    BookWriter, NewCall, NewContact, NewDebtor, NewInvoice, NewNote, NewPayment, NewPromise,
    Result, Store,
};
use words::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoOptions {
    pub debtors: usize,
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            debtors: 1000,
            seed: 1,
        }
    }
}

/// The demo identities: two agents and a lead.
pub const AGENTS: [(&str, Role); 3] = [
    ("alice", Role::Agent),
    ("bob", Role::Agent),
    ("carol", Role::Lead),
];

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

/// Writes a demo book into an empty database.
pub fn generate(
    store: &Store,
    at: Moment,
    opts: DemoOptions,
    policy: &Policy,
) -> Result<DemoCounts> {
    let mut ids = Vec::new();
    for (name, role) in AGENTS {
        let agent = match store.agent_by_name(name)? {
            Some(a) => a,
            None => store.add_agent(name, role, None, at.now)?,
        };
        ids.push(agent.id);
    }
    let agents = Ids {
        alice: ids[0],
        bob: ids[1],
        carol: ids[2],
    };
    let mut rng = Rng::with_seed(opts.seed);
    let mut w = store.book_writer(at)?;
    let mut counts = DemoCounts::default();
    for i in 0..opts.debtors {
        let story = STORIES.get(i).copied().unwrap_or(Story::Random);
        one_debtor(&mut w, &mut rng, &agents, at, i, story, &mut counts)?;
    }
    w.finish(policy)?;
    Ok(counts)
}

fn pick<'a>(rng: &mut Rng, list: &[&'a str]) -> &'a str {
    list[rng.usize(..list.len())]
}

fn days_before(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d - Days::new(n as u64)
    } else {
        d + Days::new((-n) as u64)
    }
}

fn at_time(d: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    d.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default())
        .and_utc()
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
    format!(
        "{prefix} {} {:04} {:04}",
        rng.u32(200..990),
        rng.u32(0..10_000),
        rng.u32(0..10_000)
    )
}

/// An invoice amount between 150.00 and 25,000.00, most of them small.
fn amount(rng: &mut Rng) -> Money {
    let r = rng.f64();
    let dollars = 150.0 * (25_000.0f64 / 150.0).powf(r * r);
    Money((dollars * 100.0) as i64 + rng.i64(0..100))
}

struct Open {
    number: String,
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
                role: if c == 0 {
                    "AP".into()
                } else {
                    pick(rng, CONTACT_ROLES).into()
                },
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
    let n_invoices = if forced {
        rng.usize(4..=10)
    } else {
        rng.usize(1..=19)
    };
    for k in 0..n_invoices {
        let mut age = rng.i64(0..420);
        if k == 0 && (forced || rng.u32(0..3) == 0) {
            age = rng.i64(130..300);
        }
        let issued = days_before(today, age);
        let lag = if rng.u32(0..100) < 15 {
            rng.i64(10..45)
        } else {
            rng.i64(0..5)
        };
        let due = issued + Days::new(terms_days as u64);
        let amount = amount(rng);
        let number = format!("INV-{}-{:03}", 10_000 + i, k + 1);
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
            &NewInvoice {
                number: number.clone(),
                supplied_on: Some(days_before(issued, lag)),
                issued_on: issued,
                due_on: due,
                amount,
                currency: "USD".into(),
                dispute: dispute.clone(),
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
            let latest = if has_history {
                today - Days::new(130)
            } else {
                today - Days::new(1)
            };
            let received = (due + Days::new(rng.u64(0..40))).min(latest).max(issued);
            let partial = rng.u32(0..100) < 10;
            let paid = if partial {
                Money(amount.cents() / 2)
            } else {
                amount
            };
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
                open.push(Open {
                    number,
                    balance: amount - paid,
                    overdue: past_due > 0,
                });
            }
        } else if dispute.is_none() {
            open.push(Open {
                number,
                balance: amount,
                overdue: past_due > 0,
            });
        }
    }

    let overdue: Money = open.iter().filter(|o| o.overdue).map(|o| o.balance).sum();
    let invoice_hint = open
        .first()
        .map(|o| o.number.clone())
        .unwrap_or_else(|| format!("INV-{}-001", 10_000 + i));
    let ctx = NoteContext {
        contact,
        invoice: invoice_hint,
        agent: assigned.unwrap_or(agents.carol),
        debtor_id,
    };

    if has_history && overdue.cents() > 0 {
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

struct NoteContext {
    contact: String,
    invoice: String,
    agent: i64,
    debtor_id: i64,
}

fn fill(template: &str, ctx: &NoteContext, amount: Money, date: NaiveDate) -> String {
    template
        .replace("{contact}", &ctx.contact)
        .replace("{invoice}", &ctx.invoice)
        .replace("{amount}", &amount.format())
        .replace("{date}", &date.format("%a %d %b").to_string())
}

/// A promise made on a call, with the call and its note.
fn promise_call(
    w: &mut BookWriter<'_>,
    rng: &mut Rng,
    ctx: &NoteContext,
    promise: &NewPromise,
    counts: &mut DemoCounts,
) -> Result<()> {
    let started = at_time(promise.made_on, 15, rng.u32(0..60));
    let call_id = w.call(
        ctx.debtor_id,
        &NewCall {
            agent_id: ctx.agent,
            started_at: started,
            seconds: rng.i64(120..900),
            outcome: "PTP".into(),
            contacted: true,
            goal: format!("PTP {}", promise.amount.format_whole()),
        },
    )?;
    counts.calls += 1;
    let body = fill(pick(rng, NOTES_PTP), ctx, promise.amount, promise.due_on);
    w.note(
        ctx.debtor_id,
        &NewNote {
            agent_id: ctx.agent,
            call_id: Some(call_id),
            at: started + chrono::Duration::minutes(10),
            body,
        },
    )?;
    counts.notes += 1;
    w.promise(ctx.debtor_id, promise)?;
    counts.promises += 1;
    Ok(())
}

fn pay(
    w: &mut BookWriter<'_>,
    ctx: &NoteContext,
    on: NaiveDate,
    amount: Money,
    tag: usize,
    counts: &mut DemoCounts,
) -> Result<()> {
    if amount.cents() <= 0 {
        return Ok(());
    }
    w.payment(
        ctx.debtor_id,
        &NewPayment {
            received_on: on,
            amount,
            invoice_number: None,
            reference: format!("PTP-{}-{tag}", ctx.debtor_id),
        },
    )?;
    counts.payments += 1;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn promises(
    w: &mut BookWriter<'_>,
    rng: &mut Rng,
    at: Moment,
    ctx: &NoteContext,
    story: Story,
    overdue: Money,
    counts: &mut DemoCounts,
) -> Result<()> {
    let today = at.today;
    // Past promises, oldest first, spaced so their windows do not overlap.
    // `Story::Random` in a plan stands for a promise later cancelled.
    let outcomes = [
        Story::Kept,
        Story::Kept,
        Story::Kept,
        Story::PartlyKept,
        Story::Broken,
        Story::Broken,
        Story::Random,
    ];
    let plan: Vec<Story> = match story {
        Story::Random => (0..rng.usize(0..=3))
            .map(|_| outcomes[rng.usize(..outcomes.len())])
            .collect(),
        Story::DueToday => vec![Story::Random],
        Story::Plan => vec![Story::Kept],
        Story::Broken | Story::Kept | Story::PartlyKept => vec![story],
        Story::Disputed | Story::CallbackToday => Vec::new(),
    };
    let mut budget = overdue.cents();
    let mut tag = 0;
    // The latest settled promise was made about three weeks ago.
    let mut start = 20 + 25 * (plan.len() as u64).saturating_sub(1);
    for kind in plan {
        let made = today - Days::new(start);
        let due = made + Days::new(rng.u64(3..10));
        start = start.saturating_sub(25);
        let amount = Money(((budget / 4) / 5_000).clamp(1, 100) * 5_000);
        let cancelled = kind == Story::Random;
        let promise = NewPromise {
            agent_id: Some(ctx.agent),
            plan_id: None,
            amount,
            due_on: due,
            made_on: made,
            cancelled,
        };
        promise_call(w, rng, ctx, &promise, counts)?;
        tag += 1;
        match kind {
            Story::Kept => {
                pay(w, ctx, due - Days::new(rng.u64(0..3)), amount, tag, counts)?;
                budget -= amount.cents();
            }
            Story::PartlyKept => {
                let part = Money(amount.cents() * rng.i64(30..80) / 100);
                pay(w, ctx, due, part, tag, counts)?;
                budget -= part.cents();
            }
            _ => {}
        }
    }
    // Promises still open: due later, due today, or a plan of instalments.
    let open_kind = match story {
        Story::DueToday => 1,
        Story::Plan => 2,
        Story::Random => rng.u32(0..10),
        _ => 9,
    };
    let amount = Money(((budget / 3) / 5_000).clamp(1, 60) * 5_000);
    match open_kind {
        0 => {
            let due = today + Days::new(rng.u64(1..14));
            let p = NewPromise {
                agent_id: Some(ctx.agent),
                plan_id: None,
                amount,
                due_on: due,
                made_on: today - Days::new(rng.u64(1..5)),
                cancelled: false,
            };
            promise_call(w, rng, ctx, &p, counts)?;
        }
        1 => {
            let p = NewPromise {
                agent_id: Some(ctx.agent),
                plan_id: None,
                amount,
                due_on: today,
                made_on: today - Days::new(6),
                cancelled: false,
            };
            promise_call(w, rng, ctx, &p, counts)?;
        }
        2 => {
            let made = today - Days::new(2);
            let plan = w.plan(ctx.debtor_id, Some(ctx.agent), 3, Frequency::Monthly, made)?;
            let first = NewPromise {
                agent_id: Some(ctx.agent),
                plan_id: Some(plan),
                amount,
                due_on: today + Days::new(5),
                made_on: made,
                cancelled: false,
            };
            promise_call(w, rng, ctx, &first, counts)?;
            for k in 1..3u32 {
                let due = Frequency::Monthly
                    .nth(first.due_on, k)
                    .unwrap_or(first.due_on);
                w.promise(
                    ctx.debtor_id,
                    &NewPromise {
                        due_on: due,
                        ..first.clone()
                    },
                )?;
                counts.promises += 1;
            }
        }
        _ => {}
    }
    Ok(())
}

fn calls(
    w: &mut BookWriter<'_>,
    rng: &mut Rng,
    at: Moment,
    ctx: &NoteContext,
    story: Story,
    counts: &mut DemoCounts,
) -> Result<()> {
    let n = if story == Story::Random {
        rng.usize(0..=4)
    } else {
        2
    };
    for _ in 0..n {
        let day = at.today - Days::new(rng.u64(1..90));
        let (code, contacted, notes): (&str, bool, &[&str]) = match rng.u32(0..100) {
            0..=34 => ("LM", false, NOTES_LM),
            35..=54 => ("NA", false, NOTES_NA),
            55..=79 => ("RPC", true, NOTES_RPC),
            80..=87 => ("CB", true, NOTES_CB),
            88..=95 => ("DISP", true, NOTES_DISP),
            _ => ("REF", true, NOTES_REF),
        };
        let started = at_time(day, rng.u32(13..22), rng.u32(0..60));
        let call_id = w.call(
            ctx.debtor_id,
            &NewCall {
                agent_id: ctx.agent,
                started_at: started,
                seconds: if contacted {
                    rng.i64(90..1200)
                } else {
                    rng.i64(15..60)
                },
                outcome: code.into(),
                contacted,
                goal: String::new(),
            },
        )?;
        counts.calls += 1;
        w.note(
            ctx.debtor_id,
            &NewNote {
                agent_id: ctx.agent,
                call_id: Some(call_id),
                at: started + chrono::Duration::minutes(3),
                body: fill(pick(rng, notes), ctx, Money::ZERO, day),
            },
        )?;
        counts.notes += 1;
    }
    if story == Story::CallbackToday {
        w.note(
            ctx.debtor_id,
            &NewNote {
                agent_id: ctx.agent,
                call_id: None,
                at: at.now - chrono::Duration::hours(3),
                body: fill(NOTES_CB[0], ctx, Money::ZERO, at.today),
            },
        )?;
        counts.notes += 1;
    }
    Ok(())
}
