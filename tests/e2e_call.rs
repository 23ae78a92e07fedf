//! End to end: the contact flow in a pseudo-terminal. The pre-call plan
//! refuses to start with required items open; a killed call comes back and
//! is wrapped up; a second agent cannot call a debtor already on a call.

mod common;

use std::path::Path;
use std::time::Duration;

use common::pty::Pty;
use common::{csv_rows, recoup, stderr, stdout};

const WAIT: Duration = Duration::from_secs(10);
/// Wednesday 25 November 2026, 10:00 in New York: inside calling hours.
const T0: &str = "2026-11-25T15:00:00+00:00";

fn book(dir: &Path) -> String {
    let db = dir.join("calls.sqlite").to_str().unwrap().to_owned();
    let run = |args: &[&str]| {
        let out =
            recoup(dir).env("RECOUP_NOW", T0).args(["--db", &db]).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    };
    run(&["--agent", "carol", "agent", "add", "alice"]);
    run(&["--agent", "carol", "agent", "add", "bob"]);
    let files = [
        (
            "debtors",
            "ref,name,contact_name,contact_role,phone,timezone,assigned_to\n\
             CALL-1,Harbor Freight Ltd,Jane Roe,AP,+1 555 0100,America/New_York,alice\n\
             CALL-2,Keystone Foods Inc,Lars Weber,Controller,+1 555 0199,America/New_York,bob\n",
        ),
        (
            "invoices",
            "debtor_ref,number,issued_on,due_on,amount\n\
             CALL-1,H-1,2026-09-01,2026-10-01,1200.00\n\
             CALL-2,K-1,2026-09-01,2026-10-01,800.00\n",
        ),
    ];
    for (kind, text) in files {
        let path = dir.join(format!("{kind}.csv"));
        std::fs::write(&path, text).unwrap();
        run(&["--agent", "carol", "import", kind, path.to_str().unwrap()]);
    }
    db
}

fn open_as(dir: &Path, db: &str, agent: &str, now: &str) -> Pty {
    let pty = Pty::recoup(dir, &["--db", db, "--agent", agent], &[("RECOUP_NOW", now)], 140, 42);
    pty.wait_for(" · local ", WAIT);
    pty
}

/// Ticks the required items and types the goal, in the default checklist.
fn complete_checklist(pty: &mut Pty, goal: &str) {
    pty.send(b" ");
    pty.send(b"j");
    pty.send(b" ");
    pty.send(b"j");
    pty.send(b"j");
    pty.send(b"\r");
    pty.type_text(goal);
    pty.send(b"\r");
    pty.send(b"j");
    pty.send(b"j");
    pty.send(b" ");
    pty.wait_for(&format!("Goal for this call: {goal}"), WAIT);
}

fn export(dir: &Path, db: &str, kind: &str) -> Vec<Vec<String>> {
    let out = recoup(dir).args(["--db", db, "export", kind]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    csv_rows(&stdout(&out))
}

fn column(rows: &[Vec<String>], name: &str) -> usize {
    rows[0].iter().position(|h| h == name).unwrap()
}

#[test]
fn the_call_does_not_start_until_the_required_items_are_done() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let mut pty = open_as(dir.path(), &db, "alice", T0);
    pty.send(b"c");
    pty.wait_for("Pre-call plan", WAIT);
    pty.wait_for("✓ calling hours: 10:00 EST in New York is inside 08:00–18:00", WAIT);
    pty.send(b"\x13");
    pty.wait_for(
        "Not started, still to do: Invoices, amounts and due dates reviewed · Prior commitments and track record reviewed · +2 more",
        WAIT,
    );
    // The plan marks each of the four, and the cursor is on the first.
    pty.wait_for("▶ [ ] Invoices, amounts and due dates reviewed (still to do)", WAIT);
    assert_eq!(pty.screen().matches("(still to do)").count(), 4, "{}", pty.screen());
    assert!(!pty.screen().contains("ON CALL"));
    assert!(
        pty.screen().contains("[ ] Fallback offer: e.g. 3 monthly instalments   "),
        "optional items are not asked for"
    );

    complete_checklist(&mut pty, "PTP 1,200 by Friday");
    pty.send(b"\x13");
    pty.wait_for("ON CALL", WAIT);
    pty.wait_for("Goal: PTP 1,200 by Friday", WAIT);
    pty.type_text("Jane will pay on Friday");
    pty.send(b"\x13");
    pty.wait_for("Wrap-up", WAIT);
    pty.send(b"3");
    pty.send(b"\x13");
    pty.wait_for("Call saved: RPC", WAIT);
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), 0);

    let calls = export(dir.path(), &db, "calls");
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[1][column(&calls, "outcome")], "RPC");
    assert_eq!(calls[1][column(&calls, "goal")], "PTP 1,200 by Friday");
}

#[test]
fn a_killed_call_is_recovered_with_its_notes_and_wrapped_up() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let mut pty = open_as(dir.path(), &db, "alice", T0);
    pty.send(b"c");
    pty.wait_for("Pre-call plan", WAIT);
    complete_checklist(&mut pty, "PTP 600 by Monday");
    pty.send(b"\x13");
    pty.wait_for("ON CALL", WAIT);
    pty.type_text("Voicemail: Jane is out until Monday, left our number");
    pty.wait_for("left our number", WAIT);
    let status = std::process::Command::new("kill")
        .args(["-KILL", &pty.pid().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    pty.wait_exit(WAIT);
    drop(pty);

    // Two minutes later (on the shifted clock) the same agent starts recoup.
    let mut again = open_as(dir.path(), &db, "alice", "2026-11-25T15:02:00+00:00");
    again.wait_for("Call recovered", WAIT);
    again.wait_for("Voicemail: Jane is out until Monday, left our number", WAIT);
    again.wait_for("ON CALL 02:", WAIT);
    again.send(b"\x13");
    again.wait_for("Wrap-up", WAIT);
    again.send(b"4");
    again.wait_for("suggested for LM", WAIT);
    again.send(b"\x13");
    // 10:00 in New York is 15:00 on this agent's (UTC) clock.
    again.wait_for("Call saved: LM · next contact Fri 27 Nov 15:00", WAIT);
    again.send(b"q");
    assert_eq!(again.wait_exit(WAIT), 0);

    let calls = export(dir.path(), &db, "calls");
    assert_eq!(calls.len(), 2, "one call, recovered, not two");
    let call = &calls[1];
    assert_eq!(call[column(&calls, "outcome")], "LM");
    let duration: i64 = call[column(&calls, "duration_seconds")].parse().unwrap();
    assert!((119..200).contains(&duration), "duration {duration}");
    let checklist = &call[column(&calls, "checklist")];
    assert!(
        checklist.contains(r#""item":"Goal for this call","answer":"PTP 600 by Monday""#),
        "{checklist}"
    );
    assert!(
        checklist.contains(r#""item":"Invoices, amounts and due dates reviewed","answer":true"#)
    );
    let notes = export(dir.path(), &db, "notes");
    let note = notes
        .iter()
        .find(|n| n[6] == "Voicemail: Jane is out until Monday, left our number")
        .unwrap();
    assert_eq!(note[4], "1", "tied to the call");
}

#[test]
fn a_second_agent_cannot_call_a_debtor_who_is_on_a_call() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let mut bob = open_as(dir.path(), &db, "bob", T0);
    bob.wait_for("Keystone Foods Inc", WAIT);

    let mut alice = open_as(dir.path(), &db, "alice", T0);
    alice.type_text("/call-2");
    alice.wait_for("1 debtor matches", WAIT);
    alice.send(b"\r");
    alice.send(b"c");
    alice.wait_for("Pre-call plan", WAIT);
    complete_checklist(&mut alice, "Payment date for K-1");
    alice.send(b"\x13");
    alice.wait_for("ON CALL", WAIT);
    bob.wait_for("on call: alice", WAIT);

    bob.send(b"c");
    bob.wait_for("Pre-call plan", WAIT);
    bob.wait_for("✗ someone else on a call: alice is working this debtor now", WAIT);
    complete_checklist(&mut bob, "Ask for payment");
    bob.send(b"\x13");
    bob.wait_for("Only a lead can take over a live call.", WAIT);
    assert!(!bob.screen().contains("ON CALL"));
    bob.send(b"\x1b");
    bob.wait_for("Call not started", WAIT);
    bob.send(b"q");
    assert_eq!(bob.wait_exit(WAIT), 0);
    alice.send(b"\x03");
    assert_eq!(alice.wait_exit(WAIT), 0);

    let calls = export(dir.path(), &db, "calls");
    assert_eq!(calls.len(), 2, "only alice's call: {calls:?}");
    assert_eq!(calls[1][column(&calls, "agent")], "alice");
}

/// Bracketed paste, as a terminal sends it.
fn paste(pty: &mut Pty, text: &str) {
    pty.send(format!("\x1b[200~{text}\x1b[201~").as_bytes());
}

#[test]
fn pasted_text_lands_in_the_plan_a_form_and_the_call_notes() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let mut pty = open_as(dir.path(), &db, "alice", T0);
    pty.send(b"c");
    pty.wait_for("Pre-call plan", WAIT);
    for key in [" ", "j", " ", "j", "j", "\r"] {
        pty.send(key.as_bytes());
    }
    // A single-line item takes the first line of what was pasted.
    paste(&mut pty, "PTP 1,200 by Friday\r\nthen the rest");
    pty.send(b"\r");
    pty.wait_for("Goal for this call: PTP 1,200 by Friday", WAIT);
    for key in ["j", "j", " "] {
        pty.send(key.as_bytes());
    }
    pty.send(b"\x13");
    pty.wait_for("ON CALL", WAIT);
    // The notes keep the pasted line breaks.
    paste(&mut pty, "Jane says:\r\nthe run is on Friday");
    pty.wait_for("the run is on Friday", WAIT);
    pty.send(b"\x10"); // Ctrl-P: a promise, its amount pasted.
    pty.wait_for("Promise to pay", WAIT);
    paste(&mut pty, "1,200.00\n");
    pty.send(b"\t");
    pty.type_text("fri");
    pty.wait_for("1,200.00 by Fri 27 Nov 2026", WAIT);
    pty.send(b"\x13");
    pty.wait_for("Promise on this call: 1,200.00 by Fri 27 Nov", WAIT);
    pty.send(b"\x13");
    pty.wait_for("Wrap-up", WAIT);
    pty.send(b"1");
    pty.send(b"\x13");
    pty.wait_for("Call saved: PTP", WAIT);
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), 0);

    let calls = export(dir.path(), &db, "calls");
    assert_eq!(calls[1][column(&calls, "goal")], "PTP 1,200 by Friday");
    let notes = export(dir.path(), &db, "notes");
    let body = column(&notes, "body");
    assert!(notes.iter().any(|n| n[body] == "Jane says:\nthe run is on Friday"), "{notes:?}");
    let promises = export(dir.path(), &db, "promises");
    assert_eq!(promises[1][column(&promises, "amount")], "1200.00");
    assert_eq!(promises[1][column(&promises, "due_on")], "2026-11-27");
}
