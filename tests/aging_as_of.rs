//! The aging report's open amounts as of a past day (issue 16): read from
//! what is unpaid now plus what was paid since, they equal the long way
//! (every allocation of a payment received by that day), invoice by invoice.

mod common;

use std::collections::BTreeMap;

use chrono::Days;
use recoup::store::AgingBy;

#[test]
fn open_amounts_as_of_past_days_equal_the_long_way_invoice_by_invoice() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = common::demo_book(dir.path(), 300);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let today = common::moment().today;
    for back in [0u64, 1, 15, 31, 90, 200, 300] {
        let day = today - Days::new(back);
        let mut long: BTreeMap<i64, i64> = BTreeMap::new();
        let mut stmt = conn
            .prepare(
                "SELECT i.id, i.amount_cents - COALESCE((SELECT SUM(al.amount_cents)
                          FROM allocations al JOIN payments p ON p.id = al.payment_id
                         WHERE al.invoice_id = i.id AND p.received_on <= ?1), 0)
                   FROM invoices i WHERE i.issued_on <= ?1",
            )
            .unwrap();
        let rows = stmt
            .query_map([day.format("%Y-%m-%d").to_string()], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
            })
            .unwrap();
        for row in rows {
            let (id, open) = row.unwrap();
            if open > 0 {
                long.insert(id, open);
            }
        }
        let quick: BTreeMap<i64, i64> = store
            .open_items(day, AgingBy::Agent)
            .unwrap()
            .into_iter()
            .map(|item| (item.invoice_id, item.open.cents()))
            .collect();
        assert!(long.len() > 10, "{back} days back: {} open invoices", long.len());
        assert_eq!(quick, long, "{back} days back");
    }
}

#[test]
fn grouped_by_debtor_each_line_is_one_debtor() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = common::demo_book(dir.path(), 40);
    let today = common::moment().today;
    let items = store.open_items(today, AgingBy::Debtor).unwrap();
    let (lines, total) = recoup::domain::aging_report::aging(&items, today);
    let by_total = store.open_items(today, AgingBy::Total).unwrap();
    let (_, same_total) = recoup::domain::aging_report::aging(&by_total, today);
    assert_eq!(total, same_total);
    assert!(lines.len() > 20 && lines.len() <= 40, "{} lines", lines.len());
    assert!(lines.iter().all(|l| l.label.starts_with("ACC-")), "{:?}", lines[0].label);
}
