//! The queue window: pages, counts, moves.
use super::*;
use crate::app::fixtures::row;

fn rows(range: std::ops::Range<usize>) -> Vec<QueueRow> {
    range.map(row).collect()
}

#[test]
fn moving_near_the_edge_asks_for_the_next_page() {
    let mut q = QueueState::new(QueueScope::All);
    q.loaded(QueueLoad::First, rows(0..PAGE), Some(1000), 20);
    assert!(q.move_by(1, 20).is_empty());
    assert_eq!(q.selected_debtor(), Some(2));
    assert!(q.move_by(97, 20).is_empty(), "still far from the edge");
    assert_eq!(q.selected, 98);
    let effects = q.move_by(2, 20);
    assert_eq!(q.selected, 100);
    assert!(matches!(
        effects.as_slice(),
        [Request::LoadQueue { load: QueueLoad::Forward, page: Page::After(k), .. }] if k.debtor_id == PAGE as i64
    ));
    assert_eq!(q.offset, 81, "selection kept on screen");
}

#[test]
fn window_is_trimmed_and_positions_stay_right() {
    let mut q = QueueState::new(QueueScope::All);
    q.loaded(QueueLoad::First, rows(0..PAGE), Some(10_000), 20);
    for k in 1..5 {
        q.loaded(QueueLoad::Forward, rows(k * PAGE..(k + 1) * PAGE), Some(10_000), 20);
    }
    assert_eq!(q.rows.len(), MAX_WINDOW);
    assert_eq!(q.start, 2 * PAGE);
    assert_eq!(q.rows[0].debtor_id(), 2 * PAGE as i64 + 1);
    q.selected = 2 * PAGE + 10;
    assert_eq!(q.selected_debtor(), Some(2 * PAGE as i64 + 11));
    q.loaded(QueueLoad::Backward, rows(PAGE..2 * PAGE), Some(10_000), 20);
    assert_eq!(q.start, PAGE);
    assert_eq!(q.selected_debtor(), Some(2 * PAGE as i64 + 11));
}

#[test]
fn bottom_reads_the_last_page() {
    let mut q = QueueState::new(QueueScope::All);
    q.loaded(QueueLoad::First, rows(0..PAGE), Some(1000), 20);
    assert_eq!(q.to_bottom(20).len(), 1);
    q.loaded(QueueLoad::Last, rows(800..1000), Some(1000), 20);
    assert_eq!(q.selected, 999);
    assert_eq!(q.selected_debtor(), Some(1000));
    assert_eq!(q.offset, 980);
}

#[test]
fn refresh_keeps_the_selected_debtor() {
    let mut q = QueueState::new(QueueScope::All);
    q.loaded(QueueLoad::First, rows(0..10), Some(10), 5);
    q.move_by(3, 5);
    assert_eq!(q.selected_debtor(), Some(4));
    let mut again = rows(0..10);
    again.remove(1);
    q.loaded(QueueLoad::Refresh, again, Some(9), 5);
    assert_eq!(q.selected_debtor(), Some(4));
    assert_eq!(q.selected, 2);
}

#[test]
fn a_refresh_never_reads_from_a_key_that_may_have_moved() {
    let mut q = QueueState::new(QueueScope::Mine(1));
    q.loaded(QueueLoad::First, rows(0..10), Some(10), 5);
    // From the top, whatever the first row's key was.
    assert!(matches!(
        q.refresh(),
        Request::LoadQueue { load: QueueLoad::Refresh, page: Page::From(QueueKey::FIRST), .. }
    ));
    // A pinned debtor's key drops below the old first key: it is read.
    let mut moved = rows(0..10);
    moved[4].key.sort_key = -1_000;
    moved.sort_by_key(|r| r.key);
    q.loaded(QueueLoad::Refresh, moved, Some(10), 5);
    assert_eq!(q.rows.len(), 10);
    assert_eq!(q.rows[0].debtor_id(), 5);
    // Further down, the window is found again around the selection.
    let mut deep = QueueState::new(QueueScope::Mine(1));
    deep.loaded(QueueLoad::Around { start: 400, debtor_id: 410 }, rows(400..600), Some(1000), 5);
    assert!(matches!(deep.refresh(), Request::LocateInList { debtor_id: 410, .. }));
}

#[test]
fn a_page_that_overlaps_the_window_adds_no_row_twice() {
    let mut q = QueueState::new(QueueScope::All);
    q.loaded(QueueLoad::First, rows(0..PAGE), Some(1000), 20);
    q.loaded(QueueLoad::Forward, rows(PAGE - 5..2 * PAGE), Some(1000), 20);
    assert_eq!(q.rows.len(), 2 * PAGE);
    let ids: std::collections::HashSet<i64> = q.rows.iter().map(QueueRow::debtor_id).collect();
    assert_eq!(ids.len(), q.rows.len());
}

#[test]
fn empty_queue_has_no_selection() {
    let mut q = QueueState::new(QueueScope::Mine(1));
    q.loaded(QueueLoad::First, Vec::new(), Some(0), 5);
    assert_eq!(q.selected_debtor(), None);
    assert!(q.move_by(1, 5).is_empty());
}

#[test]
fn a_long_list_is_shown_before_it_is_counted_then_counted_once() {
    let mut q = QueueState::new(QueueScope::Mine(1));
    q.loaded(QueueLoad::First, rows(0..PAGE), None, 20);
    assert!(!q.counted);
    assert_eq!(q.shown_total(), "200+");
    assert!(matches!(
        q.count_request(),
        Some(Request::CountList { scope: QueueScope::Mine(1), filter: QueueFilter::DueNow, .. })
    ));
    assert_eq!(q.count_request(), None, "asked once");
    // Moving on before the count comes still reads the next page.
    assert!(matches!(
        q.move_by(150, 20).as_slice(),
        [Request::LoadQueue { load: QueueLoad::Forward, .. }]
    ));
    q.loaded(QueueLoad::Forward, rows(PAGE..2 * PAGE), None, 20);
    assert_eq!(q.shown_total(), "400+");
    // `G` before the count: the last page is read (it comes counted).
    assert_eq!(q.to_bottom(20).len(), 1);
    q.counted(QueueScope::Mine(1), QueueFilter::DueNow, 123_456, 20);
    assert!(q.counted);
    assert_eq!(q.shown_total(), "123456");
    assert_eq!(q.selected, 150, "the selection stays where it was");
}

#[test]
fn a_count_for_another_list_is_not_taken() {
    let mut q = QueueState::new(QueueScope::Mine(1));
    q.loaded(QueueLoad::First, rows(0..PAGE), None, 20);
    q.counted(QueueScope::All, QueueFilter::DueNow, 9_999, 20);
    assert_eq!(q.shown_total(), "200+");
    q.filter = QueueFilter::BrokenPromises;
    q.counted(QueueScope::Mine(1), QueueFilter::DueNow, 9_999, 20);
    assert_eq!(q.shown_total(), "200+");
}

#[test]
fn a_short_page_is_the_whole_list_and_a_refresh_keeps_the_last_count() {
    let mut q = QueueState::new(QueueScope::All);
    q.loaded(QueueLoad::First, rows(0..30), Some(30), 20);
    assert!(q.counted);
    assert_eq!(q.count_request(), None);
    q.loaded(QueueLoad::First, rows(0..PAGE), Some(5_000), 20);
    q.loaded(QueueLoad::Refresh, rows(0..PAGE), None, 20);
    assert_eq!(q.shown_total(), "5000", "the last count until the new one");
    assert!(q.count_request().is_some());
}
