//! The demo book looks like a real receivables book: about half of what is
//! owed is not yet due, the rest a tail that thins with age, and only a few
//! debtors are old enough to escalate, so the queue's filters filter.

mod common;

use common::{NOW, csv_rows, demo_book, recoup, stdout};
use recoup::domain::queue::QueueFilter;
use recoup::store::QueueScope;

const BUCKETS: [&str; 5] = ["current", "1-30", "31-60", "61-90", "90+"];

#[test]
fn the_demo_books_aging_has_a_long_thin_tail() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 1000);
    let out = recoup(dir.path())
        .env("RECOUP_NOW", NOW)
        .args(["--db", path.to_str().unwrap(), "--agent", "carol"])
        .args(["report", "aging", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let rows = csv_rows(&stdout(&out));
    let total = rows.iter().find(|r| r[0] == "TOTAL").expect("a TOTAL row");
    let cents = |name: &str| {
        let col = rows[0].iter().position(|h| h == name).unwrap();
        (total[col].parse::<f64>().unwrap() * 100.0).round() as i64
    };
    let amounts: Vec<i64> = BUCKETS.iter().map(|b| cents(b)).collect();
    let owed: i64 = amounts.iter().sum();
    let share: Vec<f64> = amounts.iter().map(|a| *a as f64 * 100.0 / owed as f64).collect();
    let shares: Vec<String> =
        BUCKETS.iter().zip(&share).map(|(b, s)| format!("{b} {s:.1}%")).collect();
    println!("demo book of 1,000 debtors, by amount: {}", shares.join(" · "));

    assert!((45.0..=70.0).contains(&share[0]), "about half current: {shares:?}");
    assert!((12.0..=30.0).contains(&share[1]), "1-30: {shares:?}");
    assert!(share[1] > share[2] && share[2] > share[3], "a tail that thins: {shares:?}");
    assert!((2.0..=15.0).contains(&share[4]), "90+ a small part: {shares:?}");

    // Debtors: a few are 90+ or escalation candidates; many owe nothing overdue.
    let now = common::now().to_utc();
    let count = |filter| store.queue_count(QueueScope::All, filter, now).unwrap();
    let all = count(QueueFilter::All);
    let over_90 = count(QueueFilter::Over90);
    let escalate = count(QueueFilter::Escalation(90));
    let due = count(QueueFilter::DueNow);
    println!(
        "debtors: {all}, due now {due}, 90+ {over_90}, escalation candidates {escalate}, \
         broken promises {}, disputed {}",
        count(QueueFilter::BrokenPromises),
        count(QueueFilter::Disputed)
    );
    assert_eq!(all, 1000);
    assert!((20..=100).contains(&over_90), "90+ debtors: {over_90}");
    assert!((15..=80).contains(&escalate), "escalation candidates: {escalate}");
    assert!((150..=600).contains(&due), "due now: {due}");
    assert!(count(QueueFilter::BrokenPromises) >= 10, "broken promises to work");
    assert!(count(QueueFilter::Disputed) >= 10, "disputes to resolve");
}
