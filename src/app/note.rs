//! The note editor (`n`): saved as a draft on every change, `Ctrl-S` adds
//! the note, `Esc` asks before discarding text.

use ratatui_textarea::TextArea;

use super::cx::Cx;
use super::done::Done;
use super::effect::{Effect, Request};
use super::keymap::{Command, Scope};
use super::screen::{Handled, Input, Screen};
use super::text_input::{edit, editor, text};

#[derive(Clone, Debug)]
pub struct NoteForm {
    pub debtor_id: i64,
    pub debtor_name: String,
    pub editor: TextArea<'static>,
    /// Esc was pressed with text in the editor: asking before discarding.
    pub confirm_discard: bool,
}

impl NoteForm {
    pub fn new(debtor_id: i64, debtor_name: String, draft: Option<&str>) -> NoteForm {
        let editor = editor(draft.unwrap_or(""), "Type the note. Ctrl-S saves, Esc cancels.");
        NoteForm { debtor_id, debtor_name, editor, confirm_discard: false }
    }

    pub fn text(&self) -> String {
        text(&self.editor)
    }

    pub fn is_blank(&self) -> bool {
        self.editor.lines().iter().all(|l| l.trim().is_empty())
    }

    fn draft(&self) -> Effect {
        Request::SaveDraft {
            debtor_id: self.debtor_id,
            call_id: None,
            body: self.text(),
            version: 0,
        }
        .into()
    }
}

impl Screen for NoteForm {
    fn scopes(&self) -> &'static [Scope] {
        if self.confirm_discard {
            &[Scope::Confirm, Scope::Global]
        } else {
            &[Scope::NoteForm, Scope::Global]
        }
    }

    fn handle(&mut self, input: Input, cx: &mut Cx<'_>) -> Handled {
        let discard = Request::DiscardDraft { debtor_id: self.debtor_id };
        match input {
            Input::Command(Command::Confirm) if self.confirm_discard => {
                cx.info("Note discarded");
                Handled::Close(vec![discard.into(), Request::LoadAccount(self.debtor_id).into()])
            }
            Input::Command(Command::Refuse) if self.confirm_discard => {
                self.confirm_discard = false;
                Handled::done()
            }
            Input::Command(Command::Save) if self.is_blank() => {
                cx.error("The note is empty; type something or press Esc");
                Handled::done()
            }
            Input::Command(Command::Save) => Handled::one(
                Request::SaveNote { debtor_id: self.debtor_id, body: self.text() }.into(),
            ),
            Input::Command(Command::Cancel) if self.is_blank() => {
                Handled::Close(vec![discard.into()])
            }
            Input::Command(Command::Cancel) => {
                self.confirm_discard = true;
                Handled::done()
            }
            Input::Command(_) => Handled::done(),
            // While asking, typing does not reach the text.
            _ if self.confirm_discard => Handled::done(),
            typed => {
                if edit(&mut self.editor, &typed) {
                    Handled::one(self.draft())
                } else {
                    Handled::done()
                }
            }
        }
    }

    fn on_result(&mut self, done: &Done, cx: &mut Cx<'_>) -> Handled {
        match done {
            Done::NoteSaved { debtor_id } if *debtor_id == self.debtor_id => {
                cx.info(format!("Note saved to {}", self.debtor_name));
                Handled::Close(vec![Request::LoadAccount(self.debtor_id).into()])
            }
            _ => Handled::Ignored,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::cx::testing::Fixture;
    use crate::domain::people::Role;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    #[test]
    fn typing_and_pasting_save_drafts_and_esc_asks_before_discarding() {
        let mut fx = Fixture::new(Role::Agent);
        let mut cx = fx.cx();
        let mut n = NoteForm::new(3, "Acme".into(), Some("kept"));
        let typed =
            n.handle(Input::Key(KeyEvent::new(KeyCode::Char('!'), KeyModifiers::NONE)), &mut cx);
        assert!(
            matches!(typed, Handled::Done(e) if matches!(&e[..], [Effect::Store(Request::SaveDraft { body, .. })] if body == "kept!"))
        );
        let pasted = n.handle(Input::Paste("\r\nline two".into()), &mut cx);
        assert!(
            matches!(pasted, Handled::Done(e) if matches!(&e[..], [Effect::Store(Request::SaveDraft { body, .. })] if body == "kept!\nline two"))
        );
        n.handle(Input::Command(Command::Cancel), &mut cx);
        assert!(n.confirm_discard);
        assert_eq!(n.scopes()[0], Scope::Confirm);
        n.handle(Input::Command(Command::Refuse), &mut cx);
        let saved = n.handle(Input::Command(Command::Save), &mut cx);
        assert!(
            matches!(saved, Handled::Done(e) if matches!(&e[..], [Effect::Store(Request::SaveNote { debtor_id: 3, .. })]))
        );
        assert!(n.on_result(&Done::NoteSaved { debtor_id: 3 }, &mut cx).is_close());
    }
}
