//! Text fields: a single line (search, form fields, the pre-call plan's text
//! items, the picker's filter) and the multi-line editor (notes). Each takes
//! an `Input` whole, keys and pasted text alike.

use crossterm::event::{KeyCode, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use super::screen::Input;
use crate::domain::text::unix_newlines;

/// One line of text, typed at its end.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextLine {
    pub text: String,
}

impl TextLine {
    pub fn new(text: &str) -> TextLine {
        TextLine { text: text.to_owned() }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Typing, deleting, or pasting (the first line of what was pasted, as
    /// a single-line field takes it). True if the text changed.
    pub fn input(&mut self, input: &Input) -> bool {
        match input {
            Input::Key(key) => {
                let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
                match key.code {
                    KeyCode::Char('u') if ctrl => !std::mem::take(&mut self.text).is_empty(),
                    KeyCode::Char('w') if ctrl => self.delete_word(),
                    KeyCode::Char(c) if !ctrl => {
                        self.text.push(c);
                        true
                    }
                    KeyCode::Backspace => self.text.pop().is_some(),
                    _ => false,
                }
            }
            Input::Paste(pasted) => {
                // Terminals send a line break as CR, LF or both.
                let pasted = unix_newlines(pasted);
                let line = pasted.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
                self.text.push_str(line);
                !line.is_empty()
            }
            Input::Command(_) => false,
        }
    }

    /// Ctrl-W: the last word and the spaces after it, as in a shell.
    fn delete_word(&mut self) -> bool {
        let before = self.text.len();
        let kept = self.text.trim_end().len();
        let cut = self.text[..kept].rfind(char::is_whitespace).map_or(0, |i| i + 1);
        self.text.truncate(cut);
        self.text.len() != before
    }
}

/// The multi-line editor of notes, wrapping words.
pub fn editor(text: &str, placeholder: &str) -> TextArea<'static> {
    let mut editor = TextArea::new(text.lines().map(str::to_owned).collect());
    editor.set_wrap_mode(WrapMode::WordOrGlyph);
    editor.set_placeholder_text(placeholder.to_owned());
    editor.move_cursor(CursorMove::Bottom);
    editor.move_cursor(CursorMove::End);
    editor
}

/// Typing or pasting into the editor; true if its text changed. Pasted
/// text keeps its line breaks, whatever the terminal sent for them. As in a
/// shell (and the one-line fields), `Ctrl-U` deletes the line up to the
/// cursor and `Ctrl-W` the word before it; the editor's own `Ctrl-U` would
/// undo instead.
pub fn edit(editor: &mut TextArea<'static>, input: &Input) -> bool {
    match input {
        Input::Key(key)
            if key.code == KeyCode::Char('u') && key.modifiers == KeyModifiers::CONTROL =>
        {
            // At the start of a line there is nothing before the cursor (the
            // editor would join the line to the one above).
            editor.cursor().1 > 0 && editor.delete_line_by_head()
        }
        Input::Key(key) => editor.input(*key),
        Input::Paste(text) => {
            let text = unix_newlines(text);
            !text.is_empty() && editor.insert_str(text)
        }
        Input::Command(_) => false,
    }
}

/// The editor's text, lines joined.
pub fn text(editor: &TextArea<'_>) -> String {
    editor.lines().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEvent;

    fn key(c: char) -> Input {
        Input::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    fn ctrl(c: char) -> Input {
        Input::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
    }

    #[test]
    fn a_line_takes_keys_paste_and_shell_deletes() {
        let mut t = TextLine::default();
        assert!(t.input(&key('a')));
        assert!(t.input(&Input::Paste("\n  PTP 2,000 by Friday \nsecond line".into())));
        assert_eq!(t.as_str(), "aPTP 2,000 by Friday");
        assert!(t.input(&ctrl('w')));
        assert_eq!(t.as_str(), "aPTP 2,000 by ");
        assert!(t.input(&ctrl('w')));
        assert_eq!(t.as_str(), "aPTP 2,000 ");
        assert!(t.input(&ctrl('u')));
        assert_eq!(t.as_str(), "");
        assert!(!t.input(&ctrl('u')), "nothing left to clear");
        // tmux and some terminals send a lone CR for a pasted line break.
        assert!(t.input(&Input::Paste("PTP 3,000 by Friday\rline two".into())));
        assert_eq!(t.as_str(), "PTP 3,000 by Friday");
        assert!(!t.input(&Input::Command(crate::app::keymap::Command::Save)));
    }

    #[test]
    fn the_editor_deletes_a_word_and_the_line_as_a_shell_does() {
        let mut e = editor("first line", "type");
        assert!(edit(&mut e, &Input::Paste("\ncall back friday".into())));
        assert!(edit(&mut e, &ctrl('w')));
        assert_eq!(text(&e), "first line\ncall back ");
        assert!(edit(&mut e, &ctrl('u')));
        assert_eq!(text(&e), "first line\n", "the line, not an undo");
        assert!(!edit(&mut e, &ctrl('u')), "nothing before the cursor");
    }

    #[test]
    fn on_a_call_alt_backspace_deletes_the_word_ctrl_w_being_the_statement() {
        let mut e = editor("will pay friday", "type");
        let alt = Input::Key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::ALT));
        assert!(edit(&mut e, &alt));
        assert_eq!(text(&e), "will pay ");
    }

    #[test]
    fn the_editor_keeps_pasted_line_breaks() {
        let mut e = editor("", "type");
        assert!(edit(&mut e, &Input::Paste("one\r\ntwo\rthree".into())));
        assert_eq!(text(&e), "one\ntwo\nthree");
        assert!(!edit(&mut e, &Input::Paste(String::new())));
    }
}
