//! The workstation's state: who is working and when, the rules, the
//! workstation under its layers, the status line. `ui::draw` reads it.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use super::autosave::Autosave;
use super::call::LiveCall;
use super::cx::{Cx, Status};
use super::keymap::{Keymap, Scope};
use super::layer::Layer;
use super::rules::Rules;
use super::screen::Screen;
use super::workstation::Workstation;
use crate::domain::people::Agent;
use crate::store::QueueScope;

#[derive(Clone, Debug)]
pub struct Model {
    pub me: Agent,
    pub now: DateTime<FixedOffset>,
    pub rules: Rules,
    pub keymap: Keymap,
    /// Colours on (off with `NO_COLOR`).
    pub color: bool,
    /// List rows that fit on screen.
    pub page: usize,
    /// The terminal's width (set with `page` by the event loop).
    pub columns: u16,
    pub status: Option<Status>,
    pub quit: bool,
    /// The workstation's panes, under the layers.
    pub desk: Workstation,
    /// Screens over the workstation, top one last.
    pub layers: Vec<Layer>,
    /// Where the note being typed stands: saving, saved, or not yet.
    pub autosave: Autosave,
}

impl Model {
    pub fn new(me: Agent, now: DateTime<FixedOffset>, color: bool, rules: Rules) -> Model {
        let scope = if me.is_lead() { QueueScope::All } else { QueueScope::Mine(me.id) };
        Model {
            me,
            now,
            rules,
            keymap: Keymap::default(),
            color,
            page: 10,
            columns: 80,
            status: None,
            quit: false,
            desk: Workstation::new(scope),
            layers: Vec::new(),
            autosave: Autosave::default(),
        }
    }

    /// The book's date now: what "today" means for figures and dates typed.
    pub fn today(&self) -> NaiveDate {
        self.rules.today(self.now.with_timezone(&Utc))
    }

    /// Key scopes of the screen on top.
    pub fn scopes(&self) -> &'static [Scope] {
        match self.layers.last() {
            Some(layer) => layer.scopes(),
            None => self.desk.scopes(),
        }
    }

    /// The live call, if one is open under the top layers.
    pub fn call(&self) -> Option<&LiveCall> {
        self.layers.iter().rev().find_map(|l| match l {
            Layer::Call(c) => Some(c.as_ref()),
            _ => None,
        })
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status { text: text.into(), error: false, items: Vec::new() });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status { text: text.into(), error: true, items: Vec::new() });
    }

    /// Lends the screens what they may read, and the status line.
    pub fn with_cx<R>(
        &mut self,
        f: impl FnOnce(&mut Vec<Layer>, &mut Workstation, &mut Cx<'_>) -> R,
    ) -> R {
        let today = self.today();
        let Model { me, now, rules, keymap, page, columns, status, desk, layers, .. } = self;
        let mut cx =
            Cx { now: *now, today, me, rules, keymap, page: *page, columns: *columns, status };
        f(layers, desk, &mut cx)
    }
}
