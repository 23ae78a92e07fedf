//! Every date flag takes `today`, `yesterday`, `tomorrow`, `+N` and `-N`,
//! counted from the book's today (its time zone, the injected clock); a
//! day after today is not refused but said on stderr. Forms in the
//! workstation take the words too.

mod common;

use std::path::Path;
use std::time::Duration;

use common::pty::Pty;
use common::{csv_rows, recoup, stderr, stdout};

/// 03:00 UTC on the 26th: still the 25th in New York, the book's zone.
const NOW: &str = "2026-11-26T03:00:00+00:00";

fn run(dir: &Path, db: &str, args: &[&str]) -> std::process::Output {
    recoup(dir)
        .env("RECOUP_NOW", NOW)
        .args(["--db", db, "--agent", "carol"])
        .args(args)
        .output()
        .unwrap()
}

fn book(dir: &Path) -> String {
    let db = dir.join("dates.sqlite").to_str().unwrap().to_owned();
    let out = recoup(dir)
        .env("RECOUP_NOW", common::NOW)
        .args(["demo", "--db", &db, "--debtors", "12"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(dir, &db, &["rules", "set", "timezone", "America/New_York"]);
    assert!(out.status.success(), "{}", stderr(&out));
    db
}

/// A report's first line (its title) and what it said on stderr.
fn title(dir: &Path, db: &str, args: &[&str]) -> (String, String) {
    let out = run(dir, db, args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    (stdout(&out).lines().next().unwrap_or("").to_owned(), stderr(&out))
}

#[test]
fn report_dates_count_from_the_books_today() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let aging = |day: &str| title(dir.path(), &db, &["report", "aging", "--as-of", day]);
    let as_of =
        |day: &str| format!("Aging of open receivables as of {day} (disputed invoices apart)");
    for (word, day) in [
        ("today", "2026-11-25"),
        ("TODAY", "2026-11-25"),
        ("yesterday", "2026-11-24"),
        ("-1", "2026-11-24"),
        ("-30", "2026-10-26"),
        ("+0", "2026-11-25"),
        ("2026-11-01", "2026-11-01"),
    ] {
        assert_eq!(aging(word), (as_of(day), String::new()), "{word}");
    }
    // The same figures whichever way the day is written.
    let csv = |day: &str| {
        stdout(&run(dir.path(), &db, &["report", "aging", "--as-of", day, "--format", "csv"]))
    };
    assert_eq!(csv("-7"), csv("2026-11-18"));
    assert!(csv_rows(&csv("-7")).len() > 1);

    let future = |day: &str| {
        format!(
            "recoup: --as-of {day} is after today (2026-11-25 in the book's time zone); the figures assume nothing is paid before then\n"
        )
    };
    assert_eq!(aging("tomorrow"), (as_of("2026-11-26"), future("2026-11-26")));
    assert_eq!(aging("+7"), (as_of("2026-12-02"), future("2026-12-02")));

    let (line, said) =
        title(dir.path(), &db, &["report", "agents", "--from", "-7", "--to", "yesterday"]);
    assert_eq!((line.as_str(), said.as_str()), ("Agents from 2026-11-18 to 2026-11-24", ""));
    let (line, said) = title(dir.path(), &db, &["report", "kpi", "--from", "-30", "--to", "-1"]);
    assert!(line.starts_with("Collection KPIs from 2026-10-26 to 2026-11-24 (30 days"), "{line}");
    assert_eq!(said, "");
    let (line, said) = title(dir.path(), &db, &["report", "promises", "--as-of", "today"]);
    assert!(line.starts_with("Promises due 2026-11-01 to 2026-11-25, as of 2026-11-25"), "{line}");
    assert_eq!(said, "");
}

#[test]
fn every_report_says_when_its_day_is_after_today() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let said = "is after today (2026-11-25 in the book's time zone); the figures assume nothing is paid before then\n";
    let (line, err) = title(dir.path(), &db, &["report", "promises", "--as-of", "tomorrow"]);
    assert!(line.starts_with("Promises due 2026-11-01 to 2026-11-26, as of 2026-11-26"), "{line}");
    assert_eq!(err, format!("recoup: --as-of 2026-11-26 {said}"));
    let (line, err) = title(dir.path(), &db, &["report", "agents", "--to", "+5"]);
    assert_eq!(line, "Agents from 2026-11-01 to 2026-11-30");
    assert_eq!(err, format!("recoup: --to 2026-11-30 {said}"));
    let (line, err) = title(dir.path(), &db, &["report", "agents", "--as-of", "2026-12-01"]);
    assert_eq!(line, "Agents from 2026-12-01 to 2026-12-01");
    assert_eq!(err, format!("recoup: --as-of 2026-12-01 {said}"));
    // A KPI period must be over: refused, as before, in one line.
    let out = run(dir.path(), &db, &["report", "kpi", "--to", "tomorrow"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--to 2026-11-26 is after today (2026-11-25)"));
}

#[test]
fn a_promise_form_takes_tomorrow() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite").to_str().unwrap().to_owned();
    let now = "2026-11-25T14:00:00+00:00";
    let cli = |args: &[&str]| {
        let out = recoup(dir.path()).env("RECOUP_NOW", now).args(["--db", &db]).args(args).output();
        let out = out.unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    };
    cli(&["--agent", "carol", "agent", "add", "alice"]);
    let files = [
        ("debtors", "ref,name,timezone,assigned_to\nACME,Acme Corp,America/New_York,alice\n"),
        (
            "invoices",
            "debtor_ref,number,issued_on,due_on,amount\nACME,A-1,2026-09-01,2026-10-01,750.00\n",
        ),
    ];
    for (kind, text) in files {
        let path = dir.path().join(format!("{kind}.csv"));
        std::fs::write(&path, text).unwrap();
        cli(&["--agent", "carol", "import", kind, path.to_str().unwrap()]);
    }
    let wait = Duration::from_secs(10);
    let mut pty = Pty::recoup(
        dir.path(),
        &["--db", &db, "--agent", "alice"],
        &[("RECOUP_NOW", now)],
        140,
        42,
    );
    pty.wait_for(" · local ", wait);
    pty.type_text("/acme");
    pty.wait_for("1 debtor matches", wait);
    pty.send(b"\r");
    pty.send(b"p");
    pty.wait_for("Promise to pay · Acme Corp", wait);
    pty.type_text("500");
    pty.send(b"\t");
    pty.type_text("tomorrow");
    pty.send(b"\x13");
    pty.wait_for("Promise recorded", wait);
    pty.wait_for("PTP 500.00 by 26 Nov 2026 — OPEN", wait);
    pty.send(b"q");
    assert_eq!(pty.wait_exit(wait), 0);
}
