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
    /// Rows in the queue (or search results); while not `counted`, the rows
    /// known so far.
    pub total: usize,
    /// Whether `total` is the list's count (a long list's first page is
    /// shown before it is counted).
    pub counted: bool,
    /// A page from the top came uncounted: the count is still to be asked for.
    pub count_pending: bool,
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
            counted: true,
            count_pending: false,
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
        if (self.end() < self.total || !self.counted)
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
        if (self.counted && self.end() >= self.total) || self.search.is_some() {
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
        let total = self.take_total(load, total, rows.len());
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
        self.total = self.total.max(self.end());
        if self.rows.is_empty() {
            self.start = 0;
            self.selected = 0;
            self.offset = 0;
            return;
        }
        self.selected = self.selected.min(self.end() - 1).max(self.start);
        self.keep_visible(visible);
    }

    /// The list's length after a load: its count when the load came with
    /// one; a page from the top comes without one when it is full, and is
    /// counted after the screen is drawn (a refresh shows the last count
    /// until then, a first load the rows read so far).
    fn take_total(&mut self, load: QueueLoad, total: Option<usize>, rows: usize) -> usize {
        let uncounted = total.is_none() && matches!(load, QueueLoad::First | QueueLoad::Refresh);
        if uncounted {
            self.count_pending = true;
            if load == QueueLoad::First {
                self.counted = false;
            }
        } else if total.is_some() {
            self.counted = true;
        }
        self.total = match total {
            Some(total) => total,
            None if !self.counted => rows,
            None => self.total,
        };
        self.total
    }

    /// The list's length as shown: "200+" while it is still being counted.
    pub fn shown_total(&self) -> String {
        if self.counted { self.total.to_string() } else { format!("{}+", self.total) }
    }

    /// The count to ask for after a page from the top was shown uncounted
    /// (asked once).
    pub fn count_request(&mut self) -> Option<Request> {
        std::mem::take(&mut self.count_pending).then_some(Request::CountList {
            target: self.target,
            scope: self.scope,
            filter: self.filter,
        })
    }

    /// Takes a count asked for by `count_request`, unless the list has
    /// changed since (another filter, a search).
    pub fn counted(
        &mut self,
        scope: QueueScope,
        filter: QueueFilter,
        total: usize,
        visible: usize,
    ) {
        if scope != self.scope || filter != self.filter || self.search.is_some() {
            return;
        }
        self.total = total.max(self.end());
        self.counted = true;
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
        self.counted = true;
        self.rows = rows;
        self.start = 0;
        self.selected =
            keep.and_then(|id| self.rows.iter().position(|r| r.debtor_id() == id)).unwrap_or(0);
        self.offset = self.offset.min(self.selected);
    }
}

#[cfg(test)]
#[path = "queue_tests.rs"]
mod tests;
