//! Demo promise and call histories: what each debtor was promised and how
//! it went, the calls and their notes.

use chrono::{Datelike, Days, NaiveDate};
use fastrand::Rng;

use super::words::*;
use super::{DemoCounts, Story, at_time, pick};
use crate::clock::Moment;
use crate::domain::Money;
use crate::domain::plan::Frequency;
use crate::store::{BookWriter, NewCall, NewNote, NewPayment, NewPromise, Result};

pub(super) struct NoteContext {
    pub contact: String,
    /// Invoices and their issue dates: the open ones oldest first, then
    /// every one newest first.
    pub invoices: Vec<(String, NaiveDate)>,
    pub agent: i64,
    pub debtor_id: i64,
}

/// A note written on `on`: the invoice it names was issued by then.
fn fill(
    template: &str,
    ctx: &NoteContext,
    amount: Money,
    date: NaiveDate,
    on: NaiveDate,
) -> String {
    let invoice = ctx
        .invoices
        .iter()
        .find(|(_, issued)| *issued <= on)
        .or(ctx.invoices.last())
        .map_or("", |(number, _)| number.as_str());
    template
        .replace("{contact}", &ctx.contact)
        .replace("{invoice}", invoice)
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
    let body = fill(pick(rng, NOTES_PTP), ctx, promise.amount, promise.due_on, promise.made_on);
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

/// A promise history: promises settled in the past, then one still open
/// (or a plan) for some.
pub(super) fn promises(
    w: &mut BookWriter<'_>,
    rng: &mut Rng,
    at: Moment,
    ctx: &NoteContext,
    story: Story,
    overdue: Money,
    counts: &mut DemoCounts,
) -> Result<()> {
    let left = settled(w, rng, at.today, ctx, story, overdue.cents(), counts)?;
    open(w, rng, at.today, ctx, story, left, counts)
}

/// How the past promises of a story went, oldest first. `Story::Random` in
/// the list stands for a promise later cancelled.
fn past_outcomes(rng: &mut Rng, story: Story) -> Vec<Story> {
    let outcomes = [
        Story::Kept,
        Story::Kept,
        Story::Kept,
        Story::PartlyKept,
        Story::Broken,
        Story::Broken,
        Story::Random,
    ];
    match story {
        Story::Random => {
            (0..rng.usize(0..=3)).map(|_| outcomes[rng.usize(..outcomes.len())]).collect()
        }
        Story::DueToday => vec![Story::Random],
        Story::Plan => vec![Story::Kept],
        Story::Broken | Story::Kept | Story::PartlyKept => vec![story],
        Story::Disputed | Story::CallbackToday => Vec::new(),
    }
}

/// Past promises, spaced so their windows do not overlap, each paid as its
/// outcome says out of `budget` (cents overdue); returns what is left.
fn settled(
    w: &mut BookWriter<'_>,
    rng: &mut Rng,
    today: NaiveDate,
    ctx: &NoteContext,
    story: Story,
    mut budget: i64,
    counts: &mut DemoCounts,
) -> Result<i64> {
    let plan = past_outcomes(rng, story);
    let mut tag = 0;
    // The latest settled promise was made one to four weeks ago; the forced
    // stories settle a week ago, so "broken in the last 7 days" always has
    // something to show.
    let forced = story != Story::Random;
    let latest = if forced { 12 } else { rng.u64(10..30) };
    let mut start = latest + 25 * (plan.len() as u64).saturating_sub(1);
    for kind in plan {
        let made = today - Days::new(start);
        let due = made + Days::new(if forced { 6 } else { rng.u64(3..10) });
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
    Ok(budget)
}

/// A promise still open: due later, due today, or a plan of instalments.
fn open(
    w: &mut BookWriter<'_>,
    rng: &mut Rng,
    today: NaiveDate,
    ctx: &NoteContext,
    story: Story,
    budget: i64,
    counts: &mut DemoCounts,
) -> Result<()> {
    let open_kind = match story {
        Story::DueToday => 1,
        Story::Plan => 2,
        Story::Random => rng.u32(0..10),
        _ => 9,
    };
    let promise = |amount, due_on, made_on| NewPromise {
        agent_id: Some(ctx.agent),
        plan_id: None,
        amount,
        due_on,
        made_on,
        cancelled: false,
    };
    let amount = Money(((budget / 3) / 5_000).clamp(1, 60) * 5_000);
    match open_kind {
        0 => {
            let due = today + Days::new(rng.u64(1..14));
            let p = promise(amount, due, today - Days::new(rng.u64(1..5)));
            promise_call(w, rng, ctx, &p, counts)
        }
        1 => promise_call(w, rng, ctx, &promise(amount, today, today - Days::new(6)), counts),
        2 => {
            let made = today - Days::new(2);
            let plan = w.plan(ctx.debtor_id, Some(ctx.agent), 3, Frequency::Monthly, made)?;
            let first =
                NewPromise { plan_id: Some(plan), ..promise(amount, today + Days::new(5), made) };
            promise_call(w, rng, ctx, &first, counts)?;
            for k in 1..3u32 {
                let due = Frequency::Monthly.nth(first.due_on, k).unwrap_or(first.due_on);
                w.promise(ctx.debtor_id, &NewPromise { due_on: due, ..first.clone() })?;
                counts.promises += 1;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

pub(super) fn calls(
    w: &mut BookWriter<'_>,
    rng: &mut Rng,
    at: Moment,
    ctx: &NoteContext,
    story: Story,
    counts: &mut DemoCounts,
) -> Result<()> {
    let n = if story == Story::Random { rng.usize(0..=4) } else { 2 };
    // Nothing to have called about before today: no past calls.
    let first = ctx.invoices.iter().map(|(_, issued)| *issued).min();
    let n = if first.is_some_and(|f| f >= at.today) { 0 } else { n };
    for _ in 0..n {
        let mut day = at.today - Days::new(rng.u64(1..90));
        // Not before there was anything to call about.
        let yesterday = at.today - Days::new(1);
        if let Some(first) = ctx.invoices.iter().map(|(_, issued)| *issued).min() {
            day = day.max(first.min(yesterday));
        }
        // Nobody calls a business at the weekend.
        while day.weekday().number_from_monday() > 5 {
            day = day + Days::new(1);
        }
        day = day.min(yesterday);
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
                seconds: if contacted { rng.i64(90..1200) } else { rng.i64(15..60) },
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
                body: fill(pick(rng, notes), ctx, Money::ZERO, day, day),
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
                body: fill(NOTES_CB[0], ctx, Money::ZERO, at.today, at.today),
            },
        )?;
        counts.notes += 1;
    }
    Ok(())
}
