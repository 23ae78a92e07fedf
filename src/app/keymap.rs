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
    /// Picking the invoice a dispute raised on a call is about.
    InvoicePicker,
    Why,
    Help,
    /// Writing to the debtor: a letter or statement (`W`).
    Write,
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
            Scope::InvoicePicker => "Picking the invoice disputed",
            Scope::Why => "Why",
            Scope::Help => "Help",
            Scope::Write => "Write a letter or statement",
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
    /// A lead's: the debtor's interest regime and rate.
    InterestTerms,
    /// A lead's: waive interest and/or compensation.
    Waive,
    /// Write to the debtor: a letter or statement (`W`; `Ctrl-W` on a call).
    Write,
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
    /// On a call: claim interest (or stop), for the read-back and card.
    ClaimInterest,
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

pub use super::bindings::DEFAULT_BINDINGS;

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
            Scope::InvoicePicker,
            Scope::WrapUp,
            Scope::Write,
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
    use Command as C;
    use Scope as S;

    const NONE: KeyModifiers = KeyModifiers::NONE;
    const CTRL: KeyModifiers = KeyModifiers::CONTROL;
    const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

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
