//! The workstation's state and update logic: key → Action → update →
//! effects → store → result actions. Never draws.

pub mod action;
pub mod effects;
pub mod form;
pub mod keymap;
pub mod layers;
pub mod model;
pub mod queue;
pub mod submit;
pub mod update;
mod update_forms;

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crossterm::event::{KeyEvent, KeyEventKind};

use crate::clock::Clock;
use crate::domain::Policy;
use crate::domain::people::Agent;
use crate::store::Store;
use action::Action;
pub use model::{Model, Pane};

/// How often other processes' commits are looked for.
const POLL_EVERY: Duration = Duration::from_millis(250);
/// How often the clock (and the date) is read.
const TICK_EVERY: Duration = Duration::from_secs(1);

/// The running workstation: the model plus what it talks to.
pub struct App {
    pub model: Model,
    store: Store,
    clock: Box<dyn Clock>,
    policy: Policy,
    last_poll: Instant,
    last_tick: Instant,
}

impl App {
    /// Opens the workstation for an agent and reads the first queue page.
    pub fn new(store: Store, me: Agent, clock: Box<dyn Clock>, policy: Policy, color: bool) -> App {
        let model = Model::new(me, clock.now(), color);
        let mut app = App {
            model,
            store,
            clock,
            policy,
            last_poll: Instant::now(),
            last_tick: Instant::now(),
        };
        if let Err(e) = app.store.ensure_summaries(&app.clock.moment(), &app.policy) {
            app.model
                .error(format!("Could not bring the queue up to date: {e}"));
        }
        let first = app.model.queue.reload();
        app.run_effects(vec![first]);
        app
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// A key press: a command if the key table binds it, else typing.
    pub fn key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        match self.model.keymap.lookup(&self.model.scopes(), &key) {
            Some(command) => {
                // A message stays up until the next key (and on the way out).
                if command != keymap::Command::Quit {
                    self.model.status = None;
                }
                self.dispatch(Action::Command(command));
            }
            None => self.dispatch(Action::Edit(key)),
        }
    }

    pub fn resize(&mut self, queue_rows: usize) {
        self.dispatch(Action::Resize { queue_rows });
    }

    /// Runs an action and everything it leads to.
    pub fn dispatch(&mut self, action: Action) {
        let mut pending = VecDeque::from([action]);
        while let Some(action) = pending.pop_front() {
            let effects = update::update(&mut self.model, action);
            pending.extend(self.effect_actions(effects));
        }
    }

    fn effect_actions(&self, effects: Vec<action::Effect>) -> Vec<Action> {
        effects
            .into_iter()
            .filter_map(|e| {
                effects::run(
                    &self.store,
                    &self.model.me,
                    self.clock.as_ref(),
                    &self.policy,
                    e,
                )
            })
            .collect()
    }

    fn run_effects(&mut self, effects: Vec<action::Effect>) {
        for action in self.effect_actions(effects) {
            self.dispatch(action);
        }
    }

    /// Called between events: notices other processes' commits, moves the
    /// clock, and rolls the figures over when the date changes.
    pub fn poll(&mut self) {
        if self.last_poll.elapsed() >= POLL_EVERY {
            self.last_poll = Instant::now();
            match self.store.changed_elsewhere() {
                Ok(true) => self.dispatch(Action::ChangedElsewhere),
                Ok(false) => {}
                Err(e) => self
                    .model
                    .error(format!("Could not reach the database: {e}")),
            }
        }
        if self.last_tick.elapsed() >= TICK_EVERY {
            self.last_tick = Instant::now();
            self.tick();
        }
    }

    /// One clock tick.
    pub fn tick(&mut self) {
        let moment = self.clock.moment();
        match self.store.ensure_summaries(&moment, &self.policy) {
            Ok(true) => self.dispatch(Action::ChangedElsewhere),
            Ok(false) => {}
            Err(e) => self
                .model
                .error(format!("Could not roll the queue over to today: {e}")),
        }
        self.dispatch(Action::Tick(self.clock.now()));
    }
}
