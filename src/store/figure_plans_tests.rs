//! Issue 16: the plan of every figure that grows with the book, as SQLite
//! will run it on a book without statistics. Each must read an index range
//! (covering, so no table row is fetched at random) or make one pass over a
//! table in order; none may look something up per row or sort the table.

use rusqlite::types::Value;

use super::Store;
use super::aging::{OPEN_ITEMS_BY_DEBTOR, OPEN_ITEMS_TOTAL, PAID_SINCE};
use super::figure_sql::*;
use super::queue::count_query;
use crate::domain::queue::QueueFilter;
use crate::store::QueueScope;

fn plan(store: &Store, sql: &str, params: usize) -> Vec<String> {
    let values: Vec<Value> = (0..params).map(|_| Value::Text("2026-11-30".into())).collect();
    store.plan_steps(sql, rusqlite::params_from_iter(values))
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("book.sqlite")).unwrap();
    (dir, store)
}

/// Every step of the plan, joined: what each assertion reads.
fn steps(plan: &[String]) -> String {
    plan.join(" | ")
}

#[test]
fn figures_over_dates_read_one_covering_index_range_each() {
    let (_dir, store) = store();
    for (sql, params, index) in [
        (ISSUED_LATER, 1, "COVERING INDEX invoices_issued (issued_on>?)"),
        (PAID_LATER, 1, "COVERING INDEX allocations_dates (received_on>?)"),
        (PAID_LATER_CURRENT, 1, "COVERING INDEX allocations_dates (received_on>?)"),
        (PAID_SINCE, 1, "COVERING INDEX allocations_dates (received_on>?)"),
        (SALES, 2, "COVERING INDEX invoices_issued (issued_on>? AND issued_on<?)"),
        (COLLECTED, 2, "COVERING INDEX payments_received (received_on>? AND received_on<?)"),
        (KEPT, 2, "COVERING INDEX promises_due (due_on>? AND due_on<?)"),
        (BROKEN, 2, "COVERING INDEX promises_due (due_on>? AND due_on<?)"),
        (DUE_TODAY, 1, "USING INDEX promises_due (due_on=? AND status=?)"),
    ] {
        let found = plan(&store, sql, params);
        assert_eq!(found.len(), 1, "one step: {found:?}");
        assert!(found[0].starts_with("SEARCH") && found[0].contains(index), "{sql}\n{found:?}");
    }
    let current = current_on(3);
    let found = plan(&store, &current, 5);
    assert!(found[0].contains("COVERING INDEX invoices_due (due_on>?)"), "{found:?}");
    let per_agent = plan(&store, KEPT_BY_AGENT, 2);
    assert!(steps(&per_agent).contains("COVERING INDEX promises_due"), "{per_agent:?}");
}

#[test]
fn the_aging_report_is_one_pass_over_the_invoices_in_table_order() {
    let (_dir, store) = store();
    let total = plan(&store, OPEN_ITEMS_TOTAL, 1);
    assert_eq!(total, ["SCAN i"], "no index, no lookup: {total:?}");
    let by_debtor = plan(&store, OPEN_ITEMS_BY_DEBTOR, 1);
    assert_eq!(by_debtor[0], "SCAN i", "{by_debtor:?}");
    assert!(by_debtor[1].contains("SEARCH d USING INTEGER PRIMARY KEY (rowid=?)"), "{by_debtor:?}");
    assert_eq!(by_debtor.len(), 2, "{by_debtor:?}");
}

#[test]
fn agents_lines_count_from_indexes_per_agent() {
    let (_dir, store) = store();
    let found = steps(&plan(&store, AGENT_ROWS, 4));
    for index in [
        "COVERING INDEX summary_queue_mine (assigned_to=?)",
        "INDEX summary_due_mine (assigned_to=?)",
        "COVERING INDEX calls_agent (agent_id=? AND started_at>? AND started_at<?)",
        "INDEX promises_due (due_on>? AND due_on<?)",
    ] {
        assert!(found.contains(index), "{index} in {found}");
    }
    assert!(!found.contains("SCAN debtor_summary"), "{found}");
    assert!(!found.contains("SCAN calls"), "{found}");
}

#[test]
fn the_book_totals_are_one_pass_over_the_summaries() {
    let (_dir, store) = store();
    let found = plan(&store, BOOK_TOTALS, 0);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("SCAN debtor_summary"), "{found:?}");
}

/// The due-now counts (the workstation's "N due") read an index alone; a
/// lead's other lists over the whole book are one pass over the summaries,
/// an agent's a range of their own; none sorts.
#[test]
fn every_queue_count_reads_an_index_or_one_pass() {
    let (_dir, store) = store();
    let now: chrono::DateTime<chrono::Utc> = "2026-11-30T12:00:00Z".parse().unwrap();
    let today = now.date_naive();
    for scope in [QueueScope::Mine(1), QueueScope::All] {
        for filter in QueueFilter::ALL {
            let (sql, clause) = count_query(scope, filter, now, today);
            let found = store.plan_steps(&sql, clause.bind().as_slice());
            let all = steps(&found);
            assert!(!all.contains("TEMP B-TREE"), "{scope:?} {filter:?}: {all}");
            match (scope, filter) {
                (_, QueueFilter::DueNow) => assert!(all.contains("COVERING INDEX"), "{all}"),
                (QueueScope::Mine(_), _) => assert!(all.contains("(assigned_to=?"), "{all}"),
                (QueueScope::All, _) => assert!(found[0] == "SCAN s" || all.contains("INDEX")),
            }
        }
    }
}
