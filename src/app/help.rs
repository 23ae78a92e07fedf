//! The `?` help screen, built from the key table, scrolled by line or page.

use super::cx::Cx;
use super::keymap::{Command, Scope};
use super::screen::{Handled, Input, Screen};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HelpView {
    pub scroll: usize,
}

impl Screen for HelpView {
    fn scopes(&self) -> &'static [Scope] {
        &[Scope::Help, Scope::Global]
    }

    fn handle(&mut self, input: Input, cx: &mut Cx<'_>) -> Handled {
        // Help is drawn in two columns: about half its lines can scroll away.
        let lines: usize = cx.keymap.help().iter().map(|(_, rows)| rows.len() + 2).sum();
        let last = lines / 2;
        let page = cx.page * 2;
        match input {
            Input::Command(Command::Down) => self.scroll = (self.scroll + 1).min(last),
            Input::Command(Command::Up) => self.scroll = self.scroll.saturating_sub(1),
            Input::Command(Command::PageDown) => self.scroll = (self.scroll + page).min(last),
            Input::Command(Command::PageUp) => self.scroll = self.scroll.saturating_sub(page),
            Input::Command(Command::Top) => self.scroll = 0,
            Input::Command(Command::Bottom) => self.scroll = last,
            Input::Command(Command::Cancel) => return Handled::close(),
            _ => {}
        }
        Handled::done()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::cx::testing::Fixture;
    use crate::domain::people::Role;

    #[test]
    fn help_scrolls_within_its_lines_and_closes() {
        let mut fx = Fixture::new(Role::Agent);
        let mut cx = fx.cx();
        let mut h = HelpView::default();
        h.handle(Input::Command(Command::Up), &mut cx);
        assert_eq!(h.scroll, 0);
        h.handle(Input::Command(Command::PageDown), &mut cx);
        assert_eq!(h.scroll, 20);
        h.handle(Input::Command(Command::Bottom), &mut cx);
        let last = h.scroll;
        h.handle(Input::Command(Command::Down), &mut cx);
        assert_eq!(h.scroll, last, "not past the end");
        assert!(h.handle(Input::Command(Command::Cancel), &mut cx).is_close());
    }
}
