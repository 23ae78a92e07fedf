//! 120 days of the standard strategy over a generated book, one run a day
//! with an injected clock (issue 15): each debtor's steps come in order,
//! none twice, one a day at most; a debtor paused on a day takes nothing
//! that day; a debtor on hold takes nothing at all; paying in full stops
//! the strategy; running a day twice takes nothing the second time. The
//! steps per day are printed.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Days, NaiveDate};
use recoup::clock::Moment;
use recoup::domain::people::DebtorStatus;
use recoup::domain::strategy::evaluate::Decision;
use recoup::domain::strategy::{STANDARD, Strategy};
use recoup::store::{PaymentRequest, Store};
use recoup::strategy::run::run_day;

const DAYS: u64 = 120;

fn at(day: NaiveDate) -> Moment {
    let now = day.and_hms_opt(14, 3, 0).unwrap().and_utc();
    Moment { now, today: day }
}

/// Every debtor's state today, by id.
fn states(store: &Store) -> Vec<recoup::store::StrategyRow> {
    let (mut out, mut after) = (Vec::new(), 0);
    loop {
        let page = store.strategy_states(after, 100).unwrap();
        let Some(last) = page.last() else { break };
        after = last.id;
        out.extend(page);
    }
    out
}

#[test]
fn a_hundred_and_twenty_days_of_the_standard_strategy() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = common::demo_book(dir.path(), 150);
    let carol = store.agent_by_name("carol").unwrap().unwrap();
    let start = common::moment().today;
    store.set_rule("strategies", "on", &carol, common::moment().now).unwrap();
    let strategy = Strategy::parse("standard", STANDARD).unwrap();
    let pdfs = dir.path().join("pdfs");

    let held: HashSet<i64> = states(&store)
        .iter()
        .filter(|r| r.state.status == DebtorStatus::Hold)
        .map(|r| r.id)
        .collect();
    assert!(!held.is_empty(), "the demo book has debtors on hold");
    let mut paid_on: HashMap<i64, NaiveDate> = HashMap::new();
    let mut per_day: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    let mut paused_checked = 0;
    for n in 0..DAYS {
        let day = start.checked_add_days(Days::new(n)).unwrap();
        let m = at(day);
        store.ensure_summaries(&m).unwrap();
        // Who is paused today, as the store stands before the run.
        let rows = states(&store);
        let paused: HashSet<i64> = rows
            .iter()
            .filter(|r| matches!(strategy.decide(&r.state, day), Decision::Paused(_)))
            .map(|r| r.id)
            .collect();
        let report = run_day(&store, &carol, &m, &pdfs).unwrap();
        assert!(report.failed.is_empty(), "{day}: {:?}", report.failed);
        per_day.insert(day, report.steps());
        let again = run_day(&store, &carol, &m, &pdfs).unwrap();
        assert_eq!(again.steps(), 0, "{day}: a second run takes nothing");
        assert!(again.skipped.is_some());
        for id in &paused {
            let taken_today =
                store.strategy_history(*id).unwrap().iter().any(|s| s.taken_on == day);
            assert!(!taken_today, "{day}: debtor {id} was paused and took a step");
            paused_checked += 1;
        }
        // On day 20, pay in full five debtors that have taken a step.
        if n == 20 {
            pay_in_full(&store, &rows, carol.id, &m, &mut paid_on);
            assert_eq!(paid_on.len(), 5);
        }
    }

    let (total, with_steps) = check_histories(&store, &held, &paid_on);
    assert_eq!(total, per_day.values().sum::<usize>(), "the runs' counts are the history");
    assert!(with_steps > 50 && paused_checked > 0, "{with_steps} {paused_checked}");
    eprintln!("{with_steps} debtors took {total} steps over {DAYS} days; steps per day:");
    for (day, n) in &per_day {
        eprintln!("{day}  {n}");
    }
}

/// Each debtor's steps: in order, none twice, one a day, none on hold,
/// none after paying in full. Returns (steps, debtors with steps).
fn check_histories(
    store: &Store,
    held: &HashSet<i64>,
    paid_on: &HashMap<i64, NaiveDate>,
) -> (usize, usize) {
    let mut total = 0;
    let mut with_steps = 0;
    for r in states(store) {
        let history = store.strategy_history(r.id).unwrap();
        total += history.len();
        if !history.is_empty() {
            with_steps += 1;
        }
        for pair in history.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a.cycle == b.cycle {
                assert!(a.step < b.step, "debtor {}: in order, none twice: {history:?}", r.id);
            }
            assert!(a.taken_on < b.taken_on, "debtor {}: one a day: {history:?}", r.id);
        }
        assert!(history.iter().all(|s| s.outcome == "done"), "{history:?}");
        if held.contains(&r.id) {
            assert!(history.is_empty(), "debtor {} is on hold: {history:?}", r.id);
        }
        if let Some(paid) = paid_on.get(&r.id) {
            assert!(!history.is_empty());
            assert!(
                history.iter().all(|s| s.taken_on <= *paid),
                "debtor {} paid in full on {paid}: {history:?}",
                r.id
            );
            assert_eq!(r.state.balance.cents(), 0);
        }
    }
    (total, with_steps)
}

/// Pays in full five debtors of `rows` that have taken a step.
fn pay_in_full(
    store: &Store,
    rows: &[recoup::store::StrategyRow],
    by: i64,
    m: &Moment,
    paid_on: &mut HashMap<i64, NaiveDate>,
) {
    let owing = rows.iter().filter(|r| r.state.reached.is_some() && r.state.balance.cents() > 0);
    for r in owing.take(5) {
        let payment = PaymentRequest {
            debtor_id: r.id,
            agent_id: by,
            received_on: m.today,
            amount: r.state.balance,
            reference: format!("PAID-{}", r.id),
            invoice_id: None,
        };
        store.record_payment(&payment, m).unwrap();
        paid_on.insert(r.id, m.today);
    }
}

#[test]
fn a_call_ended_on_the_debtor_closes_its_call_task_for_every_desk() {
    use recoup::domain::queue::QueueFilter;
    use recoup::store::{CallStart, Page, QueueKey, QueueScope, WrapUp};
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = common::demo_book(dir.path(), 120);
    let carol = store.agent_by_name("carol").unwrap().unwrap();
    let alice = store.agent_by_name("alice").unwrap().unwrap();
    let m = common::moment();
    store.set_rule("strategies", "on", &carol, m.now).unwrap();
    run_day(&store, &carol, &m, &dir.path().join("pdfs")).unwrap();
    // Alice's due-now queue: a debtor whose strategy asked for a call.
    let queue = |s: &Store| {
        let first = Page::From(QueueKey::FIRST);
        s.queue_page(QueueScope::Mine(alice.id), QueueFilter::DueNow, first, 500, m.now).unwrap()
    };
    let called = queue(&store)
        .into_iter()
        .map(|r| r.debtor_id())
        .find(|id| store.strategy_position(*id).unwrap().is_some_and(|p| p.call.is_some()))
        .expect("a call task in alice's due-now queue");
    let (on, why) = store.strategy_position(called).unwrap().unwrap().call.unwrap();
    assert_eq!(on, m.today);
    assert!(why.contains(" of standard: ") && why.contains("call"), "{why}");
    // A second desk on the same book sees the task, then sees it closed.
    let other = Store::open(&path).unwrap();
    assert!(other.strategy_position(called).unwrap().unwrap().call.is_some());
    let start = CallStart {
        debtor_id: called,
        agent_id: alice.id,
        contact_id: None,
        checklist: "[]".into(),
        goal: String::new(),
        overrides: String::new(),
        take_over: false,
    };
    let call_id = store.start_call(&start, m.now).unwrap();
    let wrap = WrapUp {
        call_id,
        debtor_id: called,
        agent_id: alice.id,
        outcome: "no answer".into(),
        contacted: false,
        next_contact_at: None,
        note: "Rang, no answer.".into(),
        promise: None,
    };
    store.wrap_up(&wrap, &m).unwrap();
    let position = other.strategy_position(called).unwrap().unwrap();
    assert_eq!(position.call, None, "the call was made");
    assert!(position.reached.is_some(), "the step reached stays");
    let history = other.strategy_history(called).unwrap();
    assert_eq!(history.len(), 1, "{history:?}");
}

/// Step notes in the book, from its notes export.
fn step_notes(dir: &std::path::Path, db: &str) -> usize {
    let out = common::cli_book::run(dir, db, "carol", &["export", "notes"]);
    common::stdout(&out).lines().filter(|l| l.contains("Strategy step")).count()
}

/// `recoup … ARGS` as carol at the tests' time, which must succeed: its output.
fn run_ok(dir: &std::path::Path, db: &str, args: &[&str]) -> String {
    let out = common::cli_book::run(dir, db, "carol", args);
    assert!(out.status.success(), "{args:?}: {}", common::stderr(&out));
    common::stdout(&out)
}

/// `strategy run` as carol, paused (the `faults` feature) for `secs` once
/// `after` steps are taken; returned once it says so.
fn paused_run(dir: &std::path::Path, db: &str, after: &str, secs: &str) -> std::process::Child {
    use std::process::Stdio;
    let mut child = common::recoup(dir)
        .env("RECOUP_NOW", common::NOW)
        .env("RECOUP_FAULT_STRATEGY_PAUSE", after)
        .env("RECOUP_FAULT_STRATEGY_PAUSE_SECS", secs)
        .args(["--db", db, "--agent", "carol", "strategy", "run"])
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
    std::io::BufRead::read_line(&mut err, &mut line).unwrap();
    assert_eq!(line.trim(), format!("recoup: paused after {after} steps"));
    child
}

#[test]
fn a_run_killed_halfway_is_finished_by_the_next_with_no_step_twice() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = common::cli_book::demo(d, 200);
    let run = |args: &[&str]| run_ok(d, &db, args);
    run(&["rules", "set", "strategies", "on"]);
    let dry = run(&["strategy", "run", "--dry-run"]);
    let due: usize = dry
        .lines()
        .last()
        .and_then(|l| l.strip_suffix(" steps in all"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{dry}"));
    assert!(due > 20, "{dry}");

    let mut child = paused_run(d, &db, "10", "30");
    // SAFETY: kill(2) on our own child's pid.
    unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
    child.wait().unwrap();
    assert_eq!(step_notes(d, &db), 10, "the ten steps taken are kept");

    let rest = run(&["strategy", "run"]);
    assert!(rest.contains(&format!("{} steps taken (0 failed)", due - 10)), "{rest}");
    assert_eq!(step_notes(d, &db), due, "every step once");
    let again = run(&["strategy", "run"]);
    assert!(again.contains("the day's run is already done"), "{again}");
}

#[test]
fn a_debtor_moved_to_another_strategy_and_back_takes_no_step_twice() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = common::demo_book(dir.path(), 80);
    let carol = store.agent_by_name("carol").unwrap().unwrap();
    let pdfs = dir.path().join("pdfs");
    let day = |n: u64| at(common::moment().today.checked_add_days(Days::new(n)).unwrap());
    store.set_rule("strategies", "on", &carol, day(0).now).unwrap();
    let calls =
        "name = \"calls\"\n\n[[step]]\nname = \"ring\"\ndays_past_due = 1\naction = \"call\"\n";
    store.add_strategy("calls", calls, carol.id, day(0).now).unwrap();
    run_day(&store, &carol, &day(0), &pdfs).unwrap();
    // A debtor that may be called whose first step was a letter or an email.
    let row = states(&store)
        .into_iter()
        .filter(|r| !r.state.do_not_call && r.state.promise_due.is_none())
        .find(|r| {
            let h = store.strategy_history(r.id).unwrap();
            h.len() == 1 && (h[0].action.starts_with("letter") || h[0].action.starts_with("email"))
        })
        .expect("a debtor sent a message");
    let letters = store.debtor_letters(row.id, 100).unwrap().len();
    store.set_debtor_strategy(&row.reference, Some("calls"), carol.id, day(1).now).unwrap();
    store.ensure_summaries(&day(1)).unwrap();
    run_day(&store, &carol, &day(1), &pdfs).unwrap();
    store.set_debtor_strategy(&row.reference, None, carol.id, day(2).now).unwrap();
    for n in 2..5 {
        store.ensure_summaries(&day(n)).unwrap();
        run_day(&store, &carol, &day(n), &pdfs).unwrap();
    }
    let history = store.strategy_history(row.id).unwrap();
    let standard: Vec<usize> =
        history.iter().filter(|s| s.strategy == "standard").map(|s| s.step).collect();
    let mut once = standard.clone();
    once.dedup();
    assert_eq!(standard, once, "{history:?}");
    assert!(history.iter().any(|s| s.strategy == "calls"), "{history:?}");
    let new_letters = store.debtor_letters(row.id, 100).unwrap().len() - letters;
    let new_message_steps = history[1..]
        .iter()
        .filter(|s| s.action.starts_with("letter") || s.action.starts_with("email"))
        .count();
    assert_eq!(new_letters, new_message_steps, "no message again: {history:?}");
}

#[test]
fn a_missed_instalment_lifts_the_pause_before_the_plans_last_is_due() {
    use recoup::domain::Money;
    use recoup::domain::plan::Instalment;
    use recoup::store::PromiseRequest;
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = common::demo_book(dir.path(), 80);
    let carol = store.agent_by_name("carol").unwrap().unwrap();
    let strategy = Strategy::parse("standard", STANDARD).unwrap();
    let pdfs = dir.path().join("pdfs");
    let day = |n: u64| at(common::moment().today.checked_add_days(Days::new(n)).unwrap());
    store.set_rule("strategies", "on", &carol, day(0).now).unwrap();
    // A debtor with a step due today, and no promise.
    let row = states(&store)
        .into_iter()
        .find(|r| matches!(strategy.decide(&r.state, day(0).today), Decision::Take { .. }))
        .expect("a step is due for someone");
    let plan = PromiseRequest {
        debtor_id: row.id,
        agent_id: carol.id,
        call_id: None,
        instalments: vec![
            Instalment { amount: Money(1_000), due_on: day(1).today },
            Instalment { amount: Money(1_000), due_on: day(20).today },
        ],
        frequency: None,
        invoice_ids: Vec::new(),
        cancel_open: false,
        waive_interest: false,
    };
    store.add_promise(&plan, &day(0)).unwrap();
    let mut taken_on = None;
    for n in 0..15 {
        store.ensure_summaries(&day(n)).unwrap();
        run_day(&store, &carol, &day(n), &pdfs).unwrap();
        if taken_on.is_none() && !store.strategy_history(row.id).unwrap().is_empty() {
            taken_on = Some(n);
        }
    }
    // Paused while the first instalment is not yet due; once it is missed,
    // the step due is taken, long before the second (day 20) falls due.
    let n = taken_on.expect("the pause lifted before the second instalment");
    assert!((2..15).contains(&n), "taken on day {n}");
}

#[test]
fn turning_strategies_off_stops_a_run_in_progress() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = common::cli_book::demo(d, 200);
    let run = |args: &[&str]| run_ok(d, &db, args);
    run(&["rules", "set", "strategies", "on"]);
    let child = paused_run(d, &db, "5", "3");
    // The lead pulls the kill switch while the run is paused.
    run(&["rules", "set", "strategies", "off"]);
    let out = child.wait_with_output().unwrap();
    let said = common::stdout(&out);
    assert!(
        said.contains(
            "2026-11-25: stopped after 5 steps: strategies were turned off during the run"
        ),
        "{said}"
    );
    assert_eq!(step_notes(d, &db), 5, "nothing after the switch");
    // On again: the day was not marked done, and the next run goes on.
    run(&["rules", "set", "strategies", "on"]);
    let rest = run(&["strategy", "run"]);
    assert!(rest.contains("steps taken (0 failed)") && !rest.contains("already done"), "{rest}");
    assert!(step_notes(d, &db) > 5);
}
