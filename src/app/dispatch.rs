//! Input down the stack of screens, results to all of them, and what their
//! answers do to the stack. Quit is handled here, once.

use crossterm::event::KeyEvent;

use super::cx::Cx;
use super::done::Done;
use super::effect::Effect;
use super::keymap::Command;
use super::layer::Layer;
use super::model::Model;
use super::screen::{Handled, Input, Reply, Screen};
use super::workstation::Workstation;

/// A key from the terminal: a command if the top screen's scopes bind it,
/// else typing.
pub fn key(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let scopes = model.scopes();
    let command = model.keymap.lookup(scopes, &key);
    if command == Some(Command::Quit) {
        // Everything typed is saved as it is typed; drafts stay drafts.
        model.quit = true;
        return Vec::new();
    }
    if command.is_some() {
        // A message stays up until the next key.
        model.status = None;
    }
    input(model, command.map_or(Input::Key(key), Input::Command))
}

/// Text pasted into the terminal goes to the top screen, like typing.
pub fn paste(model: &mut Model, text: String) -> Vec<Effect> {
    input(model, Input::Paste(text))
}

/// Down the stack until a screen takes it.
fn input(model: &mut Model, input: Input) -> Vec<Effect> {
    model.with_cx(|layers, desk, cx| {
        for at in (0..layers.len()).rev() {
            let handled = layers[at].screen().handle(input.clone(), cx);
            if !matches!(handled, Handled::Ignored) {
                return apply(layers, desk, cx, Some(at), handled);
            }
        }
        let handled = desk.handle(input, cx);
        apply(layers, desk, cx, None, handled)
    })
}

/// A result from the store, offered to every screen, top first.
pub fn result(model: &mut Model, done: &Done) -> Vec<Effect> {
    model.with_cx(|layers, desk, cx| {
        let mut effects = Vec::new();
        let mut at = layers.len();
        while at > 0 {
            at -= 1;
            if at >= layers.len() {
                continue;
            }
            let handled = layers[at].screen().on_result(done, cx);
            effects.extend(apply(layers, desk, cx, Some(at), handled));
        }
        let handled = desk.on_result(done, cx);
        effects.extend(apply(layers, desk, cx, None, handled));
        effects
    })
}

/// Once a second: each screen's leases and checks, and the workstation's
/// queue when who may be called has changed.
pub fn tick(model: &mut Model) -> Vec<Effect> {
    model.with_cx(|layers, desk, cx| {
        let mut effects: Vec<Effect> =
            layers.iter_mut().flat_map(|l| l.screen().tick(cx)).collect();
        effects.extend(desk.tick(cx));
        effects
    })
}

/// What a screen's answer does: `at` is its place in the stack (`None`:
/// the workstation under it).
fn apply(
    layers: &mut Vec<Layer>,
    desk: &mut Workstation,
    cx: &mut Cx<'_>,
    at: Option<usize>,
    handled: Handled,
) -> Vec<Effect> {
    match handled {
        Handled::Ignored => Vec::new(),
        Handled::Done(effects) => effects,
        Handled::Close(effects) => {
            if let Some(at) = at.filter(|at| *at < layers.len()) {
                layers.remove(at);
            }
            effects
        }
        Handled::Open(open, mut effects) => {
            let (layer, reads) = Layer::build(*open, cx);
            layers.push(layer);
            effects.extend(reads);
            effects
        }
        Handled::Replace(open, mut effects) => {
            let (layer, reads) = Layer::build(*open, cx);
            match at.filter(|at| *at < layers.len()) {
                Some(at) => layers[at] = layer,
                None => layers.push(layer),
            }
            effects.extend(reads);
            effects
        }
        Handled::Reply(reply) => {
            if let Some(at) = at.filter(|at| *at < layers.len()) {
                layers.truncate(at);
            }
            tell(layers, desk, cx, at, reply)
        }
        Handled::Tell(reply) => tell(layers, desk, cx, at, reply),
    }
}

/// The screen below `at` gets the reply.
fn tell(
    layers: &mut Vec<Layer>,
    desk: &mut Workstation,
    cx: &mut Cx<'_>,
    at: Option<usize>,
    reply: Reply,
) -> Vec<Effect> {
    match at.and_then(|at| at.checked_sub(1)) {
        Some(below) => {
            let handled = layers[below].screen().on_reply(reply, cx);
            apply(layers, desk, cx, Some(below), handled)
        }
        None => {
            let handled = desk.on_reply(reply, cx);
            apply(layers, desk, cx, None, handled)
        }
    }
}
