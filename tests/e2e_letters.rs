//! End to end in a pseudo-terminal: `W` on the workstation writes to the
//! debtor (a PDF saved, an email put in the outbox, both noted), and
//! `Ctrl-W` on a call opens Write with the statement chosen, then goes back
//! to the call with everything typed.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::pty::Pty;
use common::{recoup, stderr, stdout};

const WAIT: Duration = Duration::from_secs(10);
/// Wednesday 25 November 2026, 10:00 in New York: inside calling hours.
const T0: &str = "2026-11-25T15:00:00+00:00";

/// A small book with a letterhead, and a config that saves PDFs in the
/// test's directory (no `[mail]`: emails wait in the outbox).
fn book(dir: &Path) -> (String, PathBuf) {
    let db = dir.join("letters.sqlite").to_str().unwrap().to_owned();
    let config = dir.join("config.toml");
    std::fs::write(&config, format!("pdf_dir = \"{}\"\n", dir.join("pdfs").display())).unwrap();
    let run = |args: &[&str]| {
        let out = recoup(dir)
            .env("RECOUP_NOW", T0)
            .args(["--db", &db, "--agent", "carol", "--config", config.to_str().unwrap()])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    };
    run(&["agent", "add", "alice"]);
    run(&["rules", "set", "sender.name", "Northwind Supplies Ltd"]);
    run(&["rules", "set", "sender.email", "accounts@northwind.example"]);
    let files = [
        (
            "debtors",
            "ref,name,contact_name,contact_role,phone,email,timezone,assigned_to,address\n\
             CALL-1,Harbor Freight Ltd,Jane Roe,AP,+1 555 0100,jane@harbor.example,America/New_York,alice,12 Pier Road|Boston MA 02110\n",
        ),
        (
            "invoices",
            "debtor_ref,number,issued_on,due_on,amount\n\
             CALL-1,H-1,2026-09-01,2026-10-01,1200.00\n\
             CALL-1,H-2,2026-10-01,2026-10-31,300.00\n",
        ),
    ];
    for (kind, text) in files {
        let path = dir.join(format!("{kind}.csv"));
        std::fs::write(&path, text).unwrap();
        run(&["import", kind, path.to_str().unwrap()]);
    }
    (db, config)
}

fn open(dir: &Path, db: &str, config: &Path, cols: u16, rows: u16) -> Pty {
    let args = ["--db", db, "--agent", "alice", "--config", config.to_str().unwrap()];
    let pty = Pty::recoup(dir, &args, &[("RECOUP_NOW", T0)], cols, rows);
    // The account is read (not only the queue's row): keys act on it.
    pty.wait_for("Track record:", WAIT);
    pty
}

#[test]
fn w_writes_a_pdf_and_an_email_and_the_account_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (db, config) = book(dir.path());
    let mut pty = open(dir.path(), &db, &config, 140, 42);
    pty.send(b"W");
    pty.wait_for("Write to Harbor Freight Ltd", WAIT);
    pty.wait_for("Statement of account CALL-1 – Northwind Supplies Ltd", WAIT);
    pty.wait_for("by email to jane@harbor.example", WAIT);
    pty.wait_for("Dear Jane Roe,", WAIT);
    pty.wait_for("Amount due now      1,500.00", WAIT);
    // The friendly reminder, as a PDF to post.
    pty.send(b"j");
    pty.wait_for("A friendly reminder: 1,500.00 on account CALL-1", WAIT);
    pty.send(b"\t");
    pty.wait_for("as a PDF to print and post", WAIT);
    pty.send(b"\x13");
    let file = dir.path().join("pdfs/CALL-1-reminder-friendly-2026-11-25.pdf");
    pty.wait_for("Friendly reminder saved as", WAIT);
    assert!(std::fs::read(&file).unwrap().starts_with(b"%PDF"), "{}", file.display());
    // And the statement by email: into the outbox, where it waits.
    pty.send(b"W");
    pty.wait_for("▶ Statement of account", WAIT);
    pty.wait_for("Dear Jane Roe,", WAIT);
    pty.send(b"\x13");
    pty.wait_for("Statement of account to jane@harbor.example is in the outbox", WAIT);
    pty.wait_for("statement\u{a0}waiting\u{a0}to\u{a0}be\u{a0}emailed", WAIT);
    // The line keeps each entry whole with no-break spaces.
    let shown = pty.screen().replace('\u{a0}', " ");
    assert!(
        shown.contains(
            "Letters: statement waiting to be emailed · reminder-friendly saved as PDF today"
        ),
        "{shown}"
    );
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), 0);

    let notes = recoup(dir.path()).args(["--db", &db, "export", "notes"]).output().unwrap();
    let notes = stdout(&notes);
    assert!(
        notes.contains("Friendly reminder saved as a PDF by alice:")
            && notes.contains("CALL-1-reminder-friendly-2026-11-25.pdf"),
        "{notes}"
    );
    let outbox = recoup(dir.path())
        .args(["--db", &db, "--agent", "carol", "outbox", "list"])
        .output()
        .unwrap();
    let outbox = stdout(&outbox);
    assert!(outbox.contains("statement") && outbox.contains("queued"), "{outbox}");
    assert!(outbox.contains("reminder-friendly") && outbox.contains("printed"), "{outbox}");
}

/// Ticks the required items and types the goal, in the default checklist.
fn complete_checklist(pty: &mut Pty, goal: &str) {
    for key in [&b" "[..], b"j", b" ", b"j", b"j", b"\r"] {
        pty.send(key);
    }
    pty.type_text(goal);
    for key in [&b"\r"[..], b"j", b"j", b" "] {
        pty.send(key);
    }
}

#[test]
fn ctrl_w_on_a_call_writes_the_statement_and_comes_back_to_the_call() {
    let dir = tempfile::tempdir().unwrap();
    let (db, config) = book(dir.path());
    // At 80x24, as on a small laptop.
    let mut pty = open(dir.path(), &db, &config, 80, 24);
    pty.send(b"c");
    pty.wait_for("Pre-call plan", WAIT);
    complete_checklist(&mut pty, "PTP 1,500 by Friday");
    pty.send(b"\x13");
    pty.wait_for("ON CALL", WAIT);
    pty.type_text("Jane asked for the statement");
    pty.wait_for("asked for the statement", WAIT);
    pty.send(b"\x17");
    pty.wait_for("Write to Harbor", WAIT);
    pty.wait_for("▶ Statement of acc", WAIT);
    pty.wait_for("by email to jane@harbor.example", WAIT);
    pty.wait_for("Dear Jane Roe,", WAIT);
    pty.send(b"\x13");
    pty.wait_for("is in the outbox", WAIT);
    // Back on the call, with what was typed.
    pty.wait_for("ON CALL", WAIT);
    pty.wait_for("asked for the statement", WAIT);
    pty.send(b"\x13");
    pty.wait_for("Wrap-up", WAIT);
    pty.send(b"3");
    pty.send(b"\x13");
    pty.wait_for("Call saved", WAIT);
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), 0);
    let outbox = recoup(dir.path())
        .args(["--db", &db, "--agent", "carol", "outbox", "list"])
        .output()
        .unwrap();
    let rows: Vec<String> = stdout(&outbox).lines().skip(1).map(str::to_owned).collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].contains("statement") && rows[0].contains("jane@harbor.example"), "{rows:?}");
}
