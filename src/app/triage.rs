//! Team-lead triage (`L`): the book's figures, the agents, and every debtor
//! with filters, several selected at once for bulk actions.

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset};

use super::cx::Cx;
use super::done::Done;
use super::effect::{Effect, ListTarget, Request};
use super::keymap::{Command, Scope};
use super::open::Open;
use super::queue::QueueState;
use super::screen::{Handled, Input, Screen};
pub use super::triage_figures::{PeriodView, TriageFigures};
use crate::domain::kpi::PeriodChoice;
use crate::domain::queue::QueueFilter;
use crate::store::QueueScope;

/// The figures are heavier than the list: read again at most this often
/// when other desks commit.
const FIGURES_EVERY_SECONDS: i64 = 5;

#[derive(Clone, Debug, PartialEq)]
pub struct Triage {
    pub list: QueueState,
    pub filters: Vec<QueueFilter>,
    pub chosen: BTreeSet<i64>,
    pub figures: Option<Box<TriageFigures>>,
    /// The period the figures are shown for (`p` cycles it).
    pub period: PeriodChoice,
    /// When the figures were last asked for.
    pub figures_read_at: Option<DateTime<FixedOffset>>,
}

impl Triage {
    /// A new triage screen and what it reads first.
    pub fn open(cx: &Cx<'_>) -> (Triage, Vec<Effect>) {
        let mut list = QueueState::new(QueueScope::All);
        list.filter = QueueFilter::All;
        list.target = ListTarget::Triage;
        let t = Triage {
            filters: QueueFilter::triage(cx.rules.book.escalation_days),
            chosen: BTreeSet::new(),
            figures: None,
            period: PeriodChoice::default(),
            figures_read_at: Some(cx.now),
            list,
        };
        let reads = vec![Request::LoadTriage.into(), t.list.reload().into()];
        (t, reads)
    }

    /// The debtors an action applies to: those chosen with Space, else the
    /// one under the cursor.
    pub fn targets(&self) -> Vec<i64> {
        if self.chosen.is_empty() {
            self.list.selected_debtor().into_iter().collect()
        } else {
            self.chosen.iter().copied().collect()
        }
    }

    /// What a bulk action acts on, in words: the debtor's name when it is
    /// one debtor on screen, else how many.
    pub fn targets_label(&self) -> String {
        let ids = self.targets();
        let one = match ids.as_slice() {
            [id] => self.list.rows.iter().find(|r| r.debtor_id() == *id),
            _ => None,
        };
        match one {
            Some(row) => format!("{} ({})", row.name, row.reference),
            None => format!("{} debtor{}", ids.len(), if ids.len() == 1 { "" } else { "s" }),
        }
    }

    fn moves(requests: Vec<Request>) -> Handled {
        Handled::Done(requests.into_iter().map(Effect::from).collect())
    }

    fn next_filter(&mut self, forward: bool, cx: &mut Cx<'_>) -> Handled {
        let i = self.filters.iter().position(|f| *f == self.list.filter).unwrap_or(0);
        let n = self.filters.len();
        let next = if forward { (i + 1) % n } else { (i + n - 1) % n };
        self.list.filter = self.filters[next];
        self.chosen.clear();
        cx.info(format!("Triage: {}", self.list.filter.label()));
        Handled::one(self.list.reload().into())
    }

    fn act(&mut self, command: Command, cx: &mut Cx<'_>) -> Handled {
        let ids = self.targets();
        if ids.is_empty() {
            cx.error("Nothing to act on: pick debtors with Space");
            return Handled::done();
        }
        match command {
            Command::Assign => {
                let agents = self.figures.as_ref().map(|f| f.agents()).unwrap_or_default();
                Handled::open(Open::Picker { debtors: ids, label: self.targets_label(), agents })
            }
            Command::PinUp => Handled::one(Request::Pin { ids, delta: 1 }.into()),
            Command::PinDown => Handled::one(Request::Pin { ids, delta: -1 }.into()),
            Command::Hold => Handled::one(Request::ToggleHold { ids }.into()),
            Command::Escalate => Handled::open(Open::Escalate { ids, label: self.targets_label() }),
            _ => Handled::done(),
        }
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
            Command::ToggleSelect => {
                if let Some(id) = self.list.selected_debtor()
                    && !self.chosen.remove(&id)
                {
                    self.chosen.insert(id);
                }
                Self::moves(self.list.move_by(1, page))
            }
            Command::NextFilter => self.next_filter(true, cx),
            Command::PreviousFilter => self.next_filter(false, cx),
            Command::NextPeriod => {
                self.period = self.period.next();
                cx.info(format!("Figures: {}", self.period.label()));
                Handled::done()
            }
            Command::Assign
            | Command::PinUp
            | Command::PinDown
            | Command::Hold
            | Command::Escalate => self.act(command, cx),
            Command::Cancel => Handled::close(),
            _ => Handled::done(),
        }
    }

    fn on_result(&mut self, done: &Done, cx: &mut Cx<'_>) -> Handled {
        match done {
            Done::QueueLoaded { target: ListTarget::Triage, load, rows, total } => {
                self.list.loaded(*load, rows.clone(), *total, cx.page);
                Handled::done()
            }
            Done::TriageLoaded(figures) => {
                self.figures = Some(figures.clone());
                Handled::done()
            }
            Done::LeadActionDone(message) => {
                cx.info(message.clone());
                self.chosen.clear();
                self.figures_read_at = Some(cx.now);
                Handled::Done(vec![Request::LoadTriage.into(), self.list.locate_selected().into()])
            }
            Done::ChangedElsewhere => {
                let mut effects: Vec<Effect> = vec![self.list.refresh().into()];
                let every = chrono::Duration::seconds(FIGURES_EVERY_SECONDS);
                if self.figures_read_at.is_none_or(|at| cx.now - at >= every) {
                    self.figures_read_at = Some(cx.now);
                    effects.push(Request::LoadTriage.into());
                }
                // Other screens read again too.
                Handled::Done(effects)
            }
            _ => Handled::Ignored,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::cx::testing::Fixture;
    use crate::app::effect::QueueLoad;
    use crate::app::fixtures::row;
    use crate::domain::people::Role;

    #[test]
    fn space_chooses_and_moves_and_actions_apply_to_the_chosen() {
        let mut fx = Fixture::new(Role::Lead);
        let mut cx = fx.cx();
        let (mut t, reads) = Triage::open(&cx);
        assert_eq!(reads.len(), 2);
        let rows: Vec<_> = (0..5).map(row).collect();
        t.on_result(
            &Done::QueueLoaded {
                target: ListTarget::Triage,
                load: QueueLoad::First,
                rows,
                total: Some(5),
            },
            &mut cx,
        );
        t.handle(Input::Command(Command::ToggleSelect), &mut cx);
        t.handle(Input::Command(Command::ToggleSelect), &mut cx);
        assert_eq!(t.chosen.iter().copied().collect::<Vec<_>>(), [1, 2]);
        assert_eq!(t.list.selected_debtor(), Some(3));
        let pinned = t.handle(Input::Command(Command::PinUp), &mut cx);
        assert!(matches!(pinned, Handled::Done(e)
            if e == [Effect::Store(Request::Pin { ids: vec![1, 2], delta: 1 })]));
        let escalate = t.handle(Input::Command(Command::Escalate), &mut cx);
        assert!(matches!(escalate, Handled::Open(o, _)
            if matches!(&*o, Open::Escalate { label, .. } if label == "2 debtors")));
        t.handle(Input::Command(Command::NextFilter), &mut cx);
        assert!(t.chosen.is_empty(), "a new filter starts a new choice");
        assert!(t.handle(Input::Command(Command::Cancel), &mut cx).is_close());
    }
}
