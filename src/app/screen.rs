//! What every screen is: a component that takes input (a command from the
//! key table, a key for its text field, or pasted text: one entry point, so
//! no screen can forget paste), the results of its requests, and the clock,
//! and answers with what happens next. Screens never construct each other:
//! they ask for a screen to be opened (`Open`), and `layer.rs` builds it.

use crossterm::event::KeyEvent;

use super::cx::Cx;
use super::done::Done;
use super::effect::Effect;
use super::keymap::{Command, Scope};
use super::open::Open;

/// One piece of input for the screen on top.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A key the key table binds in one of the screen's scopes.
    Command(Command),
    /// Any other key: typing.
    Key(KeyEvent),
    /// Text pasted into the terminal (bracketed paste), in one piece.
    Paste(String),
}

/// What a screen below is told when the one above it closes with an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// The override form: why the call goes ahead despite failing checks.
    OverrideReason(String),
    /// The search line's text as typed.
    Searching(String),
    /// The search line was cancelled: back to the queue.
    SearchCancelled,
    /// Enter in the search line: browse the results.
    SearchAccepted,
}

/// What a screen did with an input or a result.
#[derive(Debug)]
pub enum Handled {
    /// Not for this screen: the one below gets it.
    Ignored,
    /// Taken; these requests follow.
    Done(Vec<Effect>),
    /// Taken, and the screen closes.
    Close(Vec<Effect>),
    /// Taken; a screen opens on top.
    Open(Box<Open>, Vec<Effect>),
    /// Taken; this screen gives way to another.
    Replace(Box<Open>, Vec<Effect>),
    /// The screen closes and the one below gets its answer.
    Reply(Reply),
    /// Taken; the screen stays and the one below is told.
    Tell(Reply),
}

impl Handled {
    /// Taken, nothing more to do.
    pub fn done() -> Handled {
        Handled::Done(Vec::new())
    }

    pub fn one(effect: Effect) -> Handled {
        Handled::Done(vec![effect])
    }

    pub fn open(open: Open) -> Handled {
        Handled::Open(Box::new(open), Vec::new())
    }

    pub fn close() -> Handled {
        Handled::Close(Vec::new())
    }

    pub fn is_close(&self) -> bool {
        matches!(self, Handled::Close(_))
    }
}

/// A screen of the workstation (the panes, or a layer over them).
pub trait Screen {
    /// The key table's scopes this screen answers to, in order.
    fn scopes(&self) -> &'static [Scope];

    /// A key or pasted text while this screen is on top (or while the
    /// screens above it ignore it).
    fn handle(&mut self, input: Input, cx: &mut Cx<'_>) -> Handled;

    /// A result from the store, offered to every screen.
    fn on_result(&mut self, _done: &Done, _cx: &mut Cx<'_>) -> Handled {
        Handled::Ignored
    }

    /// The screen above closed with an answer for this one.
    fn on_reply(&mut self, _reply: Reply, _cx: &mut Cx<'_>) -> Handled {
        Handled::Ignored
    }

    /// Once a second: leases to keep alive, checks to read again.
    fn tick(&mut self, _cx: &mut Cx<'_>) -> Vec<Effect> {
        Vec::new()
    }
}
