//! The queue pane's state: a window of rows around the selection, read page
//! by page, never the whole book.

use super::effect::{ListTarget, QueueLoad, Request};
use crate::domain::queue::{CallingSplit, QueueFilter};
use crate::store::{Page, QueueKey, QueueRow, QueueScope};

/// Rows read per page.
pub const PAGE: usize = 200;
/// Read more when the selection is this close to the window's edge.
const MARGIN: usize = 100;
/// The window never holds more than this many rows.
const MAX_WINDOW: usize = 3 * PAGE;

#[derive(Clone, Debug, PartialEq)]
pub struct QueueState {
    pub scope: QueueScope,
    pub filter: QueueFilter,
    /// The rows read so far: a window of the queue.
    pub rows: Vec<QueueRow>,
    /// Position in the queue of `rows[0]`.
    pub start: usize,
    /// Position in the queue of the selected row.
    pub selected: usize,
    /// Position of the first row on screen.
    pub offset: usize,
    /// Rows in the queue (or search results).
    pub total: usize,
    /// The search whose results are shown instead of the queue.
    pub search: Option<String>,
    pub target: ListTarget,
    /// How the due-now queue was split when it was read (callable first).
    pub split: Option<CallingSplit>,
    /// The screen row to put the selection on when the queue is next read
    /// around it (back from a search).
    pub resume_row: Option<usize>,
}

impl QueueState {
    pub fn new(scope: QueueScope) -> QueueState {
        QueueState {
            scope,
            filter: QueueFilter::DueNow,
            rows: Vec::new(),
            start: 0,
            selected: 0,
            offset: 0,
            total: 0,
            search: None,
            target: ListTarget::Queue,
            split: None,
            resume_row: None,
        }
    }

    pub fn selected_row(&self) -> Option<&QueueRow> {
        self.selected.checked_sub(self.start).and_then(|i| self.rows.get(i))
    }

    pub fn selected_debtor(&self) -> Option<i64> {
        self.selected_row().map(QueueRow::debtor_id)
    }

    fn end(&self) -> usize {
        self.start + self.rows.len()
    }

    fn load(&self, load: QueueLoad, page: Page, limit: usize) -> Request {
        Request::LoadQueue {
            target: self.target,
            scope: self.scope,
            filter: self.filter,
            load,
            page,
            limit,
        }
    }

    /// Effects that read the queue from the top.
    pub fn reload(&self) -> Request {
        self.load(QueueLoad::First, Page::From(QueueKey::FIRST), PAGE)
    }

    /// Reads the list again around the selected debtor, wherever it moved.
    pub fn locate_selected(&self) -> Request {
        match self.selected_debtor() {
            Some(debtor_id) => self.locate(debtor_id),
            None => self.reload(),
        }
    }

    /// Reads the list around a debtor, selecting it (from the top when it
    /// is no longer in the list).
    pub fn locate(&self, debtor_id: i64) -> Request {
        Request::LocateInList {
            target: self.target,
            scope: self.scope,
            filter: self.filter,
            debtor_id,
        }
    }

    /// Reads the shown window again (after a change), keeping the selection.
    /// Rows' keys may have changed under the window (a lead's pin moves a
    /// debtor up), so the window is never read from a key it held: from the
    /// top when it starts there, else around the selected debtor, whose
    /// position is counted afresh.
    pub fn refresh(&self) -> Request {
        if self.start == 0 || self.search.is_some() {
            let limit = self.rows.len().max(PAGE);
            return self.load(QueueLoad::Refresh, Page::From(QueueKey::FIRST), limit);
        }
        self.locate_selected()
    }

    /// Moves the selection by `delta` rows; returns effects to read more
    /// rows when the selection nears the edge of the window.
    pub fn move_by(&mut self, delta: isize, visible: usize) -> Vec<Request> {
        if self.total == 0 {
            return Vec::new();
        }
        let wanted = (self.selected as isize + delta).clamp(0, self.total as isize - 1) as usize;
        // Stay inside what has been read; the next read extends it.
        self.selected = wanted.clamp(self.start, self.end().saturating_sub(1).max(self.start));
        self.keep_visible(visible);
        let mut effects = Vec::new();
        if self.search.is_some() {
            return effects;
        }
        if self.end() < self.total
            && self.selected + MARGIN >= self.end()
            && let Some(last) = self.rows.last()
        {
            effects.push(self.load(QueueLoad::Forward, Page::After(last.key), PAGE));
        }
        if self.start > 0
            && self.selected < self.start + MARGIN
            && let Some(first) = self.rows.first()
        {
            effects.push(self.load(QueueLoad::Backward, Page::Before(first.key), PAGE));
        }
        effects
    }

    pub fn to_top(&mut self) -> Vec<Request> {
        if self.start == 0 || self.search.is_some() {
            self.selected = 0;
            self.offset = 0;
            return Vec::new();
        }
        vec![self.reload()]
    }

    pub fn to_bottom(&mut self, visible: usize) -> Vec<Request> {
        if self.end() >= self.total || self.search.is_some() {
            self.selected = self.total.saturating_sub(1);
            self.keep_visible(visible);
            return Vec::new();
        }
        vec![self.load(QueueLoad::Last, Page::Before(QueueKey::LAST), PAGE)]
    }

    /// Keeps the selected row on screen.
    pub fn keep_visible(&mut self, visible: usize) {
        let visible = visible.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + visible {
            self.offset = self.selected + 1 - visible;
        }
        let max_offset = self.total.saturating_sub(visible);
        self.offset = self.offset.min(max_offset).max(self.start);
    }

    /// Merges rows read for `load`.
    pub fn loaded(
        &mut self,
        load: QueueLoad,
        rows: Vec<QueueRow>,
        total: Option<usize>,
        visible: usize,
    ) {
        let keep = self.selected_debtor();
        let total = total.unwrap_or(self.total);
        self.total = total;
        match load {
            QueueLoad::First => {
                self.rows = rows;
                self.start = 0;
                self.selected = 0;
                self.offset = 0;
                self.resume_row = None;
            }
            QueueLoad::Last => {
                self.start = total.saturating_sub(rows.len());
                self.rows = rows;
                self.selected = total.saturating_sub(1);
            }
            QueueLoad::Forward => {
                // A row that moved since the last read may come again.
                let mut rows = rows;
                rows.retain(|r| !self.rows.iter().any(|o| o.key.debtor_id == r.key.debtor_id));
                self.rows.extend(rows);
                if self.rows.len() > MAX_WINDOW {
                    let drop = self.rows.len() - MAX_WINDOW;
                    self.rows.drain(..drop);
                    self.start += drop;
                }
            }
            QueueLoad::Backward => {
                let mut rows = rows;
                rows.retain(|r| !self.rows.iter().any(|o| o.key.debtor_id == r.key.debtor_id));
                let n = rows.len().min(self.start);
                let mut merged = rows;
                merged.extend(std::mem::take(&mut self.rows));
                self.start -= n;
                merged.truncate(MAX_WINDOW);
                self.rows = merged;
            }
            QueueLoad::Around { start, debtor_id } => {
                self.start = start;
                self.selected =
                    start + rows.iter().position(|r| r.debtor_id() == debtor_id).unwrap_or(0);
                self.rows = rows;
                if let Some(row) = self.resume_row.take() {
                    self.offset = self.selected.saturating_sub(row);
                }
            }
            QueueLoad::Refresh => {
                self.rows = rows;
                self.start = self.start.min(total.saturating_sub(self.rows.len()));
                match keep.and_then(|id| self.rows.iter().position(|r| r.debtor_id() == id)) {
                    Some(i) => self.selected = self.start + i,
                    None => {
                        self.selected = self
                            .selected
                            .clamp(self.start, self.end().saturating_sub(1).max(self.start));
                    }
                }
            }
        }
        if self.rows.is_empty() {
            self.start = 0;
            self.selected = 0;
            self.offset = 0;
            return;
        }
        self.selected = self.selected.min(self.end() - 1).max(self.start);
        self.keep_visible(visible);
    }

    /// Shows search results in place of the queue; the same search again
    /// (a refresh) keeps the selected debtor.
    pub fn show_results(&mut self, query: String, rows: Vec<QueueRow>) {
        let keep = (self.search.as_deref() == Some(query.as_str()))
            .then(|| self.selected_debtor())
            .flatten();
        self.search = Some(query);
        self.total = rows.len();
        self.rows = rows;
        self.start = 0;
        self.selected =
            keep.and_then(|id| self.rows.iter().position(|r| r.debtor_id() == id)).unwrap_or(0);
        self.offset = self.offset.min(self.selected);
    }
}

#[cfg(test)]
mod tests {
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
        deep.loaded(
            QueueLoad::Around { start: 400, debtor_id: 410 },
            rows(400..600),
            Some(1000),
            5,
        );
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
}
