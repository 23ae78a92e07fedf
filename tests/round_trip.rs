//! `recoup export X` then `recoup import X` into an empty database gives the
//! same export, byte for byte (debtors, invoices, payments).

mod common;

use std::path::Path;

use common::{recoup, stderr};

fn run(dir: &Path, db: &str, args: &[&str]) -> std::process::Output {
    let out = recoup(dir)
        .env("RECOUP_NOW", common::NOW)
        .args(["--db", db, "--agent", "carol"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    out
}

#[test]
fn a_book_exported_and_imported_again_exports_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.sqlite");
    let first = first.to_str().unwrap();
    run(dir.path(), first, &["demo", "--debtors", "150", "--seed", "3"]);
    let second = dir.path().join("second.sqlite");
    let second = second.to_str().unwrap();
    run(dir.path(), second, &["agent", "add", "alice"]);
    run(dir.path(), second, &["agent", "add", "bob"]);

    for kind in ["debtors", "invoices", "payments"] {
        let file = dir.path().join(format!("{kind}.csv"));
        run(dir.path(), first, &["export", kind, "--out", file.to_str().unwrap()]);
        run(dir.path(), second, &["import", kind, file.to_str().unwrap()]);
    }
    for kind in ["debtors", "invoices", "payments"] {
        let a = run(dir.path(), first, &["export", kind]).stdout;
        let b = run(dir.path(), second, &["export", kind]).stdout;
        assert!(a.len() > 1000, "{kind} has rows");
        if a != b {
            let (a, b) = (String::from_utf8_lossy(&a), String::from_utf8_lossy(&b));
            let diff: Vec<_> = a.lines().zip(b.lines()).filter(|(x, y)| x != y).take(3).collect();
            panic!("{kind} differs: {diff:#?}");
        }
    }
}

#[test]
fn exports_lead_with_the_one_list_of_columns_imports_read() {
    use recoup::domain::csv_columns;
    use recoup::import::Kind;
    use recoup::store::ExportKind;
    let pairs = [
        (Kind::Debtors, ExportKind::Debtors, &csv_columns::DEBTORS[..]),
        (Kind::Invoices, ExportKind::Invoices, &csv_columns::INVOICES[..]),
        (Kind::Payments, ExportKind::Payments, &csv_columns::PAYMENTS[..]),
    ];
    for (import, export, own) in pairs {
        assert_eq!(import.columns(), own);
        assert_eq!(&export.columns()[..own.len()], own, "{}", export.name());
        // Whatever else an import reads is in the export too, so it comes back.
        for extra in import.extra_columns() {
            assert!(export.columns().contains(extra), "{extra}");
        }
    }
    assert_eq!(Kind::Contacts.columns(), csv_columns::CONTACTS);
    assert_eq!(
        ExportKind::Invoices.columns()[csv_columns::INVOICES.len()..],
        ["balance", "dispute_opened_on", "dispute_resolved_on"]
    );
}
