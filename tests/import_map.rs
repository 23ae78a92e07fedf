//! Importing an accounting system's own export with `--map`: the IBM sample
//! AR file as invoices and as payments, its variant with gaps, foreign
//! delimiters and encodings, and bad files refused whole.

mod common;

use std::path::Path;

use common::{csv_rows, recoup, stderr, stdout};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
const MAP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/ibm-map.toml");

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    recoup(dir)
        .args(["--db", dir.join("ar.sqlite").to_str().unwrap(), "--agent", "carol"])
        .args(args)
        .output()
        .unwrap()
}

fn export(dir: &Path, kind: &str) -> Vec<Vec<String>> {
    let out = run(dir, &["export", kind]);
    assert!(out.status.success(), "{}", stderr(&out));
    csv_rows(&stdout(&out))
}

fn digest(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// Imports an AR export as invoices, then as payments; returns its rows.
fn import_ar(dir: &Path, file: &str) -> usize {
    let before = digest(file);
    let rows = csv_rows(&String::from_utf8_lossy(&before)).len() - 1;
    let out = run(dir, &["import", "invoices", file, "--map", MAP, "--create-debtors"]);
    assert!(out.status.success(), "invoices: {}", stderr(&out));
    let created = format!("{rows} new, 0 updated, 0 unchanged, 100 debtors created");
    assert!(stderr(&out).contains(&created), "{}", stderr(&out));
    let out = run(dir, &["import", "payments", file, "--map", MAP]);
    assert!(out.status.success(), "payments: {}", stderr(&out));
    assert!(stderr(&out).contains(&format!("{rows} new")), "{}", stderr(&out));
    assert_eq!(digest(file), before, "the imported file is never modified");
    rows
}

#[test]
fn the_ibm_export_imports_as_invoices_then_as_payments() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(import_ar(dir.path(), &format!("{DATA}/ibm-accounts-receivable.csv")), 2466);
    let debtors = export(dir.path(), "debtors");
    let invoices = export(dir.path(), "invoices");
    let payments = export(dir.path(), "payments");
    assert_eq!((debtors.len() - 1, invoices.len() - 1, payments.len() - 1), (100, 2466, 2466));
    let balance = debtors[0].iter().position(|h| h == "balance").unwrap();
    assert!(debtors[1..].iter().all(|r| r[balance] == "0.00"), "every balance is 0");
    let inv_balance = invoices[0].iter().position(|h| h == "balance").unwrap();
    assert!(invoices[1..].iter().all(|r| r[inv_balance] == "0.00"));
    // US dates became ISO dates; disputes were carried over.
    let first = invoices.iter().find(|r| r[1] == "611365").unwrap();
    assert_eq!(
        (first[0].as_str(), first[3].as_str(), first[4].as_str(), first[5].as_str()),
        ("0379-NEVHP", "2013-01-02", "2013-02-01", "55.94")
    );
    assert!(invoices[1..].iter().any(|r| r[7] == "yes"), "some invoices are disputed");

    // The same files again change nothing.
    let out = run(
        dir.path(),
        &["import", "invoices", &format!("{DATA}/ibm-accounts-receivable.csv"), "--map", MAP],
    );
    assert!(stderr(&out).contains("0 new, 0 updated, 2466 unchanged"), "{}", stderr(&out));
    let out = run(
        dir.path(),
        &["import", "payments", &format!("{DATA}/ibm-accounts-receivable.csv"), "--map", MAP],
    );
    assert!(stderr(&out).contains("0 new, 0 updated, 2466 unchanged"), "{}", stderr(&out));
    let check = run(dir.path(), &["check"]);
    assert!(check.status.success(), "{}", stdout(&check));
}

#[test]
fn the_variant_with_gaps_imports_too() {
    let dir = tempfile::tempdir().unwrap();
    let rows = import_ar(dir.path(), &format!("{DATA}/ibm-accounts-receivable-with-gaps.csv"));
    assert_eq!(export(dir.path(), "invoices").len() - 1, rows);
    assert_eq!(export(dir.path(), "payments").len() - 1, rows);
    let debtors = export(dir.path(), "debtors");
    let balance = debtors[0].iter().position(|h| h == "balance").unwrap();
    assert!(debtors[1..].iter().all(|r| r[balance] == "0.00"));
}

#[test]
fn semicolons_a_bom_crlf_and_currency_signs_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("map.toml");
    std::fs::write(&map, "date_format = \"%d.%m.%Y\"\n[columns]\ndebtor_ref = \"Kunde\"\nnumber = \"Rechnung\"\nissued_on = \"Datum\"\ndue_on = \"Faellig\"\namount = \"Betrag\"\n").unwrap();
    let file = dir.path().join("export.csv");
    let text = "\u{feff}Kunde;Rechnung;Datum;Faellig;Betrag\r\nK-1;R-1;01.10.2026;31.10.2026;\"€1,250.50\"\r\nK-1;R-2;2026-10-05;2026-11-04;99\r\n";
    std::fs::write(&file, text).unwrap();
    let out = run(
        dir.path(),
        &[
            "import",
            "invoices",
            file.to_str().unwrap(),
            "--map",
            map.to_str().unwrap(),
            "--create-debtors",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let invoices = export(dir.path(), "invoices");
    assert_eq!(invoices[1][..6], ["K-1", "R-1", "", "2026-10-01", "2026-10-31", "1250.50"]);
    assert_eq!(invoices[2][5], "99.00");

    // A delimiter given on the command line wins over detection.
    let pipes = dir.path().join("pipes.csv");
    std::fs::write(
        &pipes,
        "debtor_ref|number|issued_on|due_on|amount\nK-1|R-3|2026-10-01|2026-10-31|5\n",
    )
    .unwrap();
    let out = run(dir.path(), &["import", "invoices", pipes.to_str().unwrap(), "--delimiter", "|"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(dir.path(), &["import", "invoices", pipes.to_str().unwrap(), "--delimiter", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--delimiter \"x\" is not one of , ; | tab"));
}

/// Runs an import that must fail: exit 2, the line named, nothing written.
fn refused(dir: &Path, kind: &str, text: &[u8], extra: &[&str], expected: &str) {
    let before = (
        export(dir, "invoices").len(),
        export(dir, "payments").len(),
        export(dir, "debtors").len(),
    );
    let file = dir.join("bad.csv");
    std::fs::write(&file, text).unwrap();
    let mut args = vec!["import", kind, file.to_str().unwrap(), "--map", MAP];
    args.extend(extra);
    let out = run(dir, &args);
    assert_eq!(out.status.code(), Some(2), "{expected}: {}", stderr(&out));
    assert!(stderr(&out).contains(expected), "wanted {expected:?} in:\n{}", stderr(&out));
    let after = (
        export(dir, "invoices").len(),
        export(dir, "payments").len(),
        export(dir, "debtors").len(),
    );
    assert_eq!(before, after, "{expected}: nothing written");
}

const HEADER: &str = "countryCode,customerID,PaperlessDate,invoiceNumber,InvoiceDate,DueDate,InvoiceAmount,Disputed,SettledDate,PaperlessBill,DaysToSettle,DaysLate\n";

#[test]
fn bad_files_are_refused_whole_with_the_line_named() {
    let dir = tempfile::tempdir().unwrap();
    import_ar(dir.path(), &format!("{DATA}/ibm-accounts-receivable.csv"));
    let good = "391,0379-NEVHP,4/6/2013,9000001,1/2/2013,2/1/2013,55.94,No,1/15/2013,Paper,13,0\n";
    let with = |bad: &str| format!("{HEADER}{good}{bad}").into_bytes();

    refused(
        dir.path(),
        "invoices",
        &with("391,0379-NEVHP,,9000002,13/45/2013,2/1/2013,5.00,No,1/15/2013,,13,0\n"),
        &[],
        "bad.csv: line 3, column issued_on: \"13/45/2013\" is not a day in the calendar (read as %m/%d/%Y)",
    );
    refused(
        dir.path(),
        "invoices",
        &with("391,0379-NEVHP,,9000002,1/2/2013,2/1/2013,-5.00,No,1/15/2013,,13,0\n"),
        &[],
        "bad.csv: line 3, column amount: \"-5.00\" is not an amount: amounts cannot be negative",
    );
    refused(
        dir.path(),
        "payments",
        &with("391,0379-NEVHP,,9000001,1/2/2013,2/1/2013,lots,No,1/15/2013,,13,0\n"),
        &[],
        "bad.csv: line 3, column amount: \"lots\" is not an amount",
    );
    refused(
        dir.path(),
        "invoices",
        b"customerID,invoiceNumber,InvoiceDate,InvoiceAmount\n0379-NEVHP,1,1/2/2013,5\n",
        &[],
        "bad.csv: line 1, the header, lacks the required column DueDate (for due_on)",
    );
    refused(
        dir.path(),
        "invoices",
        &with(good),
        &[],
        "bad.csv: line 3 repeats the debtor_ref and number on line 2",
    );
    refused(
        dir.path(),
        "invoices",
        &with("391,NEW-CUSTOMER,,9000003,1/2/2013,2/1/2013,5.00,No,1/15/2013,,13,0\n"),
        &[],
        "bad.csv: line 3, column debtor_ref: no debtor has ref \"NEW-CUSTOMER\"",
    );
    refused(
        dir.path(),
        "invoices",
        &with("391,0379-NEVHP,,9000004,1/2/2013,2/1/20"),
        &[],
        "bad.csv: line 3 has 6 fields but the header has 12",
    );
    let mut latin1 = with(
        "391,0379-NEVHP,,9000005,1/2/2013,2/1/2013,5.00,No,1/15/2013,Papier d\u{e9}mat,13,0\n",
    );
    let at = latin1.windows(2).position(|w| w == "\u{e9}".as_bytes()).unwrap();
    latin1.splice(at..at + 2, [0xE9u8]);
    refused(dir.path(), "invoices", &latin1, &[], "bad.csv: line 3 is not valid UTF-8 text");
}

#[test]
fn a_map_with_a_typo_or_a_bad_date_format_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("map.toml");
    std::fs::write(&map, "[columns]\ndebtor_rf = \"customerID\"\n").unwrap();
    let file = format!("{DATA}/ibm-accounts-receivable.csv");
    let out = run(dir.path(), &["import", "invoices", &file, "--map", map.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("map.toml: line 2, column 1: [columns] \"debtor_rf\" is not one of recoup's import columns"),
        "{}",
        stderr(&out)
    );
}
