//! The workstation: screens that take input and answer with requests
//! (src/app/screen.rs), a stack of them over the workstation's panes
//! (layer.rs, dispatch.rs), and store workers that run the requests off
//! this thread (worker/: two of its own, or a served desk's shared hub).
//! This thread never waits on SQLite: it draws, takes keys, and applies
//! answers as they come.

pub mod autosave;
mod bindings;
pub mod call;
pub mod confirm;
mod crash_files;
pub mod cx;
mod dial;
pub mod dispatch;
pub mod done;
pub mod effect;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod form;
pub mod help;
pub mod invoice_picker;
pub mod keymap;
pub mod layer;
pub mod model;
pub mod note;
pub mod open;
mod pane;
pub mod picker;
pub mod precall;
pub mod queue;
pub mod rules;
pub mod screen;
pub mod search;
pub mod text_input;
pub mod triage;
pub mod triage_figures;
mod triage_search;
pub mod triage_select;
pub mod why;
mod worker;
pub mod workstation;
mod workstation_interest;
pub mod workstation_results;
mod workstation_search;
pub mod wrapup;
pub mod write;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossterm::event::{KeyEvent, KeyEventKind};

use crate::clock::Clock;
use crate::domain::people::Agent;
use crate::store::Store;
use autosave::Journal;
use crash_files::CrashFiles;
use done::Done;
use effect::{Effect, Request};
pub use model::Model;
pub use rules::Rules;
pub use worker::Hub;
use worker::Workers;
pub use workstation::Pane;

/// How often the clock (and the date) is read.
const TICK_EVERY: Duration = Duration::from_secs(1);

/// What wakes the event loop when the store answers.
type Wake = Arc<Mutex<Option<Box<dyn Fn() + Send>>>>;

/// The running workstation: the model plus what it talks to.
pub struct App {
    pub model: Model,
    workers: Workers,
    journal: CrashFiles,
    wake: Wake,
    clock: Box<dyn Clock>,
    /// The dial command last started, watched until it exits.
    dialer: Option<std::process::Child>,
    last_tick: Instant,
}

impl App {
    /// Opens the workstation for an agent: the store goes to its own
    /// workers, which read the rules, the first queue page and any call
    /// left open. Nothing is waited for; `settle` waits (tests).
    pub fn new(
        store: Store,
        me: Agent,
        clock: Box<dyn Clock>,
        rules: Rules,
        color: bool,
    ) -> std::io::Result<App> {
        let path = store.path().to_owned();
        App::with(&path, me, clock, rules, color, |me, waker| Workers::start(store, me, waker))
    }

    /// A served session's workstation: its requests go to the desk's hub,
    /// shared with every other session.
    pub fn served(
        hub: &Hub,
        me: Agent,
        clock: Box<dyn Clock>,
        rules: Rules,
        color: bool,
    ) -> std::io::Result<App> {
        App::with(hub.path(), me, clock, rules, color, |me, waker| {
            Ok(Workers::join(hub, me, waker))
        })
    }

    fn with(
        book: &std::path::Path,
        me: Agent,
        clock: Box<dyn Clock>,
        rules: Rules,
        color: bool,
        workers: impl FnOnce(&Agent, worker::Waker) -> std::io::Result<Workers>,
    ) -> std::io::Result<App> {
        let journal = CrashFiles::start(Journal::beside(book, me.id));
        let wake: Wake = Arc::new(Mutex::new(None));
        let slot = Arc::clone(&wake);
        let waker: worker::Waker = Arc::new(move || {
            if let Ok(guard) = slot.lock()
                && let Some(f) = guard.as_ref()
            {
                f();
            }
        });
        let model = Model::new(me.clone(), clock.now(), color, rules);
        let workers = workers(&me, waker)?;
        let mut app =
            App { model, workers, journal, wake, clock, dialer: None, last_tick: Instant::now() };
        app.start();
        Ok(app)
    }

    /// The first requests: the rules, drafts kept in crash files, a call
    /// left open, today's figures, the queue.
    fn start(&mut self) {
        let mut first: Vec<Effect> = vec![Request::LoadRules.into()];
        for kept in self.journal.kept() {
            let now = self.clock.now().with_timezone(&chrono::Utc);
            let version = self.model.autosave.typed(kept.debtor_id, now);
            first.push(
                Request::SaveDraft {
                    debtor_id: kept.debtor_id,
                    call_id: kept.call_id,
                    body: kept.body,
                    version,
                }
                .into(),
            );
        }
        first.push(Request::Start(Box::new(self.model.desk.queue.reload())).into());
        self.run(first);
    }

    /// Wakes the event loop when an answer is ready.
    pub fn set_waker(&self, wake: impl Fn() + Send + 'static) {
        if let Ok(mut slot) = self.wake.lock() {
            *slot = Some(Box::new(wake));
        }
    }

    /// A key press.
    pub fn key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        let effects = dispatch::key(&mut self.model, key);
        self.run(effects);
    }

    /// Text pasted into the terminal.
    pub fn paste(&mut self, text: String) {
        let effects = dispatch::paste(&mut self.model, text);
        self.run(effects);
    }

    pub fn resize(&mut self, page: usize) {
        self.model.page = page.max(1);
        self.model.desk.queue.keep_visible(self.model.page);
    }

    /// Between events: the store's answers, and the clock once a second.
    /// True when the screen may show something new (an answer, a tick):
    /// otherwise the frame need not be drawn again.
    pub fn poll(&mut self) -> bool {
        let ready = self.workers.ready();
        let mut shown = self.apply(ready);
        if self.last_tick.elapsed() >= TICK_EVERY {
            self.last_tick = Instant::now();
            self.tick();
            shown = true;
        }
        shown
    }

    /// Waits until every request sent has been answered (and what the
    /// answers asked for too), for at most ten seconds. For tests and
    /// scripted input: the workstation itself never waits.
    pub fn settle(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let ready = self.workers.ready();
            self.apply(ready);
            if self.workers.in_flight() == 0 || Instant::now() >= deadline {
                return;
            }
            if let Some(done) = self.workers.wait(Duration::from_millis(50)) {
                self.apply(done);
            }
        }
    }

    /// One clock tick: leases kept alive, checks read again, the day rolled.
    pub fn tick(&mut self) {
        self.watch_dialer();
        self.model.now = self.clock.now();
        let mut effects = dispatch::tick(&mut self.model);
        effects.push(Request::Rollover.into());
        self.run(effects);
    }

    /// Requests go to the workers; drafts are also kept in a crash file (on
    /// the crash-file thread: a key never waits for the disk).
    fn run(&mut self, effects: Vec<Effect>) {
        let now = self.clock.now();
        for effect in effects {
            match effect {
                Effect::Dial(phone) => self.dial(&phone),
                Effect::Store(Request::SaveDraft { debtor_id, call_id, body, .. }) => {
                    self.journal.write(debtor_id, call_id, &body);
                    let version =
                        self.model.autosave.typed(debtor_id, now.with_timezone(&chrono::Utc));
                    let request = Request::SaveDraft { debtor_id, call_id, body, version };
                    self.workers.send(request, now);
                }
                Effect::Store(request) => {
                    if let Request::DiscardDraft { debtor_id } = request {
                        self.journal.remove(debtor_id);
                    }
                    self.workers.send(request, now);
                }
            }
        }
    }

    /// Answers from the store, to every screen; true when any may show (a
    /// draft saved within the same second as the last shows nothing new).
    fn apply(&mut self, answers: Vec<Done>) -> bool {
        let mut shown = false;
        for done in answers {
            match &done {
                Done::Rules(book) => {
                    self.model.rules.book = (**book).clone();
                    shown = true;
                    continue;
                }
                Done::DraftSaved { debtor_id, version, at } => {
                    let before = self.model.autosave.caption(&self.model.now);
                    if self.model.autosave.saved(*debtor_id, *version, *at) {
                        self.journal.remove(*debtor_id);
                    }
                    shown |= self.model.autosave.caption(&self.model.now) != before;
                    continue;
                }
                Done::DraftFailed { why, .. } => {
                    self.model.autosave.failed(why);
                    shown = true;
                    continue;
                }
                Done::NoteSaved { debtor_id } | Done::CallWrapped { debtor_id, .. } => {
                    self.journal.remove(*debtor_id);
                }
                _ => {}
            }
            let effects = dispatch::result(&mut self.model, &done);
            self.run(effects);
            shown = true;
        }
        shown
    }

    /// Runs the dial command; failures go to the status line, the call goes on.
    fn dial(&mut self, phone: &str) {
        let Some(template) = &self.model.rules.dial_command else {
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
}

/// The agent behind the workstation.
impl App {
    pub fn me(&self) -> &Agent {
        &self.model.me
    }
}
