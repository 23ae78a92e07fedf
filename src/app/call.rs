//! The live call: `ON CALL` with a running timer, the notes editor saved as
//! it changes, and the promise, read-back, calm card and dispute keys.

use chrono::{DateTime, Datelike, Utc};
use ratatui_textarea::{TextArea, WrapMode};

use super::action::Effect;
use super::form::Form;
use super::keymap::Command;
use super::layers::Layer;
use super::model::Model;
use super::rules::Rules;
use super::wrapup::WrapUpForm;
use crate::domain::readback::{Agreement, read_back};
use crate::store::{Account, PromiseRequest, TakenOver};

/// A card shown over the editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallCard {
    ReadBack(Vec<String>),
    Calm { title: String, steps: Vec<String> },
}

#[derive(Clone, Debug)]
pub struct LiveCall {
    pub call_id: i64,
    pub debtor_id: i64,
    pub debtor_name: String,
    pub contact_name: String,
    pub timezone: String,
    pub started_at: DateTime<Utc>,
    pub goal: String,
    pub editor: TextArea<'static>,
    /// The promise recorded on this call, written at wrap-up.
    pub pending: Option<PromiseRequest>,
    pub card: Option<CallCard>,
    /// Reopened after a crash.
    pub recovered: bool,
    /// Someone else took the debtor over: this call's wrap-up saves its
    /// notes only.
    pub taken_over: Option<TakenOver>,
}

impl LiveCall {
    pub fn new(
        call_id: i64,
        started_at: DateTime<Utc>,
        goal: &str,
        account: &Account,
        draft: &str,
    ) -> LiveCall {
        let mut editor = TextArea::new(draft.lines().map(str::to_owned).collect());
        editor.set_wrap_mode(WrapMode::WordOrGlyph);
        editor.set_placeholder_text("Notes of the call: typed here, saved as you type.");
        editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
        editor.move_cursor(ratatui_textarea::CursorMove::End);
        LiveCall {
            call_id,
            debtor_id: account.debtor.id,
            debtor_name: account.debtor.name.clone(),
            contact_name: account.contacts.first().map(|c| c.name.clone()).unwrap_or_default(),
            timezone: account.debtor.timezone.clone(),
            started_at,
            goal: goal.to_owned(),
            editor,
            pending: None,
            card: None,
            recovered: false,
            taken_over: None,
        }
    }

    pub fn text(&self) -> String {
        self.editor.lines().join("\n")
    }

    /// `mm:ss` since the call started (hours roll into the minutes).
    pub fn timer(&self, now: DateTime<Utc>) -> String {
        let secs = (now - self.started_at).num_seconds().max(0);
        format!("{:02}:{:02}", secs / 60, secs % 60)
    }
}

fn call(model: &mut Model) -> Option<&mut LiveCall> {
    match model.layers.last_mut() {
        Some(Layer::Call(c)) => Some(c),
        _ => None,
    }
}

pub fn command(model: &mut Model, command: Command) -> Vec<Effect> {
    let rules: Rules = model.rules.clone();
    let now = model.now;
    let invoices: Vec<String> = model
        .account
        .as_ref()
        .map(|a| {
            a.invoices.iter().filter(|i| i.balance.cents() > 0).map(|i| i.number.clone()).collect()
        })
        .unwrap_or_default();
    let oldest = model.account.as_ref().and_then(|a| {
        a.invoices.iter().find(|i| i.balance.cents() > 0 && i.dispute_reason.is_none()).cloned()
    });
    // The invoice numbers the pending promise covers, for the read-back.
    let pending_numbers: Vec<String> =
        match (model.call().and_then(|c| c.pending.as_ref()), &model.account) {
            (Some(p), Some(a)) => a
                .invoices
                .iter()
                .filter(|i| p.invoice_ids.contains(&i.id))
                .map(|i| i.number.clone())
                .collect(),
            _ => Vec::new(),
        };
    let Some(c) = call(model) else {
        return Vec::new();
    };
    match command {
        Command::CallPromise => {
            let open = model.account.as_ref().map_or(0, |a| a.open_promises());
            let Some(c) = call(model) else {
                return Vec::new();
            };
            let form =
                Form::call_promise(c.call_id, c.debtor_id, &c.debtor_name).with_open_promises(open);
            model.layers.push(Layer::Form(Box::new(form)));
        }
        Command::ReadBack => {
            let frequency = c.pending.as_ref().and_then(|p| p.frequency).map(|f| f.as_str());
            let numbers = pending_numbers;
            let agreement = c.pending.as_ref().map(|p| Agreement {
                debtor: &c.debtor_name,
                contact: if c.contact_name.is_empty() { "there" } else { &c.contact_name },
                instalments: &p.instalments,
                frequency,
                invoices: &numbers,
            });
            c.card = Some(CallCard::ReadBack(read_back(&rules.templates, agreement.as_ref())));
        }
        Command::Calm => {
            let steps = match &oldest {
                Some(i) => rules.card.steps_for(
                    &i.number,
                    i.balance,
                    // Said aloud: the year only when it is not this one.
                    &if i.due_on.year() == now.year() {
                        i.due_on.format("%-d %B").to_string()
                    } else {
                        i.due_on.format("%-d %B %Y").to_string()
                    },
                ),
                None => rules.card.steps.clone(),
            };
            c.card = Some(CallCard::Calm { title: rules.card.title.clone(), steps });
        }
        Command::CallDispute => {
            let form = Form::call_dispute(c.debtor_id, invoices.first().map_or("", String::as_str));
            model.layers.push(Layer::Form(Box::new(form)));
        }
        Command::Cancel if c.card.is_some() => c.card = None,
        // Esc cannot leave a live call: say what does.
        Command::Cancel => {
            model.info("On a call: Ctrl-S ends it and opens the wrap-up; the notes are kept")
        }
        Command::EndCall => {
            c.card = None;
            let promise_due =
                c.pending.as_ref().and_then(|p| p.instalments.first()).map(|i| i.due_on);
            let mut form = WrapUpForm::new(
                c.call_id,
                c.debtor_id,
                &rules.outcomes,
                rules.today(now.with_timezone(&chrono::Utc)),
                promise_due,
                &c.timezone,
            );
            form.refresh(&now, &rules.book.contact);
            model.layers.push(Layer::WrapUp(Box::new(form)));
        }
        Command::Quit => model.quit = true,
        _ => {}
    }
    Vec::new()
}

/// Typing into the call's notes: saved as a draft on every change.
pub fn edit(c: &mut LiveCall, key: crossterm::event::KeyEvent) -> Vec<Effect> {
    if c.editor.input(key) {
        vec![Effect::SaveDraft { debtor_id: c.debtor_id, call_id: Some(c.call_id), body: c.text() }]
    } else {
        Vec::new()
    }
}

pub fn paste(c: &mut LiveCall, text: &str) -> Vec<Effect> {
    c.editor.insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
    vec![Effect::SaveDraft { debtor_id: c.debtor_id, call_id: Some(c.call_id), body: c.text() }]
}
