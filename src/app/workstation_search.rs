//! The workstation's search: results in place of the queue, the invoice a
//! debtor was found by selected in its account, and `Esc` back to the queue
//! on the debtor (and the screen row) it was on before.

use super::cx::Cx;
use super::effect::{Effect, Request};
use super::screen::{Handled, Reply};
use super::workstation::Workstation;
use super::workstation_results::search_message;
use crate::store::{QueueRow, Quoted};

/// Where the queue stood when a search began.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resume {
    pub debtor_id: i64,
    /// Its row on screen, counted from the top of the list.
    pub row: usize,
}

impl Workstation {
    /// `/`: the queue's place is kept to come back to (not when results
    /// are already shown: the place before the first search stands).
    pub(super) fn begin_search(&mut self) {
        if self.queue.search.is_none() {
            let q = &self.queue;
            self.before_search = q
                .selected_debtor()
                .map(|debtor_id| Resume { debtor_id, row: q.selected.saturating_sub(q.offset) });
        }
    }

    /// What the search line says: the text typed, cleared, or done with.
    pub(super) fn on_search_reply(&mut self, reply: Reply, cx: &mut Cx<'_>) -> Handled {
        match reply {
            Reply::Searching(text) if text.is_empty() => {
                // Text cleared: the queue again, the search still open.
                let effects = self.leave_results(false);
                self.searching = Some(String::new());
                Handled::Done(effects)
            }
            Reply::Searching(text) => {
                self.searching = Some(text.clone());
                Handled::one(Request::Search(text).into())
            }
            Reply::SearchCancelled => Handled::Done(self.leave_results(true)),
            Reply::SearchAccepted => {
                self.searching = None;
                if self.queue.search.is_some() {
                    cx.info("Browsing search results; Esc returns to the queue");
                }
                Handled::done()
            }
            Reply::OverrideReason(_) => Handled::Ignored,
        }
    }

    /// Back from search results to the queue, on the debtor selected
    /// before the search. `done`: the search is over (else the text was
    /// only cleared, and the place is kept for the next results).
    pub(super) fn leave_results(&mut self, done: bool) -> Vec<Effect> {
        self.searching = None;
        self.quoted.clear();
        let resume = if done { self.before_search.take() } else { self.before_search };
        if self.queue.search.take().is_none() {
            return Vec::new();
        }
        match resume {
            Some(Resume { debtor_id, row }) => {
                self.queue.resume_row = Some(row);
                vec![self.queue.locate(debtor_id).into()]
            }
            None => vec![self.queue.reload().into()],
        }
    }

    /// A search's results, if they are for what is typed (a newer search
    /// supersedes an older one's answer).
    pub(super) fn results(
        &mut self,
        query: &str,
        rows: &[QueueRow],
        quoted: &[Quoted],
        cx: &mut Cx<'_>,
    ) -> Handled {
        let wanted = match &self.searching {
            Some(typed) => typed == query,
            None => self.queue.search.as_deref() == Some(query),
        };
        if !wanted {
            return Handled::done();
        }
        self.queue.show_results(query.to_owned(), rows.to_vec());
        self.quoted = quoted.to_vec();
        if self.searching.is_some() {
            cx.info(search_message(query, rows.len()));
        }
        let effects = self.follow_selection();
        self.select_quoted();
        Handled::Done(effects)
    }

    /// In the account shown, selects the invoice its debtor was found by
    /// (the number the customer quoted).
    pub(super) fn select_quoted(&mut self) {
        if self.queue.search.is_none() {
            return;
        }
        let Some(a) = self.selected_account() else {
            return;
        };
        let quoted = self.quoted.iter().find(|q| q.debtor_id == a.debtor.id);
        if let Some(i) =
            quoted.and_then(|q| a.invoices.iter().position(|inv| inv.id == q.invoice_id))
        {
            self.invoice_selected = i;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Pane;
    use crate::app::cx::testing::Fixture;
    use crate::app::done::Done;
    use crate::app::effect::{ListTarget, QueueLoad};
    use crate::app::fixtures::{account, row};
    use crate::app::keymap::Command;
    use crate::app::screen::{Input, Screen};
    use crate::domain::people::Role;
    use crate::store::QueueScope;

    fn desk(cx: &mut Cx<'_>) -> Workstation {
        let mut w = Workstation::new(QueueScope::Mine(1));
        let rows = (0..30).map(row).collect();
        let load = QueueLoad::First;
        w.on_result(
            &Done::QueueLoaded { target: ListTarget::Queue, load, rows, total: Some(30) },
            cx,
        );
        w
    }

    #[test]
    fn the_invoice_a_debtor_was_found_by_is_selected_in_its_account() {
        let mut fx = Fixture::new(Role::Agent);
        let mut cx = fx.cx();
        let mut w = desk(&mut cx);
        w.handle(Input::Command(Command::Search), &mut cx);
        w.on_reply(Reply::Searching("inv-9-2".into()), &mut cx);
        // Debtor 9's second invoice (id 92, INV-9-2) is the one typed.
        let quoted = vec![Quoted { debtor_id: 9, invoice_id: 92 }];
        let found = Done::SearchDone { query: "inv-9-2".into(), rows: vec![row(8)], quoted };
        let asked = w.on_result(&found, &mut cx);
        assert!(matches!(asked, Handled::Done(e) if e == [Effect::Store(Request::LoadAccount(9))]));
        w.on_result(
            &Done::AccountLoaded { debtor_id: 9, account: Some(account(9, "Nine")) },
            &mut cx,
        );
        assert_eq!(w.invoice_selected, 1, "INV-9-2, not the first invoice");
        w.handle(Input::Command(Command::NextPane), &mut cx);
        assert_eq!(w.focus, Pane::Invoices);
    }

    #[test]
    fn esc_from_search_goes_back_to_the_debtor_and_row_it_was_on() {
        let mut fx = Fixture::new(Role::Agent);
        let mut cx = fx.cx();
        let mut w = desk(&mut cx);
        cx.page = 10;
        for _ in 0..14 {
            w.handle(Input::Command(Command::Down), &mut cx);
        }
        assert_eq!((w.queue.selected, w.queue.offset), (14, 5));
        w.handle(Input::Command(Command::Search), &mut cx);
        w.on_reply(Reply::Searching("acm".into()), &mut cx);
        let found = Done::SearchDone { query: "acm".into(), rows: vec![row(2)], quoted: vec![] };
        w.on_result(&found, &mut cx);
        assert_eq!(w.queue.selected, 0);
        let back = w.on_reply(Reply::SearchCancelled, &mut cx);
        let Handled::Done(effects) = back else { panic!("{back:?}") };
        assert!(
            matches!(
                effects.as_slice(),
                [Effect::Store(Request::LocateInList { debtor_id: 15, .. })]
            ),
            "{effects:?}"
        );
        // The queue read around debtor 15 puts it on the same screen row.
        let rows = (0..30).map(row).collect();
        let load = QueueLoad::Around { start: 0, debtor_id: 15 };
        w.on_result(
            &Done::QueueLoaded { target: ListTarget::Queue, load, rows, total: Some(30) },
            &mut cx,
        );
        assert_eq!((w.queue.selected, w.queue.offset), (14, 5));
    }
}
