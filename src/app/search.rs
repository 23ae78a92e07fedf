//! The `/` search line: results as you type. The queue below shows them;
//! `↑` `↓` pass through to it.

use super::cx::Cx;
use super::keymap::{Command, Scope};
use super::screen::{Handled, Input, Reply, Screen};
use super::text_input::TextLine;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchInput {
    pub line: TextLine,
}

impl SearchInput {
    pub fn text(&self) -> &str {
        self.line.as_str()
    }
}

impl Screen for SearchInput {
    fn scopes(&self) -> &'static [Scope] {
        &[Scope::Search, Scope::Global]
    }

    fn handle(&mut self, input: Input, _cx: &mut Cx<'_>) -> Handled {
        match input {
            // The queue below keeps or drops the results.
            Input::Command(Command::Accept) => Handled::Reply(Reply::SearchAccepted),
            Input::Command(Command::Cancel) => Handled::Reply(Reply::SearchCancelled),
            Input::Command(_) => Handled::Ignored,
            typed => {
                if self.line.input(&typed) {
                    Handled::Tell(Reply::Searching(self.text().trim().to_owned()))
                } else {
                    Handled::done()
                }
            }
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
    fn typing_and_pasting_search_and_moves_pass_through() {
        let mut fx = Fixture::new(Role::Agent);
        let mut cx = fx.cx();
        let mut s = SearchInput::default();
        let key = |c| Input::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        assert!(matches!(
            s.handle(key('a'), &mut cx),
            Handled::Tell(Reply::Searching(t)) if t == "a"
        ));
        assert!(matches!(
            s.handle(Input::Paste("cme\n".into()), &mut cx),
            Handled::Tell(Reply::Searching(t)) if t == "acme"
        ));
        assert!(matches!(
            s.handle(Input::Command(Command::Cancel), &mut cx),
            Handled::Reply(Reply::SearchCancelled)
        ));
        assert!(matches!(s.handle(Input::Command(Command::Down), &mut cx), Handled::Ignored));
        assert!(matches!(
            s.handle(Input::Command(Command::Accept), &mut cx),
            Handled::Reply(Reply::SearchAccepted)
        ));
    }
}
