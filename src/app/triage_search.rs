//! `/` in triage: the workstation's search within the filter shown. The
//! list before it is kept, and `Esc` gives it back with its cursor.

use super::cx::Cx;
use super::done::Done;
use super::effect::{Effect, Request};
use super::open::Open;
use super::screen::{Handled, Reply};
use super::triage::Triage;
use super::triage_select::grouped;

impl Triage {
    pub(super) fn start_search(&mut self) -> Handled {
        if self.before_search.is_none() {
            self.before_search = Some(Box::new(self.list.clone()));
        }
        self.searching = Some(String::new());
        Handled::open(Open::Search)
    }

    pub(super) fn search_request(&self, query: String) -> Effect {
        Request::TriageSearch { query, filter: self.list.filter }.into()
    }

    /// The list as it was before the search, read again where it stood.
    pub(super) fn end_search(&mut self) -> Vec<Effect> {
        self.searching = None;
        self.search_complete = true;
        match self.before_search.take() {
            Some(before) if !before.rows.is_empty() => {
                self.list = *before;
                vec![self.list.refresh().into()]
            }
            Some(before) => {
                self.list = *before;
                vec![self.list.reload().into()]
            }
            None => {
                self.list.search = None;
                vec![self.list.reload().into()]
            }
        }
    }

    pub(super) fn search_reply(&mut self, reply: Reply, cx: &mut Cx<'_>) -> Handled {
        match reply {
            Reply::Searching(text) if text.is_empty() => {
                // Nothing typed: the list, still ready for a search.
                let before = self.before_search.clone();
                let effects = self.end_search();
                self.before_search = before;
                self.searching = Some(String::new());
                Handled::Done(effects)
            }
            Reply::Searching(text) => {
                self.searching = Some(text.clone());
                Handled::one(self.search_request(text))
            }
            Reply::SearchCancelled => Handled::Done(self.end_search()),
            Reply::SearchAccepted => {
                self.searching = None;
                if self.list.search.is_some() {
                    cx.info("Browsing search results; Esc returns to the list");
                } else {
                    self.before_search = None;
                }
                Handled::done()
            }
            Reply::OverrideReason(_) => Handled::Ignored,
        }
    }

    pub(super) fn search_done(&mut self, done: &Done, cx: &mut Cx<'_>) -> Handled {
        let Done::TriageSearchDone { query, filter, rows, complete } = done else {
            return Handled::Ignored;
        };
        // A newer search, or another filter, supersedes.
        let wanted = match &self.searching {
            Some(typed) => typed == query,
            None => self.list.search.as_deref() == Some(query.as_str()),
        };
        if !wanted || *filter != self.list.filter {
            return Handled::done();
        }
        self.escalated.clear();
        self.list.show_results(query.clone(), rows.clone());
        self.search_complete = *complete;
        if self.searching.is_some() {
            cx.info(found_message(query, rows.len(), *complete, &filter.label()));
        }
        Handled::done()
    }
}

/// What the status line says of a search in triage.
pub fn found_message(query: &str, found: usize, complete: bool, filter: &str) -> String {
    match (found, complete) {
        (0, true) => format!("No debtor of '{filter}' matches {query:?}"),
        (1, true) => format!("1 debtor of '{filter}' matches {query:?}"),
        (n, true) => format!("{} debtors of '{filter}' match {query:?}", grouped(n)),
        (n, false) => format!(
            "The first {} debtors of '{filter}' matching {query:?}; type more to narrow",
            grouped(n)
        ),
    }
}
