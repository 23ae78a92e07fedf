//! Terminal setup and restore, and the event loop. The loop is generic over
//! the ratatui backend and the event source, so tests drive it with
//! `TestBackend` and scripted keys.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind};
use crossterm::{execute, terminal};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::layout::Rect;

use crate::app::App;
use crate::ui;

/// Where events come from.
pub trait EventSource {
    /// The next event, or `None` when `timeout` passes without one (or the
    /// store has answered).
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>>;

    /// Scripted input (tests) waits for the store's answers before each
    /// event, so that a script means the same thing every run.
    fn scripted(&self) -> bool {
        false
    }

    /// Once a turn, after the store's answers are applied: a source may
    /// read the workstation, or say something on its status line (a served
    /// session's idle warning).
    fn after_turn(&mut self, _app: &mut App) {}

    /// An event already waiting, without waiting for one: input that came
    /// in a burst is all handled before the next frame is drawn.
    fn pending(&mut self) -> io::Result<Option<Event>> {
        Ok(None)
    }
}

/// A terminal event, or the store's workers saying an answer is ready.
enum Message {
    Event(io::Result<Event>),
    Wake,
}

/// The real terminal. Keys are read on a thread of their own so that the
/// loop keeps running (and can notice signals and a closed terminal) even if
/// reading blocks or the terminal goes away; the store's answers wake the
/// same loop.
pub struct TerminalEvents {
    rx: mpsc::Receiver<Message>,
    tx: mpsc::Sender<Message>,
}

impl TerminalEvents {
    pub fn start() -> TerminalEvents {
        let (tx, rx) = mpsc::channel();
        let keys = tx.clone();
        std::thread::spawn(move || {
            loop {
                let event = event::read();
                let failed = event.is_err();
                if keys.send(Message::Event(event)).is_err() || failed {
                    return;
                }
            }
        });
        TerminalEvents { rx, tx }
    }

    /// Wakes the loop from another thread.
    pub fn waker(&self) -> impl Fn() + Send + 'static {
        let tx = self.tx.clone();
        move || {
            let _ = tx.send(Message::Wake);
        }
    }
}

/// True when the terminal on standard input has hung up (closed window,
/// dropped SSH session).
#[cfg(unix)]
pub fn terminal_hung_up() -> bool {
    let mut fd = libc::pollfd { fd: 0, events: libc::POLLIN, revents: 0 };
    // SAFETY: one valid pollfd, a zero timeout; nothing is read.
    let n = unsafe { libc::poll(&mut fd, 1, 0) };
    n > 0 && fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}

#[cfg(not(unix))]
pub fn terminal_hung_up() -> bool {
    false
}

impl EventSource for TerminalEvents {
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>> {
        if terminal_hung_up() {
            return Err(io::Error::new(io::ErrorKind::BrokenPipe, "the terminal was closed"));
        }
        match self.rx.recv_timeout(timeout) {
            Ok(Message::Event(Ok(event))) => Ok(Some(event)),
            Ok(Message::Event(Err(e))) => Err(e),
            Ok(Message::Wake) => Ok(None),
            Err(mpsc::RecvTimeoutError::Timeout) => Ok(None),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                Err(io::Error::new(io::ErrorKind::BrokenPipe, "the terminal was closed"))
            }
        }
    }

    fn pending(&mut self) -> io::Result<Option<Event>> {
        match self.rx.try_recv() {
            Ok(Message::Event(Ok(event))) => Ok(Some(event)),
            Ok(Message::Event(Err(e))) => Err(e),
            Ok(Message::Wake) | Err(_) => Ok(None),
        }
    }
}

/// Fault injection for the crash tests (`RECOUP_FAULT_PANIC_KEY`): panics
/// when the given key is read, to show the terminal is restored and the
/// panic logged.
#[cfg(feature = "faults")]
pub struct PanicOnKey<E> {
    inner: E,
    key: Option<char>,
}

#[cfg(feature = "faults")]
impl<E> PanicOnKey<E> {
    pub fn new(inner: E, key: &str) -> PanicOnKey<E> {
        PanicOnKey { inner, key: key.chars().next() }
    }
}

#[cfg(feature = "faults")]
impl<E: EventSource> EventSource for PanicOnKey<E> {
    fn scripted(&self) -> bool {
        self.inner.scripted()
    }

    fn after_turn(&mut self, app: &mut App) {
        self.inner.after_turn(app);
    }

    fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>> {
        let event = self.inner.next(timeout)?;
        self.check(&event);
        Ok(event)
    }

    fn pending(&mut self) -> io::Result<Option<Event>> {
        let event = self.inner.pending()?;
        self.check(&event);
        Ok(event)
    }
}

#[cfg(feature = "faults")]
impl<E> PanicOnKey<E> {
    fn check(&self, event: &Option<Event>) {
        if let Some(Event::Key(k)) = event
            && k.code == event::KeyCode::Char(self.key.unwrap_or('\0'))
        {
            panic!("injected fault: key {:?} pressed", self.key);
        }
    }
}

/// Events poll this often, so ticks and other processes' changes are seen.
const POLL: Duration = Duration::from_millis(100);

/// Runs until the agent quits or `stop` is set (a signal).
pub fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    events: &mut impl EventSource,
    app: &mut App,
    stop: &AtomicBool,
) -> io::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let size = terminal.size().map_err(io::Error::other)?;
    let area = Rect::new(0, 0, size.width, size.height);
    app.resize(ui::layout::queue_rows(area));
    app.model.columns = area.width;
    // While the terminal is too small nothing can be seen, so only quitting
    // is allowed (notes are saved as they are typed).
    let mut fits = ui::layout::fits(area);
    // Drawn when something may show: a key, an answer, a tick (the clock).
    // A turn that only woke for nothing costs no frame.
    let mut dirty = true;
    loop {
        if dirty || events.scripted() {
            terminal.draw(|frame| ui::draw(frame, &app.model)).map_err(io::Error::other)?;
        }
        if app.model.quit || stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        if events.scripted() {
            app.settle();
            terminal.draw(|frame| ui::draw(frame, &app.model)).map_err(io::Error::other)?;
        }
        let mut event = events.next(POLL)?;
        let mut burst = 0;
        dirty = event.is_some();
        while let Some(input) = event.take() {
            handle(app, &mut fits, input);
            burst += 1;
            if burst < BURST && !app.model.quit && !events.scripted() {
                event = events.pending()?;
            }
        }
        dirty |= app.poll();
        let status = app.model.status.clone();
        events.after_turn(app);
        dirty |= app.model.status != status || app.model.quit;
    }
}

/// At most this many keys that came together are handled before a frame.
const BURST: usize = 64;

/// One event from the terminal or the channel.
fn handle(app: &mut App, fits: &mut bool, event: Event) {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            if *fits {
                app.key(key);
            } else if is_quit(&key) {
                app.model.quit = true;
            }
        }
        Event::Paste(text) if *fits => app.paste(text),
        Event::Resize(w, h) => {
            let area = Rect::new(0, 0, w, h);
            *fits = ui::layout::fits(area);
            app.resize(ui::layout::queue_rows(area));
            app.model.columns = w;
        }
        _ => {}
    }
}

/// `q` or `Ctrl-C`.
fn is_quit(key: &event::KeyEvent) -> bool {
    use event::{KeyCode, KeyModifiers};
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    key.code == KeyCode::Char('q') && !ctrl || key.code == KeyCode::Char('c') && ctrl
}

/// Puts the terminal back: raw mode off, main screen, cursor shown. Safe to
/// call more than once and from the panic hook.
pub fn restore() {
    let _ = terminal::disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        event::DisableBracketedPaste,
        terminal::LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// Restores the terminal when dropped, whatever way the workstation ends.
pub struct RestoreGuard;

impl Drop for RestoreGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Raw mode and the alternate screen, with a guard that undoes them.
pub fn enter()
-> io::Result<(Terminal<ratatui::backend::CrosstermBackend<io::Stdout>>, RestoreGuard)> {
    fatal::save_terminal();
    terminal::enable_raw_mode()?;
    let guard = RestoreGuard;
    execute!(io::stdout(), terminal::EnterAlternateScreen, event::EnableBracketedPaste)?;
    let terminal = Terminal::new(ratatui::backend::CrosstermBackend::new(io::stdout()))?;
    Ok((terminal, guard))
}

/// A flag set by every signal whose default is to end the process (SIGTERM,
/// SIGHUP when the terminal closes, SIGINT, SIGQUIT, SIGUSR1...), so the loop
/// ends cleanly and the terminal is restored. Signals that mean the process
/// is broken (SIGABRT, SIGBUS...) restore the terminal and then end it.
pub fn stop_flag() -> Arc<AtomicBool> {
    use signal_hook::consts as sig;
    let flag = Arc::new(AtomicBool::new(false));
    let mut ending = vec![
        sig::SIGTERM,
        sig::SIGHUP,
        sig::SIGINT,
        sig::SIGQUIT,
        sig::SIGUSR1,
        sig::SIGUSR2,
        sig::SIGALRM,
        sig::SIGVTALRM,
        sig::SIGPROF,
        sig::SIGXCPU,
        sig::SIGXFSZ,
    ];
    #[cfg(target_os = "linux")]
    ending.extend([sig::SIGIO, libc::SIGPWR]);
    for signal in ending {
        if let Err(e) = signal_hook::flag::register(signal, Arc::clone(&flag)) {
            tracing::warn!("cannot watch signal {signal}: {e}");
        }
    }
    fatal::install();
    flag
}

/// Restoring the terminal from a signal that ends the process at once: only
/// async-signal-safe calls (write, tcsetattr, raise).
#[cfg(unix)]
mod fatal {
    use std::sync::OnceLock;

    static SAVED: OnceLock<libc::termios> = OnceLock::new();

    /// Keeps the terminal's settings from before raw mode.
    pub fn save_terminal() {
        // SAFETY: a zeroed termios is a valid out-parameter for tcgetattr.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: fd 0 and a valid pointer; failure leaves nothing saved.
        if unsafe { libc::tcgetattr(0, &mut t) } == 0 {
            let _ = SAVED.set(t);
        }
    }

    extern "C" fn restore_and_die(signal: libc::c_int) {
        const RESET: &[u8] = b"\x1b[?2004l\x1b[?1049l\x1b[?25h";
        // SAFETY: write, tcsetattr and raise are async-signal-safe; the
        // handler was installed with SA_RESETHAND, so raise ends the process
        // with the signal's own default action.
        unsafe {
            libc::write(1, RESET.as_ptr().cast(), RESET.len());
            if let Some(t) = SAVED.get() {
                libc::tcsetattr(0, libc::TCSANOW, t);
            }
            libc::raise(signal);
        }
    }

    pub fn install() {
        for signal in [libc::SIGABRT, libc::SIGBUS, libc::SIGTRAP, libc::SIGSYS] {
            // SAFETY: a zeroed sigaction with a valid handler and an empty
            // mask; the handler only makes async-signal-safe calls.
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = restore_and_die as *const () as libc::sighandler_t;
                action.sa_flags = libc::SA_RESETHAND;
                libc::sigemptyset(&mut action.sa_mask);
                libc::sigaction(signal, &action, std::ptr::null_mut());
            }
        }
    }
}

#[cfg(not(unix))]
mod fatal {
    pub fn save_terminal() {}
    pub fn install() {}
}
