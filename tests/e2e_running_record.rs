//! End to end in a pseudo-terminal (issue 11, items 6 and 7): a payment
//! taken with `$` outside a call is noted on the account, attributed, and
//! listed in the Payments pane with the invoices it went to. A new promise
//! on a debtor with an open one is refused until the agent chooses keep or
//! replace; replaced, the old promise says so, and a payment dated before
//! the replacement still counts toward it, not the new one.

mod common;

use std::path::Path;
use std::time::Duration;

use common::pty::Pty;
use common::{NOW, csv_rows, recoup, stderr, stdout};

const WAIT: Duration = Duration::from_secs(10);

/// A demo book as of `NOW`: ACC-10001 owes INV-10001-007 (202.91, the
/// oldest) and INV-10001-001 (208.10), and promised 100.00 by 25 Nov.
fn demo(dir: &Path) -> String {
    let db = dir.join("book.sqlite").to_str().unwrap().to_owned();
    let out = recoup(dir)
        .env("RECOUP_NOW", NOW)
        .args(["demo", "--db", &db, "--debtors", "30"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    db
}

fn export(dir: &Path, db: &str, kind: &str) -> Vec<Vec<String>> {
    let out = recoup(dir).args(["--db", db, "export", kind]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    csv_rows(&stdout(&out))
}

/// The workstation as alice at 140×42, on ACC-10001 found by search.
fn on_acc_10001(dir: &Path, db: &str) -> Pty {
    let mut pty =
        Pty::recoup(dir, &["--db", db, "--agent", "alice"], &[("RECOUP_NOW", NOW)], 140, 42);
    pty.wait_for(" · local ", WAIT);
    pty.type_text("/ACC-10001");
    pty.wait_for("1 debtor matches", WAIT);
    pty.send(b"\r");
    pty.wait_for("PTP 100.00 by 25 Nov 2026 — OPEN", WAIT);
    pty
}

#[test]
fn a_payment_taken_with_dollar_is_noted_and_listed_with_its_invoices() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let mut pty = on_acc_10001(dir.path(), &db);
    pty.send(b"$");
    pty.wait_for("Payment taken · ", WAIT);
    pty.type_text("300");
    pty.send(b"\t");
    pty.send(b"\x15"); // Ctrl-U: the day offered is today
    pty.type_text("2026-11-24");
    pty.send(b"\t");
    pty.type_text("4411");
    pty.wait_for("4411", WAIT);
    pty.send(b"\x13");
    pty.wait_for("Payment of 300.00 recorded", WAIT);

    let note = "Payment recorded: 300.00 received 24 Nov 2026, ref 4411, to INV-10001-007 \
                (202.91) and INV-10001-001 (97.09).";
    // The Notes pane (the note's line, cut where the pane is) ...
    pty.wait_for(&format!("Wed 25 Nov 14:03 · alice  {}", &note[..100]), WAIT);
    // ... the Payments pane, newest first ...
    pty.wait_for(
        "24 Nov 26       300.00  → INV-10001-007 202.91, INV-10001-001 97.09 · ref 4411 · alice",
        WAIT,
    );
    let screen = pty.screen();
    let payments = screen.lines().position(|l| l.contains("┌Payments")).expect(&screen);
    assert!(
        screen.lines().nth(payments + 1).unwrap().contains("24 Nov 26       300.00"),
        "{screen}"
    );
    // ... and the promise it kept.
    pty.wait_for("PTP 100.00 by 25 Nov 2026 — KEPT", WAIT);
    pty.send(b"\x1b");
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), 0);

    let notes = export(dir.path(), &db, "notes");
    let last = notes.last().unwrap();
    let col = |name: &str| notes[0].iter().position(|h| h == name).unwrap();
    assert_eq!(
        (last[col("debtor_ref")].as_str(), last[col("agent")].as_str(), last[col("body")].as_str()),
        ("ACC-10001", "alice", note)
    );
    assert_eq!(last[col("call_id")], "", "recorded outside a call");
}

#[test]
fn a_new_promise_waits_for_keep_or_replace_and_a_replaced_one_keeps_its_earlier_payment() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let mut pty = on_acc_10001(dir.path(), &db);
    pty.send(b"p");
    pty.wait_for("Promise to pay · ", WAIT);
    pty.wait_for("1 open already", WAIT);
    pty.wait_for("Open promises  ◀ choose: keep / replace ▶", WAIT);
    pty.type_text("300");
    pty.send(b"\t");
    pty.type_text("+20");
    pty.send(b"\x13");
    pty.wait_for("Nothing saved: see the fields marked (Open promises)", WAIT);
    let screen = pty.screen();
    for said in [
        "choose one; keep: both promises stay expected; replace: the open promises are",
        "cancelled and this one is expected instead",
    ] {
        assert!(screen.contains(said), "{said:?}:\n{screen}");
    }
    let acme = |rows: &[Vec<String>]| rows.iter().filter(|r| r[0] == "ACC-10001").count();
    assert_eq!(acme(&export(dir.path(), &db, "promises")), 2, "nothing saved");

    // Tab to the choice (instalments, frequency, invoices, open promises).
    pty.send(b"\t\t\t\t");
    pty.send(b"\x1b[C");
    pty.wait_for("Open promises  ◀ keep ▶", WAIT);
    pty.send(b"\x1b[C");
    pty.wait_for("Open promises  ◀ replace ▶", WAIT);
    pty.send(b"\x13");
    pty.wait_for("Promise recorded: 300.00 by Tue 15 Dec", WAIT);
    pty.wait_for("PTP 100.00 by 25 Nov 2026 — REPLACED", WAIT);
    pty.wait_for("PTP 300.00 by 15 Dec 2026 — OPEN", WAIT);
    pty.wait_for(
        "Promise recorded: 300.00 by 15 Dec 2026 (replaces the open promise of 100.00 by 25 Nov \
         2026).",
        WAIT,
    );

    // The bank shows 100.00 arrived yesterday: it was for the old promise.
    pty.send(b"$");
    pty.wait_for("Payment taken · ", WAIT);
    pty.type_text("100");
    pty.send(b"\t\x15");
    pty.type_text("-1");
    pty.send(b"\x13");
    pty.wait_for("Payment of 100.00 recorded", WAIT);
    pty.wait_for("PTP 100.00 by 25 Nov 2026 — KEPT · replaced", WAIT);
    pty.wait_for("PTP 300.00 by 15 Dec 2026 — OPEN", WAIT);
    pty.send(b"\x1b");
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), 0);

    let rows = export(dir.path(), &db, "promises");
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let acme: Vec<(&str, &str, &str)> = rows[1..]
        .iter()
        .filter(|r| r[col("debtor_ref")] == "ACC-10001")
        .map(|r| (r[col("due_on")].as_str(), r[col("status")].as_str(), r[col("paid")].as_str()))
        .collect();
    assert_eq!(
        acme,
        [
            ("2026-11-19", "cancelled", "0.00"),
            ("2026-11-25", "kept", "100.00"),
            ("2026-12-15", "open", "0.00")
        ]
    );
}
