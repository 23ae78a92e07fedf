//! Scripted keys for the workstation's real event loop on ratatui's
//! TestBackend, and the screen it leaves.

use std::collections::VecDeque;
use std::io;
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use recoup::tui::EventSource;

/// Keys typed by a test; running out of them without quitting is an error.
pub struct Script(pub VecDeque<Event>);

impl EventSource for Script {
    /// Each key waits for the store's answers to the one before.
    fn scripted(&self) -> bool {
        true
    }

    fn next(&mut self, _timeout: Duration) -> io::Result<Option<Event>> {
        self.0
            .pop_front()
            .map(Some)
            .ok_or_else(|| io::Error::other("the script ended before the app quit"))
    }
}

pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

pub fn text(s: &str) -> Vec<Event> {
    s.chars().map(|c| key(KeyCode::Char(c))).collect()
}

/// The whole screen as text, one line per row.
pub fn screen(t: &Terminal<TestBackend>) -> String {
    region(t, t.backend().buffer().area)
}

/// Part of the screen as text.
pub fn region(t: &Terminal<TestBackend>, area: Rect) -> String {
    let buffer = t.backend().buffer();
    (area.y..area.y + area.height)
        .map(|y| (area.x..area.x + area.width).map(|x| buffer[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}
