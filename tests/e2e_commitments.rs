//! End to end in a pseudo-terminal: a promise recorded with `p` is kept by an
//! imported payment, and an unpaid one breaks and tops the queue.

mod common;

use std::path::Path;
use std::time::Duration;

use common::pty::Pty;
use common::{csv_rows, recoup, stderr, stdout};

const WAIT: Duration = Duration::from_secs(10);
const DAY_ONE: &str = "2026-11-25T14:00:00+00:00";

/// Three debtors assigned to alice; ACME owes least, so it is last in her queue.
fn book(dir: &Path) -> String {
    let db = dir.join("desk.sqlite").to_str().unwrap().to_owned();
    let files = [
        (
            "debtors",
            "ref,name,timezone,assigned_to\nBIG,Big Industries,America/Chicago,alice\nMID,Middling Ltd,Europe/London,alice\nACME,Acme Corp,America/New_York,alice\n",
        ),
        (
            "invoices",
            "debtor_ref,number,issued_on,due_on,amount\nBIG,B-1,2026-05-01,2026-06-01,90000\nMID,M-1,2026-08-01,2026-09-01,5000\nACME,A-1,2026-09-01,2026-10-01,250.00\nACME,A-2,2026-10-01,2026-11-01,750.00\n",
        ),
    ];
    let run = |args: &[&str]| {
        let out =
            recoup(dir).env("RECOUP_NOW", DAY_ONE).args(["--db", &db]).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    };
    run(&["--agent", "carol", "agent", "add", "alice"]);
    for (kind, text) in files {
        let path = dir.join(format!("{kind}.csv"));
        std::fs::write(&path, text).unwrap();
        run(&["--agent", "carol", "import", kind, path.to_str().unwrap()]);
    }
    db
}

fn promises(dir: &Path, db: &str) -> Vec<Vec<String>> {
    let out = recoup(dir).args(["--db", db, "export", "promises"]).output().unwrap();
    csv_rows(&stdout(&out))
}

fn open_as_alice(dir: &Path, db: &str, now: &str) -> Pty {
    let pty = Pty::recoup(dir, &["--db", db, "--agent", "alice"], &[("RECOUP_NOW", now)], 140, 42);
    pty.wait_for(" · local ", WAIT);
    pty
}

fn promise_on_acme(pty: &mut Pty, amount: &str, due: &str) {
    pty.type_text("/acme");
    pty.wait_for("1 debtor matches", WAIT);
    pty.send(b"\r");
    pty.send(b"p");
    pty.wait_for("Promise to pay · Acme Corp", WAIT);
    pty.type_text(amount);
    pty.send(b"\t");
    pty.type_text(due);
    pty.send(b"\x13");
    pty.wait_for("Promise recorded", WAIT);
}

#[test]
fn a_promise_made_in_the_workstation_is_kept_by_an_imported_payment() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let mut pty = open_as_alice(dir.path(), &db, DAY_ONE);
    promise_on_acme(&mut pty, "1,000", "+7");
    pty.wait_for("PTP 1,000.00 by 02 Dec 2026 — OPEN", WAIT);

    // The payment arrives from the accounting system while the agent watches.
    let file = dir.path().join("payments.csv");
    std::fs::write(
        &file,
        "debtor_ref,received_on,amount,reference\nACME,2026-11-25,1000.00,BANK-77\n",
    )
    .unwrap();
    let out = recoup(dir.path())
        .env("RECOUP_NOW", DAY_ONE)
        .args(["--db", &db, "--agent", "carol", "import", "payments", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    pty.wait_for("PTP 1,000.00 by 02 Dec 2026 — KEPT", Duration::from_secs(2));
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), 0);

    let rows = promises(dir.path(), &db);
    assert_eq!(rows[0][..3], ["debtor_ref", "amount", "due_on"]);
    let status = rows[0].iter().position(|h| h == "status").unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[1][0].as_str(), rows[1][1].as_str(), rows[1][status].as_str()),
        ("ACME", "1000.00", "kept")
    );

    // The promises report for the period counts it for alice.
    let report = |format: &str| {
        let out = recoup(dir.path())
            .args([
                "--db",
                &db,
                "report",
                "promises",
                "--as-of",
                "2026-12-31",
                "--from",
                "2026-12-01",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    let csv = csv_rows(&report("csv"));
    assert_eq!(csv[0][..6], ["agent", "due", "due_amount", "kept", "kept_amount", "partly_kept"]);
    assert_eq!(csv[1][..5], ["alice", "1", "1000.00", "1", "1000.00"]);
    assert_eq!(csv[1][13], "100%");
    assert_eq!(csv[2][0], "TOTAL");
    let table = report("table");
    assert!(
        table.starts_with("Promises due 2026-12-01 to 2026-12-31, as of 2026-12-31"),
        "{table}"
    );
    assert!(table.lines().any(|l| l.starts_with("alice") && l.ends_with("100%")), "{table}");
}

#[test]
fn an_unpaid_promise_past_its_grace_shows_broken_and_tops_the_queue() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let mut pty = open_as_alice(dir.path(), &db, DAY_ONE);
    let first = pty.screen().lines().nth(3).unwrap().to_owned();
    assert!(first.contains("Big Industries"), "BIG leads at first: {first}");
    promise_on_acme(&mut pty, "400", "+1");
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), 0);

    // Due Thu 26 Nov, three days' grace: broken on Mon 30 Nov. At 15:00 UTC
    // every debtor here may be called (10:00 in New York), so the queue's
    // own order shows: callable debtors come first.
    let mut later = open_as_alice(dir.path(), &db, "2026-11-30T15:00:00+00:00");
    let top = later.screen().lines().nth(3).unwrap().to_owned();
    assert!(top.contains("▶ Acme Corp"), "Acme tops the queue: {top}");
    assert!(later.screen().lines().nth(4).unwrap().contains("PTP broken"));
    later.wait_for("PTP 400.00 by 26 Nov 2026 — BROKEN · short 400.00", WAIT);
    later.send(b"q");
    assert_eq!(later.wait_exit(WAIT), 0);
    let rows = promises(dir.path(), &db);
    let status = rows[0].iter().position(|h| h == "status").unwrap();
    assert_eq!(rows[1][status], "broken");
}
