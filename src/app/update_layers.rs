//! Keys in the search line, the note editor and the help screen.

use super::action::Effect;
use super::keymap::Command;
use super::layers::Layer;
use super::model::Model;
use super::update::move_focused;

pub(super) fn search_command(model: &mut Model, command: Command) -> Vec<Effect> {
    match command {
        Command::Accept => {
            model.layers.pop();
            if model.queue.search.is_some() {
                model.info("Browsing search results; Esc returns to the queue");
            }
            Vec::new()
        }
        Command::Cancel => {
            model.layers.pop();
            if model.queue.search.take().is_some() {
                vec![model.queue.reload()]
            } else {
                Vec::new()
            }
        }
        Command::Down => move_focused(model, 1),
        Command::Up => move_focused(model, -1),
        Command::Quit => {
            model.quit = true;
            Vec::new()
        }
        _ => Vec::new(),
    }
}

pub(super) fn note_command(model: &mut Model, command: Command) -> Vec<Effect> {
    let Some(Layer::Note(form)) = model.layers.last_mut() else {
        return Vec::new();
    };
    match command {
        Command::Save => {
            if form.is_blank() {
                model.error("The note is empty; type something or press Esc");
                return Vec::new();
            }
            vec![Effect::SaveNote { debtor_id: form.debtor_id, body: form.text() }]
        }
        Command::Cancel if form.is_blank() => {
            let debtor_id = form.debtor_id;
            model.layers.pop();
            vec![Effect::DiscardDraft { debtor_id }]
        }
        Command::Cancel => {
            form.confirm_discard = true;
            Vec::new()
        }
        Command::Confirm => {
            let debtor_id = form.debtor_id;
            model.layers.pop();
            model.info("Note discarded");
            vec![Effect::DiscardDraft { debtor_id }, Effect::LoadAccount(debtor_id)]
        }
        Command::Refuse => {
            form.confirm_discard = false;
            Vec::new()
        }
        Command::Quit => {
            // The draft is already saved; it comes back with `n`.
            model.quit = true;
            Vec::new()
        }
        _ => Vec::new(),
    }
}

pub(super) fn help_command(model: &mut Model, command: Command) -> Vec<Effect> {
    // Help is drawn in two columns: about half its lines can scroll away.
    let lines: usize = model.keymap.help().iter().map(|(_, rows)| rows.len() + 2).sum();
    let last = lines / 2;
    let page = model.queue_rows * 2;
    let Some(Layer::Help(help)) = model.layers.last_mut() else {
        return Vec::new();
    };
    match command {
        Command::Down => help.scroll = (help.scroll + 1).min(last),
        Command::Up => help.scroll = help.scroll.saturating_sub(1),
        Command::PageDown => help.scroll = (help.scroll + page).min(last),
        Command::PageUp => help.scroll = help.scroll.saturating_sub(page),
        Command::Top => help.scroll = 0,
        Command::Bottom => help.scroll = last,
        Command::Cancel => {
            model.layers.pop();
        }
        Command::Quit => model.quit = true,
        _ => {}
    }
    Vec::new()
}
