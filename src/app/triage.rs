//! Team-lead triage (`L`): the book's figures, the agents, and every debtor
//! with filters, several selected at once for bulk actions.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::action::{Effect, ListTarget};
use super::form::Form;
use super::keymap::Command;
use super::layers::Layer;
use super::model::Model;
use super::picker::Picker;
use super::queue::QueueState;
use crate::domain::kpi::{Kpis, Period, PeriodChoice, PeriodFigures};
use crate::domain::queue::QueueFilter;
use crate::store::{Activity, AgentRow, BookTotals, PromisePulse, QueueScope};

/// One period's figures, as the triage screen shows them.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodView {
    pub choice: PeriodChoice,
    pub period: Period,
    pub figures: PeriodFigures,
    pub activity: Activity,
    /// Promises due in the period: kept, and kept + partly kept + broken.
    pub kept: i64,
    pub settled: i64,
    /// Each agent's line, with the promises due in the period.
    pub agents: Vec<AgentRow>,
}

impl PeriodView {
    pub fn kpis(&self) -> Kpis {
        Kpis::of(&self.figures, self.period.days())
    }
}

/// Everything the top of the triage screen shows, read in one go: the book
/// now, and each period the lead can pick.
#[derive(Clone, Debug, PartialEq)]
pub struct TriageFigures {
    pub today: NaiveDate,
    pub totals: BookTotals,
    /// Promises due today and broken lately.
    pub pulse: PromisePulse,
    /// One per [`PeriodChoice::ALL`].
    pub periods: Vec<PeriodView>,
}

impl TriageFigures {
    pub fn view(&self, choice: PeriodChoice) -> Option<&PeriodView> {
        self.periods.iter().find(|p| p.choice == choice)
    }

    pub fn as_of(&self) -> NaiveDate {
        self.today
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Triage {
    pub list: QueueState,
    pub filters: Vec<QueueFilter>,
    pub chosen: BTreeSet<i64>,
    pub figures: Option<Box<TriageFigures>>,
    /// The period the figures are shown for (`p` cycles it).
    pub period: PeriodChoice,
    /// When the figures were last asked for.
    pub figures_read_at: Option<chrono::DateTime<chrono::FixedOffset>>,
}

impl Triage {
    pub fn new(escalation_days: u32) -> Triage {
        let mut list = QueueState::new(QueueScope::All);
        list.filter = QueueFilter::All;
        list.target = ListTarget::Triage;
        Triage {
            list,
            filters: QueueFilter::triage(escalation_days),
            chosen: BTreeSet::new(),
            figures: None,
            period: PeriodChoice::default(),
            figures_read_at: None,
        }
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
}

fn triage(model: &mut Model) -> Option<&mut Triage> {
    model.layers.iter_mut().rev().find_map(|l| match l {
        Layer::Triage(t) => Some(t.as_mut()),
        _ => None,
    })
}

/// `L`: leads only.
pub fn open(model: &mut Model) -> Vec<Effect> {
    if !model.me.is_lead() {
        model.error(format!(
            "Triage is for team leads; {} is an agent. Ask a lead to reassign or escalate.",
            model.me.name
        ));
        return Vec::new();
    }
    let mut t = Triage::new(model.rules.book.escalation_days);
    t.figures_read_at = Some(model.now);
    let load = t.list.reload();
    model.layers.push(Layer::Triage(Box::new(t)));
    vec![Effect::LoadTriage, load]
}

pub fn command(model: &mut Model, command: Command) -> Vec<Effect> {
    let page = model.queue_rows as isize;
    let visible = model.queue_rows;
    let agents: Vec<(i64, String)> = model
        .layers
        .iter()
        .rev()
        .find_map(|l| match l {
            Layer::Triage(t) => t
                .figures
                .as_ref()
                .and_then(|f| f.periods.first())
                .map(|v| v.agents.iter().map(|a| (a.id, a.name.clone())).collect()),
            _ => None,
        })
        .unwrap_or_default();
    let Some(t) = triage(model) else {
        return Vec::new();
    };
    match command {
        Command::Down => return t.list.move_by(1, visible),
        Command::Up => return t.list.move_by(-1, visible),
        Command::PageDown => return t.list.move_by(page, visible),
        Command::PageUp => return t.list.move_by(-page, visible),
        Command::Top => return t.list.to_top(),
        Command::Bottom => return t.list.to_bottom(visible),
        Command::ToggleSelect => {
            if let Some(id) = t.list.selected_debtor()
                && !t.chosen.remove(&id)
            {
                t.chosen.insert(id);
            }
            return t.list.move_by(1, visible);
        }
        Command::NextFilter | Command::PreviousFilter => {
            let i = t.filters.iter().position(|f| *f == t.list.filter).unwrap_or(0);
            let n = t.filters.len();
            let next = if command == Command::NextFilter { (i + 1) % n } else { (i + n - 1) % n };
            t.list.filter = t.filters[next];
            t.chosen.clear();
            let label = t.list.filter.label();
            let load = t.list.reload();
            model.info(format!("Triage: {label}"));
            return vec![load];
        }
        Command::NextPeriod => {
            t.period = t.period.next();
            let label = t.period.label();
            model.info(format!("Figures: {label}"));
        }
        Command::Assign => {
            let ids = t.targets();
            if ids.is_empty() {
                model.error("Nothing to assign: pick debtors with Space");
                return Vec::new();
            }
            let picker = Picker::assign(ids, &t.targets_label(), &agents);
            model.layers.push(Layer::Picker(Box::new(picker)));
        }
        Command::PinUp | Command::PinDown => {
            let delta = if command == Command::PinUp { 1 } else { -1 };
            let ids = t.targets();
            return vec![Effect::Pin { ids, delta }];
        }
        Command::Hold => {
            let ids = t.targets();
            return vec![Effect::ToggleHold { ids }];
        }
        Command::Escalate => {
            let ids = t.targets();
            if ids.is_empty() {
                return Vec::new();
            }
            let label = t.targets_label();
            model.layers.push(Layer::Form(Box::new(Form::escalate(ids, &label))));
        }
        Command::Cancel => {
            model.layers.retain(|l| !matches!(l, Layer::Triage(_)));
            return vec![model.queue.refresh()];
        }
        Command::Quit => model.quit = true,
        _ => {}
    }
    Vec::new()
}

/// A bulk action was saved: say so, clear the choice and read it all again.
pub fn done(model: &mut Model, message: String) -> Vec<Effect> {
    model.layers.retain(|l| !matches!(l, Layer::Picker(_) | Layer::Form(_)));
    model.info(message);
    match triage(model) {
        Some(t) => {
            t.chosen.clear();
            vec![Effect::LoadTriage, t.list.locate_selected()]
        }
        None => Vec::new(),
    }
}
