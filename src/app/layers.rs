//! Modal layers over the workstation. Each owns its own state; keys go to
//! the top one first.

use ratatui_textarea::{TextArea, WrapMode};

use super::action::Effect;
use super::call::LiveCall;
use super::form::Form;
use super::keymap::Scope;
use super::picker::Picker;
use super::precall::PreCall;
use super::triage::Triage;
use super::wrapup::WrapUpForm;

#[derive(Clone, Debug)]
pub enum Layer {
    Search(SearchInput),
    Note(Box<NoteForm>),
    Form(Box<Form>),
    Confirm(Box<Confirm>),
    PreCall(Box<PreCall>),
    Call(Box<LiveCall>),
    WrapUp(Box<WrapUpForm>),
    Triage(Box<Triage>),
    Picker(Box<Picker>),
    Why(WhyView),
    Help(HelpView),
}

/// `w`: why the debtor is where it is, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WhyView {
    pub title: String,
    pub lines: Vec<String>,
}

/// A yes/no question; `yes` runs if the agent agrees, `no` (if any) if not.
#[derive(Clone, Debug, PartialEq)]
pub struct Confirm {
    pub question: String,
    pub yes: Effect,
    pub no: Option<Effect>,
}

impl Layer {
    /// The key scopes this layer answers to, in order.
    pub fn scopes(&self) -> Vec<Scope> {
        match self {
            Layer::Search(_) => vec![Scope::Search, Scope::Global],
            Layer::Note(form) if form.confirm_discard => vec![Scope::Confirm, Scope::Global],
            Layer::Note(_) => vec![Scope::NoteForm, Scope::Global],
            Layer::Form(_) => vec![Scope::Form, Scope::Global],
            Layer::Confirm(_) => vec![Scope::Confirm, Scope::Global],
            Layer::PreCall(p) if p.editing => vec![Scope::PreCallEdit, Scope::Global],
            Layer::PreCall(_) => vec![Scope::PreCall, Scope::Global],
            Layer::Call(_) => vec![Scope::Call, Scope::Global],
            Layer::WrapUp(w) if w.editing_next => vec![Scope::WrapUpEdit, Scope::Global],
            Layer::WrapUp(_) => vec![Scope::WrapUp, Scope::Global],
            Layer::Triage(_) => vec![Scope::Triage, Scope::Global],
            Layer::Picker(_) => vec![Scope::Picker, Scope::Global],
            Layer::Why(_) => vec![Scope::Why, Scope::Global],
            Layer::Help(_) => vec![Scope::Help, Scope::Global],
        }
    }
}

/// The `/` search line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchInput {
    pub text: String,
}

/// The note editor.
#[derive(Clone, Debug)]
pub struct NoteForm {
    pub debtor_id: i64,
    pub debtor_name: String,
    pub editor: TextArea<'static>,
    /// Esc was pressed with text in the editor: asking before discarding.
    pub confirm_discard: bool,
    /// The text came from a saved draft.
    pub restored: bool,
}

impl NoteForm {
    pub fn new(debtor_id: i64, debtor_name: String, draft: Option<&str>) -> NoteForm {
        let lines: Vec<String> =
            draft.map(|d| d.lines().map(str::to_owned).collect()).unwrap_or_default();
        let restored = !lines.is_empty();
        let mut editor = TextArea::new(lines);
        editor.set_wrap_mode(WrapMode::WordOrGlyph);
        editor.set_placeholder_text("Type the note. Ctrl-S saves, Esc cancels.");
        editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
        editor.move_cursor(ratatui_textarea::CursorMove::End);
        NoteForm { debtor_id, debtor_name, editor, confirm_discard: false, restored }
    }

    pub fn text(&self) -> String {
        self.editor.lines().join("\n")
    }

    pub fn is_blank(&self) -> bool {
        self.editor.lines().iter().all(|l| l.trim().is_empty())
    }
}

/// The `?` help screen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HelpView {
    pub scroll: usize,
}
