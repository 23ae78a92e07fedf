//! The `?` help screen, built from the key table, scrolled by line or page.
//! Its lines are laid out here, for the drawing and the scrolling alike: in
//! two columns where each line fits whole in half the box, else in one.

use super::cx::Cx;
use super::keymap::{Command, Keymap, Scope};
use super::screen::{Handled, Input, Screen};
use crate::domain::text::width;

/// The help box's share of the terminal, in percent.
pub const BOX_WIDTH_PCT: u16 = 90;
pub const BOX_HEIGHT_PCT: u16 = 85;
/// The keys' column.
pub const KEYS_WIDTH: usize = 12;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HelpView {
    pub scroll: usize,
    /// The section shown first: the keys of the screen help was opened on.
    pub first: Option<Scope>,
}

/// One line of help.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HelpLine {
    Title(&'static str),
    Key(String, &'static str),
    Blank,
}

impl HelpLine {
    /// Columns it takes when drawn.
    pub fn width(&self) -> usize {
        match self {
            HelpLine::Title(t) => width(t),
            HelpLine::Key(keys, what) => 2 + width(keys).max(KEYS_WIDTH) + 1 + width(what),
            HelpLine::Blank => 0,
        }
    }
}

/// Help laid out: one column (`right` empty) or two.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpLayout {
    pub left: Vec<HelpLine>,
    pub right: Vec<HelpLine>,
}

impl HelpLayout {
    /// The longest column.
    pub fn lines(&self) -> usize {
        self.left.len().max(self.right.len())
    }
}

impl HelpView {
    pub fn first(scope: Scope) -> HelpView {
        HelpView { scroll: 0, first: Some(scope) }
    }

    /// Every section as lines, this screen's first.
    fn sections(&self, keymap: &Keymap) -> Vec<Vec<HelpLine>> {
        let mut sections = keymap.help();
        if let Some(first) = self.first
            && let Some(at) = sections.iter().position(|(t, _)| *t == first.title())
        {
            let section = sections.remove(at);
            sections.insert(0, section);
        }
        sections
            .into_iter()
            .filter(|(_, rows)| !rows.is_empty())
            .map(|(title, rows)| {
                let mut lines = vec![HelpLine::Title(title)];
                lines.extend(rows.into_iter().map(|(keys, what)| HelpLine::Key(keys, what)));
                lines.push(HelpLine::Blank);
                lines
            })
            .collect()
    }

    /// The lines for a terminal `columns` wide.
    pub fn layout(&self, keymap: &Keymap, columns: u16) -> HelpLayout {
        let sections = self.sections(keymap);
        let longest = sections.iter().flatten().map(HelpLine::width).max().unwrap_or(0);
        let inner = usize::from(columns * BOX_WIDTH_PCT / 100).saturating_sub(2);
        if inner / 2 < longest + 1 {
            return HelpLayout { left: sections.concat(), right: Vec::new() };
        }
        // Split the sections where the left column reaches half the lines.
        let total: usize = sections.iter().map(Vec::len).sum();
        let (mut left, mut right) = (Vec::new(), Vec::new());
        for section in sections {
            if right.is_empty() && left.len() + section.len() / 2 <= total / 2 {
                left.extend(section);
            } else {
                right.extend(section);
            }
        }
        HelpLayout { left, right }
    }
}

impl Screen for HelpView {
    fn scopes(&self) -> &'static [Scope] {
        &[Scope::Help, Scope::Global]
    }

    fn handle(&mut self, input: Input, cx: &mut Cx<'_>) -> Handled {
        // Scrolls until the last line of the longer column is at the top.
        let last = self.layout(cx.keymap, cx.columns).lines().saturating_sub(1);
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

    #[test]
    fn narrow_help_is_one_column_of_whole_lines_and_triage_help_starts_with_triage() {
        let keymap = Keymap::default();
        let help = HelpView::first(Scope::Triage);
        let narrow = help.layout(&keymap, 80);
        assert!(narrow.right.is_empty(), "one column at 80");
        assert_eq!(narrow.left[0], HelpLine::Title("Triage (leads)"));
        let inner = usize::from(80 * BOX_WIDTH_PCT / 100) - 2;
        let long: Vec<_> = narrow.left.iter().filter(|l| l.width() > inner).collect();
        assert!(long.is_empty(), "every line whole at 80: {long:?}");
        let wide = HelpView::default().layout(&keymap, 140);
        assert!(!wide.right.is_empty(), "two columns at 140");
        let half = (usize::from(140 * BOX_WIDTH_PCT / 100) - 2) / 2;
        assert!(wide.left.iter().chain(&wide.right).all(|l| l.width() < half));
        assert_eq!(wide.left[0], HelpLine::Title("Workstation"));
        // One column scrolls further than two.
        assert!(narrow.lines() > wide.lines());
    }
}
