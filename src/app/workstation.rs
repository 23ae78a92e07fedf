//! The workstation itself, under every layer: the queue, the selected
//! debtor's account in three panes, and the keys that open everything else.

use super::cx::Cx;
use super::done::Done;
use super::effect::{Effect, Request};
use super::keymap::{Command, Scope};
use super::open::{Debtor, Open};
use super::queue::QueueState;
use super::screen::{Handled, Input, Reply, Screen};
use super::why::explain;
use super::workstation_interest as interest;
use super::workstation_search::Resume;
use crate::domain::queue::QueueFilter;
use crate::store::{Account, QueueScope, Quoted};

/// Said when a key needs the selected account while it is being read; taken
/// off the status line once the account is shown (pressing it again works).
pub const STILL_READING: &str = "Still reading this debtor's account: press it again in a moment";

pub use super::pane::Pane;

#[derive(Clone, Debug)]
pub struct Workstation {
    pub focus: Pane,
    pub queue: QueueState,
    /// The selected debtor's account, once read.
    pub account: Option<Box<Account>>,
    pub invoice_selected: usize,
    pub promise_selected: usize,
    pub note_scroll: usize,
    /// After a wrap-up, move past this debtor once the queue is read again.
    pub advance_past: Option<i64>,
    /// What the open search line holds: only results for it are shown
    /// (a newer search supersedes an older one's answer).
    pub searching: Option<String>,
    /// The invoices the debtors shown were found by (search results).
    pub quoted: Vec<Quoted>,
    /// Where the queue was when the search began: `Esc` goes back there.
    pub before_search: Option<Resume>,
}

impl Workstation {
    pub fn new(scope: QueueScope) -> Workstation {
        Workstation {
            focus: Pane::Queue,
            queue: QueueState::new(scope),
            account: None,
            invoice_selected: 0,
            promise_selected: 0,
            note_scroll: 0,
            advance_past: None,
            searching: None,
            quoted: Vec::new(),
            before_search: None,
        }
    }

    /// The account shown, when it is the selected debtor's.
    pub fn selected_account(&self) -> Option<&Account> {
        let id = self.queue.selected_debtor()?;
        self.account.as_deref().filter(|a| a.debtor.id == id)
    }

    /// The debtor is in the rows read, or its account is open: a change to
    /// it is to be read again.
    pub(super) fn shows(&self, debtor_id: i64) -> bool {
        self.account.as_ref().is_some_and(|a| a.debtor.id == debtor_id)
            || self.queue.rows.iter().any(|r| r.debtor_id() == debtor_id)
    }

    /// Reads the account of the selected debtor when the selection moved.
    pub(super) fn follow_selection(&mut self) -> Vec<Effect> {
        let shown = self.account.as_ref().map(|a| a.debtor.id);
        match self.queue.selected_debtor() {
            Some(id) if Some(id) != shown => vec![Request::LoadAccount(id).into()],
            None => {
                self.account = None;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// The list shown, read again: the search results or the queue.
    pub(super) fn reread(&self) -> Effect {
        match &self.queue.search {
            Some(q) => Request::Search(q.clone()).into(),
            None => self.queue.refresh().into(),
        }
    }

    fn move_focused(&mut self, delta: isize, page: usize) -> Vec<Effect> {
        let step = |current: usize, len: usize| -> usize {
            (current as isize + delta).clamp(0, len.saturating_sub(1) as isize) as usize
        };
        let a = self.account.as_deref();
        match self.focus {
            Pane::Queue => {
                let mut effects: Vec<Effect> =
                    self.queue.move_by(delta, page).into_iter().map(Effect::from).collect();
                effects.extend(self.follow_selection());
                return effects;
            }
            Pane::Invoices => {
                self.invoice_selected =
                    step(self.invoice_selected, a.map_or(0, |a| a.invoices.len()))
            }
            Pane::Commitments => {
                self.promise_selected =
                    step(self.promise_selected, a.map_or(0, |a| a.promises.len()))
            }
            Pane::Notes => {
                self.note_scroll = step(self.note_scroll, a.map_or(0, |a| a.notes.len()))
            }
        }
        Vec::new()
    }

    fn jump_to_end(&mut self, top: bool, page: usize) -> Vec<Effect> {
        if self.focus != Pane::Queue {
            return self.move_focused(if top { -1_000_000 } else { 1_000_000 }, page);
        }
        let reads = if top { self.queue.to_top() } else { self.queue.to_bottom(page) };
        let mut effects: Vec<Effect> = reads.into_iter().map(Effect::from).collect();
        effects.extend(self.follow_selection());
        effects
    }

    /// What a key asks for that needs the selected account.
    fn on_account(&self, command: Command, cx: &mut Cx<'_>) -> Handled {
        let Some(a) = self.selected_account() else {
            cx.error(match self.queue.selected_debtor() {
                Some(_) => STILL_READING,
                None => "Select a debtor first",
            });
            return Handled::done();
        };
        let open = match command {
            Command::NewNote => {
                if a.draft.is_some() {
                    cx.info("Your unsaved draft for this debtor is back in the editor");
                }
                Open::Note {
                    debtor_id: a.debtor.id,
                    debtor_name: a.debtor.name.clone(),
                    draft: a.draft.clone(),
                }
            }
            Command::NewPromise => Open::Promise { debtor: Debtor::of(a), call: None },
            Command::NewPayment => Open::Payment { debtor: Debtor::of(a) },
            Command::Contact => return Handled::one(Request::BeginPreCall(a.debtor.id).into()),
            Command::Why => {
                let split = self.queue.filter == QueueFilter::DueNow && self.queue.search.is_none();
                let (title, lines) = explain(a, cx, split);
                Open::Why { title, lines }
            }
            Command::Dial => return dial(a, cx),
            Command::Write => Open::Write {
                debtor_id: a.debtor.id,
                debtor_name: a.debtor.name.clone(),
                preselect: None,
                on_call: false,
                bulk: None,
            },
            Command::Dispute => return self.dispute(a, cx),
            Command::InterestTerms | Command::Waive => {
                return interest::command(command, a, self.focus, self.invoice_selected, cx);
            }
            _ => return Handled::done(),
        };
        Handled::open(open)
    }

    /// `d`: dispute the selected invoice, or offer to resolve its dispute.
    fn dispute(&self, a: &Account, cx: &mut Cx<'_>) -> Handled {
        if self.focus != Pane::Invoices {
            cx.error(
                "Disputes are per invoice: Tab to the Invoices pane, pick the invoice, then d",
            );
            return Handled::done();
        }
        let Some(invoice) = a.invoices.get(self.invoice_selected) else {
            cx.error("This debtor has no invoices");
            return Handled::done();
        };
        Handled::open(match &invoice.dispute_reason {
            Some(reason) => Open::Confirm {
                question: format!("Resolve the dispute on invoice {} ({reason})?", invoice.number),
                yes: Request::ResolveDispute { invoice_id: invoice.id }.into(),
                no: None,
            },
            None => Open::Dispute { invoice_id: invoice.id, number: invoice.number.clone() },
        })
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> Handled {
        let page = cx.page;
        let effects = match command {
            Command::Down => self.move_focused(1, page),
            Command::Up => self.move_focused(-1, page),
            Command::PageDown => self.move_focused(page as isize, page),
            Command::PageUp => self.move_focused(-(page as isize), page),
            Command::Top => self.jump_to_end(true, page),
            Command::Bottom => self.jump_to_end(false, page),
            Command::NextPane => {
                self.focus = self.focus.next();
                Vec::new()
            }
            Command::PreviousPane => {
                self.focus = self.focus.previous();
                Vec::new()
            }
            Command::Search => {
                self.focus = Pane::Queue;
                self.begin_search();
                return Handled::open(Open::Search);
            }
            Command::NextFilter | Command::PreviousFilter => {
                let f = self.queue.filter;
                self.queue.filter =
                    if command == Command::NextFilter { f.next() } else { f.previous() };
                self.queue.search = None;
                self.quoted.clear();
                self.before_search = None;
                self.focus = Pane::Queue;
                cx.info(format!("Queue: {}", self.queue.filter.label()));
                vec![self.queue.reload().into()]
            }
            Command::ClearSearch => self.leave_results(true),
            Command::Triage if cx.me.is_lead() => return Handled::open(Open::Triage),
            Command::Triage => {
                cx.error(format!(
                    "Triage is for team leads; {} is an agent. Ask a lead to reassign or escalate.",
                    cx.me.name
                ));
                Vec::new()
            }
            Command::Help => return Handled::open(Open::Help),
            other => return self.on_account(other, cx),
        };
        Handled::Done(effects)
    }

    pub(super) fn account_loaded(&mut self, debtor_id: i64, account: &Option<Box<Account>>) {
        if self.queue.selected_debtor() != Some(debtor_id) {
            return;
        }
        let another = self.account.as_ref().map(|a| a.debtor.id) != Some(debtor_id);
        if another {
            self.invoice_selected = 0;
            self.promise_selected = 0;
            self.note_scroll = 0;
        }
        self.account = account.clone();
        if another {
            self.select_quoted();
        }
        if let Some(a) = &self.account {
            self.invoice_selected = self.invoice_selected.min(a.invoices.len().saturating_sub(1));
            self.promise_selected = self.promise_selected.min(a.promises.len().saturating_sub(1));
        }
    }

    /// After a save or another desk's change: the account and the list again.
    pub(super) fn read_again(&self) -> Vec<Effect> {
        let mut effects = vec![self.reread()];
        if let Some(id) = self.queue.selected_debtor() {
            effects.push(Request::LoadAccount(id).into());
        }
        effects
    }
}

/// `D`: dial the selected debtor's contact without a call.
fn dial(a: &Account, cx: &mut Cx<'_>) -> Handled {
    let phone = a.contacts.first().map(|c| c.phone.clone()).filter(|p| !p.is_empty());
    match (&cx.rules.dial_command, phone) {
        (None, _) => cx.error("No dial_command in the config; see the README"),
        (_, None) => cx.error("No phone number for this debtor"),
        (Some(_), Some(phone)) => {
            cx.info(format!("Dialling {phone}"));
            return Handled::one(Effect::Dial(phone));
        }
    }
    Handled::done()
}

impl Screen for Workstation {
    fn scopes(&self) -> &'static [Scope] {
        &[Scope::List, Scope::Workstation, Scope::Global]
    }

    fn handle(&mut self, input: Input, cx: &mut Cx<'_>) -> Handled {
        match input {
            Input::Command(command) => self.command(command, cx),
            _ => Handled::done(),
        }
    }

    fn on_reply(&mut self, reply: Reply, cx: &mut Cx<'_>) -> Handled {
        self.on_search_reply(reply, cx)
    }

    fn on_result(&mut self, done: &Done, cx: &mut Cx<'_>) -> Handled {
        super::workstation_results::on_result(self, done, cx)
    }

    /// Calling opened or closed in a zone of the book: the due-now queue is
    /// read again, split anew.
    fn tick(&mut self, cx: &mut Cx<'_>) -> Vec<Effect> {
        let q = &mut self.queue;
        let stale = q.split.as_ref().is_some_and(|s| s.stale(cx.now_utc(), &cx.rules.book.contact));
        if q.filter != QueueFilter::DueNow || q.search.is_some() || !stale {
            return Vec::new();
        }
        q.split = None;
        vec![self.reread()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::cx::testing::Fixture;
    use crate::app::effect::{ListTarget, QueueLoad};
    use crate::app::fixtures::{account, row};
    use crate::domain::people::Role;

    fn desk(cx: &mut Cx<'_>) -> Workstation {
        let mut w = Workstation::new(QueueScope::Mine(1));
        let rows = (0..5).map(row).collect();
        let loaded = Done::QueueLoaded {
            target: ListTarget::Queue,
            load: QueueLoad::First,
            rows,
            total: Some(5),
        };
        w.on_result(&loaded, cx);
        w.on_result(
            &Done::AccountLoaded { debtor_id: 1, account: Some(account(1, "Debtor 0")) },
            cx,
        );
        w
    }

    #[test]
    fn moving_reads_the_next_account_and_keys_open_screens_on_it() {
        let mut fx = Fixture::new(Role::Agent);
        let mut cx = fx.cx();
        let mut w = desk(&mut cx);
        let moved = w.handle(Input::Command(Command::Down), &mut cx);
        assert!(matches!(moved, Handled::Done(e) if e == [Effect::Store(Request::LoadAccount(2))]));
        // The account of the debtor before is not the selected one's.
        assert!(w.selected_account().is_none());
        let refused = w.handle(Input::Command(Command::NewNote), &mut cx);
        assert!(matches!(refused, Handled::Done(e) if e.is_empty()));
        w.on_result(
            &Done::AccountLoaded { debtor_id: 2, account: Some(account(2, "Debtor 1")) },
            &mut cx,
        );
        let note = w.handle(Input::Command(Command::NewNote), &mut cx);
        assert!(
            matches!(note, Handled::Open(o, _) if matches!(&*o, Open::Note { debtor_id: 2, .. }))
        );
        let call = w.handle(Input::Command(Command::Contact), &mut cx);
        assert!(matches!(call, Handled::Done(e) if e == [Effect::Store(Request::BeginPreCall(2))]));
        let triage = w.handle(Input::Command(Command::Triage), &mut cx);
        assert!(matches!(triage, Handled::Done(e) if e.is_empty()), "agents get a message");
    }

    #[test]
    fn search_results_for_an_older_query_are_dropped() {
        let mut fx = Fixture::new(Role::Agent);
        let mut cx = fx.cx();
        let mut w = desk(&mut cx);
        w.on_reply(Reply::Searching("acm".into()), &mut cx);
        let stale = Done::SearchDone { query: "ac".into(), rows: vec![row(7)], quoted: vec![] };
        w.on_result(&stale, &mut cx);
        assert_eq!(w.queue.search, None, "an older query's answer is not shown");
        let found = Done::SearchDone { query: "acm".into(), rows: vec![row(8)], quoted: vec![] };
        w.on_result(&found, &mut cx);
        assert_eq!(w.queue.search.as_deref(), Some("acm"));
        assert_eq!(w.queue.selected_debtor(), Some(9));
        let back = w.on_reply(Reply::SearchCancelled, &mut cx);
        assert!(matches!(back, Handled::Done(e) if e.len() == 1));
        assert_eq!(w.queue.search, None);
    }
}
