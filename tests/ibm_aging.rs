//! `report aging --as-of 2013-06-30` on a real accounts-receivable export
//! (IBM's sample: 2,466 invoices, 100 customers, US dates), converted here to
//! recoup's import columns, against an independent computation: per bucket,
//! the sum of invoices issued by the as-of date and not settled by it.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use common::{csv_rows, recoup, stderr, stdout};

const EXPORT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/ibm-accounts-receivable.csv");

struct Invoice {
    customer: String,
    number: String,
    issued: NaiveDate,
    due: NaiveDate,
    cents: i64,
    disputed: bool,
    settled: NaiveDate,
}

fn us_date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%m/%d/%Y").unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn cents(s: &str) -> i64 {
    let (whole, frac) = s.split_once('.').unwrap_or((s, "0"));
    let frac = format!("{frac:0<2}");
    whole.parse::<i64>().unwrap() * 100 + frac[..2].parse::<i64>().unwrap()
}

fn read_export() -> Vec<Invoice> {
    let rows = csv_rows(&std::fs::read_to_string(EXPORT).expect("the shared AR export"));
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let (customer, number, issued, due, amount, disputed, settled) = (
        col("customerID"),
        col("invoiceNumber"),
        col("InvoiceDate"),
        col("DueDate"),
        col("InvoiceAmount"),
        col("Disputed"),
        col("SettledDate"),
    );
    rows[1..]
        .iter()
        .map(|r| Invoice {
            customer: r[customer].clone(),
            number: r[number].clone(),
            issued: us_date(&r[issued]),
            due: us_date(&r[due]),
            cents: cents(&r[amount]),
            disputed: r[disputed] == "Yes",
            settled: us_date(&r[settled]),
        })
        .collect()
}

/// recoup's own invoice and payment files from the export.
fn convert(dir: &Path, invoices: &[Invoice]) -> (PathBuf, PathBuf) {
    let money = |c: i64| format!("{}.{:02}", c / 100, c % 100);
    let mut inv = String::from("debtor_ref,number,issued_on,due_on,amount,disputed\n");
    let mut pay = String::from("debtor_ref,received_on,amount,invoice_number,reference\n");
    for i in invoices {
        inv.push_str(&format!(
            "{},{},{},{},{},{}\n",
            i.customer,
            i.number,
            i.issued,
            i.due,
            money(i.cents),
            if i.disputed { "yes" } else { "no" }
        ));
        pay.push_str(&format!(
            "{},{},{},{},SETTLED-{}\n",
            i.customer,
            i.settled,
            money(i.cents),
            i.number,
            i.number
        ));
    }
    let (a, b) = (dir.join("invoices.csv"), dir.join("payments.csv"));
    std::fs::write(&a, inv).unwrap();
    std::fs::write(&b, pay).unwrap();
    (a, b)
}

#[test]
fn aging_as_of_mid_2013_matches_an_independent_computation() {
    let invoices = read_export();
    assert_eq!(invoices.len(), 2466);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ibm.sqlite");
    let db = db.to_str().unwrap();
    let (inv, pay) = convert(dir.path(), &invoices);
    for (kind, file) in [("invoices", &inv), ("payments", &pay)] {
        let out = recoup(dir.path())
            .args([
                "--db",
                db,
                "--agent",
                "carol",
                "import",
                kind,
                file.to_str().unwrap(),
                "--create-debtors",
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{kind}: {}", stderr(&out));
    }

    let as_of: NaiveDate = "2013-06-30".parse().unwrap();
    let mut expected = [0i64; 5];
    for i in invoices.iter().filter(|i| i.issued <= as_of && i.settled > as_of) {
        let days = (as_of - i.due).num_days();
        let bucket = match days {
            d if d <= 0 => 0,
            1..=30 => 1,
            31..=60 => 2,
            61..=90 => 3,
            _ => 4,
        };
        expected[bucket] += i.cents;
    }
    assert!(expected.iter().sum::<i64>() > 0, "some invoices were open then");

    let out = recoup(dir.path())
        .args(["--db", db, "report", "aging", "--as-of", "2013-06-30", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = csv_rows(&stdout(&out));
    // The first nine columns as before issue 13, then interest and
    // compensation per late bucket: none here (no debtor has a regime).
    assert_eq!(
        rows[0][..9],
        ["group", "current", "1-30", "31-60", "61-90", "90+", "disputed", "total", "overdue"]
    );
    assert_eq!(rows[0].len(), 19);
    assert_eq!(rows[0][9], "interest_1-30");
    assert_eq!(rows[0][18], "compensation_disputed");
    let total = rows.last().unwrap();
    assert_eq!(total[0], "TOTAL");
    let got: Vec<i64> = total[1..6].iter().map(|c| cents(c)).collect();
    assert_eq!(got, expected, "per bucket, in cents");
    assert_eq!(total[6], "0.00", "no dispute had been raised by then");
    assert!(total[9..].iter().all(|c| c == "0.00"), "{total:?}");

    // Every debtor's balance today is zero: all invoices were settled.
    let out = recoup(dir.path())
        .args(["--db", db, "report", "aging", "--format", "csv"])
        .output()
        .unwrap();
    let today = csv_rows(&stdout(&out));
    assert_eq!(today.last().unwrap()[7], "0.00");
}
