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
    PreCall,
    /// Typing into a text item of the pre-call plan.
    PreCallEdit,
    Call,
    WrapUp,
    /// Typing the next contact in wrap-up.
    WrapUpEdit,
    Triage,
    Picker,
    Why,
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
            Scope::PreCall => "Pre-call plan",
            Scope::PreCallEdit => "Pre-call plan, typing",
            Scope::Call => "On call",
            Scope::WrapUp => "Wrap-up",
            Scope::WrapUpEdit => "Wrap-up, typing the next contact",
            Scope::Triage => "Triage (leads)",
            Scope::Picker => "Picking an agent",
            Scope::Why => "Why",
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
    Contact,
    Dial,
    Tick,
    CallPromise,
    ReadBack,
    Calm,
    CallDispute,
    EndCall,
    /// An outcome by its digit.
    Pick(u8),
    Triage,
    Why,
    ToggleSelect,
    /// Triage: select every debtor of the filter (or none).
    SelectAll,
    Assign,
    PinUp,
    PinDown,
    Hold,
    Escalate,
    /// Triage: show the figures for the next period.
    NextPeriod,
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
    Binding { scope, code, mods, command, label, help, hint }
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
    bind(S::Workstation, K::Char('c'), NONE, C::Contact, "c", "contact the debtor: the pre-call plan", Some(("c", "call"))),
    bind(S::Workstation, K::Char('D'), SHIFT, C::Dial, "D", "dial the contact (dial_command)", None),
    bind(S::Workstation, K::Char('w'), NONE, C::Why, "w", "why this debtor is here: the score", None),
    bind(S::Workstation, K::Char('L'), SHIFT, C::Triage, "L", "team-lead triage (leads only)", None),
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
    bind(S::PreCall, K::Down, NONE, C::Down, "↓", "next item", Some(("↑↓", "move"))),
    bind(S::PreCall, K::Char('j'), NONE, C::Down, "j", "next item", None),
    bind(S::PreCall, K::Up, NONE, C::Up, "↑", "previous item", None),
    bind(S::PreCall, K::Char('k'), NONE, C::Up, "k", "previous item", None),
    bind(S::PreCall, K::Char(' '), NONE, C::Tick, "Space", "tick the item", Some(("Space", "tick"))),
    bind(S::PreCall, K::Enter, NONE, C::Accept, "Enter", "type into a text item", Some(("Enter", "type"))),
    bind(S::PreCall, K::Char('s'), CTRL, C::Save, "Ctrl-S", "start the call", Some(("Ctrl-S", "start the call"))),
    bind(S::PreCall, K::Esc, NONE, C::Cancel, "Esc", "cancel, free the debtor", Some(("Esc", "cancel"))),
    bind(S::PreCallEdit, K::Enter, NONE, C::Accept, "Enter", "finish typing", Some(("Enter", "done"))),
    bind(S::PreCallEdit, K::Esc, NONE, C::Cancel, "Esc", "finish typing", None),
    bind(S::PreCallEdit, K::Char('s'), CTRL, C::Save, "Ctrl-S", "finish typing", None),
    bind(S::Call, K::Char('p'), CTRL, C::CallPromise, "Ctrl-P", "record a promise", Some(("Ctrl-P", "promise"))),
    bind(S::Call, K::Char('r'), CTRL, C::ReadBack, "Ctrl-R", "read back the agreement", Some(("Ctrl-R", "read back"))),
    bind(S::Call, K::Char('e'), CTRL, C::Calm, "Ctrl-E", "if it gets heated: the calm card", Some(("Ctrl-E", "calm"))),
    bind(S::Call, K::Char('d'), CTRL, C::CallDispute, "Ctrl-D", "record a dispute", Some(("Ctrl-D", "dispute"))),
    bind(S::Call, K::Char('s'), CTRL, C::EndCall, "Ctrl-S", "end the call: wrap-up", Some(("Ctrl-S", "end call"))),
    bind(S::Call, K::Esc, NONE, C::Cancel, "Esc", "close the card", None),
    bind(S::WrapUp, K::Down, NONE, C::Down, "↓", "next outcome", Some(("↑↓ 1-9", "outcome"))),
    bind(S::WrapUp, K::Char('j'), NONE, C::Down, "j", "next outcome", None),
    bind(S::WrapUp, K::Up, NONE, C::Up, "↑", "previous outcome", None),
    bind(S::WrapUp, K::Char('k'), NONE, C::Up, "k", "previous outcome", None),
    bind(S::WrapUp, K::Char('1'), NONE, C::Pick(1), "1-9", "pick the outcome by its digit", None),
    bind(S::WrapUp, K::Char('2'), NONE, C::Pick(2), "2", "outcome 2", None),
    bind(S::WrapUp, K::Char('3'), NONE, C::Pick(3), "3", "outcome 3", None),
    bind(S::WrapUp, K::Char('4'), NONE, C::Pick(4), "4", "outcome 4", None),
    bind(S::WrapUp, K::Char('5'), NONE, C::Pick(5), "5", "outcome 5", None),
    bind(S::WrapUp, K::Char('6'), NONE, C::Pick(6), "6", "outcome 6", None),
    bind(S::WrapUp, K::Char('7'), NONE, C::Pick(7), "7", "outcome 7", None),
    bind(S::WrapUp, K::Char('8'), NONE, C::Pick(8), "8", "outcome 8", None),
    bind(S::WrapUp, K::Char('9'), NONE, C::Pick(9), "9", "outcome 9", None),
    bind(S::WrapUp, K::Tab, NONE, C::NextField, "Tab", "type the next contact", Some(("Tab", "next contact"))),
    bind(S::WrapUp, K::Char('s'), CTRL, C::Save, "Ctrl-S", "save the call", Some(("Ctrl-S", "save"))),
    bind(S::WrapUp, K::Esc, NONE, C::Cancel, "Esc", "back to the call", Some(("Esc", "back"))),
    bind(S::WrapUpEdit, K::Tab, NONE, C::NextField, "Tab", "done typing", Some(("Tab", "done"))),
    bind(S::WrapUpEdit, K::Enter, NONE, C::Accept, "Enter", "done typing", None),
    bind(S::WrapUpEdit, K::Char('s'), CTRL, C::Save, "Ctrl-S", "save the call", Some(("Ctrl-S", "save"))),
    bind(S::WrapUpEdit, K::Esc, NONE, C::Cancel, "Esc", "done typing", None),
    bind(S::Triage, K::Char(' '), NONE, C::ToggleSelect, "Space", "select or unselect, and move down", Some(("Space", "select and move"))),
    bind(S::Triage, K::Char('V'), SHIFT, C::SelectAll, "V", "select all of the filter, or none", Some(("V", "all"))),
    bind(S::Triage, K::Down, NONE, C::Down, "↓", "move down", None),
    bind(S::Triage, K::Char('j'), NONE, C::Down, "j", "move down", None),
    bind(S::Triage, K::Up, NONE, C::Up, "↑", "move up", None),
    bind(S::Triage, K::Char('k'), NONE, C::Up, "k", "move up", None),
    bind(S::Triage, K::Char('g'), NONE, C::Top, "g", "first row", None),
    bind(S::Triage, K::Char('G'), SHIFT, C::Bottom, "G", "last row", None),
    bind(S::Triage, K::PageDown, NONE, C::PageDown, "PgDn", "page down", None),
    bind(S::Triage, K::PageUp, NONE, C::PageUp, "PgUp", "page up", None),
    bind(S::Triage, K::Char('f'), NONE, C::NextFilter, "f", "next filter", Some(("f", "filter"))),
    bind(S::Triage, K::Char('F'), SHIFT, C::PreviousFilter, "F", "previous filter", None),
    bind(S::Triage, K::Char('/'), NONE, C::Search, "/", "search in the filter (as in the queue)", Some(("/", "search"))),
    bind(S::Triage, K::Char('a'), NONE, C::Assign, "a", "assign to an agent", Some(("a", "assign"))),
    bind(S::Triage, K::Char('+'), NONE, C::PinUp, "+", "pin higher in the queue", Some(("+/-", "pin"))),
    bind(S::Triage, K::Char('-'), NONE, C::PinDown, "-", "pin lower", None),
    bind(S::Triage, K::Char('h'), NONE, C::Hold, "h", "hold or release, with a reason", Some(("h", "hold"))),
    bind(S::Triage, K::Char('x'), NONE, C::Escalate, "x", "escalate to agency or legal, with a reason", Some(("x", "escalate"))),
    bind(S::Triage, K::Char('p'), NONE, C::NextPeriod, "p", "show the figures for the next period", Some(("p", "period"))),
    bind(S::Triage, K::Char('?'), NONE, C::Help, "?", "help", Some(("?", "help"))),
    bind(S::Triage, K::Esc, NONE, C::Cancel, "Esc", "leave the search, else triage", Some(("Esc", "back"))),
    bind(S::Triage, K::Char('q'), NONE, C::Quit, "q", "quit", None),
    bind(S::Picker, K::Down, NONE, C::Down, "↓", "next", Some(("↑↓", "choose"))),
    bind(S::Picker, K::Up, NONE, C::Up, "↑", "previous", None),
    bind(S::Picker, K::Enter, NONE, C::Accept, "Enter", "assign", Some(("Enter", "assign"))),
    bind(S::Picker, K::Esc, NONE, C::Cancel, "Esc", "cancel", Some(("Esc", "cancel"))),
    bind(S::Why, K::Esc, NONE, C::Cancel, "Esc", "close", Some(("Esc", "close"))),
    bind(S::Why, K::Char('w'), NONE, C::Cancel, "w", "close", None),
    bind(S::Help, K::Esc, NONE, C::Cancel, "Esc", "close help", Some(("Esc", "close"))),
    bind(S::Help, K::Char('?'), NONE, C::Cancel, "?", "close help", None),
    bind(S::Help, K::Char('q'), NONE, C::Cancel, "q", "close help", None),
    bind(S::Help, K::Char('j'), NONE, C::Down, "j", "scroll down", None),
    bind(S::Help, K::Down, NONE, C::Down, "↓", "scroll down", None),
    bind(S::Help, K::Char('k'), NONE, C::Up, "k", "scroll up", None),
    bind(S::Help, K::Up, NONE, C::Up, "↑", "scroll up", None),
    bind(S::Help, K::PageDown, NONE, C::PageDown, "PgDn", "page down", Some(("j/k PgDn PgUp", "scroll"))),
    bind(S::Help, K::PageUp, NONE, C::PageUp, "PgUp", "page up", None),
    bind(S::Help, K::Char('g'), NONE, C::Top, "g", "top", None),
    bind(S::Help, K::Home, NONE, C::Top, "Home", "top", None),
    bind(S::Help, K::Char('G'), SHIFT, C::Bottom, "G", "bottom", None),
    bind(S::Help, K::End, NONE, C::Bottom, "End", "bottom", None),
];

/// The key table in use.
#[derive(Clone, Debug)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap { bindings: DEFAULT_BINDINGS.to_vec() }
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
            Scope::PreCall,
            Scope::Call,
            Scope::WrapUp,
            Scope::Triage,
            Scope::Global,
        ];
        scopes
            .iter()
            .map(|scope| {
                let mut rows: Vec<(String, &'static str, Command)> = Vec::new();
                // Outcome digits 2-9 are listed once, as "1-9".
                let listed = |b: &&Binding| !matches!(b.command, Command::Pick(n) if n > 1);
                for b in self.bindings.iter().filter(|b| b.scope == *scope).filter(listed) {
                    match rows.iter_mut().find(|r| r.2 == b.command) {
                        Some(row) => {
                            row.0.push(' ');
                            row.0.push_str(b.label);
                        }
                        None => rows.push((b.label.to_owned(), b.help, b.command)),
                    }
                }
                (scope.title(), rows.into_iter().map(|(k, h, _)| (k, h)).collect())
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
        assert_eq!(km.lookup(&[S::List, S::Workstation, S::Global], &q), Some(C::Quit));
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
