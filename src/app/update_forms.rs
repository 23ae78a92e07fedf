//! Opening, filling in and saving forms and confirmations.

use super::action::Effect;
use super::form::{Form, Purpose};
use super::keymap::Command;
use super::layers::{Confirm, Layer};
use super::model::{Model, Pane};
use super::precall;
use super::submit::{Context, preview, submit};

pub fn open_promise(model: &mut Model) -> Vec<Effect> {
    match &model.account {
        Some(a) => {
            let form =
                Form::promise(a.debtor.id, &a.debtor.name).with_open_promises(a.open_promises());
            model.layers.push(Layer::Form(Box::new(form)));
        }
        None => model.error("Select a debtor first"),
    }
    Vec::new()
}

pub fn open_payment(model: &mut Model) -> Vec<Effect> {
    match &model.account {
        Some(a) => {
            let today = model.today().format("%Y-%m-%d").to_string();
            let form = Form::payment(a.debtor.id, &a.debtor.name, &today);
            model.layers.push(Layer::Form(Box::new(form)));
        }
        None => model.error("Select a debtor first"),
    }
    Vec::new()
}

/// `d`: dispute the selected invoice, or offer to resolve its dispute.
pub fn open_dispute(model: &mut Model) -> Vec<Effect> {
    if model.focus != Pane::Invoices {
        model.error("Disputes are per invoice: Tab to the Invoices pane, pick the invoice, then d");
        return Vec::new();
    }
    let Some(invoice) = model.account.as_ref().and_then(|a| a.invoices.get(model.invoice_selected))
    else {
        model.error("This debtor has no invoices");
        return Vec::new();
    };
    let layer = match &invoice.dispute_reason {
        Some(reason) => Layer::Confirm(Box::new(Confirm {
            question: format!("Resolve the dispute on invoice {} ({reason})?", invoice.number),
            yes: Effect::ResolveDispute { invoice_id: invoice.id },
            no: None,
        })),
        None => Layer::Form(Box::new(Form::dispute(invoice.id, &invoice.number))),
    };
    model.layers.push(layer);
    Vec::new()
}

pub fn form_command(model: &mut Model, command: Command) -> Vec<Effect> {
    let today = model.today();
    let agent_id = model.me.id;
    let Some(Layer::Form(form)) = model.layers.last_mut() else {
        return Vec::new();
    };
    match command {
        Command::NextField => form.next_field(),
        Command::PreviousField => form.previous_field(),
        Command::ChoiceNext | Command::ChoicePrevious => {
            form.cycle(command == Command::ChoiceNext);
            form.preview = preview(form, today);
        }
        Command::Save if form.purpose == Purpose::Override => {
            let reason = form.value("Reason").trim().to_owned();
            if reason.is_empty() {
                form.set_error("Reason", "say why the call goes ahead anyway");
                model.error("Not started: an override needs a reason");
                return Vec::new();
            }
            return precall::overridden(model, &reason);
        }
        Command::Save => {
            let invoices = model.account.as_ref().map(|a| a.invoices.as_slice()).unwrap_or(&[]);
            let ctx = Context { today, agent_id, invoices };
            let Some(Layer::Form(form)) = model.layers.last_mut() else {
                return Vec::new();
            };
            return match submit(form, &ctx) {
                Some(effect) => vec![effect],
                None => {
                    model.error("Nothing saved: see the fields marked");
                    Vec::new()
                }
            };
        }
        Command::Cancel => {
            model.layers.pop();
        }
        Command::Quit => model.quit = true,
        _ => {}
    }
    Vec::new()
}

pub fn confirm_command(model: &mut Model, command: Command) -> Vec<Effect> {
    match command {
        Command::Confirm => match model.layers.pop() {
            Some(Layer::Confirm(c)) => vec![c.yes],
            _ => Vec::new(),
        },
        Command::Refuse => match model.layers.pop() {
            Some(Layer::Confirm(c)) => c.no.into_iter().collect(),
            _ => Vec::new(),
        },
        Command::Quit => {
            model.quit = true;
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// A form or confirmation was saved: close the form, say so, and read the
/// account and the queue again (the debtor may have moved in it).
pub fn saved(model: &mut Model, message: String) -> Vec<Effect> {
    if matches!(model.layers.last(), Some(Layer::Form(_))) {
        model.layers.pop();
    }
    model.info(message);
    let mut effects = Vec::new();
    if let Some(id) = model.account.as_ref().map(|a| a.debtor.id) {
        effects.push(Effect::LoadAccount(id));
    }
    match &model.queue.search {
        Some(q) => effects.push(Effect::Search(q.clone())),
        None => effects.push(model.queue.refresh()),
    }
    effects
}
