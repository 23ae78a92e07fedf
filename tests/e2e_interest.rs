//! End to end in a pseudo-terminal (issue 13): debtors imported with a `uk`
//! regime and the shipped rates; the account shows each invoice's interest
//! and compensation and the header's totals, figures by hand; a debtor
//! without a regime shows none of it.

mod common;

use std::path::Path;
use std::time::Duration;

use common::pty::Pty;
use common::{recoup, stderr};

const WAIT: Duration = Duration::from_secs(10);
const NOW: &str = "2026-11-25T14:00:00+00:00";

fn book(dir: &Path) -> String {
    let db = dir.join("desk.sqlite").to_str().unwrap().to_owned();
    let rates = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/rates.csv");
    let files = [
        (
            "debtors",
            "ref,name,timezone,assigned_to,interest,interest_rate\nUKL,Uk Late Ltd,Europe/London,alice,uk,8\nPLN,Plain Co,Europe/London,alice,none,\n",
        ),
        (
            "invoices",
            "debtor_ref,number,issued_on,due_on,amount\nUKL,U-1,2026-09-01,2026-10-01,1000.00\nUKL,U-2,2026-10-01,2026-11-01,999.99\nPLN,P-1,2026-09-01,2026-10-01,500.00\n",
        ),
    ];
    let run = |args: &[&str]| {
        let out =
            recoup(dir).env("RECOUP_NOW", NOW).args(["--db", &db]).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    };
    run(&["--agent", "carol", "agent", "add", "alice"]);
    run(&["--agent", "carol", "rates", "import", rates]);
    for (kind, text) in files {
        let path = dir.join(format!("{kind}.csv"));
        std::fs::write(&path, text).unwrap();
        run(&["--agent", "carol", "import", kind, path.to_str().unwrap()]);
    }
    db
}

fn open(pty: &mut Pty, query: &str) {
    pty.type_text(&format!("/{query}"));
    pty.wait_for("1 debtor matches", WAIT);
    pty.send(b"\r");
}

#[test]
fn a_uk_debtors_account_shows_interest_and_compensation_to_the_cent() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let mut pty = Pty::recoup(
        dir.path(),
        &["--db", &db, "--agent", "alice"],
        &[("RECOUP_NOW", NOW)],
        140,
        42,
    );
    pty.wait_for(" · local ", WAIT);
    open(&mut pty, "uk late");
    // 12% (base 4.00 in force on 30 June + 8). U-1: 1,000.00 for 55 days
    // (2 Oct..25 Nov): 100,000 × 1,200 × 55 / 3,650,000 = 1,808.22 → 18.08;
    // compensation 70.00 (1,000.00 and up). U-2: 999.99 for 24 days:
    // 99,999 × 1,200 × 24 / 3,650,000 = 789.03 → 7.89; compensation 40.00.
    pty.wait_for("interest 25.97 · compensation 110.00 · claimable 2,135.96", WAIT);
    let screen = pty.screen();
    let u1 = screen.lines().find(|l| l.contains("U-1 ")).expect("U-1 shown");
    assert!(u1.contains("18.08") && u1.contains("70.00"), "{u1}");
    let u2 = screen.lines().find(|l| l.contains("U-2 ")).expect("U-2 shown");
    assert!(u2.contains("7.89") && u2.contains("40.00"), "{u2}");
    assert!(screen.contains("Interest") && screen.contains("Comp"), "{screen}");

    open(&mut pty, "plain");
    pty.wait_for("P-1", WAIT);
    let screen = pty.screen();
    assert!(!screen.contains("claimable") && !screen.contains("Interest"), "{screen}");
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), 0);
}
