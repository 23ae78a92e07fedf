//! A frame is drawn when something may show: a key, the store's answer, the
//! clock's tick. A turn of the loop that woke for nothing (fifty served
//! sessions wake for each other's news) draws nothing.

mod common;

use std::collections::VecDeque;
use std::io;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use common::keys::key;
use common::{clock, demo_book};
use crossterm::event::{Event, KeyCode};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use recoup::app::{App, Rules};
use recoup::store::Store;
use recoup::tui::{self, EventSource};

/// Wakes with nothing, or a key; then runs out. Not scripted: the loop
/// runs as it does at a terminal.
struct Wakes(VecDeque<Option<Event>>);

impl EventSource for Wakes {
    fn next(&mut self, _timeout: Duration) -> io::Result<Option<Event>> {
        self.0.pop_front().ok_or_else(|| io::Error::other("ran out"))
    }
}

fn frames_for(turns: Vec<Option<Event>>) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 40);
    drop(store);
    let store = Store::open(&path).unwrap();
    let me = store.agent_by_name("alice").unwrap().unwrap();
    let mut app: App = common::open_app(store, me, Box::new(clock()), Rules::default(), false);
    let mut terminal = Terminal::new(TestBackend::new(140, 42)).unwrap();
    let end = tui::run(&mut terminal, &mut Wakes(turns.into()), &mut app, &AtomicBool::new(false));
    assert!(end.is_err_and(|e| e.to_string() == "ran out"));
    terminal.get_frame().count()
}

#[test]
fn waking_for_nothing_draws_no_frame_and_a_key_draws_one() {
    // The first frame, then 200 turns that bring nothing: at most a tick's
    // frame or two besides (the clock is read once a second).
    let idle = frames_for(vec![None; 200]);
    assert!(idle <= 3, "{idle} frames for 200 empty turns");
    // The same with five keys among them: a frame each (and the answers
    // the moves bring).
    let mut turns = vec![None; 200];
    for at in [10, 50, 90, 130, 170] {
        turns[at] = Some(key(KeyCode::Char('j')));
    }
    let keys = frames_for(turns);
    assert!(keys >= idle + 5, "{keys} frames with five keys, {idle} without");
}
