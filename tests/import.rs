//! `recoup import` with recoup's own columns: good files land, bad files
//! are refused whole with the line and column named, exit 2.

mod common;

use std::path::Path;

use common::{csv_rows, recoup, stderr, stdout};

const DEBTORS: &str = "\
ref,name,contact_name,contact_role,phone,email,timezone,terms_days,terms_accepted_on,assigned_to,status,do_not_call
C-1,Harbor Freight Ltd,Jane Roe,AP,+1 555 0100,jane@harbor.example,America/New_York,30,2025-03-02,,active,no
C-2,Keystone Foods GmbH,Lars Weber,Controller,+49 30 1234 5678,lars@keystone.example,Europe/Berlin,45,,,active,yes
";

const INVOICES: &str = "\
debtor_ref,number,supplied_on,issued_on,due_on,amount,currency,disputed,dispute_reason
C-1,INV-1,2026-08-01,2026-08-02,2026-09-01,\"1,200.50\",USD,no,
C-1,INV-2,,2026-09-02,2026-10-02,800.00,USD,yes,price
C-2,INV-9,2026-10-01,2026-10-01,2026-11-15,5000,USD,,
";

const PAYMENTS: &str = "\
debtor_ref,received_on,amount,invoice_number,reference
C-1,2026-09-10,200.50,INV-1,CHQ-1
C-2,2026-11-01,1000,,WIRE-7
";

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Runs recoup against the test database as the lead "carol".
fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    recoup(dir)
        .args(["--db", dir.join("db.sqlite").to_str().unwrap(), "--agent", "carol"])
        .args(args)
        .env("RECOUP_NOW", common::NOW)
        .output()
        .unwrap()
}

fn export(dir: &Path, kind: &str) -> Vec<Vec<String>> {
    let out = run(dir, &["export", kind]);
    assert!(out.status.success(), "{}", stderr(&out));
    csv_rows(&stdout(&out))
}

fn import_all(dir: &Path) {
    for (kind, text) in [("debtors", DEBTORS), ("invoices", INVOICES), ("payments", PAYMENTS)] {
        let file = write(dir, &format!("{kind}.csv"), text);
        let out = run(dir, &["import", kind, file.to_str().unwrap()]);
        assert!(out.status.success(), "{kind}: {}", stderr(&out));
    }
}

#[test]
fn a_good_book_imports_and_balances_follow_payments() {
    let dir = tempfile::tempdir().unwrap();
    import_all(dir.path());
    let debtors = export(dir.path(), "debtors");
    assert_eq!(debtors.len(), 3);
    let header = &debtors[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let c1 = &debtors[1];
    assert_eq!(c1[col("ref")], "C-1");
    assert_eq!(c1[col("contact_name")], "Jane Roe");
    assert_eq!(c1[col("timezone")], "America/New_York");
    // 1,200.50 + 800.00 - 200.50 paid on INV-1.
    assert_eq!(c1[col("balance")], "1800.00");
    assert_eq!(debtors[2][col("do_not_call")], "yes");
    // C-2's unallocated wire pays its only invoice.
    assert_eq!(debtors[2][col("balance")], "4000.00");

    let invoices = export(dir.path(), "invoices");
    assert_eq!(invoices.len(), 4);
    assert_eq!(invoices[2][7], "yes", "INV-2 disputed");
    assert_eq!(invoices[2][8], "price");
    let payments = export(dir.path(), "payments");
    assert_eq!(payments.len(), 3);
}

#[test]
fn importing_the_same_file_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    import_all(dir.path());
    let before = export(dir.path(), "invoices");
    let file = dir.path().join("invoices.csv");
    let out = run(dir.path(), &["import", "invoices", file.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(stderr(&out).contains("0 new, 0 updated, 3 unchanged"), "{}", stderr(&out));
    let out =
        run(dir.path(), &["import", "payments", dir.path().join("payments.csv").to_str().unwrap()]);
    assert!(stderr(&out).contains("0 new, 0 updated, 2 unchanged"), "{}", stderr(&out));
    assert_eq!(export(dir.path(), "invoices"), before);
}

#[test]
fn one_bad_row_is_one_sentence_naming_file_line_and_column_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    import_all(dir.path());
    let before = export(dir.path(), "invoices");
    let bad = "\
debtor_ref,number,issued_on,due_on,amount
C-1,INV-3,2026-10-01,2026-10-31,100.00
C-1,INV-4,2026-10-01,2026-10-31,12x
C-2,INV-5,2026-10-01,2026-10-31,50.00
";
    let file = write(dir.path(), "bad.csv", bad);
    let out = run(dir.path(), &["import", "invoices", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("bad.csv: line 3, column amount: \"12x\" is not an amount"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(export(dir.path(), "invoices"), before, "INV-3 and INV-5 were not written");
}

#[test]
fn every_bad_row_is_listed() {
    let dir = tempfile::tempdir().unwrap();
    import_all(dir.path());
    let bad = "\
debtor_ref,number,issued_on,due_on,amount
C-1,INV-3,2026-13-01,2026-10-31,100.00
C-9,INV-4,2026-10-01,2026-10-31,10
C-1,INV-5,2026-10-01,2026-10-31,-5
C-1,INV-3,2026-10-01,2026-10-31,1
C-1,INV-6,2026-10-01
";
    let file = write(dir.path(), "many.csv", bad);
    let out = run(dir.path(), &["import", "invoices", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    for expected in [
        "many.csv: line 2, column issued_on: \"2026-13-01\" is not a date",
        "many.csv: line 4, column amount: \"-5\" is not an amount: amounts cannot be negative",
        "many.csv: line 6 has 3 fields but the header has 5",
        "problems (listed above); nothing was imported",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in\n{err}");
    }
    // Line 5 repeats line 2's key only if line 2 parsed; the unknown debtor
    // (line 3) is found when writing, after the parse errors stop the import.
    assert_eq!(export(dir.path(), "invoices").len(), 4);
}

#[test]
fn lines_are_counted_as_an_editor_counts_them_whatever_the_line_endings() {
    let dir = tempfile::tempdir().unwrap();
    import_all(dir.path());
    let rows = [
        "debtor_ref,number,issued_on,due_on,amount",
        "C-1,INV-3,2026-10-01,2026-10-31,100.00",
        "",
        "C-1,INV-4,2026-10-01,2026-10-31,12x",
        "C-1,INV-5,2026-10-01,2026-10-31",
    ];
    for (name, ending) in [("crlf.csv", "\r\n"), ("lf.csv", "\n"), ("cr.csv", "\r")] {
        let file = write(dir.path(), name, &rows.join(ending));
        let out = run(dir.path(), &["import", "invoices", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out);
        for expected in [
            format!("{name}: line 4, column amount: \"12x\" is not an amount"),
            format!("{name}: line 5 has 4 fields but the header has 5"),
        ] {
            assert!(err.contains(&expected), "missing {expected:?} in\n{err}");
        }
    }
}

#[test]
fn fifty_problems_are_listed_then_the_rest_counted() {
    let dir = tempfile::tempdir().unwrap();
    import_all(dir.path());
    let mut bad = String::from("debtor_ref,number,issued_on,due_on,amount\n");
    for i in 0..60 {
        bad.push_str(&format!("C-1,BAD-{i},2026-10-01,2026-10-31,{i}x\n"));
    }
    let file = write(dir.path(), "sixty.csv", &bad);
    let out = run(dir.path(), &["import", "invoices", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let listed: Vec<&str> = err.lines().filter(|l| l.contains("is not an amount")).collect();
    assert_eq!(listed.len(), 50, "{err}");
    assert!(listed[0].contains("sixty.csv: line 2, column amount"), "{err}");
    assert!(listed[49].contains("sixty.csv: line 51, column amount"), "{err}");
    assert!(err.contains("sixty.csv: and 10 more problems"), "{err}");
    assert!(err.contains("sixty.csv: 60 problems (listed above); nothing was imported"), "{err}");
}

#[test]
fn unknown_debtors_are_refused_unless_created() {
    let dir = tempfile::tempdir().unwrap();
    import_all(dir.path());
    let text = "debtor_ref,number,issued_on,due_on,amount\nC-1,INV-7,2026-10-01,2026-10-31,10\nNEW-1,A-1,2026-10-01,2026-10-31,10\n";
    let file = write(dir.path(), "unknown.csv", text);
    let out = run(dir.path(), &["import", "invoices", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("unknown.csv: line 3, column debtor_ref: no debtor has ref \"NEW-1\""),
        "{}",
        stderr(&out)
    );
    assert_eq!(export(dir.path(), "invoices").len(), 4, "INV-7 was not written either");
    let out = run(dir.path(), &["import", "invoices", file.to_str().unwrap(), "--create-debtors"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let debtors = export(dir.path(), "debtors");
    assert!(debtors.iter().any(|r| r[0] == "NEW-1" && r[1] == "NEW-1"));
}

#[test]
fn missing_required_column_and_unreadable_files_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    import_all(dir.path());
    let file = write(dir.path(), "cols.csv", "debtor_ref,number,due_on\nC-1,X,2026-01-01\n");
    let out = run(dir.path(), &["import", "invoices", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("cols.csv: line 1, the header, lacks the required columns issued_on, amount"),
        "{err}"
    );

    let file = dir.path().join("latin1.csv");
    std::fs::write(
        &file,
        b"debtor_ref,number,issued_on,due_on,amount\nC-1,N\xe9,2026-10-01,2026-10-31,1\n",
    )
    .unwrap();
    let out = run(dir.path(), &["import", "invoices", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("latin1.csv: line 2 is not valid UTF-8"), "{}", stderr(&out));

    let out = run(dir.path(), &["import", "invoices", "/nonexistent/file.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read /nonexistent/file.csv"));
}

#[test]
fn dry_run_reports_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    import_all(dir.path());
    let file = write(
        dir.path(),
        "more.csv",
        "debtor_ref,number,issued_on,due_on,amount\nC-1,INV-8,2026-10-01,2026-10-31,10\nC-1,INV-1,2026-08-02,2026-09-01,1200.50\n",
    );
    let out = run(dir.path(), &["import", "invoices", file.to_str().unwrap(), "--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("dry run, nothing written"), "{}", stderr(&out));
    assert!(stderr(&out).contains("1 new, 0 updated, 1 unchanged"), "{}", stderr(&out));
    assert_eq!(export(dir.path(), "invoices").len(), 4);
}

#[test]
fn future_payments_and_unknown_debtors_are_reported_with_bad_rows_in_one_go() {
    let dir = tempfile::tempdir().unwrap();
    import_all(dir.path());
    let text = "debtor_ref,received_on,amount,invoice_number,reference\n\
                C-1,2026-11-01,abc,,R-1\n\
                C-9,2026-11-01,10,,R-2\n\
                C-1,2027-05-01,10,,R-3\n\
                C-1,2026-11-02,10,NO-SUCH,R-4\n";
    let file = write(dir.path(), "mixed.csv", text);
    let out = run(dir.path(), &["import", "payments", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    for expected in [
        "mixed.csv: line 2, column amount: \"abc\" is not an amount",
        "mixed.csv: line 3, column debtor_ref: no debtor has ref \"C-9\"",
        "mixed.csv: line 4, column received_on: 2027-05-01 is in the future",
        "mixed.csv: line 5, column invoice_number: this debtor has no invoice \"NO-SUCH\"",
        "4 problems (listed above); nothing was imported",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in\n{err}");
    }
    assert_eq!(export(dir.path(), "payments").len(), 3, "nothing written");
}
