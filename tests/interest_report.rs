//! `recoup report interest` and the interest columns of `report aging`,
//! through the real binary on a book imported from files: debtors under
//! `uk`, `eu`, `contract` and `none`, rates, invoices and a payment. Every
//! figure is worked out by hand in the comments.

mod common;

use std::path::Path;
use std::process::Output;

use common::{csv_rows, recoup, stderr, stdout};

fn run(dir: &Path, args: &[&str]) -> Output {
    recoup(dir)
        .args(["--db", dir.join("book.sqlite").to_str().unwrap(), "--agent", "carol"])
        .args(args)
        .env("RECOUP_NOW", common::NOW)
        .output()
        .unwrap()
}

fn ok(out: Output) -> String {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
}

/// Base rate 5% from 2024-08-01 (so 13% for 2025's first half: in force
/// on 31 December 2024, + 8); ECB 4.25% from 2024-06-12 (so 12.25% with
/// D-2's margin of 8 from 1 January 2025). Nothing before: D-5's invoice,
/// late since 2024-06-01, needs the base rate of 31 December 2023.
const RATES: &str = "rate,effective_on,percent\nboe_base,2024-08-01,5\necb_refi,2024-06-12,4.25\n";

const DEBTORS: &str = "\
ref,name,interest,interest_rate
D-1,Brook Ltd,uk,8
D-2,Rhein GmbH,eu,8
D-3,Contract Co,contract,10.5
D-4,Plain Co,none,
D-5,Early Ltd,uk,
";

const INVOICES: &str = "\
debtor_ref,number,issued_on,due_on,amount
D-1,UK-1,2024-12-01,2025-01-01,1000
D-2,EU-1,2025-01-01,2025-02-01,500
D-3,C-1,2025-01-01,2025-01-31,200
D-4,N-1,2025-01-01,2025-02-01,300
D-5,U-1,2024-05-01,2024-06-01,100
";

const PAYMENTS: &str = "\
debtor_ref,received_on,amount,invoice_number,reference
D-1,2025-01-31,400,UK-1,part
";

fn book(dir: &Path) {
    ok(run(dir, &["agent", "add", "carol", "--role", "lead"]));
    for (kind, text) in [("debtors", DEBTORS), ("invoices", INVOICES), ("payments", PAYMENTS)] {
        let p = dir.join(format!("{kind}.csv"));
        std::fs::write(&p, text).unwrap();
        ok(run(dir, &["import", kind, p.to_str().unwrap()]));
    }
    let p = dir.join("rates.csv");
    std::fs::write(&p, RATES).unwrap();
    ok(run(dir, &["rates", "import", p.to_str().unwrap()]));
}

fn interest(dir: &Path, as_of: &str) -> Vec<Vec<String>> {
    csv_rows(&ok(run(dir, &["report", "interest", "--as-of", as_of, "--format", "csv"])))
}

#[test]
fn report_interest_per_invoice_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    book(dir);
    let rows = interest(dir, "2025-03-01");
    assert_eq!(
        rows[0].join(","),
        "debtor_ref,invoice_number,due_on,principal_unpaid,days_late,rate_percent,interest,compensation,waived"
    );
    // UK-1: 13%. 01-02..01-31, 30 days on 1,000.00: 100,000 × 1,300 × 30
    // = 3,900,000,000; the 400.00 of 01-31 counts from 02-01: 02-01..03-01,
    // 29 days on 600.00 = 60,000 × 1,300 × 29 = 2,262,000,000. Sum
    // 6,162,000,000 / 3,650,000 = 1,688.22 cents → 16.88. Compensation:
    // 1,000.00 is in the 1,000.00-9,999.99 band → 70.00.
    assert_eq!(
        rows[1],
        ["D-1", "UK-1", "2025-01-01", "600.00", "59", "13", "16.88", "70.00", "0.00"]
    );
    // EU-1: 4.25 + 8 = 12.25%. 02-02..03-01 = 28 days on 500.00:
    // 50,000 × 1,225 × 28 = 1,715,000,000 / 3,650,000 = 469.86 → 4.70;
    // compensation 40.00.
    assert_eq!(
        rows[2],
        ["D-2", "EU-1", "2025-02-01", "500.00", "28", "12.25", "4.70", "40.00", "0.00"]
    );
    // C-1: 10.5%. 02-01..03-01 = 29 days on 200.00: 20,000 × 1,050 × 29
    // = 609,000,000 / 3,650,000 = 166.85 → 1.67; contract: no compensation.
    assert_eq!(
        rows[3],
        ["D-3", "C-1", "2025-01-31", "200.00", "29", "10.5", "1.67", "0.00", "0.00"]
    );
    // D-4 is under `none`: not in the report. U-1 needs a rate the table
    // lacks: unknown, never 0; 2024-06-01 to 2025-03-01 is 273 days.
    assert_eq!(
        rows[4],
        ["D-5", "U-1", "2024-06-01", "100.00", "273", "unknown", "unknown", "unknown", "unknown"]
    );
    // The total is unknown too; its principal is known: 600 + 500 + 200 + 100.
    assert_eq!(rows[5], ["TOTAL", "", "", "1400.00", "", "", "unknown", "unknown", "unknown"]);
    assert_eq!(rows.len(), 6);
    let out = run(dir, &["report", "interest", "--as-of", "2025-03-01", "--format", "csv"]);
    assert!(
        stderr(&out).contains("no boe_base rate is known in force on 2023-12-31"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn as_of_moves_the_figures_and_a_rate_makes_unknown_known() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    book(dir);
    // C-1 on 2025-02-15: 02-01..02-15 = 15 days: 20,000 × 1,050 × 15 =
    // 315,000,000 / 3,650,000 = 86.30 → 0.86. EU-1 is 14 days late:
    // 50,000 × 1,225 × 14 = 857,500,000 / 3,650,000 = 234.93 → 2.35.
    let rows = interest(dir, "2025-02-15");
    let c1 = rows.iter().find(|r| r[1] == "C-1").unwrap();
    assert_eq!((c1[4].as_str(), c1[6].as_str()), ("15", "0.86"));
    let eu1 = rows.iter().find(|r| r[1] == "EU-1").unwrap();
    assert_eq!((eu1[4].as_str(), eu1[6].as_str()), ("14", "2.35"));
    // A base rate of 5.25% from 2023-08-03 covers U-1. 2024's first half
    // (31 Dec 2023: 5.25 + 8 = 13.25%) 06-02..06-30 = 29 days; the second
    // half (30 June 2024: 13.25%) 07-01..12-31 = 184 days; 2025's first
    // half (13%) 01-01..03-01 = 60 days. 10,000 × (1,325 × 213 + 1,300 ×
    // 60) = 10,000 × (282,225 + 78,000) = 3,602,250,000 / 3,650,000 =
    // 986.92 → 9.87; compensation under 1,000.00 → 40.00.
    let p = dir.join("early.csv");
    std::fs::write(&p, "rate,effective_on,percent\nboe_base,2023-08-03,5.25\n").unwrap();
    ok(run(dir, &["rates", "import", p.to_str().unwrap()]));
    let rows = interest(dir, "2025-03-01");
    let u1 = rows.iter().find(|r| r[1] == "U-1").unwrap();
    assert_eq!(u1[5..], ["13", "9.87", "40.00", "0.00"]);
    // Total: 16.88 + 4.70 + 1.67 + 9.87 = 33.12; 70 + 40 + 40 = 150.00.
    assert_eq!(rows.last().unwrap()[6..], ["33.12", "150.00", "0.00"]);
    let table = ok(run(dir, &["report", "interest", "--as-of", "2025-03-01"]));
    assert!(
        table.starts_with("Late-payment interest and compensation as of 2025-03-01"),
        "{table}"
    );
}

#[test]
fn aging_adds_interest_and_compensation_per_bucket() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    book(dir);
    let out = run(dir, &["report", "aging", "--as-of", "2025-03-01", "--format", "csv"]);
    let rows = csv_rows(&ok(out));
    let total = rows.last().unwrap();
    assert_eq!(total[0], "TOTAL");
    // 1-30: EU-1 (28 days) 4.70 + C-1 (29) 1.67 = 6.37, compensation 40.00;
    // 31-60: UK-1 (59) 16.88 and 70.00; 90+: U-1 unknown; N-1 (none, 28
    // days) adds nothing; nothing disputed.
    assert_eq!(total[9..14], ["6.37", "16.88", "0.00", "unknown", "0.00"]);
    assert_eq!(total[14..19], ["40.00", "70.00", "0.00", "unknown", "0.00"]);
    // The principal columns are as before: 1-30 holds 500 + 200 + 300.
    assert_eq!(total[2], "1000.00");
}

#[test]
fn triage_reads_the_books_interest_and_compensation_once_through_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    book(dir);
    let store = recoup::store::Store::open(&dir.join("book.sqlite")).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
    let book = store.book_interest(day).unwrap();
    // D-1, D-2, D-3 and D-5 have a regime; D-4 is `none`.
    assert_eq!(book.debtors, 4);
    // Known: 16.88 + 4.70 + 1.67 = 23.25 and 70 + 40 = 110.00; U-1's rate
    // is missing, so the book's figure is unknown and says which rate.
    assert_eq!(book.total.interest, recoup::domain::Money(2_325));
    assert_eq!(book.total.compensation, recoup::domain::Money(11_000));
    let missing = book.unknown.expect("U-1 needs a rate");
    assert_eq!(
        missing.to_string(),
        "no boe_base rate is known in force on 2023-12-31 (import rates that cover it)"
    );
}
