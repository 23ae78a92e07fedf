//! Collection strategies over the 100,000-debtor book (issue 15): the
//! evaluation of one day (every debtor read a page at a time and decided),
//! the dry run of the next 14 days, and the runs that take the steps: the
//! first day (which catches up every debtor's latest step due, with a
//! letter or an email rendered for each message step) and the day after
//! (the steady state). `cargo bench --bench strategy_day`.

mod support;

use std::time::Instant;

use chrono::Days;
use recoup::clock::{Clock, Moment, SystemClock};
use recoup::domain::strategy::{STANDARD, Strategy};
use recoup::store::Store;
use recoup::strategy::run::{preview, run_day};

const DEBTORS: usize = 100_000;

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let cached = support::book(DEBTORS);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("book.sqlite");
    std::fs::copy(&cached, &path).unwrap();
    let store = Store::open(&path).unwrap();
    let at = store.moment(SystemClock.now_utc()).unwrap();
    let carol = store.agent_by_name("carol").unwrap().unwrap();
    store.set_rule("strategies", "on", &carol, at.now).unwrap();
    let strategy = Strategy::parse("standard", STANDARD).unwrap();

    // Evaluation only: every debtor read and decided, nothing taken.
    for run in 1..=3 {
        let t = Instant::now();
        let (mut after, mut decided, mut due) = (0, 0, 0);
        loop {
            let page = store.strategy_states(after, 500).unwrap();
            let Some(last) = page.last() else { break };
            after = last.id;
            for row in &page {
                decided += 1;
                if matches!(
                    strategy.decide(&row.state, at.today),
                    recoup::domain::strategy::evaluate::Decision::Take { .. }
                ) {
                    due += 1;
                }
            }
        }
        println!(
            "evaluate one day (run {run}): {decided} debtors decided, {due} steps due, in {:.2} s",
            t.elapsed().as_secs_f64()
        );
    }
    let t = Instant::now();
    let (p, _) = preview(&store, &at, 14).unwrap();
    println!(
        "dry run of 14 days: {} steps planned, in {:.2} s",
        p.total(),
        t.elapsed().as_secs_f64()
    );

    let pdfs = dir.path().join("pdfs");
    let t = Instant::now();
    let first = run_day(&store, &carol, &at, &pdfs).unwrap();
    let secs = t.elapsed().as_secs_f64();
    println!("first day, taking the steps: {} ({:.1} s)", first.sentence(at.today), secs);
    for ((s, step, name), n) in &first.taken {
        println!("  step {step} of {s}: {name}  {n}");
    }
    let next_day = at.today.checked_add_days(Days::new(1)).unwrap();
    let next = Moment { now: at.now + chrono::Duration::days(1), today: next_day };
    store.ensure_summaries(&next).unwrap();
    let t = Instant::now();
    let second = run_day(&store, &carol, &next, &pdfs).unwrap();
    println!("the day after: {} ({:.2} s)", second.sentence(next_day), t.elapsed().as_secs_f64());
}
