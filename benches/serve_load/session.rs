//! One agent at a served desk, as a russh client in this process: a pty of
//! 140×42 and a shell (the workstation), its output parsed with vt100 to
//! know when a key has reached the screen. Keys are paced like a person's.

use std::sync::Arc;
use std::time::{Duration, Instant};

use russh::client::{self, Handle};
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg, PublicKeyOrCertificate};
use russh::{ChannelMsg, ChannelReadHalf, ChannelWriteHalf};
use tokio::time::timeout;

pub const COLS: u16 = 140;
pub const ROWS: u16 = 42;
/// A key whose effect is not on screen by then counts as lost.
const LOST: Duration = Duration::from_secs(10);
/// Output that stops for this long is a finished frame.
const QUIET: Duration = Duration::from_millis(5);
/// The status line once a note is saved.
const SAVED: &str = "Note saved to ";
/// The status line when `n` opens a draft left earlier.
const DRAFT: &str = "back in the editor";
/// The status line when `n` finds no account to write on.
const REFUSED: &str = "Still reading this debtor";

/// What one session measured.
#[derive(Default)]
pub struct Figures {
    /// Time to the first screen, from the TCP connect.
    pub first_screen: Duration,
    /// Key → the first output showing its effect: `j`/`k`.
    pub moves: Vec<Duration>,
    /// The same for `n`, the note's letters and its `Ctrl-S`.
    pub typing: Vec<Duration>,
    /// `Ctrl-S` → "Note saved to …" on the status line.
    pub saves: Vec<Duration>,
    /// Keys whose effect never showed (within 10 s).
    pub lost: usize,
    /// `n` answered "Still reading this debtor's account" (then pressed again).
    pub refused: usize,
}

struct Client;

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(&mut self, _: &PublicKeyOrCertificate) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// A logged-in workstation: the write half for keys, the read half and a
/// vt100 screen for what comes back.
pub struct Desk {
    _handle: Handle<Client>,
    keys: ChannelWriteHalf<client::Msg>,
    output: ChannelReadHalf,
    term: vt100::Parser,
    rng: fastrand::Rng,
    pub figures: Figures,
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}

/// `· 3 of 1234` in the queue's caption: the selected row and the total.
fn position(text: &str) -> Option<(u64, u64)> {
    text.match_indices("· ").find_map(|(at, _)| {
        let rest = &text[at + "· ".len()..];
        let (a, rest) = rest.split_once(" of ")?;
        let b: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some((a.parse().ok()?, b.parse().ok()?))
    })
}

impl Desk {
    /// Connects, logs in with `key`, opens the workstation and waits for
    /// its first screen (the queue with its selected row).
    pub async fn open(port: u16, key: PrivateKey) -> Result<Desk, String> {
        let started = Instant::now();
        let config = client::Config { nodelay: true, ..Default::default() };
        let mut handle = client::connect(Arc::new(config), ("127.0.0.1", port), Client)
            .await
            .map_err(|e| format!("connect: {e}"))?;
        let key = PrivateKeyWithHashAlg::new(Arc::new(key), None);
        let auth = handle.authenticate_publickey("bench", key).await.map_err(|e| e.to_string())?;
        if !auth.success() {
            return Err("the key was refused".into());
        }
        let channel = handle.channel_open_session().await.map_err(|e| e.to_string())?;
        channel
            .request_pty(false, "xterm-256color", COLS.into(), ROWS.into(), 0, 0, &[])
            .await
            .map_err(|e| e.to_string())?;
        channel.request_shell(false).await.map_err(|e| e.to_string())?;
        let (output, keys) = channel.split();
        let mut desk = Desk {
            _handle: handle,
            keys,
            output,
            term: vt100::Parser::new(nz(ROWS), nz(COLS), 0),
            rng: fastrand::Rng::new(),
            figures: Figures::default(),
        };
        let shown = desk.until(started, |s, _| position(s).is_some_and(|(at, _)| at > 0)).await;
        desk.figures.first_screen = shown.ok_or("no first screen")?;
        desk.quiet().await;
        Ok(desk)
    }

    fn text(&self) -> String {
        self.term.screen().contents()
    }

    /// Reads output until `done(text, changed)` holds (`changed`: the
    /// screen differs from when the key was sent at `sent`); the time
    /// since `sent`, or None after `LOST`.
    async fn until(
        &mut self,
        sent: Instant,
        done: impl Fn(&str, bool) -> bool,
    ) -> Option<Duration> {
        let before = self.term.screen().contents_formatted();
        loop {
            let left = LOST.checked_sub(sent.elapsed())?;
            match timeout(left, self.output.wait()).await.ok()?? {
                ChannelMsg::Data { data } => {
                    let at = Instant::now();
                    self.term.process(&data);
                    let changed = self.term.screen().contents_formatted() != before;
                    if done(&self.text(), changed) {
                        return Some(at - sent);
                    }
                }
                ChannelMsg::Eof | ChannelMsg::Close | ChannelMsg::ExitStatus { .. } => return None,
                _ => {}
            }
        }
    }

    /// Reads until the output has stopped for `QUIET`.
    async fn quiet(&mut self) {
        while let Ok(Some(msg)) = timeout(QUIET, self.output.wait()).await {
            if let ChannelMsg::Data { data } = msg {
                self.term.process(&data);
            }
        }
    }

    /// A person's pause between keys: 100–300 ms.
    async fn pause(&mut self) {
        let ms = self.rng.u64(100..300);
        tokio::time::sleep(Duration::from_millis(ms)).await;
        self.quiet().await;
    }

    /// Sends `bytes` and times it until `done` holds.
    async fn key(&mut self, bytes: &[u8], done: impl Fn(&str, bool) -> bool) -> Option<Duration> {
        let sent = Instant::now();
        if self.keys.data(bytes).await.is_err() {
            return None;
        }
        let took = self.until(sent, done).await;
        if let Some(t) = took.filter(|t| *t > Duration::from_millis(100))
            && std::env::var_os("SERVE_LOAD_DEBUG").is_some()
        {
            eprintln!("slow {:?}: {t:?}", String::from_utf8_lossy(bytes));
        }
        if took.is_none() {
            self.figures.lost += 1;
            if std::env::var_os("SERVE_LOAD_DEBUG").is_some() {
                eprintln!("lost {:?}:\n{}", String::from_utf8_lossy(bytes), self.text());
            }
        }
        self.quiet().await;
        took
    }

    /// One round: a few moves in the queue, then a note typed and saved.
    pub async fn round(&mut self, round: usize) {
        for _ in 0..self.rng.usize(2..6) {
            self.pause().await;
            let Some((at, total)) = position(&self.text()) else { break };
            let (key, next) = if at < total { (b"j", at + 1) } else { (b"k", at - 1) };
            let moved = move |s: &str, _: bool| position(s).is_some_and(|(p, _)| p == next);
            if let Some(took) = self.key(key, moved).await {
                self.figures.moves.push(took);
            }
        }
        if !self.open_note().await {
            return;
        }
        let note = format!("Left a message, will call back {round}");
        for end in 1..=note.len() {
            self.pause().await;
            let typed = &note[..end];
            let shown = |s: &str, changed: bool| changed && s.contains(typed);
            if let Some(took) = self.key(&note.as_bytes()[end - 1..end], shown).await {
                self.figures.typing.push(took);
            }
        }
        self.pause().await;
        let sent = Instant::now();
        if self.keys.data(&b"\x13"[..]).await.is_err() {
            return;
        }
        let Some(first) = self.until(sent, |_, changed| changed).await else {
            self.figures.lost += 1;
            return;
        };
        self.figures.typing.push(first);
        let saved = if self.text().contains(SAVED) {
            Some(first)
        } else {
            self.until(sent, |s, _| s.contains(SAVED)).await
        };
        match saved {
            Some(took) => self.figures.saves.push(took),
            None => self.figures.lost += 1,
        }
        self.quiet().await;
    }

    /// `n` until the note editor opens: the workstation refuses it ("Select
    /// a debtor first") while the selected account is being read again.
    async fn open_note(&mut self) -> bool {
        for _ in 0..5 {
            self.pause().await;
            let shown = |s: &str, _: bool| s.contains("Note · ") || s.contains(REFUSED);
            let Some(took) = self.key(b"n", shown).await else { return false };
            self.figures.typing.push(took);
            let text = self.text();
            if text.contains(DRAFT) {
                // A draft left in the cached book by other benches: discarded
                // (not timed), so that what is typed here is all on screen.
                self.untimed(b"\x1b", "Discard this note?").await;
                self.untimed(b"y", "Note discarded").await;
                continue;
            }
            if !text.contains(REFUSED) {
                return true;
            }
            self.figures.refused += 1;
            // Pressed again only once the account is shown (the message
            // goes then): a key that changes nothing on screen cannot be
            // timed.
            self.until(Instant::now(), |s, _| !s.contains(REFUSED)).await;
        }
        false
    }

    /// Sends `bytes` and waits for `shown`, not timed.
    async fn untimed(&mut self, bytes: &[u8], shown: &str) {
        self.pause().await;
        let sent = Instant::now();
        if self.keys.data(bytes).await.is_ok() {
            self.until(sent, |s, _| s.contains(shown)).await;
        }
        self.quiet().await;
    }

    /// Waits, reading whatever comes, until told to go on.
    pub async fn idle(&mut self, go: &mut tokio::sync::watch::Receiver<bool>) {
        loop {
            tokio::select! {
                _ = go.wait_for(|g| *g) => return,
                msg = self.output.wait() => match msg {
                    Some(ChannelMsg::Data { data }) => self.term.process(&data),
                    Some(_) => {}
                    None => return,
                },
            }
        }
    }

    /// `q`, and the session's end.
    pub async fn quit(mut self) -> Figures {
        let _ = self.keys.data(&b"q"[..]).await;
        let _ = timeout(Duration::from_secs(10), async {
            while let Some(msg) = self.output.wait().await {
                if matches!(msg, ChannelMsg::Close) {
                    break;
                }
            }
        })
        .await;
        self.figures
    }
}
