//! Several people on one served desk: each session its own workstation,
//! each seeing the others' work; the roles the key's agent has (issue 12).

mod common;

use std::time::Duration;

use common::serve::{Desk, note_seen_by_another_session};
use common::{csv_rows, stderr, stdout};

const WAIT: Duration = Duration::from_secs(15);

#[test]
fn a_note_saved_in_one_session_shows_in_another() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::start(dir.path());
    // The other session's Notes pane takes it up at its next look at the book.
    note_seen_by_another_session(&desk, "Promised a remittance advice by noon.");
    let notes = csv_rows(&stdout(&desk.local(&["export", "notes"])));
    assert!(notes.iter().any(|r| r.contains(&"Promised a remittance advice by noon.".to_owned())));
}

#[test]
fn triage_is_refused_to_an_agent_and_opens_for_a_lead() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::start(dir.path());
    let alice = desk.key_for("alice");
    let carol = desk.key_for("carol");
    let mut agent = desk.terminal(&alice, &[], 140, 42);
    agent.wait_for("Commitments", WAIT);
    agent.send(b"L");
    agent.wait_for("Triage is for team leads; alice is an agent.", WAIT);
    let mut lead = desk.terminal(&carol, &[], 140, 42);
    lead.wait_for("recoup · carol (lead)", WAIT);
    lead.send(b"L");
    lead.wait_for("Debtors · ", WAIT);
}

#[test]
fn the_service_account_registers_keys_locally_and_imports_read_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let book = common::serve::demo(dir.path());
    let db = book.to_str().unwrap();
    let key = dir.path().join("alice");
    let made = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f", key.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(made.status.success());
    let public = format!("{}.pub", key.display());
    // No lead named: the owner of the book (this test's user) may.
    let out = common::serve::local(
        dir.path(),
        &["--db", db, "--agent", "alice", "agent", "key", "add", "alice", &public],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let audit =
        csv_rows(&stdout(&common::serve::local(dir.path(), &["--db", db, "export", "audit"])));
    let added = audit.iter().find(|r| r[5] == "key add").unwrap();
    assert_eq!(added[2], "", "the service account is no agent: {added:?}");
    // A key belongs to one agent only.
    let out =
        common::serve::local(dir.path(), &["--db", db, "agent", "key", "add", "bob", &public]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("already registered for alice, and a key belongs to one agent only"),
        "{}",
        stderr(&out)
    );
    // A private key given by mistake is refused without being stored.
    let out = common::serve::local(
        dir.path(),
        &["--db", db, "agent", "key", "add", "bob", key.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is a private key"), "{}", stderr(&out));

    let file = std::fs::File::open(dir.path().join("alice.pub")).unwrap();
    let out = common::recoup(dir.path())
        .args(["--db", db, "--agent", "carol", "import", "payments", "-"])
        .stdin(file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a key is no payments file");
    let payments = dir.path().join("payments.csv");
    std::fs::write(&payments, "debtor_ref,received_on,amount,invoice_number,reference\nACC-10002,2026-11-20,50.00,,LOCAL-1\n").unwrap();
    let out = common::recoup(dir.path())
        .args(["--db", db, "--agent", "carol", "import", "payments", "-"])
        .env("RECOUP_NOW", common::NOW)
        .stdin(std::fs::File::open(&payments).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&common::serve::local(dir.path(), &["--db", db, "export", "payments"]))
            .contains("LOCAL-1")
    );
}

#[test]
fn a_dropped_connection_ends_its_workstation_and_is_logged_out() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::start(dir.path());
    let alice = desk.key_for("alice");
    let mut pty = desk.terminal(&alice, &[], 120, 36);
    pty.wait_for("Commitments", WAIT);
    pty.child.kill().unwrap();
    desk.wait_for_audit(|r| r[3] == "session" && r[5] == "logout");
    let deadline = std::time::Instant::now() + WAIT;
    while !desk.log().contains("the workstation of alice closed") {
        assert!(std::time::Instant::now() < deadline, "{}", desk.log());
        std::thread::sleep(Duration::from_millis(20));
    }
}
