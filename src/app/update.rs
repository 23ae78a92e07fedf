//! `update(&mut Model, Action) -> Vec<Effect>`: every state change of the
//! workstation, with no IO. Effects say what to read or write.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Effect, ListTarget};
use super::call::{self, LiveCall};
use super::effects::SEARCH_LIMIT;
use super::keymap::Command;
use super::layers::{Confirm, HelpView, Layer, NoteForm, SearchInput};
use super::model::{Model, Pane};
use super::precall::{self, PreCall};
use super::submit::preview;
use super::update_forms;
use super::wrapup;
use super::{picker, triage, why};
use super::{update_call, update_layers};

pub fn update(model: &mut Model, action: Action) -> Vec<Effect> {
    match action {
        Action::Command(command) => command_effects(model, command),
        Action::Edit(key) => edit(model, key),
        Action::Paste(text) => paste(model, &text),
        Action::Tick(now) => {
            model.now = now;
            update_call::tick_effects(model)
        }
        Action::Resize { queue_rows } => {
            model.queue_rows = queue_rows.max(1);
            model.queue.keep_visible(model.queue_rows);
            Vec::new()
        }
        Action::QueueLoaded { target: ListTarget::Triage, load, rows, total } => {
            let visible = model.queue_rows;
            for layer in model.layers.iter_mut() {
                if let Layer::Triage(t) = layer {
                    t.list.loaded(load, rows, total, visible);
                    break;
                }
            }
            Vec::new()
        }
        Action::QueueLoaded { target: ListTarget::Queue, load, rows, total } => {
            model.queue.loaded(load, rows, total, model.queue_rows);
            let mut effects = Vec::new();
            if let Some(done) = model.advance_past.take()
                && model.queue.selected_debtor() == Some(done)
            {
                effects.extend(model.queue.move_by(1, model.queue_rows));
            }
            effects.extend(follow_selection(model));
            effects
        }
        Action::AccountLoaded(account) => {
            let same = model.account.as_ref().map(|a| a.debtor.id)
                == account.as_ref().map(|a| a.debtor.id);
            if !same {
                model.invoice_selected = 0;
                model.promise_selected = 0;
                model.note_scroll = 0;
            }
            model.account = account;
            if let Some(a) = &model.account {
                model.invoice_selected =
                    model.invoice_selected.min(a.invoices.len().saturating_sub(1));
                model.promise_selected =
                    model.promise_selected.min(a.promises.len().saturating_sub(1));
            }
            Vec::new()
        }
        Action::SearchDone { query, rows } => {
            let current = match model.layers.last() {
                Some(Layer::Search(input)) => Some(input.text.clone()),
                _ => model.queue.search.clone(),
            };
            if current.as_deref() != Some(query.as_str()) {
                return Vec::new();
            }
            let found = rows.len();
            let typing = matches!(model.layers.last(), Some(Layer::Search(_)));
            model.queue.show_results(query.clone(), rows);
            if !typing {
                // A refresh of results already shown: keep the status line.
                return follow_selection(model);
            }
            model.info(match found {
                0 => format!("No debtor matches {query:?}"),
                1 => format!("1 debtor matches {query:?}"),
                n if n >= SEARCH_LIMIT => {
                    format!("The first {n} debtors matching {query:?}; type more to narrow")
                }
                n => format!("{n} debtors match {query:?}"),
            });
            follow_selection(model)
        }
        Action::Saved(message) => update_forms::saved(model, message),
        Action::PreCallReady { debtor_id, checks } => {
            match model.account.as_deref().filter(|a| a.debtor.id == debtor_id) {
                Some(account) => {
                    let p = PreCall::new(account, &model.rules.checklist, checks);
                    model.layers.push(Layer::PreCall(Box::new(p)));
                }
                None => return vec![Effect::ReleaseLease(debtor_id)],
            }
            Vec::new()
        }
        Action::ChecksRefreshed(checks) => {
            if let Some(Layer::PreCall(p)) = model.layers.last_mut() {
                p.checks = checks;
            }
            Vec::new()
        }
        Action::CallStarted { call_id, started_at } => {
            update_call::call_started(model, call_id, started_at)
        }
        Action::PendingPromise(promise) => {
            if matches!(model.layers.last(), Some(Layer::Form(_))) {
                model.layers.pop();
            }
            let due = promise.instalments.first().map(|i| i.due_on);
            let today = model.today();
            for layer in model.layers.iter_mut().rev() {
                match layer {
                    Layer::Call(c) => {
                        c.pending = Some(promise);
                        break;
                    }
                    Layer::WrapUp(w) => {
                        w.suggest(today, due);
                        w.refresh(&model.now, &model.rules.book.contact);
                    }
                    _ => {}
                }
            }
            model.info("Promise noted for wrap-up; Ctrl-R reads it back to the customer");
            Vec::new()
        }
        Action::CallWrapped { debtor_id, message } => {
            model.layers.retain(|l| !matches!(l, Layer::Call(_) | Layer::WrapUp(_)));
            model.info(message);
            model.advance_past = Some(debtor_id);
            let mut effects = vec![Effect::LoadAccount(debtor_id)];
            match &model.queue.search {
                Some(q) => effects.push(Effect::Search(q.clone())),
                None => effects.push(model.queue.refresh()),
            }
            effects
        }
        Action::CallTakenOver { call_id, taken } => {
            update_call::taken_over(model, call_id, taken);
            Vec::new()
        }
        Action::RecoveredTakenOver { call_id, debtor, taken } => {
            let at = taken.at.with_timezone(model.now.offset()).format("%a %H:%M");
            model.layers.push(Layer::Confirm(Box::new(Confirm {
                question: format!(
                    "Your call with {debtor} was not wrapped up, and {} took the account over at {at}, so it is not reopened. Save your notes from it as a note now? (n keeps them as a draft on the debtor)",
                    taken.by
                ),
                yes: Effect::CloseTakenOverCall { call_id, save_notes: true },
                no: Some(Effect::CloseTakenOverCall { call_id, save_notes: false }),
            })));
            Vec::new()
        }
        Action::CallRecovered { call, account } => {
            let mut live =
                LiveCall::new(call.call_id, call.started_at, &call.goal, &account, &call.draft);
            live.pending = call.pending_promise.clone();
            live.recovered = true;
            let started = call.started_at.with_timezone(model.now.offset()).format("%H:%M");
            model.account = Some(account);
            model.layers.push(Layer::Call(Box::new(live)));
            model.info(format!(
                "Call recovered: it started at {started} and was not wrapped up; your notes are back. Ctrl-S to wrap up."
            ));
            Vec::new()
        }
        Action::NoteSaved => {
            let Some(Layer::Note(form)) = model.layers.pop() else {
                return Vec::new();
            };
            model.info(format!("Note saved to {}", form.debtor_name));
            vec![Effect::LoadAccount(form.debtor_id)]
        }
        Action::TriageLoaded(figures) => {
            for layer in model.layers.iter_mut() {
                if let Layer::Triage(t) = layer {
                    t.figures = Some(figures);
                    break;
                }
            }
            Vec::new()
        }
        Action::LeadActionDone(message) => triage::done(model, message),
        Action::ChangedElsewhere => {
            let mut effects = Vec::new();
            match &model.queue.search {
                Some(q) => effects.push(Effect::Search(q.clone())),
                None => effects.push(model.queue.refresh()),
            }
            if let Some(id) = model.queue.selected_debtor() {
                effects.push(Effect::LoadAccount(id));
            }
            let now = model.now;
            for layer in model.layers.iter_mut() {
                if let Layer::Triage(t) = layer {
                    effects.push(t.list.refresh());
                    // The figures are heavier: at most every few seconds.
                    if t.figures_read_at.is_none_or(|at| now - at >= chrono::Duration::seconds(5)) {
                        t.figures_read_at = Some(now);
                        effects.push(Effect::LoadTriage);
                    }
                }
            }
            effects
        }
        Action::Failed(message) => {
            model.error(message);
            Vec::new()
        }
    }
}

/// Loads the selected debtor's account when the selection has moved.
fn follow_selection(model: &mut Model) -> Vec<Effect> {
    let selected = model.queue.selected_debtor();
    let shown = model.account.as_ref().map(|a| a.debtor.id);
    match selected {
        Some(id) if Some(id) != shown => vec![Effect::LoadAccount(id)],
        None if shown.is_some() => {
            model.account = None;
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn command_effects(model: &mut Model, command: Command) -> Vec<Effect> {
    match model.layers.last_mut() {
        Some(Layer::Search(_)) => update_layers::search_command(model, command),
        Some(Layer::Note(_)) => update_layers::note_command(model, command),
        Some(Layer::Form(_)) => update_forms::form_command(model, command),
        Some(Layer::Confirm(_)) => update_forms::confirm_command(model, command),
        Some(Layer::PreCall(_)) => precall::command(model, command),
        Some(Layer::Call(_)) => call::command(model, command),
        Some(Layer::WrapUp(_)) => wrapup::command(model, command),
        Some(Layer::Triage(_)) => triage::command(model, command),
        Some(Layer::Picker(_)) => picker::command(model, command),
        Some(Layer::Why(_)) => {
            if matches!(command, Command::Cancel) {
                model.layers.pop();
            } else if command == Command::Quit {
                model.quit = true;
            }
            Vec::new()
        }
        Some(Layer::Help(_)) => update_layers::help_command(model, command),
        None => workstation_command(model, command),
    }
}

fn workstation_command(model: &mut Model, command: Command) -> Vec<Effect> {
    let page = model.queue_rows as isize;
    match command {
        Command::Quit => {
            model.quit = true;
            Vec::new()
        }
        Command::Down => move_focused(model, 1),
        Command::Up => move_focused(model, -1),
        Command::PageDown => move_focused(model, page),
        Command::PageUp => move_focused(model, -page),
        Command::Top => match model.focus {
            Pane::Queue => {
                let mut effects = model.queue.to_top();
                effects.extend(follow_selection(model));
                effects
            }
            _ => move_focused(model, -1_000_000),
        },
        Command::Bottom => match model.focus {
            Pane::Queue => {
                let mut effects = model.queue.to_bottom(model.queue_rows);
                effects.extend(follow_selection(model));
                effects
            }
            _ => move_focused(model, 1_000_000),
        },
        Command::NextPane => {
            model.focus = model.focus.next();
            Vec::new()
        }
        Command::PreviousPane => {
            model.focus = model.focus.previous();
            Vec::new()
        }
        Command::Search => {
            model.layers.push(Layer::Search(SearchInput::default()));
            model.focus = Pane::Queue;
            Vec::new()
        }
        Command::NextFilter | Command::PreviousFilter => {
            let f = model.queue.filter;
            model.queue.filter =
                if command == Command::NextFilter { f.next() } else { f.previous() };
            model.queue.search = None;
            model.focus = Pane::Queue;
            model.info(format!("Queue: {}", model.queue.filter.label()));
            vec![model.queue.reload()]
        }
        Command::ClearSearch => {
            if model.queue.search.take().is_some() {
                vec![model.queue.reload()]
            } else {
                Vec::new()
            }
        }
        Command::NewNote => match &model.account {
            Some(a) => {
                let form = NoteForm::new(a.debtor.id, a.debtor.name.clone(), a.draft.as_deref());
                if form.restored {
                    model.info("Your unsaved draft for this debtor is back in the editor");
                }
                model.layers.push(Layer::Note(Box::new(form)));
                Vec::new()
            }
            None => {
                model.error("Select a debtor first");
                Vec::new()
            }
        },
        Command::Contact => precall::open(model),
        Command::Triage => triage::open(model),
        Command::Why => {
            why::open(model);
            Vec::new()
        }
        Command::Dial => update_call::dial(model),
        Command::NewPromise => update_forms::open_promise(model),
        Command::NewPayment => update_forms::open_payment(model),
        Command::Dispute => update_forms::open_dispute(model),
        Command::Help => {
            model.layers.push(Layer::Help(HelpView::default()));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

pub(super) fn move_focused(model: &mut Model, delta: isize) -> Vec<Effect> {
    let step = |current: usize, len: usize| -> usize {
        (current as isize + delta).clamp(0, len.saturating_sub(1) as isize) as usize
    };
    match model.focus {
        Pane::Queue => {
            let mut effects = model.queue.move_by(delta, model.queue_rows);
            effects.extend(follow_selection(model));
            effects
        }
        Pane::Invoices => {
            let len = model.account.as_ref().map_or(0, |a| a.invoices.len());
            model.invoice_selected = step(model.invoice_selected, len);
            Vec::new()
        }
        Pane::Commitments => {
            let len = model.account.as_ref().map_or(0, |a| a.promises.len());
            model.promise_selected = step(model.promise_selected, len);
            Vec::new()
        }
        Pane::Notes => {
            let len = model.account.as_ref().map_or(0, |a| a.notes.len());
            model.note_scroll = step(model.note_scroll, len);
            Vec::new()
        }
    }
}

/// Pasted text goes into the top layer's text field in one piece.
fn paste(model: &mut Model, text: &str) -> Vec<Effect> {
    match model.layers.last_mut() {
        Some(Layer::Search(input)) => {
            input.text.push_str(text.lines().next().unwrap_or(""));
            vec![Effect::Search(input.text.clone())]
        }
        Some(Layer::Note(form)) if !form.confirm_discard => {
            form.editor.insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
            vec![Effect::SaveDraft { debtor_id: form.debtor_id, call_id: None, body: form.text() }]
        }
        _ => Vec::new(),
    }
}

/// Typing into the top layer's text field.
fn edit(model: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let today = model.today();
    match model.layers.last_mut() {
        Some(Layer::Search(input)) => {
            match key.code {
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    input.text.push(c)
                }
                KeyCode::Backspace => {
                    input.text.pop();
                }
                _ => return Vec::new(),
            }
            if input.text.trim().is_empty() {
                if model.queue.search.take().is_some() {
                    return vec![model.queue.reload()];
                }
                return Vec::new();
            }
            vec![Effect::Search(input.text.clone())]
        }
        Some(Layer::PreCall(p)) if p.editing => {
            precall::edit(p, key);
            precall::sync_refusal(model);
            Vec::new()
        }
        Some(Layer::Picker(p)) => {
            picker::edit(p, key);
            Vec::new()
        }
        Some(Layer::Call(c)) => call::edit(c, key),
        Some(Layer::WrapUp(w)) => {
            wrapup::edit(w, key, &model.now, &model.rules.book.contact);
            Vec::new()
        }
        Some(Layer::Form(form)) => {
            if form.edit(key) {
                form.preview = preview(form, today);
            }
            Vec::new()
        }
        Some(Layer::Note(form)) if !form.confirm_discard => {
            if form.editor.input(key) {
                vec![Effect::SaveDraft {
                    debtor_id: form.debtor_id,
                    call_id: None,
                    body: form.text(),
                }]
            } else {
                Vec::new()
            }
        }
        _ => Vec::new(),
    }
}
