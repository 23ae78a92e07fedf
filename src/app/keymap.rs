//! Keys are data: one table of defaults feeds both dispatch and the `?` help.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies. Layers with a text field take their own keys
/// first; letters reach the workstation only when no field has focus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Everywhere, even in text fields.
    Global,
    /// The workstation with no layer open, whatever pane has focus.
    Workstation,
    /// A list pane (queue, invoices, commitments, notes) has focus.
    List,
    Search,
    NoteForm,
    Form,
    Confirm,
    Help,
}

impl Scope {
    pub fn title(self) -> &'static str {
        match self {
            Scope::Global => "Anywhere",
            Scope::Workstation => "Workstation",
            Scope::List => "Lists",
            Scope::Search => "Search",
            Scope::NoteForm => "Note",
            Scope::Form => "Forms (promise, payment, dispute)",
            Scope::Confirm => "Confirm",
            Scope::Help => "Help",
        }
    }
}

/// What a key asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    Quit,
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    NextPane,
    PreviousPane,
    Search,
    NextFilter,
    PreviousFilter,
    ClearSearch,
    NewNote,
    NewPromise,
    NewPayment,
    Dispute,
    NextField,
    PreviousField,
    ChoiceNext,
    ChoicePrevious,
    Help,
    Save,
    Cancel,
    Accept,
    Confirm,
    Refuse,
}

#[derive(Clone, Copy, Debug)]
pub struct Binding {
    pub scope: Scope,
    pub code: KeyCode,
    pub mods: KeyModifiers,
    pub command: Command,
    /// How the key is written in help and hints.
    pub label: &'static str,
    pub help: &'static str,
    /// Shown in the status line's hints as (keys, words).
    pub hint: Option<(&'static str, &'static str)>,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

const fn bind(
    scope: Scope,
    code: KeyCode,
    mods: KeyModifiers,
    command: Command,
    label: &'static str,
    help: &'static str,
    hint: Option<(&'static str, &'static str)>,
) -> Binding {
    Binding {
        scope,
        code,
        mods,
        command,
        label,
        help,
        hint,
    }
}

use Command as C;
use KeyCode as K;
use Scope as S;

/// The default key table.
#[rustfmt::skip]
pub const DEFAULT_BINDINGS: &[Binding] = &[
    bind(S::Global, K::Char('c'), CTRL, C::Quit, "Ctrl-C", "quit safely (drafts are kept)", None),
    bind(S::List, K::Char('j'), NONE, C::Down, "j", "move down", Some(("j/k", "move"))),
    bind(S::List, K::Down, NONE, C::Down, "↓", "move down", None),
    bind(S::List, K::Char('k'), NONE, C::Up, "k", "move up", None),
    bind(S::List, K::Up, NONE, C::Up, "↑", "move up", None),
    bind(S::List, K::Char('g'), NONE, C::Top, "g", "first row", None),
    bind(S::List, K::Home, NONE, C::Top, "Home", "first row", None),
    bind(S::List, K::Char('G'), SHIFT, C::Bottom, "G", "last row", None),
    bind(S::List, K::End, NONE, C::Bottom, "End", "last row", None),
    bind(S::List, K::PageDown, NONE, C::PageDown, "PgDn", "page down", None),
    bind(S::List, K::PageUp, NONE, C::PageUp, "PgUp", "page up", None),
    bind(S::Workstation, K::Tab, NONE, C::NextPane, "Tab", "next pane", Some(("Tab", "pane"))),
    bind(S::Workstation, K::BackTab, SHIFT, C::PreviousPane, "Shift-Tab", "previous pane", None),
    bind(S::Workstation, K::Char('/'), NONE, C::Search, "/", "search: name, ref, invoice number, phone", Some(("/", "search"))),
    bind(S::Workstation, K::Char('f'), NONE, C::NextFilter, "f", "next queue filter", Some(("f", "filter"))),
    bind(S::Workstation, K::Char('F'), SHIFT, C::PreviousFilter, "F", "previous queue filter", None),
    bind(S::Workstation, K::Esc, NONE, C::ClearSearch, "Esc", "leave search results", None),
    bind(S::Workstation, K::Char('n'), NONE, C::NewNote, "n", "write a note", Some(("n", "note"))),
    bind(S::Workstation, K::Char('p'), NONE, C::NewPromise, "p", "record a promise to pay, or a plan", Some(("p", "promise"))),
    bind(S::Workstation, K::Char('$'), NONE, C::NewPayment, "$", "record a payment taken by phone", Some(("$", "payment"))),
    bind(S::Workstation, K::Char('d'), NONE, C::Dispute, "d", "dispute or resolve the invoice (Invoices)", None),
    bind(S::Workstation, K::Char('?'), NONE, C::Help, "?", "help", Some(("?", "help"))),
    bind(S::Workstation, K::Char('q'), NONE, C::Quit, "q", "quit", Some(("q", "quit"))),
    bind(S::Search, K::Enter, NONE, C::Accept, "Enter", "keep the results and browse them", Some(("Enter", "browse results"))),
    bind(S::Search, K::Esc, NONE, C::Cancel, "Esc", "cancel the search", Some(("Esc", "cancel"))),
    bind(S::Search, K::Down, NONE, C::Down, "↓", "move down", None),
    bind(S::Search, K::Up, NONE, C::Up, "↑", "move up", None),
    bind(S::NoteForm, K::Char('s'), CTRL, C::Save, "Ctrl-S", "save the note", Some(("Ctrl-S", "save"))),
    bind(S::NoteForm, K::Esc, NONE, C::Cancel, "Esc", "cancel (asks before discarding text)", Some(("Esc", "cancel"))),
    bind(S::Form, K::Tab, NONE, C::NextField, "Tab", "next field", Some(("Tab", "next field"))),
    bind(S::Form, K::BackTab, SHIFT, C::PreviousField, "Shift-Tab", "previous field", None),
    bind(S::Form, K::Down, NONE, C::NextField, "↓", "next field", None),
    bind(S::Form, K::Up, NONE, C::PreviousField, "↑", "previous field", None),
    bind(S::Form, K::Right, NONE, C::ChoiceNext, "→", "next choice", None),
    bind(S::Form, K::Left, NONE, C::ChoicePrevious, "←", "previous choice", None),
    bind(S::Form, K::Char('s'), CTRL, C::Save, "Ctrl-S", "save", Some(("Ctrl-S", "save"))),
    bind(S::Form, K::Esc, NONE, C::Cancel, "Esc", "cancel", Some(("Esc", "cancel"))),
    bind(S::Confirm, K::Char('y'), NONE, C::Confirm, "y", "yes", Some(("y", "yes"))),
    bind(S::Confirm, K::Char('n'), NONE, C::Refuse, "n", "no", Some(("n", "no"))),
    bind(S::Confirm, K::Esc, NONE, C::Refuse, "Esc", "no", None),
    bind(S::Help, K::Esc, NONE, C::Cancel, "Esc", "close help", Some(("Esc", "close"))),
    bind(S::Help, K::Char('?'), NONE, C::Cancel, "?", "close help", None),
    bind(S::Help, K::Char('q'), NONE, C::Cancel, "q", "close help", None),
    bind(S::Help, K::Char('j'), NONE, C::Down, "j", "scroll down", None),
    bind(S::Help, K::Down, NONE, C::Down, "↓", "scroll down", None),
    bind(S::Help, K::Char('k'), NONE, C::Up, "k", "scroll up", None),
    bind(S::Help, K::Up, NONE, C::Up, "↑", "scroll up", None),
];

/// The key table in use.
#[derive(Clone, Debug)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            bindings: DEFAULT_BINDINGS.to_vec(),
        }
    }
}

/// Normalises what terminals send: Shift is implied by an upper-case
/// letter, and some send BackTab without Shift.
fn normalise(key: &KeyEvent) -> (KeyCode, KeyModifiers) {
    let mut mods =
        key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::SHIFT | KeyModifiers::ALT);
    match key.code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => mods |= KeyModifiers::SHIFT,
        KeyCode::Char(_) => mods -= KeyModifiers::SHIFT,
        KeyCode::BackTab => mods |= KeyModifiers::SHIFT,
        _ => {}
    }
    let code = match key.code {
        KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
            KeyCode::Char(c.to_ascii_lowercase())
        }
        other => other,
    };
    (code, mods)
}

impl Keymap {
    /// The command for a key in the first scope (in order) that binds it.
    pub fn lookup(&self, scopes: &[Scope], key: &KeyEvent) -> Option<Command> {
        let (code, mods) = normalise(key);
        scopes.iter().find_map(|scope| {
            self.bindings
                .iter()
                .find(|b| b.scope == *scope && b.code == code && b.mods == mods)
                .map(|b| b.command)
        })
    }

    /// `(keys, words)` pairs for the status line.
    pub fn hints(&self, scopes: &[Scope]) -> Vec<(&'static str, &'static str)> {
        scopes
            .iter()
            .flat_map(|scope| self.bindings.iter().filter(move |b| b.scope == *scope))
            .filter_map(|b| b.hint)
            .collect()
    }

    /// Help sections: scope title, then (keys, description) with the keys of
    /// one command joined.
    pub fn help(&self) -> Vec<(&'static str, Vec<(String, &'static str)>)> {
        let scopes = [
            Scope::Workstation,
            Scope::List,
            Scope::Search,
            Scope::NoteForm,
            Scope::Form,
            Scope::Global,
        ];
        scopes
            .iter()
            .map(|scope| {
                let mut rows: Vec<(String, &'static str, Command)> = Vec::new();
                for b in self.bindings.iter().filter(|b| b.scope == *scope) {
                    match rows.iter_mut().find(|r| r.2 == b.command) {
                        Some(row) => {
                            row.0.push(' ');
                            row.0.push_str(b.label);
                        }
                        None => rows.push((b.label.to_owned(), b.help, b.command)),
                    }
                }
                (
                    scope.title(),
                    rows.into_iter().map(|(k, h, _)| (k, h)).collect(),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn letters_do_not_reach_the_workstation_from_a_text_field() {
        let km = Keymap::default();
        let q = key(KeyCode::Char('q'), NONE);
        assert_eq!(km.lookup(&[S::NoteForm, S::Global], &q), None);
        assert_eq!(
            km.lookup(&[S::List, S::Workstation, S::Global], &q),
            Some(C::Quit)
        );
    }

    #[test]
    fn ctrl_c_quits_everywhere_and_shift_letters_match() {
        let km = Keymap::default();
        let ctrl_c = key(KeyCode::Char('c'), CTRL);
        assert_eq!(km.lookup(&[S::NoteForm, S::Global], &ctrl_c), Some(C::Quit));
        let big_g = key(KeyCode::Char('G'), NONE);
        assert_eq!(km.lookup(&[S::List], &big_g), Some(C::Bottom));
        let ctrl_s = key(KeyCode::Char('S'), CTRL | SHIFT);
        assert_eq!(km.lookup(&[S::NoteForm], &ctrl_s), None);
        let ctrl_s = key(KeyCode::Char('s'), CTRL);
        assert_eq!(km.lookup(&[S::NoteForm], &ctrl_s), Some(C::Save));
    }

    #[test]
    fn help_joins_the_keys_of_one_command() {
        let km = Keymap::default();
        let help = km.help();
        let lists = &help.iter().find(|(t, _)| *t == "Lists").unwrap().1;
        assert!(lists.iter().any(|(k, h)| k == "j ↓" && *h == "move down"));
        let hints = km.hints(&[S::Workstation]);
        assert!(hints.contains(&("/", "search")));
    }
}
