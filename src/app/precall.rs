//! The pre-call plan (`c`): the checklist, then the automatic checks, on the
//! account it was opened for. `Ctrl-S` starts the call only when every
//! required item is done and every failing check has an override reason.

use super::cx::Cx;
use super::done::Done;
use super::effect::{Effect, Request};
use super::keymap::{Command, Scope};
use super::open::{CallStarted, Open};
use super::screen::{Handled, Input, Reply, Screen};
use super::text_input::TextLine;
use crate::domain::checklist::{Answer, Checklist, ItemKind, answers_json, missing, missing_at};
use crate::domain::contact_rules::{Check, CheckId};
use crate::store::{Account, CallStart};

#[derive(Clone, Debug, PartialEq)]
pub struct PreCall {
    /// The debtor the plan is for: a refresh elsewhere never swaps it.
    pub account: Box<Account>,
    pub checklist: Checklist,
    pub answers: Vec<Answer>,
    pub focus: usize,
    /// Typing into a text item.
    pub editing: bool,
    pub checks: Vec<Check>,
    /// A start was refused with required items open: the plan marks them
    /// and the status line names them until they are done.
    pub asked: bool,
    /// Why the last Ctrl-S did not start the call, line by line (a check
    /// only a lead may override).
    pub refusal: Vec<String>,
}

/// The status line's words before the items still to do.
pub const STILL_TO_DO: &str = "Not started, still to do: ";

impl PreCall {
    pub fn new(account: Box<Account>, checklist: &Checklist, checks: Vec<Check>) -> PreCall {
        PreCall {
            account,
            answers: checklist.items.iter().map(|i| Answer::blank(i.kind)).collect(),
            checklist: checklist.clone(),
            focus: 0,
            editing: false,
            checks,
            asked: false,
            refusal: Vec::new(),
        }
    }

    /// The required items not done yet, by index.
    pub fn missing(&self) -> Vec<usize> {
        missing_at(&self.checklist, &self.answers)
    }

    /// Whether the plan marks this item as still to do.
    pub fn marked_missing(&self, index: usize) -> bool {
        self.asked && self.missing().contains(&index)
    }

    pub fn debtor_id(&self) -> i64 {
        self.account.debtor.id
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

    /// Failing checks this person may override with a reason (a lead any;
    /// an agent all but do-not-call and another agent's live call), in the
    /// plan's order: the override form's example reason is the first's.
    pub fn overridable(&self, lead: bool) -> Vec<&Check> {
        self.failing().into_iter().filter(|c| lead || c.agent_may_override()).collect()
    }

    /// What only a lead may override, said to an agent up front.
    pub fn lead_only(&self, lead: bool) -> Option<&'static str> {
        match lead {
            true => None,
            false => self.failing().iter().find_map(|c| c.id.lead_only()),
        }
    }

    /// The plan's hint under the checks: which failing checks this person
    /// may override and an example reason, from the first of them (not
    /// from the first failing check, which may be a lead's alone).
    pub fn override_hint(&self, lead: bool) -> Option<String> {
        let can = self.overridable(lead);
        let first = can.first()?;
        let names: Vec<&str> = can.iter().map(|c| c.id.name()).collect();
        let names = match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => names.concat(),
        };
        Some(format!("{names} can be overridden with a reason {}", first.id.override_example()))
    }

    /// The call to start, with the overrides given for failing checks.
    fn start(&self, agent_id: i64, overrides: &str, take_over: bool) -> CallStart {
        CallStart {
            debtor_id: self.debtor_id(),
            agent_id,
            contact_id: self.account.contacts.first().map(|c| c.id),
            checklist: answers_json(&self.checklist, &self.answers),
            goal: self.goal(),
            overrides: overrides.to_owned(),
            take_over,
        }
    }

    fn phone(&self) -> Option<String> {
        self.account.contacts.first().map(|c| c.phone.clone()).filter(|p| !p.is_empty())
    }

    /// The fallback offer typed in the plan.
    pub fn fallback(&self) -> String {
        match self.checklist.fallback_index().and_then(|i| self.answers.get(i)) {
            Some(Answer::Text(t)) => t.trim().to_owned(),
            _ => String::new(),
        }
    }

    /// After a refused start, keeps the status line naming what is still
    /// to do in step with what is ticked and typed.
    fn sync_refusal(&mut self, cx: &mut Cx<'_>) {
        if !self.asked {
            return;
        }
        let open: Vec<String> =
            missing(&self.checklist, &self.answers).into_iter().map(str::to_owned).collect();
        if open.is_empty() {
            self.asked = false;
            cx.clear_status();
        } else {
            cx.error_naming(STILL_TO_DO, open);
        }
    }

    /// `Ctrl-S`: start, or say what is missing (and go to the first of it),
    /// or ask for an override.
    fn try_start(&mut self, cx: &mut Cx<'_>) -> Handled {
        let open = self.missing();
        let failing: Vec<Check> = self.failing().into_iter().cloned().collect();
        let blocked = failing.iter().find(|c| !c.agent_may_override() && !cx.me.is_lead());
        self.asked = !open.is_empty();
        if let Some(&first) = open.first() {
            self.refusal.clear();
            self.focus = first;
            self.sync_refusal(cx);
            return Handled::done();
        }
        self.refusal = match blocked {
            Some(c) => {
                vec![format!("Not started: {}. {}", c.text, c.id.lead_only().unwrap_or_default())]
            }
            None => Vec::new(),
        };
        if let Some(why) = self.refusal.first() {
            cx.error(why.clone());
            return Handled::done();
        }
        if failing.is_empty() {
            return Handled::one(Request::StartCall(self.start(cx.me.id, "", false)).into());
        }
        let names: Vec<&str> = failing.iter().map(|c| c.id.name()).collect();
        let first = self.overridable(cx.me.is_lead()).first().map(|c| c.id);
        Handled::open(Open::Override {
            failing: names.join(", "),
            hint: first.map_or("", |id| id.override_example()),
        })
    }

    fn type_into_item(&mut self, input: &Input) {
        if let Some(Answer::Text(text)) = self.answers.get_mut(self.focus) {
            let mut line = TextLine { text: std::mem::take(text) };
            line.input(input);
            *text = line.text;
        }
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> Handled {
        let last = self.checklist.items.len().saturating_sub(1);
        match command {
            Command::Down => self.focus = (self.focus + 1).min(last),
            Command::Up => self.focus = self.focus.saturating_sub(1),
            Command::Tick => match self.answers.get_mut(self.focus) {
                Some(Answer::Tick(t)) => *t = !*t,
                Some(Answer::Text(_)) => self.editing = true,
                None => {}
            },
            Command::Accept => {
                if self.checklist.items.get(self.focus).map(|i| i.kind) == Some(ItemKind::Text) {
                    self.editing = !self.editing;
                } else if let Some(Answer::Tick(t)) = self.answers.get_mut(self.focus) {
                    *t = !*t;
                }
            }
            Command::Save | Command::Cancel if self.editing => self.editing = false,
            Command::Save => return self.try_start(cx),
            Command::Cancel => {
                self.asked = false;
                cx.info("Call not started; the debtor is free again");
                return Handled::Close(vec![Request::ReleaseLease(self.debtor_id()).into()]);
            }
            _ => {}
        }
        Handled::done()
    }
}

impl Screen for PreCall {
    fn scopes(&self) -> &'static [Scope] {
        if self.editing {
            &[Scope::PreCallEdit, Scope::Global]
        } else {
            &[Scope::PreCall, Scope::Global]
        }
    }

    fn handle(&mut self, input: Input, cx: &mut Cx<'_>) -> Handled {
        let handled = match input {
            Input::Command(command) => self.command(command, cx),
            typed if self.editing => {
                self.type_into_item(&typed);
                Handled::done()
            }
            _ => Handled::done(),
        };
        self.sync_refusal(cx);
        handled
    }

    fn on_reply(&mut self, reply: Reply, cx: &mut Cx<'_>) -> Handled {
        let Reply::OverrideReason(reason) = reply else {
            return Handled::Ignored;
        };
        let failing = self.failing();
        let overrides: Vec<String> =
            failing.iter().map(|c| format!("{} ({}): {reason}", c.id.name(), c.text)).collect();
        let take_over = failing.iter().any(|c| c.id == CheckId::OtherOnCall);
        let start = self.start(cx.me.id, &overrides.join("; "), take_over);
        Handled::one(Request::StartCall(start).into())
    }

    fn on_result(&mut self, done: &Done, cx: &mut Cx<'_>) -> Handled {
        let mine = self.debtor_id();
        match done {
            Done::ChecksRefreshed { debtor_id, checks } if *debtor_id == mine => {
                self.checks = checks.clone();
                Handled::done()
            }
            Done::AccountLoaded { debtor_id, account: Some(a) } if *debtor_id == mine => {
                self.account = a.clone();
                Handled::done()
            }
            Done::CallStarted { debtor_id, call_id, started_at } if *debtor_id == mine => {
                let dial = cx.rules.dial_command.as_ref().and(self.phone());
                let name = &self.account.debtor.name;
                match &dial {
                    Some(phone) => cx.info(format!("On call with {name}: dialling {phone}")),
                    None => cx.info(format!("On call with {name}")),
                }
                let effects: Vec<Effect> = dial.iter().map(|p| Effect::Dial(p.clone())).collect();
                let call = CallStarted {
                    call_id: *call_id,
                    started_at: *started_at,
                    goal: self.goal(),
                    fallback: self.fallback(),
                    draft: self.account.draft.clone().unwrap_or_default(),
                    account: self.account.clone(),
                    pending: None,
                    recovered: false,
                    dial,
                };
                Handled::Replace(Box::new(Open::Call(Box::new(call))), effects)
            }
            _ => Handled::Ignored,
        }
    }

    fn tick(&mut self, _cx: &mut Cx<'_>) -> Vec<Effect> {
        let debtor_id = self.debtor_id();
        vec![
            Request::Heartbeat { debtor_id, call_id: None }.into(),
            Request::RefreshChecks(debtor_id).into(),
        ]
    }
}

#[cfg(test)]
mod tests;
