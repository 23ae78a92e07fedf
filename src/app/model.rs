//! The workstation's state, grouped by screen.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use super::keymap::{Keymap, Scope};
use super::layers::Layer;
use super::queue::QueueState;
use super::rules::Rules;
use crate::domain::people::Agent;
use crate::store::{Account, QueueScope};

/// The panes of the workstation, in `Tab` order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Queue,
    Invoices,
    Commitments,
    Notes,
}

impl Pane {
    const ORDER: [Pane; 4] = [Pane::Queue, Pane::Invoices, Pane::Commitments, Pane::Notes];

    pub fn next(self) -> Pane {
        let i = Self::ORDER.iter().position(|p| *p == self).unwrap_or(0);
        Self::ORDER[(i + 1) % Self::ORDER.len()]
    }

    pub fn previous(self) -> Pane {
        let i = Self::ORDER.iter().position(|p| *p == self).unwrap_or(0);
        Self::ORDER[(i + Self::ORDER.len() - 1) % Self::ORDER.len()]
    }
}

/// A message in the status line until the next key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

#[derive(Clone, Debug)]
pub struct Model {
    pub me: Agent,
    pub now: DateTime<FixedOffset>,
    pub focus: Pane,
    pub queue: QueueState,
    pub account: Option<Box<Account>>,
    pub invoice_selected: usize,
    pub promise_selected: usize,
    pub note_scroll: usize,
    pub layers: Vec<Layer>,
    pub status: Option<Status>,
    pub quit: bool,
    /// Queue rows that fit on screen.
    pub queue_rows: usize,
    pub keymap: Keymap,
    /// Colours on (off with `NO_COLOR`).
    pub color: bool,
    pub rules: Rules,
    /// After a wrap-up, move past this debtor once the queue is read again.
    pub advance_past: Option<i64>,
}

impl Model {
    pub fn new(me: Agent, now: DateTime<FixedOffset>, color: bool, rules: Rules) -> Model {
        let scope = if me.is_lead() { QueueScope::All } else { QueueScope::Mine(me.id) };
        Model {
            me,
            now,
            focus: Pane::Queue,
            queue: QueueState::new(scope),
            account: None,
            invoice_selected: 0,
            promise_selected: 0,
            note_scroll: 0,
            layers: Vec::new(),
            status: None,
            quit: false,
            queue_rows: 10,
            keymap: Keymap::default(),
            color,
            rules,
            advance_past: None,
        }
    }

    /// Key scopes, top layer first.
    pub fn scopes(&self) -> Vec<Scope> {
        match self.layers.last() {
            Some(layer) => layer.scopes(),
            None => vec![Scope::List, Scope::Workstation, Scope::Global],
        }
    }

    /// The book's date now: what "today" means for figures and dates typed.
    pub fn today(&self) -> NaiveDate {
        self.rules.today(self.now.with_timezone(&Utc))
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status { text: text.into(), error: false });
    }

    /// The live call, if one is open under the top layers.
    pub fn call(&self) -> Option<&super::call::LiveCall> {
        self.layers.iter().rev().find_map(|l| match l {
            Layer::Call(c) => Some(c.as_ref()),
            _ => None,
        })
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status { text: text.into(), error: true });
    }
}
