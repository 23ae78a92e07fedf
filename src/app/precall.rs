//! The pre-call plan (`c`): the checklist, then the automatic checks.
//! `Ctrl-S` starts the call only when every required item is done and every
//! failing check has an override reason.

use super::action::Effect;
use super::form::Form;
use super::keymap::Command;
use super::layers::Layer;
use super::model::Model;
use crate::domain::checklist::{Answer, Checklist, ItemKind, answers_json, missing};
use crate::domain::contact_rules::{Check, CheckId};
use crate::store::{Account, CallStart};

#[derive(Clone, Debug, PartialEq)]
pub struct PreCall {
    pub debtor_id: i64,
    pub debtor_name: String,
    /// The primary contact: id, name and phone.
    pub contact: Option<(i64, String, String)>,
    pub checklist: Checklist,
    pub answers: Vec<Answer>,
    pub focus: usize,
    /// Typing into a text item.
    pub editing: bool,
    pub checks: Vec<Check>,
    /// Why the last Ctrl-S did not start the call, line by line.
    pub refusal: Vec<String>,
}

impl PreCall {
    pub fn new(account: &Account, checklist: &Checklist, checks: Vec<Check>) -> PreCall {
        PreCall {
            debtor_id: account.debtor.id,
            debtor_name: account.debtor.name.clone(),
            contact: account.contacts.first().map(|c| (c.id, c.name.clone(), c.phone.clone())),
            answers: checklist.items.iter().map(|i| Answer::blank(i.kind)).collect(),
            checklist: checklist.clone(),
            focus: 0,
            editing: false,
            checks,
            refusal: Vec::new(),
        }
    }

    pub fn goal(&self) -> String {
        match self.checklist.goal_index().and_then(|i| self.answers.get(i)) {
            Some(Answer::Text(t)) => t.trim().to_owned(),
            _ => String::new(),
        }
    }

    pub fn failing(&self) -> Vec<&Check> {
        self.checks.iter().filter(|c| !c.passed).collect()
    }

    /// The call to start, with the overrides given for failing checks.
    pub fn start(&self, agent_id: i64, overrides: &str, take_over: bool) -> CallStart {
        CallStart {
            debtor_id: self.debtor_id,
            agent_id,
            contact_id: self.contact.as_ref().map(|c| c.0),
            checklist: answers_json(&self.checklist, &self.answers),
            goal: self.goal(),
            overrides: overrides.to_owned(),
            take_over,
        }
    }

    /// After a refused start, keeps the "still to do" list in step with
    /// what is ticked and typed; true when nothing is left to do.
    pub fn refresh_refusal(&mut self) -> bool {
        if self.refusal.first().map(String::as_str) != Some(STILL_TO_DO) {
            return false;
        }
        let open: Vec<String> = missing(&self.checklist, &self.answers)
            .into_iter()
            .map(|o| format!("  • {o}"))
            .collect();
        let done = open.is_empty();
        self.refusal = if done {
            Vec::new()
        } else {
            std::iter::once(STILL_TO_DO.to_owned()).chain(open).collect()
        };
        done
    }

    pub fn phone(&self) -> Option<String> {
        self.contact.as_ref().map(|c| c.2.clone()).filter(|p| !p.is_empty())
    }
}

const STILL_TO_DO: &str = "Not started. Still to do:";

/// The status line's short form; the plan lists the items.
fn still_to_do(n: usize) -> String {
    format!(
        "Not started: {n} item{} of the plan still to do (listed in the plan)",
        if n == 1 { "" } else { "s" }
    )
}

fn top(model: &mut Model) -> Option<&mut PreCall> {
    match model.layers.last_mut() {
        Some(Layer::PreCall(p)) => Some(p),
        _ => None,
    }
}

/// `c`: lease the debtor and read the facts for the checks.
pub fn open(model: &mut Model) -> Vec<Effect> {
    match &model.account {
        Some(a) => vec![Effect::BeginPreCall(a.debtor.id)],
        None => {
            model.error("Select a debtor first");
            Vec::new()
        }
    }
}

pub fn command(model: &mut Model, command: Command) -> Vec<Effect> {
    let effects = apply(model, command);
    sync_refusal(model);
    effects
}

/// Keeps a refused start's "still to do" list, on the panel and the status
/// line, in step with what has since been ticked and typed.
pub fn sync_refusal(model: &mut Model) {
    let Some(p) = top(model) else {
        return;
    };
    if p.refusal.first().map(String::as_str) != Some(STILL_TO_DO) {
        return;
    }
    if p.refresh_refusal() {
        model.status = None;
    } else {
        let left = p.refusal.len() - 1;
        model.error(still_to_do(left));
    }
}

fn apply(model: &mut Model, command: Command) -> Vec<Effect> {
    let is_lead = model.me.is_lead();
    let agent_id = model.me.id;
    let Some(p) = top(model) else {
        return Vec::new();
    };
    let last = p.checklist.items.len().saturating_sub(1);
    match command {
        Command::Down => p.focus = (p.focus + 1).min(last),
        Command::Up => p.focus = p.focus.saturating_sub(1),
        Command::Tick => match p.answers.get_mut(p.focus) {
            Some(Answer::Tick(t)) => *t = !*t,
            Some(Answer::Text(_)) => p.editing = true,
            None => {}
        },
        Command::Accept => {
            if p.checklist.items.get(p.focus).map(|i| i.kind) == Some(ItemKind::Text) {
                p.editing = !p.editing;
            } else if let Some(Answer::Tick(t)) = p.answers.get_mut(p.focus) {
                *t = !*t;
            }
        }
        Command::Save if p.editing => p.editing = false,
        Command::Save => return start(model, agent_id, is_lead),
        Command::Cancel if p.editing => p.editing = false,
        Command::Cancel => {
            let debtor_id = p.debtor_id;
            model.layers.pop();
            model.info("Call not started; the debtor is free again");
            return vec![Effect::ReleaseLease(debtor_id)];
        }
        Command::Quit => model.quit = true,
        _ => {}
    }
    Vec::new()
}

fn start(model: &mut Model, agent_id: i64, is_lead: bool) -> Vec<Effect> {
    let Some(p) = top(model) else {
        return Vec::new();
    };
    let open: Vec<String> =
        missing(&p.checklist, &p.answers).into_iter().map(str::to_owned).collect();
    let failing: Vec<Check> = p.failing().into_iter().cloned().collect();
    let blocked = failing.iter().find(|c| !c.agent_may_override() && !is_lead);
    p.refusal = if !open.is_empty() {
        std::iter::once(STILL_TO_DO.to_owned())
            .chain(open.iter().map(|o| format!("  • {o}")))
            .collect()
    } else if let Some(c) = blocked {
        vec![format!("Not started: {}. {}", c.text, c.id.lead_only().unwrap_or_default())]
    } else {
        Vec::new()
    };
    if !p.refusal.is_empty() {
        let why = if open.is_empty() { p.refusal[0].clone() } else { still_to_do(open.len()) };
        model.error(why);
        return Vec::new();
    }
    if failing.is_empty() {
        let start = p.start(agent_id, "", false);
        let phone = p.phone();
        return vec![Effect::StartCall { start, phone }];
    }
    let names: Vec<&str> = failing.iter().map(|c| c.id.name()).collect();
    let form = Form::override_reason(&names.join(", "), failing[0].id.override_example());
    model.layers.push(Layer::Form(Box::new(form)));
    Vec::new()
}

/// The override form was filled in: start the call with the reason recorded
/// against each failing check.
pub fn overridden(model: &mut Model, reason: &str) -> Vec<Effect> {
    let agent_id = model.me.id;
    model.layers.pop();
    let Some(p) = top(model) else {
        return Vec::new();
    };
    let overrides: Vec<String> =
        p.failing().iter().map(|c| format!("{} ({}): {reason}", c.id.name(), c.text)).collect();
    let take_over = p.failing().iter().any(|c| c.id == CheckId::OtherOnCall);
    let start = p.start(agent_id, &overrides.join("; "), take_over);
    let phone = p.phone();
    vec![Effect::StartCall { start, phone }]
}

/// Typing into the text item being edited.
pub fn edit(p: &mut PreCall, key: crossterm::event::KeyEvent) {
    use crossterm::event::{KeyCode, KeyModifiers};
    if let Some(Answer::Text(text)) = p.answers.get_mut(p.focus) {
        match key.code {
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => text.push(c),
            KeyCode::Backspace => {
                text.pop();
            }
            _ => {}
        }
    }
}
