//! What recoup prints from data: report tables cleaned for the terminal and
//! aligned in cells; report CSV safe to open in a spreadsheet; exports
//! exact, or neutralised with `--spreadsheet`; counts that agree with their
//! nouns.

mod common;

use recoup::import::rules::new_debtor;
use std::path::Path;

use common::{csv_rows, moment, recoup, stderr, stdout};
use recoup::domain::Money;
use recoup::domain::text::width;
use recoup::store::{NewInvoice, Store};

/// A book written through the store (the import refuses such names), each
/// debtor owing one invoice.
fn book(dir: &Path, debtors: &[(&str, &str)]) -> String {
    let db = dir.join("book.sqlite");
    let store = Store::open(&db).unwrap();
    let at = moment();
    store.resolve_agent("carol", at.now).unwrap();
    let mut w = store.book_writer(at).unwrap();
    for (i, (reference, name)) in debtors.iter().enumerate() {
        let (id, _) = w.debtor(&new_debtor(reference, name)).unwrap();
        let invoice = NewInvoice {
            number: format!("INV-{i}"),
            supplied_on: None,
            issued_on: "2026-09-01".parse().unwrap(),
            due_on: "2026-10-01".parse().unwrap(),
            amount: Money(123_456 * (i as i64 + 1)),
            currency: "USD".into(),
            dispute: None,
        };
        w.invoice(id, invoice).unwrap();
    }
    w.finish().unwrap();
    db.to_str().unwrap().to_owned()
}

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
fn report_tables_show_control_characters_as_a_mark_and_align_in_cells() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(
        dir.path(),
        &[
            ("H-1", "\x1b]0;pwned\x07Evil\u{202e}Corp\nLtd"),
            ("J-1", "株式会社山田製作所"),
            ("P-1", "Plain Trading"),
        ],
    );
    let text = stdout(&run(dir.path(), &db, &["report", "aging", "--by", "debtor"]));
    assert!(!text.chars().any(|c| c != '\n' && c.is_control()), "{text:?}");
    assert!(!text.contains('\u{202e}'), "{text:?}");
    assert!(text.contains("H-1 �]0;pwned�Evil�Corp�Ltd"), "{text}");
    // Title, header, three debtors and the total: every row of the table
    // is as wide as the header, in terminal cells.
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    let header = width(lines[1]);
    for line in &lines[2..] {
        assert_eq!(width(line), header, "{line:?} in\n{text}");
    }
}

#[test]
fn report_csv_neutralises_formulas_and_keeps_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(
        dir.path(),
        &[
            ("=HYPERLINK(\"http://evil/\",\"pay here\")", "Evil"),
            ("-2+3+cmd|' /C calc'!A0", "Calc"),
        ],
    );
    // An agent named before names were restricted (a version-1 book).
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT INTO agents (name, role, created_at) VALUES ('@SUM(1+1)', 'agent', '2026-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
    let aging = csv_rows(&stdout(&run(
        dir.path(),
        &db,
        &["report", "aging", "--by", "debtor", "--format", "csv"],
    )));
    let labels: Vec<&str> = aging.iter().skip(1).map(|r| r[0].as_str()).collect();
    assert!(labels.contains(&"'=HYPERLINK(\"http://evil/\",\"pay here\") Evil"), "{aging:?}");
    assert!(labels.contains(&"'-2+3+cmd|' /C calc'!A0 Calc"), "{aging:?}");
    assert!(labels.contains(&"TOTAL"), "{aging:?}");
    // Amounts are plain numbers and stay so.
    let total = aging.iter().find(|r| r[0] == "TOTAL").unwrap();
    assert_eq!(total[7], "3703.68", "{total:?}");
    let agents = csv_rows(&stdout(&run(dir.path(), &db, &["report", "agents", "--format", "csv"])));
    assert!(agents.iter().any(|r| r[0] == "'@SUM(1+1)"), "{agents:?}");
}

#[test]
fn exports_are_exact_for_the_round_trip_and_neutralised_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.sqlite");
    let db = db.to_str().unwrap();
    let file = dir.path().join("debtors.csv");
    std::fs::write(
        &file,
        "ref,name,contact_name,phone\n\
         D-1,\"=HYPERLINK(\"\"http://evil/\"\",\"\"pay\"\")\",Ann,+44 20 7946 0958\n\
         D-2,@SUM(1+1),Bob,(555) 010-0199\n",
    )
    .unwrap();
    run(dir.path(), db, &["import", "debtors", file.to_str().unwrap()]);

    let exact = stdout(&run(dir.path(), db, &["export", "debtors"]));
    let rows = csv_rows(&exact);
    assert_eq!(rows[1][1], "=HYPERLINK(\"http://evil/\",\"pay\")");
    assert_eq!(rows[2][1], "@SUM(1+1)");
    // Exact: the export imported into another book exports the same bytes.
    let back = dir.path().join("back.csv");
    std::fs::write(&back, &exact).unwrap();
    let other = dir.path().join("other.sqlite");
    let other = other.to_str().unwrap();
    run(dir.path(), other, &["import", "debtors", back.to_str().unwrap()]);
    assert_eq!(stdout(&run(dir.path(), other, &["export", "debtors"])), exact);

    let safe = csv_rows(&stdout(&run(dir.path(), db, &["export", "debtors", "--spreadsheet"])));
    assert_eq!(safe[1][1], "'=HYPERLINK(\"http://evil/\",\"pay\")");
    assert_eq!(safe[2][1], "'@SUM(1+1)");
    assert_eq!(safe[1][4], "+44 20 7946 0958", "a phone number is a plain number");
    assert_eq!(safe[0], rows[0], "the header is recoup's own");

    // --out writes the same through a file, and replaces one only with --force.
    let out = dir.path().join("out.csv");
    run(dir.path(), db, &["export", "debtors", "--out", out.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), exact);
    run(
        dir.path(),
        db,
        &["export", "debtors", "--spreadsheet", "--force", "--out", out.to_str().unwrap()],
    );
    assert!(std::fs::read_to_string(&out).unwrap().contains("'@SUM(1+1)"));
}

#[test]
fn counts_agree_with_their_nouns() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.sqlite");
    let db = db.to_str().unwrap();
    let file = dir.path().join("invoices.csv");
    std::fs::write(
        &file,
        "debtor_ref,number,issued_on,due_on,amount\nN-1,INV-1,2026-01-01,2026-02-01,5\n",
    )
    .unwrap();
    let out =
        run(dir.path(), db, &["import", "invoices", file.to_str().unwrap(), "--create-debtors"]);
    assert!(
        stderr(&out).contains("1 new, 0 updated, 0 unchanged, 1 debtor created"),
        "{}",
        stderr(&out)
    );

    // One problem in the book: `check` says so in the singular.
    rusqlite::Connection::open(db)
        .unwrap()
        .execute_batch(&format!("DROP INDEX {}", first_index(db)))
        .unwrap();
    let out = recoup(dir.path()).args(["--db", db, "check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("recoup: 1 problem found in "), "{}", stderr(&out));
}

/// The name of one of recoup's own indexes.
fn first_index(db: &str) -> String {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
            [],
            |r| r.get(0),
        )
        .unwrap()
}
