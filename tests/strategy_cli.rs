//! Collection strategies from the command line and on the screen (issue
//! 15): the kill switch, `strategy run --dry-run --days 14`, a run taken
//! once a day, a desk's own strategy refused with its line and column, and
//! a `call` step that puts the debtor at the top of the agent's due-now
//! queue with its reason, which `w` explains; the lead's second workstation
//! sees the pipeline on triage.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::pty::Pty;
use common::{recoup, stderr, stdout};

const WAIT: Duration = Duration::from_secs(10);
/// Wednesday 25 November 2026, 10:00 in New York: inside calling hours.
const T0: &str = "2026-11-25T15:00:00+00:00";

/// CALL-1 is 10 days past due (its first call is due); BIG-1 owes more and
/// is 60 days past due (its final demand is due: a letter, no call); HELD-1
/// is on hold.
fn book(dir: &Path) -> (String, PathBuf) {
    let db = dir.join("strategy.sqlite").to_str().unwrap().to_owned();
    let config = dir.join("config.toml");
    std::fs::write(&config, format!("pdf_dir = \"{}\"\n", dir.join("pdfs").display())).unwrap();
    run_ok(dir, &db, &config, "carol", &["agent", "add", "alice"]);
    run_ok(dir, &db, &config, "carol", &["rules", "set", "sender.name", "Northwind Supplies Ltd"]);
    run_ok(dir, &db, &config, "carol", &["rules", "set", "sender.email", "ar@northwind.example"]);
    let files = [
        (
            "debtors",
            "ref,name,contact_name,phone,email,timezone,assigned_to,status\n\
             CALL-1,Harbor Freight Ltd,Jane Roe,+1 555 0100,jane@harbor.example,America/New_York,alice,active\n\
             BIG-1,Bigger Bolts Inc,Sam Poe,+1 555 0101,,America/New_York,alice,active\n\
             HELD-1,Held Hardware,Ann Lee,+1 555 0102,ann@held.example,America/New_York,alice,hold\n",
        ),
        (
            "invoices",
            "debtor_ref,number,issued_on,due_on,amount\n\
             CALL-1,H-1,2026-10-15,2026-11-15,300.00\n\
             BIG-1,B-1,2026-08-26,2026-09-26,60000.00\n\
             BIG-1,B-2,2026-09-10,2026-10-10,20000.00\n\
             BIG-1,B-3,2026-09-20,2026-10-20,10000.00\n\
             HELD-1,L-1,2026-08-26,2026-09-26,5000.00\n",
        ),
    ];
    for (kind, text) in files {
        let path = dir.join(format!("{kind}.csv"));
        std::fs::write(&path, text).unwrap();
        run_ok(dir, &db, &config, "carol", &["import", kind, path.to_str().unwrap()]);
    }
    (db, config)
}

fn run(dir: &Path, db: &str, config: &Path, agent: &str, args: &[&str]) -> std::process::Output {
    run_at(T0, dir, db, config, agent, args)
}

/// At another instant than T0 (a later day).
fn run_at(
    now: &str,
    dir: &Path,
    db: &str,
    config: &Path,
    agent: &str,
    args: &[&str],
) -> std::process::Output {
    recoup(dir)
        .env("RECOUP_NOW", now)
        .args(["--db", db, "--agent", agent, "--config", config.to_str().unwrap()])
        .args(args)
        .output()
        .unwrap()
}

fn run_ok(dir: &Path, db: &str, config: &Path, agent: &str, args: &[&str]) -> String {
    let out = run(dir, db, config, agent, args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

/// Steps taken in the book, from its notes.
fn step_notes(dir: &Path, db: &str) -> Vec<String> {
    let out = recoup(dir).args(["--db", db, "export", "notes"]).output().unwrap();
    stdout(&out).lines().filter(|l| l.contains("Strategy step")).map(str::to_owned).collect()
}

#[test]
fn the_kill_switch_is_off_in_a_new_book_and_only_a_lead_turns_it_on() {
    let dir = tempfile::tempdir().unwrap();
    let (db, config) = book(dir.path());
    let d = dir.path();
    let off = run_ok(d, &db, &config, "carol", &["strategy", "run"]);
    assert!(off.contains("no step taken: strategies are off"), "{off}");
    assert!(step_notes(d, &db).is_empty(), "off takes nothing");

    let refused = run(d, &db, &config, "alice", &["rules", "set", "strategies", "on"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("only a lead"), "{}", stderr(&refused));
    let refused = run(d, &db, &config, "alice", &["strategy", "run"]);
    assert_eq!(refused.status.code(), Some(2), "an agent does not run strategies");
    let bad = run(d, &db, &config, "carol", &["rules", "set", "strategies", "maybe"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("strategies \"maybe\" is not on or off"), "{}", stderr(&bad));

    run_ok(d, &db, &config, "carol", &["rules", "set", "strategies", "on"]);
    let audit = stdout(&recoup(d).args(["--db", &db, "export", "audit"]).output().unwrap());
    assert!(audit.lines().any(|l| l.contains("strategies") && l.contains("on")), "{audit}");
    let first = run_ok(d, &db, &config, "carol", &["strategy", "run"]);
    assert!(first.contains("step 3 of standard: first call  1"), "{first}");
    assert!(first.contains("step 6 of standard: final demand  1"), "{first}");
    assert!(first.contains("2026-11-25: 2 steps taken (0 failed)"), "{first}");
    assert!(first.contains("1 paused"), "HELD-1 is on hold: {first}");
    let notes = step_notes(d, &db);
    assert_eq!(notes.len(), 2, "{notes:?}");
    // The same day again takes nothing.
    let again = run_ok(d, &db, &config, "carol", &["strategy", "run"]);
    assert!(again.contains("no step taken: the day's run is already done"), "{again}");
    assert_eq!(step_notes(d, &db).len(), 2);
    // BIG-1 has no email address: the final demand is a PDF to post.
    let outbox = run_ok(d, &db, &config, "carol", &["outbox", "list"]);
    assert!(outbox.contains("BIG-1") && outbox.contains("final-demand"), "{outbox}");
    assert!(outbox.contains("printed"), "{outbox}");
    // One message per debtor per step, whatever the invoices it covers.
    assert_eq!(outbox.lines().filter(|l| l.contains("BIG-1")).count(), 1, "{outbox}");

    // A run may not be for a day to come: it takes real steps.
    let ahead = run(d, &db, &config, "carol", &["strategy", "run", "--as-of", "2026-11-30"]);
    assert_eq!(ahead.status.code(), Some(2));
    assert!(stderr(&ahead).contains("is after today (2026-11-25"), "{}", stderr(&ahead));
    // Off again: a later day takes nothing.
    run_ok(d, &db, &config, "carol", &["rules", "set", "strategies", "off"]);
    let next = run_at("2026-11-30T15:00:00Z", d, &db, &config, "carol", &["strategy", "run"]);
    assert!(
        stdout(&next).contains("2026-11-30: no step taken: strategies are off"),
        "{}",
        stdout(&next)
    );
    assert_eq!(step_notes(d, &db).len(), 2);
}

#[test]
fn a_dry_run_lists_the_next_fourteen_days_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, config) = book(dir.path());
    let d = dir.path();
    run_ok(d, &db, &config, "carol", &["rules", "set", "strategies", "on"]);
    let dry = run_ok(d, &db, &config, "carol", &["strategy", "run", "--dry-run", "--days", "14"]);
    let lines: Vec<&str> = dry.lines().collect();
    assert_eq!(lines[0], "Steps due from 2026-11-25 to 2026-12-09 (dry run; nothing is changed):");
    assert!(
        lines.contains(&"2026-11-25  step 3 of standard: first call (call)  1  CALL-1"),
        "{dry}"
    );
    assert!(
        lines.contains(
            &"2026-11-25  step 6 of standard: final demand (letter final-demand)  1  BIG-1"
        ),
        "{dry}"
    );
    // CALL-1: the firm reminder at 21 days past due (2026-12-06); BIG-1's
    // letter before action at 75 days (2026-12-10) is after the window.
    assert!(
        lines.contains(
            &"2026-12-06  step 4 of standard: firm reminder (letter reminder-firm)  1  CALL-1"
        ),
        "{dry}"
    );
    assert!(!dry.contains("HELD-1"), "a debtor on hold plans nothing: {dry}");
    assert!(lines.contains(&"2026-11-25  2") && lines.contains(&"2026-12-06  1"), "{dry}");
    assert_eq!(lines.iter().filter(|l| l.starts_with("2026-") && l.len() == 13).count(), 15);
    assert_eq!(*lines.last().unwrap(), "3 steps in all");
    assert!(step_notes(d, &db).is_empty(), "a dry run changes nothing");
    let outbox = run_ok(d, &db, &config, "carol", &["outbox", "list"]);
    assert_eq!(outbox.lines().count(), 1, "only the header: {outbox}");

    let days = run(d, &db, &config, "carol", &["strategy", "run", "--days", "3"]);
    assert_eq!(days.status.code(), Some(2));
    assert!(stderr(&days).contains("goes with --dry-run"), "{}", stderr(&days));
}

#[test]
fn a_desks_strategy_is_checked_stored_and_set_on_a_debtor() {
    let dir = tempfile::tempdir().unwrap();
    let (db, config) = book(dir.path());
    let d = dir.path();
    let bad = d.join("bad.toml");
    std::fs::write(
        &bad,
        "name = \"x\"\n\n[[step]]\nname = \"call\"\ndays_past_due = 7\naction = \"phone\"\n",
    )
    .unwrap();
    let out = run(d, &db, &config, "carol", &["strategy", "add", "calls", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("bad.toml") && err.contains("line 3, column 1"), "{err}");
    assert!(err.contains("action \"phone\" is not one of email, letter, call"), "{err}");
    assert_eq!(err.lines().count(), 1, "one sentence: {err}");

    let good = d.join("calls.toml");
    std::fs::write(
        &good,
        "name = \"early-calls\"\n\n[[step]]\nname = \"early call\"\ndays_past_due = 3\naction = \"call\"\n\n[[step]]\nname = \"lead looks\"\ndays_past_due = 65\naction = \"review\"\n",
    )
    .unwrap();
    let refused =
        run(d, &db, &config, "alice", &["strategy", "add", "calls", good.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    let added =
        run_ok(d, &db, &config, "carol", &["strategy", "add", "calls", good.to_str().unwrap()]);
    assert_eq!(added.trim(), "added strategy calls (2 steps) in the book");
    let list = run_ok(d, &db, &config, "carol", &["strategy", "list"]);
    assert!(list.contains("calls                    2 steps, stored in the book"), "{list}");
    assert!(list.contains("standard                 8 steps, shipped with recoup"), "{list}");
    assert!(list.contains("No run yet."), "{list}");
    // A desk's own file in the config directory's strategies/.
    std::fs::create_dir_all(d.join("strategies")).unwrap();
    std::fs::write(
        d.join("strategies/gentle.toml"),
        "name = \"gentle\"\n\n[[step]]\nname = \"nudge\"\ndays_past_due = 10\naction = \"email\"\ntemplate = \"reminder-friendly\"\n",
    )
    .unwrap();
    let list = run_ok(d, &db, &config, "carol", &["strategy", "list"]);
    assert!(list.contains("gentle                   1 step, the desk's file"), "{list}");
    let shown = run_ok(d, &db, &config, "carol", &["strategy", "show", "gentle"]);
    assert!(shown.contains("  1. nudge: 10 days past due, email reminder-friendly"), "{shown}");
    let unknown = run(d, &db, &config, "carol", &["strategy", "set", "BIG-1", "nope"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("there is no strategy nope"), "{}", stderr(&unknown));
    run_ok(d, &db, &config, "carol", &["strategy", "set", "BIG-1", "calls"]);
    run_ok(d, &db, &config, "carol", &["rules", "set", "strategies", "on"]);
    let first = run_ok(d, &db, &config, "carol", &["strategy", "run"]);
    assert!(first.contains("step 1 of calls: early call  1"), "{first}");
    // Five days on, the lead's review; it is in triage's "to review".
    let later = run_at("2026-11-30T15:00:00Z", d, &db, &config, "carol", &["strategy", "run"]);
    let later = stdout(&later);
    assert!(later.contains("step 2 of calls: lead looks  1"), "{later}");
    let at = |agent: &str, args: &[&str]| {
        stdout(&run_at("2026-11-30T15:00:00Z", d, &db, &config, agent, args))
    };
    let list = at("carol", &["strategy", "list"]);
    assert!(list.contains("At step: calls 2:1, standard 3:1."), "{list}");
    assert!(list.contains("To review: 1."), "{list}");
    // An agent's note does not answer the lead's review; the lead's does.
    at("alice", &["note", "add", "BIG-1", "Left a voicemail."]);
    assert!(at("carol", &["strategy", "list"]).contains("To review: 1."));
    at("carol", &["note", "add", "BIG-1", "Reviewed: keep calling weekly."]);
    assert!(at("carol", &["strategy", "list"]).contains("To review: 0."));
    let export = run_ok(d, &db, &config, "carol", &["export", "debtors"]);
    let big = export.lines().find(|l| l.starts_with("BIG-1,")).unwrap();
    assert!(big.contains(",calls,"), "the export carries the strategy: {big}");
}

#[test]
fn a_call_step_puts_the_debtor_first_in_the_agents_queue_and_w_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let (db, config) = book(dir.path());
    let d = dir.path();
    run_ok(d, &db, &config, "carol", &["rules", "set", "strategies", "on"]);
    run_ok(d, &db, &config, "carol", &["strategy", "run"]);

    let args = ["--db", db.as_str(), "--agent", "alice", "--config", config.to_str().unwrap()];
    let mut pty = Pty::recoup(d, &args, &[("RECOUP_NOW", T0)], 140, 42);
    pty.wait_for("Track record:", WAIT);
    // BIG-1 owes 300 times more, yet CALL-1 comes first: its call is due.
    pty.wait_for("Harbor Freight Ltd", WAIT);
    let screen = pty.screen();
    let harbor = screen.find("Harbor Freight").unwrap();
    let bigger = screen.find("Bigger Bolts").unwrap();
    assert!(harbor < bigger, "{screen}");
    pty.wait_for("Strategy standard: step 3 first call taken 2026-11-25 · call due", WAIT);
    pty.send(b"w");
    pty.wait_for("In the first group, with callbacks and promises due: a call is due since", WAIT);
    pty.wait_for("2026-11-25 (step 3 of standard: first call).", WAIT);
    pty.send(b"\x1b");
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), 0);

    // The lead's workstation: the pipeline on triage.
    let args = ["--db", db.as_str(), "--agent", "carol", "--config", config.to_str().unwrap()];
    let mut lead = Pty::recoup(d, &args, &[("RECOUP_NOW", T0)], 140, 42);
    lead.wait_for("Track record:", WAIT);
    lead.send(b"L");
    lead.wait_for("Strategy steps today 2 (0 failed)", WAIT);
    lead.wait_for("At step standard 3:1 6:1", WAIT);
    lead.send(b"\x1b");
    lead.send(b"q");
    assert_eq!(lead.wait_exit(WAIT), 0);
}

#[test]
fn the_first_workstation_of_the_day_takes_the_steps_and_the_second_finds_them_taken() {
    let dir = tempfile::tempdir().unwrap();
    let (db, config) = book(dir.path());
    let d = dir.path();
    run_ok(d, &db, &config, "carol", &["rules", "set", "strategies", "on"]);
    let open = |agent: &str| {
        let args = ["--db", db.as_str(), "--agent", agent, "--config", config.to_str().unwrap()];
        let pty = Pty::recoup(d, &args, &[("RECOUP_NOW", T0)], 140, 42);
        pty.wait_for("Track record:", WAIT);
        pty
    };
    let mut alice = open("alice");
    // Nobody ran `strategy run`: alice's workstation takes the day's steps
    // at the rollover, and her screen reads them back (whichever debtor it
    // shows first: the queue may be read before or after).
    alice.wait_for(" taken 2026-11-25", WAIT);
    // Her run goes on in the background: both steps, then carol opens.
    let start = std::time::Instant::now();
    while step_notes(d, &db).len() < 2 && start.elapsed() < WAIT {
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut carol = open("carol");
    carol.wait_for(" taken 2026-11-25", WAIT);
    for pty in [&mut alice, &mut carol] {
        pty.send(b"q");
        assert_eq!(pty.wait_exit(WAIT), 0);
    }
    let notes = step_notes(d, &db);
    assert_eq!(notes.len(), 2, "each step once, whoever opened first: {notes:?}");
    assert!(notes.iter().all(|n| n.contains(",alice,")), "taken as alice: {notes:?}");
    let again = run_ok(d, &db, &config, "carol", &["strategy", "run"]);
    assert!(again.contains("the day's run is already done"), "{again}");
}

#[test]
fn a_message_written_before_a_run_was_cut_short_is_not_written_again() {
    let dir = tempfile::tempdir().unwrap();
    let (db, config) = book(dir.path());
    let d = dir.path();
    // As if a run had written BIG-1's final demand and been killed before
    // recording the step: the letter is in the outbox, the step is not.
    let sent = run_ok(
        d,
        &db,
        &config,
        "carol",
        &["letters", "send", "final-demand", "--filter", "debtor:BIG-1"],
    );
    assert!(sent.contains("1 saved as PDF"), "{sent}");
    run_ok(d, &db, &config, "carol", &["rules", "set", "strategies", "on"]);
    let run = run_ok(d, &db, &config, "carol", &["strategy", "run"]);
    assert!(run.contains("step 6 of standard: final demand  1"), "{run}");
    let outbox = run_ok(d, &db, &config, "carol", &["outbox", "list"]);
    let demands: Vec<&str> = outbox.lines().filter(|l| l.contains("final-demand")).collect();
    assert_eq!(demands.len(), 1, "one final demand, not two: {outbox}");
    let notes = step_notes(d, &db);
    assert!(
        notes
            .iter()
            .any(|n| n.contains("final demand")
                && n.contains("was already written since 2026-11-10")),
        "{notes:?}"
    );
}

#[test]
fn a_run_by_hand_waits_for_the_run_another_process_is_taking() {
    use std::os::fd::AsRawFd;
    let dir = tempfile::tempdir().unwrap();
    let (db, config) = book(dir.path());
    let d = dir.path();
    run_ok(d, &db, &config, "carol", &["rules", "set", "strategies", "on"]);
    // Another process (a workstation's daily run) holds the book's lock.
    let lock = std::fs::File::create(format!("{db}.strategy-lock")).unwrap();
    // SAFETY: flock on a descriptor this test owns.
    assert_eq!(unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) }, 0);
    let busy = run(d, &db, &config, "carol", &["strategy", "run"]);
    assert!(!busy.status.success());
    assert!(stderr(&busy).contains("is taking the day's steps now"), "{}", stderr(&busy));
    assert!(step_notes(d, &db).is_empty(), "nothing taken beside the other run");
    drop(lock);
    let run = run_ok(d, &db, &config, "carol", &["strategy", "run"]);
    assert!(run.contains("2 steps taken"), "{run}");
}
