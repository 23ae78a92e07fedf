//! `recoup export contacts`: one row per contact, recoup's contact import
//! columns first then the debtor's name; exact, so it imports back as it
//! was; neutralised for a spreadsheet only on request; `--out` as safe as
//! every export.

mod common;

use std::path::Path;

use common::{csv_rows, recoup, stderr, stdout};
use recoup::domain::csv_columns;
use recoup::import::Kind;
use recoup::store::ExportKind;
use rusqlite::Connection;

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

/// A demo book, plus contacts with a time zone, a formula-like name and a
/// second contact per debtor.
fn book(dir: &Path) -> String {
    let db = dir.join("first.sqlite").to_str().unwrap().to_owned();
    run(dir, &db, &["demo", "--debtors", "40", "--seed", "5"]);
    let file = dir.join("more.csv");
    std::fs::write(
        &file,
        "debtor_ref,name,role,phone,email,timezone,primary\n\
         ACC-10000,=HYPERLINK(\"http://evil/\"),@AP,+44 20 7946 0958,evil@example.com,Europe/London,no\n\
         ACC-10003,Mei Chen,\"Controller, EMEA\",,mei@example.com,Asia/Singapore,no\n",
    )
    .unwrap();
    run(dir, &db, &["import", "contacts", file.to_str().unwrap()]);
    db
}

#[test]
fn the_header_is_the_contact_imports_columns_then_the_debtors_name() {
    assert_eq!(Kind::Contacts.columns(), csv_columns::CONTACTS);
    assert_eq!(
        ExportKind::Contacts.columns()[..csv_columns::CONTACTS.len()],
        csv_columns::CONTACTS
    );
    assert_eq!(
        ExportKind::Contacts.columns(),
        ["debtor_ref", "name", "role", "phone", "email", "timezone", "primary", "debtor_name"]
    );
}

#[test]
fn contacts_export_matches_the_store_and_imports_back_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let exact = stdout(&run(dir.path(), &db, &["export", "contacts"]));
    let rows = csv_rows(&exact);

    // Row for row what the contacts table holds.
    let conn = Connection::open(&db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT d.ref, c.name, c.role, c.phone, c.email, COALESCE(c.timezone, ''),
                    c.is_primary, d.name
               FROM contacts c JOIN debtors d ON d.id = c.debtor_id",
        )
        .unwrap();
    let mut stored: Vec<Vec<String>> = stmt
        .query_map([], |r| {
            let mut row: Vec<String> = (0..6).map(|i| r.get(i)).collect::<Result<_, _>>()?;
            row.push(if r.get::<_, i64>(6)? == 1 { "yes" } else { "no" }.to_owned());
            row.push(r.get(7)?);
            Ok(row)
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(stored.len() > 40, "more than one contact for some debtors: {}", stored.len());
    let mut exported = rows[1..].to_vec();
    stored.sort();
    exported.sort();
    assert_eq!(exported, stored);
    // Each debtor's primary contact first, then by name.
    assert_eq!(rows[1][0], "ACC-10000");
    assert_eq!(rows[1][6], "yes");
    let evil = rows.iter().find(|r| r[1].starts_with("=HYPERLINK")).unwrap();
    assert_eq!(
        evil[..7],
        [
            "ACC-10000",
            "=HYPERLINK(\"http://evil/\")",
            "@AP",
            "+44 20 7946 0958",
            "evil@example.com",
            "Europe/London",
            "no"
        ]
    );

    // Into an empty book after its debtors: the same export, byte for byte.
    let second = dir.path().join("second.sqlite");
    let second = second.to_str().unwrap();
    run(dir.path(), second, &["agent", "add", "alice"]);
    run(dir.path(), second, &["agent", "add", "bob"]);
    for kind in ["debtors", "contacts"] {
        let file = dir.path().join(format!("{kind}.csv"));
        run(dir.path(), &db, &["export", kind, "--out", file.to_str().unwrap()]);
        run(dir.path(), second, &["import", kind, file.to_str().unwrap()]);
    }
    assert_eq!(stdout(&run(dir.path(), second, &["export", "contacts"])), exact);

    // Back into the book it came from: nothing changes.
    let file = dir.path().join("contacts.csv");
    let out = run(dir.path(), &db, &["import", "contacts", file.to_str().unwrap()]);
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(said.contains(&format!("0 new, 0 updated, {} unchanged", rows.len() - 1)), "{said}");
}

#[test]
fn contacts_export_is_neutralised_only_for_a_spreadsheet_and_guards_its_out_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let exact = stdout(&run(dir.path(), &db, &["export", "contacts"]));
    let safe = csv_rows(&stdout(&run(dir.path(), &db, &["export", "contacts", "--spreadsheet"])));
    let evil = safe.iter().find(|r| r[1].contains("HYPERLINK")).unwrap();
    assert_eq!(evil[1], "'=HYPERLINK(\"http://evil/\")");
    assert_eq!(evil[2], "'@AP");
    assert_eq!(evil[3], "+44 20 7946 0958", "a phone number is a plain number");
    assert_eq!(safe[0], csv_rows(&exact)[0]);

    let refused = |args: &[&str], says: &str| {
        let out = recoup(dir.path())
            .args(["--db", &db, "export", "contacts"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    };
    refused(&["--out", &db], "is the database itself");
    refused(&["--out", &format!("{db}-wal")], "the database's write-ahead log");
    let out = dir.path().join("contacts.csv");
    let out = out.to_str().unwrap();
    run(dir.path(), &db, &["export", "contacts", "--out", out]);
    assert_eq!(std::fs::read_to_string(out).unwrap(), exact);
    refused(&["--out", out], "already exists; add --force to replace it");
    run(dir.path(), &db, &["export", "contacts", "--spreadsheet", "--force", "--out", out]);
    assert!(std::fs::read_to_string(out).unwrap().contains("'=HYPERLINK"));
}
