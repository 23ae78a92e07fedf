//! End to end: carol triages in one terminal while bob works in another.

mod common;

use std::path::Path;
use std::time::Duration;

use common::pty::Pty;
use common::{csv_rows, recoup, stderr, stdout};

const WAIT: Duration = Duration::from_secs(10);
const NOW: &str = "2026-11-25T15:00:00+00:00";

fn book(dir: &Path) -> String {
    let db = dir.join("triage.sqlite").to_str().unwrap().to_owned();
    let run = |args: &[&str]| {
        let out =
            recoup(dir).env("RECOUP_NOW", NOW).args(["--db", &db]).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    };
    run(&["--agent", "carol", "agent", "add", "alice"]);
    run(&["--agent", "carol", "agent", "add", "bob"]);
    let files = [
        (
            "debtors",
            "ref,name,timezone,assigned_to\n\
             OLD-1,Oldfield Paper Ltd,Europe/London,alice\n\
             OLD-2,Olden Foods GmbH,Europe/Berlin,alice\n\
             NEW-1,Newcastle Tools Ltd,Europe/London,alice\n",
        ),
        (
            "invoices",
            "debtor_ref,number,issued_on,due_on,amount\n\
             OLD-1,O1,2026-05-01,2026-06-01,5000.00\n\
             OLD-2,O2,2026-06-01,2026-07-01,3000.00\n\
             NEW-1,N1,2026-11-20,2026-12-20,900.00\n",
        ),
    ];
    for (kind, text) in files {
        let path = dir.join(format!("{kind}.csv"));
        std::fs::write(&path, text).unwrap();
        run(&["--agent", "carol", "import", kind, path.to_str().unwrap()]);
    }
    db
}

fn open_as(dir: &Path, db: &str, agent: &str) -> Pty {
    let pty = Pty::recoup(dir, &["--db", db, "--agent", agent], &[("RECOUP_NOW", NOW)], 140, 42);
    pty.wait_for("Notes", WAIT);
    pty
}

#[test]
fn carol_assigns_two_90_plus_debtors_to_bob_who_sees_them_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let mut bob = open_as(dir.path(), &db, "bob");
    bob.wait_for("My queue 0 due", WAIT);

    let mut carol = open_as(dir.path(), &db, "carol");
    carol.send(b"L");
    carol.wait_for("Triage", WAIT);
    carol.wait_for("Debtors · all · 1 of 3", WAIT);
    for _ in 0..6 {
        carol.send(b"f");
    }
    carol.wait_for("Debtors · owing 90+ · 1 of 2 · 0 selected", WAIT);
    carol.send(b" ");
    carol.send(b" ");
    carol.wait_for("2 selected", WAIT);
    carol.send(b"a");
    carol.wait_for("Assign 2 debtors to", WAIT);
    carol.type_text("bob");
    carol.send(b"\r");
    carol.wait_for("2 debtors reassigned", WAIT);
    bob.wait_for("Oldfield Paper Ltd", WAIT);
    bob.wait_for("Olden Foods GmbH", WAIT);
    bob.wait_for("My queue 2 due", WAIT);
    carol.send(b"\x1b");
    carol.send(b"q");
    assert_eq!(carol.wait_exit(WAIT), 0);
    bob.send(b"q");
    assert_eq!(bob.wait_exit(WAIT), 0);

    let export = |kind: &str| {
        let out = recoup(dir.path()).args(["--db", &db, "export", kind]).output().unwrap();
        csv_rows(&stdout(&out))
    };
    let debtors = export("debtors");
    let owner = |reference: &str| debtors.iter().find(|r| r[0] == reference).unwrap()[9].clone();
    assert_eq!(
        (owner("OLD-1"), owner("OLD-2"), owner("NEW-1")),
        ("bob".into(), "bob".into(), "alice".into())
    );
    let audit = export("audit");
    let assigns: Vec<_> = audit.iter().filter(|r| r[5] == "assign").collect();
    assert_eq!(assigns.len(), 2);
    assert!(
        assigns.iter().all(|r| r[2] == "carol" && r[6] == "alice" && r[7] == "bob"),
        "{assigns:?}"
    );
}

#[test]
fn an_agent_pressing_l_gets_a_message_and_no_triage() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let mut alice = open_as(dir.path(), &db, "alice");
    alice.send(b"L");
    alice.wait_for("Triage is for team leads; alice is an agent.", WAIT);
    assert!(!alice.screen().contains("┌Triage"));
    assert!(alice.screen().contains("┌Queue"));
    alice.send(b"q");
    assert_eq!(alice.wait_exit(WAIT), 0);
}
