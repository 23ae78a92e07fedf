//! Keys from an SSH channel: the raw bytes a client's terminal sends,
//! parsed into crossterm events (with terminput) for the workstation's
//! event loop (`tui::run`), which takes them as it takes a local terminal's.
//!
//! One packet may hold several keys, or part of one; an escape sequence is
//! parsed a byte at a time until it is complete, as crossterm does. An Esc
//! on its own looks like the start of a sequence, so a lone Esc is held for
//! `ESC_WAIT` and taken as the Esc key if nothing follows it.

use std::io;
use std::sync::atomic::{AtomicI64, AtomicU32, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyCode, KeyEvent};

use super::idle::{Idle, IdleTurn};
use super::sessions::{Ended, Ending};
use crate::app::App;
use crate::tui::EventSource;

/// How long a lone Esc waits for the rest of a sequence.
pub const ESC_WAIT: Duration = Duration::from_millis(30);
/// The longest a session's loop waits for input. Nothing else needs it
/// sooner: the store's answers wake it (the waker), and the app's clock
/// ticks once a second; waiting only the loop's own 100 ms would redraw
/// every idle session's screen ten times a second.
pub const IDLE_WAIT: Duration = Duration::from_secs(1);
/// A bracketed paste longer than this is taken as it is so far.
const MAX_PASTE: usize = 1 << 20;
const PASTE_START: &[u8] = b"\x1b[200~";

/// Bytes in, events out.
#[derive(Debug, Default)]
pub struct InputParser {
    buf: Vec<u8>,
}

impl InputParser {
    pub fn new() -> InputParser {
        InputParser::default()
    }

    /// Parses what can be parsed of `bytes`, keeping an unfinished event.
    pub fn feed(&mut self, bytes: &[u8], out: &mut Vec<Event>) {
        for &b in bytes {
            self.buf.push(b);
            // A lone Esc is decided by `flush`, after a pause.
            if self.buf == [0x1b] {
                continue;
            }
            match terminput::Event::parse_from(&self.buf) {
                Ok(Some(event)) => {
                    self.buf.clear();
                    if let Ok(event) = terminput_crossterm::to_crossterm(event) {
                        out.push(event);
                    }
                }
                Ok(None) if self.buf.len() > MAX_PASTE && self.buf.starts_with(PASTE_START) => {
                    let text = String::from_utf8_lossy(&self.buf[PASTE_START.len()..]);
                    out.push(Event::Paste(text.into_owned()));
                    self.buf.clear();
                }
                Ok(None) => {}
                // Not a sequence anyone knows: dropped, as crossterm does.
                Err(_) => self.buf.clear(),
            }
        }
    }

    /// True while an Esc waits to be told from the start of a sequence (a
    /// paste being received is not waited on).
    pub fn waiting_on_esc(&self) -> bool {
        self.buf.first() == Some(&0x1b) && !self.buf.starts_with(PASTE_START)
    }

    /// Nothing followed in time: the Esc was a key of its own, and what came
    /// after it is parsed again.
    pub fn flush(&mut self, out: &mut Vec<Event>) {
        if !self.waiting_on_esc() {
            return;
        }
        let rest = self.buf.split_off(1);
        self.buf.clear();
        out.push(Event::Key(KeyEvent::from(KeyCode::Esc)));
        self.feed(&rest, out);
    }
}

/// What reaches a workstation session from its connection.
#[derive(Debug)]
pub enum DeskInput {
    Bytes(Vec<u8>),
    /// The client's window changed (columns, rows).
    Resize(u16, u16),
    /// The store answered: draw again.
    Wake,
    /// The channel or the connection closed.
    Closed,
    /// The desk ends the session (see `Ending`).
    End(Ending),
}

/// The terminal's size as the backend reports it: columns and rows in one
/// word, set from the pty request and each window change.
#[derive(Clone, Debug)]
pub struct SharedSize(Arc<AtomicU32>);

impl SharedSize {
    pub fn new(cols: u16, rows: u16) -> SharedSize {
        SharedSize(Arc::new(AtomicU32::new(pack(cols, rows))))
    }

    pub fn set(&self, cols: u16, rows: u16) {
        self.0.store(pack(cols, rows), Ordering::Relaxed);
    }

    /// (columns, rows)
    pub fn get(&self) -> (u16, u16) {
        let v = self.0.load(Ordering::Relaxed);
        ((v >> 16) as u16, v as u16)
    }
}

fn pack(cols: u16, rows: u16) -> u32 {
    (u32::from(cols) << 16) | u32::from(rows)
}

/// A workstation session's events, from its SSH channel.
pub struct ChannelEvents {
    rx: mpsc::Receiver<DeskInput>,
    tx: mpsc::Sender<DeskInput>,
    parser: InputParser,
    ready: std::collections::VecDeque<Event>,
    size: SharedSize,
    /// When the Esc being held arrived.
    esc_since: Option<Instant>,
    /// Where the call open in the workstation is told (0: none).
    call: Option<Arc<AtomicI64>>,
    idle: Option<Idle>,
}

impl ChannelEvents {
    pub fn new(
        rx: mpsc::Receiver<DeskInput>,
        tx: mpsc::Sender<DeskInput>,
        size: SharedSize,
    ) -> ChannelEvents {
        ChannelEvents {
            rx,
            tx,
            parser: InputParser::new(),
            ready: Default::default(),
            size,
            esc_since: None,
            call: None,
            idle: None,
        }
    }

    /// Tells `call` which call the workstation has open, each turn.
    pub fn telling_call(mut self, call: Arc<AtomicI64>) -> ChannelEvents {
        self.call = Some(call);
        self
    }

    /// Ends the session after `timeout` without a key, warning first.
    pub fn idle_after(mut self, timeout: std::time::Duration) -> ChannelEvents {
        self.idle = Some(Idle::new(timeout, Instant::now()));
        self
    }

    /// Wakes the loop from another thread (the store's workers).
    pub fn waker(&self) -> impl Fn() + Send + 'static {
        let tx = self.tx.clone();
        move || {
            let _ = tx.send(DeskInput::Wake);
        }
    }

    fn take(&mut self, input: DeskInput) -> io::Result<Option<Event>> {
        match input {
            DeskInput::Bytes(bytes) => {
                if let Some(idle) = self.idle.as_mut() {
                    idle.key(Instant::now());
                }
                let mut out = Vec::new();
                self.parser.feed(&bytes, &mut out);
                self.ready.extend(out);
                Ok(self.ready.pop_front())
            }
            DeskInput::Resize(cols, rows) => {
                self.size.set(cols, rows);
                Ok(Some(Event::Resize(cols, rows)))
            }
            DeskInput::Wake => Ok(None),
            DeskInput::Closed => Err(closed()),
            DeskInput::End(ending) => Err(io::Error::other(Ended(ending))),
        }
    }
}

fn closed() -> io::Error {
    io::Error::new(io::ErrorKind::BrokenPipe, "the connection was closed")
}

impl EventSource for ChannelEvents {
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>> {
        if let Some(event) = self.ready.pop_front() {
            return Ok(Some(event));
        }
        if let Some(idle) = &self.idle
            && idle.over(Instant::now())
        {
            return Err(io::Error::other(Ended(Ending::Idle(idle.timeout()))));
        }
        let mut wait = timeout.max(IDLE_WAIT);
        if self.parser.waiting_on_esc() {
            let since = *self.esc_since.get_or_insert_with(Instant::now);
            wait = wait.min(ESC_WAIT.saturating_sub(since.elapsed()));
        } else {
            self.esc_since = None;
        }
        match self.rx.recv_timeout(wait) {
            Ok(input) => self.take(input),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if self.esc_since.is_some_and(|since| since.elapsed() >= ESC_WAIT) {
                    self.esc_since = None;
                    let mut out = Vec::new();
                    self.parser.flush(&mut out);
                    self.ready.extend(out);
                }
                Ok(self.ready.pop_front())
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(closed()),
        }
    }

    fn pending(&mut self) -> io::Result<Option<Event>> {
        if let Some(event) = self.ready.pop_front() {
            return Ok(Some(event));
        }
        match self.rx.try_recv() {
            Ok(input) => self.take(input),
            Err(mpsc::TryRecvError::Empty) => Ok(None),
            Err(mpsc::TryRecvError::Disconnected) => Err(closed()),
        }
    }

    /// The call open is told; the idle warning goes on the status line, and
    /// off it when a key comes.
    fn after_turn(&mut self, app: &mut App) {
        if let Some(call) = &self.call {
            call.store(app.model.call().map_or(0, |c| c.call_id), Ordering::Relaxed);
        }
        let Some(idle) = self.idle.as_mut() else { return };
        match idle.turn(Instant::now()) {
            IdleTurn::Warn(text) => app.model.error(text),
            IdleTurn::Clear => {
                if app.model.status.as_ref().is_some_and(|s| s.text == idle.warning()) {
                    app.model.status = None;
                }
            }
            IdleTurn::Nothing | IdleTurn::End => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyModifiers;

    use super::*;

    fn parse(chunks: &[&[u8]]) -> (Vec<Event>, InputParser) {
        let mut p = InputParser::new();
        let mut out = Vec::new();
        for chunk in chunks {
            p.feed(chunk, &mut out);
        }
        (out, p)
    }

    fn key(code: KeyCode) -> Event {
        Event::Key(KeyEvent::from(code))
    }

    fn ctrl(c: char) -> Event {
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
    }

    #[test]
    fn one_packet_holds_several_keys() {
        let (events, _) = parse(&[b"jk\x1b[A\x13\r"]);
        assert_eq!(
            events,
            [
                key(KeyCode::Char('j')),
                key(KeyCode::Char('k')),
                key(KeyCode::Up),
                ctrl('s'),
                key(KeyCode::Enter)
            ]
        );
    }

    #[test]
    fn a_sequence_split_over_packets_is_one_key() {
        let (events, p) = parse(&[b"\x1b", b"[1;5", b"C", "é".as_bytes()[..1].as_ref()]);
        assert_eq!(
            events,
            [Event::Key(KeyEvent::new(KeyCode::Right, KeyModifiers::CONTROL))],
            "the half of é waits"
        );
        assert!(!p.waiting_on_esc());
    }

    #[test]
    fn a_lone_esc_waits_then_is_the_esc_key() {
        let (events, mut p) = parse(&[b"n\x1b"]);
        assert_eq!(events, [key(KeyCode::Char('n'))]);
        assert!(p.waiting_on_esc());
        let mut out = Vec::new();
        p.flush(&mut out);
        assert_eq!(out, [key(KeyCode::Esc)]);
        assert!(!p.waiting_on_esc());
    }

    #[test]
    fn a_paste_is_one_event_however_it_arrives() {
        let (events, p) = parse(&[b"\x1b[200~line one\r", b"line two", b"\x1b[201~q"]);
        assert_eq!(events, [Event::Paste("line one\rline two".into()), key(KeyCode::Char('q'))]);
        assert!(!p.waiting_on_esc());
        let (_, p) = parse(&[b"\x1b[200~half a paste"]);
        assert!(!p.waiting_on_esc(), "a paste under way is not an Esc");
    }

    #[test]
    fn the_event_source_parses_waits_on_esc_and_follows_resizes() {
        let (tx, rx) = mpsc::channel();
        let size = SharedSize::new(80, 24);
        let mut events = ChannelEvents::new(rx, tx.clone(), size.clone());
        tx.send(DeskInput::Bytes(b"ab".to_vec())).unwrap();
        tx.send(DeskInput::Resize(120, 40)).unwrap();
        tx.send(DeskInput::Bytes(b"\x1b".to_vec())).unwrap();
        let long = Duration::from_secs(5);
        assert_eq!(events.next(long).unwrap(), Some(key(KeyCode::Char('a'))));
        assert_eq!(events.next(long).unwrap(), Some(key(KeyCode::Char('b'))));
        assert_eq!(events.next(long).unwrap(), Some(Event::Resize(120, 40)));
        assert_eq!(size.get(), (120, 40));
        assert_eq!(events.next(long).unwrap(), None, "the Esc is held");
        // Nothing more comes: the next wait is short, and gives the Esc.
        assert_eq!(events.next(long).unwrap(), Some(key(KeyCode::Esc)));
        tx.send(DeskInput::End(Ending::Moved)).unwrap();
        assert_eq!(Ended::of(&events.next(long).unwrap_err()), Some(Ending::Moved));
        tx.send(DeskInput::Closed).unwrap();
        assert_eq!(events.next(long).unwrap_err().kind(), io::ErrorKind::BrokenPipe);
    }

    #[test]
    fn no_key_for_the_idle_timeout_ends_the_session() {
        let (tx, rx) = mpsc::channel();
        let timeout = Duration::from_millis(200);
        let mut events =
            ChannelEvents::new(rx, tx.clone(), SharedSize::new(80, 24)).idle_after(timeout);
        let started = Instant::now();
        tx.send(DeskInput::Bytes(b"j".to_vec())).unwrap();
        assert_eq!(events.next(timeout).unwrap(), Some(key(KeyCode::Char('j'))));
        let ended = loop {
            match events.next(Duration::from_millis(20)) {
                Ok(_) => assert!(started.elapsed() < Duration::from_secs(5)),
                Err(e) => break e,
            }
        };
        assert!(started.elapsed() >= timeout);
        assert_eq!(Ended::of(&ended), Some(Ending::Idle(timeout)));
    }

    #[test]
    fn an_idle_session_waits_a_second_unless_woken() {
        let (tx, rx) = mpsc::channel();
        let mut events = ChannelEvents::new(rx, tx.clone(), SharedSize::new(80, 24));
        let started = Instant::now();
        assert_eq!(events.next(Duration::from_millis(100)).unwrap(), None);
        assert!(started.elapsed() >= IDLE_WAIT, "not the loop's 100 ms: {:?}", started.elapsed());
        let wake = events.waker();
        wake();
        let started = Instant::now();
        assert_eq!(events.next(Duration::from_millis(100)).unwrap(), None);
        assert!(started.elapsed() < IDLE_WAIT, "a store answer wakes it at once");
        tx.send(DeskInput::Bytes(b"j".to_vec())).unwrap();
        assert_eq!(events.next(Duration::from_millis(100)).unwrap(), Some(key(KeyCode::Char('j'))));
    }
}
