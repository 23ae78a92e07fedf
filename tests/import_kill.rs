//! SIGKILL at any moment of an import leaves the database exactly as before
//! or exactly as after: checked by counts and `recoup check`, ten times.

mod common;

use std::path::Path;
use std::time::Instant;

use common::{csv_rows, recoup, stderr, stdout};

const DEBTORS: usize = 3_000;
const PER_DEBTOR: usize = 10;

fn big_file(dir: &Path) -> std::path::PathBuf {
    let mut text = String::from("debtor_ref,number,issued_on,due_on,amount\n");
    for d in 0..DEBTORS {
        for i in 0..PER_DEBTOR {
            text.push_str(&format!(
                "D-{d:05},INV-{d}-{i},2026-0{m}-0{day},2026-0{n}-1{day},{a}.{c:02}\n",
                m = 1 + i % 8,
                n = 2 + i % 8,
                day = 1 + i % 9,
                a = 100 + d % 900,
                c = i * 7 % 100
            ));
        }
    }
    let path = dir.join("big.csv");
    std::fs::write(&path, text).unwrap();
    path
}

fn counts(dir: &Path, db: &Path) -> (usize, usize) {
    let export = |kind: &str| {
        let out =
            recoup(dir).args(["--db", db.to_str().unwrap(), "export", kind]).output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        csv_rows(&stdout(&out)).len() - 1
    };
    (export("debtors"), export("invoices"))
}

fn import(dir: &Path, db: &Path, file: &Path) -> std::process::Child {
    recoup(dir)
        .args(["--db", db.to_str().unwrap(), "--agent", "carol", "import", "invoices"])
        .arg(file)
        .arg("--create-debtors")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn an_import_killed_at_any_moment_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = big_file(dir.path());
    let before_bytes = std::fs::read(&file).unwrap();
    let base = dir.path().join("base.sqlite");
    let out = recoup(dir.path())
        .args(["--db", base.to_str().unwrap(), "--agent", "carol", "agent", "add", "carol"])
        .output()
        .unwrap();
    assert!(out.status.success());

    // How long a whole import takes here.
    let timed = dir.path().join("timed.sqlite");
    std::fs::copy(&base, &timed).unwrap();
    let started = Instant::now();
    assert!(import(dir.path(), &timed, &file).wait().unwrap().success());
    let full = started.elapsed();
    assert_eq!(counts(dir.path(), &timed), (DEBTORS, DEBTORS * PER_DEBTOR));
    // A load this size drops the invoice indexes and builds them again.
    let check =
        recoup(dir.path()).args(["--db", timed.to_str().unwrap(), "check"]).output().unwrap();
    assert!(check.status.success(), "{}", stdout(&check));

    let mut rng = fastrand::Rng::with_seed(2026);
    let mut outcomes = (0, 0);
    for round in 0..10 {
        let db = dir.path().join(format!("kill-{round}.sqlite"));
        std::fs::copy(&base, &db).unwrap();
        let mut child = import(dir.path(), &db, &file);
        let at = full.mul_f64(rng.f64() * 1.1);
        std::thread::sleep(at);
        let _ = child.kill();
        let _ = child.wait();
        let found = counts(dir.path(), &db);
        match found {
            (0, 0) => outcomes.0 += 1,
            (d, i) if d == DEBTORS && i == DEBTORS * PER_DEBTOR => outcomes.1 += 1,
            other => panic!("round {round}: killed after {at:?} of {full:?}, found {other:?}"),
        }
        let check =
            recoup(dir.path()).args(["--db", db.to_str().unwrap(), "check"]).output().unwrap();
        assert!(check.status.success(), "round {round}: {}", stdout(&check));
    }
    assert!(
        outcomes.0 > 0,
        "some kills landed before the commit: {outcomes:?} (full import {full:?})"
    );
    assert_eq!(std::fs::read(&file).unwrap(), before_bytes, "the imported file is untouched");
}

#[test]
fn a_full_disk_mid_import_stops_it_and_leaves_the_database_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let file = big_file(dir.path());
    let db = dir.path().join("full.sqlite");
    let small = dir.path().join("small.csv");
    std::fs::write(
        &small,
        "debtor_ref,number,issued_on,due_on,amount\nS-1,INV-1,2026-01-01,2026-02-01,10\n",
    )
    .unwrap();
    let first = import(dir.path(), &db, &small).wait().unwrap();
    assert!(first.success());
    assert_eq!(counts(dir.path(), &db), (1, 1));
    let pages: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    // Room for a few hundred rows, not thirty thousand.
    let out = recoup(dir.path())
        .args(["--db", db.to_str().unwrap(), "--agent", "carol", "import", "invoices"])
        .arg(&file)
        .arg("--create-debtors")
        .env("RECOUP_FAULT_MAX_PAGES", (pages + 40).to_string())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("big.csv: the database stopped the import at line "), "{err}");
    assert!(err.contains("database or disk is full; nothing was imported"), "{err}");
    assert_eq!(counts(dir.path(), &db), (1, 1), "nothing of big.csv was written");
    let check = recoup(dir.path()).args(["--db", db.to_str().unwrap(), "check"]).output().unwrap();
    assert!(check.status.success(), "{}", stdout(&check));
}

#[test]
fn a_full_disk_at_any_point_of_a_large_import_names_the_file_and_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let file = big_file(dir.path());
    let base = dir.path().join("base.sqlite");
    let small = dir.path().join("small.csv");
    std::fs::write(
        &small,
        "debtor_ref,number,issued_on,due_on,amount\nS-1,INV-1,2026-01-01,2026-02-01,10\n",
    )
    .unwrap();
    assert!(import(dir.path(), &base, &small).wait().unwrap().success());
    // How many pages the whole import needs, on a copy.
    let full = dir.path().join("full.sqlite");
    std::fs::copy(&base, &full).unwrap();
    assert!(import(dir.path(), &full, &file).wait().unwrap().success());
    let pages = |db: &Path| -> i64 {
        rusqlite::Connection::open(db)
            .unwrap()
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap()
    };
    let needed = pages(&full);
    // Cut short at several points: while the rows go in, and after the last
    // one (building indexes and summaries, committing).
    let mut after_the_rows = 0;
    for tenths in [9, 8, 7, 6, 5, 3] {
        let db = dir.path().join(format!("cut-{tenths}.sqlite"));
        std::fs::copy(&base, &db).unwrap();
        let out = recoup(dir.path())
            .args(["--db", db.to_str().unwrap(), "--agent", "carol", "import", "invoices"])
            .arg(&file)
            .arg("--create-debtors")
            .env("RECOUP_FAULT_MAX_PAGES", (needed * tenths / 10).to_string())
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{tenths}/10: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("recoup: "), "{err}");
        assert!(err.contains("big.csv: the database stopped the import "), "{err}");
        assert!(err.contains("line "), "the row is named: {err}");
        assert!(err.contains("database or disk is full; nothing was imported"), "{err}");
        if err.contains("after its last row (line 30001)") {
            after_the_rows += 1;
        }
        assert_eq!(counts(dir.path(), &db), (1, 1), "{tenths}/10: nothing was written");
    }
    assert!(after_the_rows > 0, "some cuts came after the last row");
}
