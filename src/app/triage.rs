//! Team-lead triage (`L`): the book's figures, the agents, and every debtor
//! with filters and search, several selected at once for bulk actions.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};

use super::cx::Cx;
use super::done::Done;
use super::effect::{Effect, ListTarget, Request};
use super::keymap::{Command, Scope};
use super::open::Open;
use super::queue::QueueState;
use super::screen::{Handled, Input, Reply, Screen};
pub use super::triage_figures::{PeriodView, TriageFigures};
use super::triage_select::{Chosen, Selection, all_of, debtors};
use crate::domain::kpi::PeriodChoice;
use crate::domain::people::DebtorStatus;
use crate::domain::queue::QueueFilter;
use crate::store::{EscalateTo, LeadTargets, QueueScope};

/// The figures are heavier than the list: read again at most this often
/// when other desks commit.
const FIGURES_EVERY_SECONDS: i64 = 5;

#[derive(Clone, Debug, PartialEq)]
pub struct Triage {
    pub list: QueueState,
    pub filters: Vec<QueueFilter>,
    pub selection: Selection,
    pub figures: Option<Box<TriageFigures>>,
    /// The period the figures are shown for (`p` cycles it).
    pub period: PeriodChoice,
    /// When the figures were last asked for.
    pub figures_read_at: Option<DateTime<FixedOffset>>,
    /// The list as it was before `/`, given back by `Esc`.
    pub before_search: Option<Box<QueueState>>,
    /// What the open search line holds: only results for it are shown.
    pub searching: Option<String>,
    /// False when the search shown may have more results than were read.
    pub search_complete: bool,
    /// Where the escalated debtors read so far were sent.
    pub escalated: HashMap<i64, EscalateTo>,
}

impl Triage {
    /// A new triage screen and what it reads first.
    pub fn open(cx: &Cx<'_>) -> (Triage, Vec<Effect>) {
        let mut list = QueueState::new(QueueScope::All);
        list.filter = QueueFilter::All;
        list.target = ListTarget::Triage;
        let t = Triage {
            filters: QueueFilter::triage(cx.rules.book.escalation_days),
            selection: Selection::default(),
            figures: None,
            period: PeriodChoice::default(),
            figures_read_at: Some(cx.now),
            list,
            before_search: None,
            searching: None,
            search_complete: true,
            escalated: HashMap::new(),
        };
        let reads = vec![
            Request::LoadTriage.into(),
            t.list.reload().into(),
            Request::LoadBookInterest.into(),
        ];
        (t, reads)
    }

    /// What an action applies to: the selection, else the debtor under the
    /// cursor; `None` when there is nothing.
    pub fn chosen(&self) -> Option<Chosen> {
        match &self.selection {
            Selection::AllOf(filter) => Some(Chosen {
                targets: LeadTargets::AllOf(*filter),
                label: format!("{} ({})", debtors(self.filter_total()), all_of(*filter)),
                confirm: true,
            }),
            Selection::Debtors(ids) if !ids.is_empty() => {
                let ids: Vec<i64> = ids.iter().copied().collect();
                Some(Chosen {
                    label: self.label_of(&ids),
                    targets: LeadTargets::Debtors(ids),
                    confirm: false,
                })
            }
            Selection::Debtors(_) => {
                let id = self.list.selected_debtor()?;
                Some(Chosen {
                    label: self.label_of(&[id]),
                    targets: LeadTargets::Debtors(vec![id]),
                    confirm: false,
                })
            }
        }
    }

    /// The debtor's name when it is one debtor on screen, else how many.
    fn label_of(&self, ids: &[i64]) -> String {
        let one = match ids {
            [id] => self.list.rows.iter().find(|r| r.debtor_id() == *id),
            _ => None,
        };
        match one {
            Some(row) => format!("{} ({})", row.name, row.reference),
            None => debtors(ids.len()),
        }
    }

    /// `3 selected`, or everything of the filter; `None` when nothing is.
    pub fn selected(&self) -> Option<String> {
        self.selection.summary(self.filter_total())
    }

    /// How many debtors the filter holds: the list's count, or, while a
    /// search is shown, the count of the list it was made from.
    fn filter_total(&self) -> usize {
        match (&self.list.search, &self.before_search) {
            (Some(_), Some(before)) => before.total,
            _ => self.list.total,
        }
    }

    /// What the hold form is titled: hold or release, as the debtors
    /// on screen stand.
    fn hold_title(&self, chosen: &Chosen) -> String {
        let statuses: Option<Vec<DebtorStatus>> = match &chosen.targets {
            LeadTargets::Debtors(ids) => ids
                .iter()
                .map(|id| self.list.rows.iter().find(|r| r.debtor_id() == *id).map(|r| r.status))
                .collect(),
            LeadTargets::AllOf(_) => None,
        };
        let verb = match statuses {
            Some(s) if s.iter().all(|s| *s == DebtorStatus::Hold) => "Release",
            Some(s) if s.iter().all(|s| *s != DebtorStatus::Hold) => "Hold",
            _ => "Hold or release",
        };
        format!("{verb} {}", chosen.label)
    }

    fn moves(requests: Vec<Request>) -> Handled {
        Handled::Done(requests.into_iter().map(Effect::from).collect())
    }

    fn next_filter(&mut self, forward: bool, cx: &mut Cx<'_>) -> Handled {
        let i = self.filters.iter().position(|f| *f == self.list.filter).unwrap_or(0);
        let n = self.filters.len();
        let next = if forward { (i + 1) % n } else { (i + n - 1) % n };
        self.list.filter = self.filters[next];
        self.selection = Selection::default();
        cx.info(format!("Triage: {}", self.list.filter.label()));
        if let Some(query) = self.list.search.clone() {
            // The same search in the new filter; Esc gives its list.
            let mut fresh = QueueState::new(QueueScope::All);
            fresh.filter = self.list.filter;
            fresh.target = ListTarget::Triage;
            self.before_search = Some(Box::new(fresh));
            return Handled::one(self.search_request(query));
        }
        Handled::one(self.list.reload().into())
    }

    fn toggle(&mut self, cx: &mut Cx<'_>) -> Handled {
        let page = cx.page;
        match &mut self.selection {
            Selection::AllOf(filter) => {
                cx.error(format!(
                    "All of '{}' is selected: V clears it, then Space picks debtors one by one",
                    filter.label()
                ));
                Handled::done()
            }
            Selection::Debtors(ids) => {
                if let Some(id) = self.list.selected_debtor()
                    && !ids.remove(&id)
                {
                    ids.insert(id);
                }
                Self::moves(self.list.move_by(1, page))
            }
        }
    }

    /// `V`: every debtor of the filter (or of the search shown), or none.
    fn select_all(&mut self, cx: &mut Cx<'_>) -> Handled {
        if self.list.total == 0 {
            cx.error("Nothing to select here");
            return Handled::done();
        }
        if self.list.search.is_some() {
            let shown = self.list.rows.iter().map(|r| r.debtor_id()).collect();
            self.selection = match &self.selection {
                Selection::Debtors(ids) if *ids == shown => Selection::default(),
                _ => Selection::Debtors(shown),
            };
        } else if self.selection == Selection::AllOf(self.list.filter) {
            self.selection = Selection::default();
        } else {
            self.selection = Selection::AllOf(self.list.filter);
        }
        match self.selected() {
            Some(s) => cx.info(format!("{s} · V again clears")),
            None => cx.info("Nothing selected"),
        }
        Handled::done()
    }

    fn act(&mut self, command: Command, cx: &mut Cx<'_>) -> Handled {
        let Some(on) = self.chosen() else {
            cx.error("Nothing to act on: pick debtors with Space, or V for all of the filter");
            return Handled::done();
        };
        let pin = |delta: i64| Request::Pin { targets: on.targets.clone(), delta };
        match command {
            Command::Assign => {
                let agents = self.figures.as_ref().map(|f| f.agents()).unwrap_or_default();
                Handled::open(Open::Picker { on, agents })
            }
            Command::PinUp | Command::PinDown => {
                let (delta, way) =
                    if command == Command::PinUp { (1, "higher") } else { (-1, "lower") };
                if on.confirm {
                    return Handled::open(Open::Confirm {
                        question: format!("Pin {} {way}?", on.label),
                        yes: pin(delta).into(),
                        no: None,
                    });
                }
                Handled::one(pin(delta).into())
            }
            Command::Hold => Handled::open(Open::Hold { title: self.hold_title(&on), on }),
            Command::Escalate => Handled::open(Open::Escalate { on }),
            Command::Write => {
                // The preview is of the debtor under the cursor, or of
                // the one chosen.
                let row = self.list.selected_row().or_else(|| match &on.targets {
                    LeadTargets::Debtors(ids) => {
                        self.list.rows.iter().find(|r| Some(r.debtor_id()) == ids.first().copied())
                    }
                    LeadTargets::AllOf(_) => None,
                });
                let Some(row) = row else {
                    cx.error("Nothing to preview: move to a debtor first");
                    return Handled::done();
                };
                Handled::open(Open::Write {
                    debtor_id: row.debtor_id(),
                    debtor_name: row.name.clone(),
                    preselect: None,
                    on_call: false,
                    bulk: Some(on),
                })
            }
            _ => Handled::done(),
        }
    }

    fn cancel(&mut self) -> Handled {
        if self.list.search.is_some() || self.before_search.is_some() {
            return Handled::Done(self.end_search());
        }
        Handled::close()
    }

    /// After a change: the list (or the search) and the figures again.
    fn read_again(&mut self, cx: &Cx<'_>) -> Vec<Effect> {
        let list = match &self.list.search {
            Some(query) => self.search_request(query.clone()),
            None => self.list.locate_selected().into(),
        };
        self.figures_read_at = Some(cx.now);
        vec![Request::LoadTriage.into(), list, Request::LoadBookInterest.into()]
    }
}

impl Screen for Triage {
    fn scopes(&self) -> &'static [Scope] {
        &[Scope::Triage, Scope::Global]
    }

    fn handle(&mut self, input: Input, cx: &mut Cx<'_>) -> Handled {
        let page = cx.page;
        let Input::Command(command) = input else {
            return Handled::done();
        };
        match command {
            Command::Down => Self::moves(self.list.move_by(1, page)),
            Command::Up => Self::moves(self.list.move_by(-1, page)),
            Command::PageDown => Self::moves(self.list.move_by(page as isize, page)),
            Command::PageUp => Self::moves(self.list.move_by(-(page as isize), page)),
            Command::Top => Self::moves(self.list.to_top()),
            Command::Bottom => Self::moves(self.list.to_bottom(page)),
            Command::ToggleSelect => self.toggle(cx),
            Command::SelectAll => self.select_all(cx),
            Command::NextFilter => self.next_filter(true, cx),
            Command::PreviousFilter => self.next_filter(false, cx),
            Command::Search => self.start_search(),
            Command::NextPeriod => {
                self.period = self.period.next();
                cx.info(format!("Figures: {}", self.period.label()));
                Handled::done()
            }
            Command::Assign
            | Command::PinUp
            | Command::PinDown
            | Command::Hold
            | Command::Escalate
            | Command::Write => self.act(command, cx),
            Command::Help => Handled::open(Open::HelpFor(Scope::Triage)),
            Command::Cancel => self.cancel(),
            _ => Handled::done(),
        }
    }

    fn on_reply(&mut self, reply: Reply, cx: &mut Cx<'_>) -> Handled {
        self.search_reply(reply, cx)
    }

    fn on_result(&mut self, done: &Done, cx: &mut Cx<'_>) -> Handled {
        match done {
            Done::QueueLoaded { target: ListTarget::Triage, load, rows, total } => {
                if !matches!(
                    load,
                    super::effect::QueueLoad::Forward | super::effect::QueueLoad::Backward
                ) {
                    self.escalated.clear();
                }
                self.list.loaded(*load, rows.clone(), *total, cx.page);
                Handled::Done(self.list.count_request().map(Effect::from).into_iter().collect())
            }
            Done::ListCounted { target: ListTarget::Triage, scope, filter, total } => {
                self.list.counted(*scope, *filter, *total, cx.page);
                Handled::done()
            }
            Done::TriageSearchDone { .. } => self.search_done(done, cx),
            Done::Escalations(found) => {
                self.escalated.extend(found.iter().copied());
                Handled::done()
            }
            Done::TriageLoaded(figures) => {
                let last = self.figures.as_mut().and_then(|f| f.interest.take());
                let mut figures = figures.clone();
                figures.interest = figures.interest.take().or(last);
                self.figures = Some(figures);
                Handled::done()
            }
            Done::BookInterest(interest) => {
                if let Some(f) = self.figures.as_mut() {
                    f.interest = Some(**interest);
                }
                Handled::done()
            }
            Done::LeadActionDone(message) => {
                cx.info(message.clone());
                self.selection = Selection::default();
                Handled::Done(self.read_again(cx))
            }
            Done::ChangedElsewhere | Done::ChangedDebtor(_) => {
                let mut effects: Vec<Effect> = vec![match &self.list.search {
                    Some(query) => self.search_request(query.clone()),
                    None => self.list.refresh().into(),
                }];
                let every = chrono::Duration::seconds(FIGURES_EVERY_SECONDS);
                if self.figures_read_at.is_none_or(|at| cx.now - at >= every) {
                    self.figures_read_at = Some(cx.now);
                    effects.push(Request::LoadTriage.into());
                    effects.push(Request::LoadBookInterest.into());
                }
                // Other screens read again too.
                Handled::Done(effects)
            }
            _ => Handled::Ignored,
        }
    }
}

#[cfg(test)]
#[path = "triage_tests.rs"]
mod tests;
