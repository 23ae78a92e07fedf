//! `recoup strategy list|show|add|set|run`: the collection strategies a
//! desk has, a lead's own kept in the book, which one a debtor follows, and
//! the day's run (or its preview, `--dry-run --days N`).

use std::path::Path;

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};

use super::args::StrategyAction;
use super::import::read_regular;
use super::report::DayFlag;
use super::{Context, Failure};
use crate::clock::Moment;
use crate::domain::strategy::{Strategy, valid_name};
use crate::domain::text::clean;
use crate::letters::place;
use crate::letters::sender::try_lock_named;
use crate::strategy::library;
use crate::strategy::run::{preview, run_day};

pub fn run(ctx: &Context, action: StrategyAction) -> Result<(), Failure> {
    match action {
        StrategyAction::List => list(ctx),
        StrategyAction::Show { name } => show(ctx, &name),
        StrategyAction::Add { name, file } => add(ctx, &name, &file),
        StrategyAction::Set { debtor, name } => set(ctx, &debtor, &name),
        StrategyAction::Run { as_of, dry_run, days } => {
            let as_of = DayFlag::read("--as-of", as_of.as_deref())?;
            if days > 0 && !dry_run {
                return Err(Failure::BadInput(
                    "--days previews the next days; it goes with --dry-run".into(),
                ));
            }
            if days > 366 {
                return Err(Failure::BadInput(format!(
                    "--days {days} is more than a year ahead (at most 366)"
                )));
            }
            run_strategies(ctx, as_of.as_ref(), dry_run, days)
        }
    }
}

fn bad_name(name: &str) -> Result<(), Failure> {
    valid_name(name).map(|_| ()).map_err(|why| Failure::BadInput(format!("{name:?} {why}")))
}

fn list(ctx: &Context) -> Result<(), Failure> {
    let store = ctx.open_existing_store()?;
    let rules = store.book_rules()?;
    println!(
        "Strategies are {} (book rule strategies); debtors that name none follow {}.",
        if rules.strategies { "on" } else { "off" },
        rules.default_strategy
    );
    match store.latest_strategy_run()? {
        Some(r) if r.finished => {
            println!("Last run: {} ({} steps taken, {} failed).", r.day, r.taken, r.failed)
        }
        Some(r) => println!("Last run: {} (started, not finished: the next run goes on).", r.day),
        None => println!("No run yet."),
    }
    let (at_steps, to_review) = store.strategy_pipeline()?;
    let pipeline = crate::app::triage_figures::Pipeline {
        on: rules.strategies,
        today: (0, 0),
        to_review,
        at_steps: at_steps.into_iter().map(|(s, i, n)| (s, i + 1, n)).collect(),
    };
    if !pipeline.at_steps.is_empty() {
        println!("At step: {}.", pipeline.steps_text());
    }
    println!("To review: {to_review}.");
    for (name, source) in library::list(&store).map_err(Failure::Runtime)? {
        match library::find(&store, &name) {
            Ok((s, _)) => {
                let steps = crate::domain::text::counted(s.steps.len(), "step", "steps");
                println!("{name:<24} {steps}, {}", source.as_str());
            }
            Err(e) => println!("{name:<24} cannot be used: {e}"),
        }
    }
    Ok(())
}

fn show(ctx: &Context, name: &str) -> Result<(), Failure> {
    bad_name(name)?;
    let store = ctx.open_existing_store()?;
    let (s, source) = library::find(&store, name).map_err(Failure::BadInput)?;
    let count = crate::domain::text::counted(s.steps.len(), "step", "steps");
    println!("{} ({}): {count}", s.name, source.as_str());
    for line in steps(&s) {
        println!("{line}");
    }
    Ok(())
}

/// `  3. first call: 7 days past due, call`.
pub fn steps(s: &Strategy) -> Vec<String> {
    s.steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let when = step.when.says();
            let when = if when.is_empty() { String::new() } else { format!(" (only {when})") };
            format!(
                "{:>3}. {}: {}, {}{when}",
                i + 1,
                step.name,
                step.trigger.says(),
                step.action.label()
            )
        })
        .collect()
}

/// The largest strategy file read.
const MAX_STRATEGY_BYTES: u64 = 64 * 1024;

/// A strategy's text from a file or standard input (`-`), and its name for
/// messages.
fn read_text_file(file: &Path) -> Result<(String, String), Failure> {
    use std::io::Read;
    let (bytes, shown) = if file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().take(MAX_STRATEGY_BYTES + 1).read_to_end(&mut bytes)?;
        (bytes, "standard input".to_owned())
    } else {
        (read_regular(file, "the strategy ")?, clean(&file.display().to_string()).into_owned())
    };
    if bytes.len() as u64 > MAX_STRATEGY_BYTES {
        return Err(Failure::BadInput(format!(
            "the strategy {shown} is larger than {} KiB; a strategy is a short text file",
            MAX_STRATEGY_BYTES / 1024
        )));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::BadInput(format!("the strategy {shown} is not UTF-8 text")))?;
    Ok((text, shown))
}

fn add(ctx: &Context, name: &str, file: &Path) -> Result<(), Failure> {
    bad_name(name)?;
    let (text, shown) = read_text_file(file)?;
    let strategy =
        Strategy::parse(name, &text).map_err(|e| Failure::BadInput(format!("{shown}: {e}")))?;
    // Every template it names must be one this desk has.
    for step in &strategy.steps {
        if let crate::domain::strategy::Action::Email(t)
        | crate::domain::strategy::Action::Letter(t) = &step.action
        {
            crate::letters::writer::template(t).map_err(|e| {
                Failure::BadInput(format!(
                    "{shown}: step {:?} names the template {t}: {e}",
                    step.name
                ))
            })?;
        }
    }
    let store = ctx.open_existing_store()?;
    let lead = ctx.lead(&store, "add a strategy")?;
    let replaced = store.add_strategy(name, &text, lead.id, ctx.clock.now_utc())?;
    let verb = if replaced { "replaced" } else { "added" };
    let steps = crate::domain::text::counted(strategy.steps.len(), "step", "steps");
    println!("{verb} strategy {name} ({steps}) in the book");
    Ok(())
}

fn set(ctx: &Context, debtor: &str, name: &str) -> Result<(), Failure> {
    let store = ctx.open_existing_store()?;
    let lead = ctx.lead(&store, "set a debtor's strategy")?;
    let strategy = if name == "default" {
        None
    } else {
        bad_name(name)?;
        library::find(&store, name).map_err(Failure::BadInput)?;
        Some(name)
    };
    store.set_debtor_strategy(debtor, strategy, lead.id, ctx.clock.now_utc())?;
    println!("{debtor} follows {}", strategy.unwrap_or("the book's default strategy"));
    Ok(())
}

/// The instant a run for `day` stands at: now when it is today, else 09:00
/// of that day in the book's zone (a letter is dated the day it is run for).
fn moment_for(ctx: &Context, day: NaiveDate, at: &Moment, zone: chrono_tz::Tz) -> Moment {
    if day == at.today {
        return *at;
    }
    let nine = day.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default());
    let now = zone.from_local_datetime(&nine).earliest().map(|t| t.with_timezone(&Utc));
    let _ = ctx;
    Moment { now: now.unwrap_or(at.now), today: day }
}

fn run_strategies(
    ctx: &Context,
    as_of: Option<&DayFlag>,
    dry_run: bool,
    days: u32,
) -> Result<(), Failure> {
    let store = ctx.open_existing_store()?;
    let lead = ctx.lead(&store, "run strategies")?;
    let here = ctx.moment(&store)?;
    let rules = store.book_rules()?;
    let day = match as_of {
        Some(f) => f.on(here.today)?,
        None => here.today,
    };
    if day != here.today && !dry_run {
        let when = if day > here.today { "after" } else { "before" };
        return Err(Failure::BadInput(format!(
            "--as-of {day} is {when} today ({} in the book's time zone): a run takes real steps for today, and a day missed is caught up by today's run; --dry-run previews other days",
            here.today
        )));
    }
    let at = moment_for(ctx, day, &here, rules.timezone);
    if dry_run {
        let (preview, unknown) = preview(&store, &at, days).map_err(Failure::Runtime)?;
        if !rules.strategies {
            println!(
                "Strategies are off: nothing is taken until a lead runs `recoup rules set strategies on`. Were they on:"
            );
        }
        let last = at.today + chrono::Days::new(u64::from(days));
        println!("Steps due from {} to {last} (dry run; nothing is changed):", at.today);
        for line in preview.lines() {
            println!("{line}");
        }
        println!("Steps per day:");
        let per_day = preview.per_day();
        let mut d = at.today;
        while d <= last {
            println!("{d}  {}", per_day.get(&d).copied().unwrap_or(0));
            d = d.succ_opt().unwrap_or(d);
            if d == NaiveDate::MAX {
                break;
            }
        }
        for (debtor, why) in &unknown {
            println!("{debtor}: {why}");
        }
        println!("{} steps in all", preview.total());
        return Ok(());
    }
    // One process takes a day's steps at a time (the workstations' and
    // serve's daily run take the same lock): never a message twice.
    let book = std::path::absolute(&ctx.db).unwrap_or_else(|_| ctx.db.clone());
    let Some(_lock) = try_lock_named(&book, ".strategy-lock")? else {
        return Err(Failure::Runtime(
            "another recoup on this book is taking the day's steps now; run again when it is done"
                .into(),
        ));
    };
    let report = run_day(&store, &lead, &at, &place::get().pdf_dir).map_err(Failure::Runtime)?;
    for ((strategy, step, name), count) in &report.taken {
        println!("step {step} of {strategy}: {name}  {count}");
    }
    for (debtor, why) in &report.failed {
        println!("{debtor}: failed: {why}");
    }
    println!("{}", report.sentence(at.today));
    Ok(())
}
