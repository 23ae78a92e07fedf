//! The workstation's state and update logic: key → Action → update →
//! effects → store → result actions. Never draws.

pub mod action;
pub mod call;
mod dial;
pub mod effects;
pub mod form;
pub mod keymap;
pub mod layers;
pub mod model;
pub mod picker;
pub mod precall;
pub mod queue;
pub mod rules;
pub mod submit;
pub mod triage;
pub mod update;
mod update_call;
mod update_forms;
mod update_layers;
pub mod why;
pub mod wrapup;

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crossterm::event::{KeyEvent, KeyEventKind};

use crate::clock::Clock;
use crate::domain::people::Agent;
use crate::store::Store;
use action::{Action, Effect};
pub use model::{Model, Pane};
pub use rules::Rules;

/// How often other processes' commits are looked for.
const POLL_EVERY: Duration = Duration::from_millis(250);
/// How often the clock (and the date) is read.
const TICK_EVERY: Duration = Duration::from_secs(1);

/// The running workstation: the model plus what it talks to.
pub struct App {
    pub model: Model,
    store: Store,
    clock: Box<dyn Clock>,
    rules: Rules,
    /// The dial command last started, watched until it exits.
    dialer: Option<std::process::Child>,
    last_poll: Instant,
    last_tick: Instant,
}

impl App {
    /// Opens the workstation for an agent and reads the first queue page.
    /// A call the agent started and never wrapped up opens again. The
    /// book's rules come from the book, whatever `rules.book` says.
    pub fn new(store: Store, me: Agent, clock: Box<dyn Clock>, rules: Rules, color: bool) -> App {
        let mut rules = rules;
        let unreadable = match store.book_rules() {
            Ok(book) => {
                rules.book = book;
                None
            }
            Err(e) => Some(format!("Could not read the book's rules: {e}")),
        };
        let model = Model::new(me, clock.now(), color, rules.clone());
        let mut app = App {
            model,
            store,
            clock,
            rules,
            dialer: None,
            last_poll: Instant::now(),
            last_tick: Instant::now(),
        };
        if let Some(why) = unreadable {
            app.model.error(why);
        }
        let moment = app.rules.moment(app.clock.now_utc());
        if let Err(e) = app.store.ensure_summaries(&moment) {
            app.model.error(format!("Could not bring the queue up to date: {e}"));
        }
        let first = app.model.queue.reload();
        app.run_effects(vec![first]);
        app.recover_call();
        if app.model.call().is_none() {
            app.mention_drafts();
        }
        app
    }

    /// Notes typed and never saved wait as drafts; say where.
    fn mention_drafts(&mut self) {
        match self.store.debtors_with_drafts(self.model.me.id) {
            Ok(names) if names.is_empty() => {}
            Ok(names) => {
                let shown: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
                let more = names.len().saturating_sub(3);
                let tail = if more > 0 { format!(" and {more} more") } else { String::new() };
                self.model.info(format!(
                    "Unsaved notes kept for {}{tail}: select the debtor and press n",
                    shown.join(", ")
                ));
            }
            Err(e) => self.model.error(format!("Could not read your drafts: {e}")),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    fn recover_call(&mut self) {
        let me = self.model.me.id;
        let found = self.store.open_call(me).and_then(|call| match call {
            Some(call) => Ok(self.store.account(call.debtor_id, me)?.map(|a| (call, a))),
            None => Ok(None),
        });
        // Never reopen a call on a debtor someone else has worked since.
        if let Ok(Some((call, account))) = &found {
            match self.store.call_taken_over(call.call_id) {
                Ok(Some(taken)) => {
                    self.dispatch(Action::RecoveredTakenOver {
                        call_id: call.call_id,
                        debtor: account.debtor.name.clone(),
                        taken,
                    });
                    return;
                }
                Ok(None) => {}
                Err(e) => self.model.error(format!("Could not look for an unfinished call: {e}")),
            }
        }
        match found {
            Ok(Some((call, account))) => self.dispatch(Action::CallRecovered {
                call: Box::new(call),
                account: Box::new(account),
            }),
            Ok(None) => {}
            Err(e) => self.model.error(format!("Could not look for an unfinished call: {e}")),
        }
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

    fn effect_actions(&mut self, effects: Vec<Effect>) -> Vec<Action> {
        let mut actions = Vec::new();
        for effect in effects {
            if let Effect::Dial(phone) = &effect {
                self.dial(phone);
                continue;
            }
            let me = &self.model.me;
            actions.extend(effects::run(&self.store, me, self.clock.as_ref(), &self.rules, effect));
        }
        actions
    }

    fn run_effects(&mut self, effects: Vec<Effect>) {
        for action in self.effect_actions(effects) {
            self.dispatch(action);
        }
    }

    /// Runs the dial command; failures go to the status line, the call goes on.
    fn dial(&mut self, phone: &str) {
        let Some(template) = &self.rules.dial_command else {
            return;
        };
        match dial::spawn(template, phone) {
            Ok(child) => self.dialer = Some(child),
            Err(e) => self.model.error(format!("Dialling failed: {e}; the call goes on")),
        }
    }

    fn watch_dialer(&mut self) {
        let Some(child) = &mut self.dialer else {
            return;
        };
        let failure = match child.try_wait() {
            Ok(None) => return,
            Ok(Some(status)) if status.success() => None,
            Ok(Some(status)) => Some(format!("the dial command exited with {status}")),
            Err(e) => Some(e.to_string()),
        };
        self.dialer = None;
        if let Some(why) = failure {
            self.model.error(format!("Dialling failed: {why}; the call goes on"));
        }
    }

    /// Called between events: notices other processes' commits, moves the
    /// clock, and rolls the figures over when the date changes.
    pub fn poll(&mut self) {
        if self.last_poll.elapsed() >= POLL_EVERY {
            self.last_poll = Instant::now();
            match self.store.changed_elsewhere() {
                Ok(true) => {
                    self.reload_rules();
                    self.dispatch(Action::ChangedElsewhere);
                }
                Ok(false) => {}
                Err(e) => self.model.error(format!("Could not reach the database: {e}")),
            }
        }
        if self.last_tick.elapsed() >= TICK_EVERY {
            self.last_tick = Instant::now();
            self.tick();
        }
    }

    /// A lead may have changed the book's rules: take them up.
    fn reload_rules(&mut self) {
        match self.store.book_rules() {
            Ok(book) if book != self.rules.book => {
                self.rules.book = book.clone();
                self.model.rules.book = book;
            }
            Ok(_) => {}
            Err(e) => self.model.error(format!("Could not read the book's rules: {e}")),
        }
    }

    /// One clock tick.
    pub fn tick(&mut self) {
        self.watch_dialer();
        let moment = self.rules.moment(self.clock.now_utc());
        match self.store.ensure_summaries(&moment) {
            Ok(true) => self.dispatch(Action::ChangedElsewhere),
            Ok(false) => {}
            Err(e) => self.model.error(format!("Could not roll the queue over to today: {e}")),
        }
        self.dispatch(Action::Tick(self.clock.now()));
    }
}
