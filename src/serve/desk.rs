//! A workstation over SSH. Each session runs its own `App` on a thread of
//! its own, its requests going to the desk's one store hub (shared by every
//! session), through the same event loop as the local one (`tui::run`):
//! keys come from the channel (input.rs), frames go to it (backend.rs). The
//! App is not async; tokio only carries the bytes.

use std::io;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use ratatui::Terminal;
use russh::ChannelId;
use russh::server::Handle;
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

use super::auth::Who;
use super::backend::{ChannelWriter, Out, SshBackend};
use super::handler::PtyRequest;
use super::input::{ChannelEvents, DeskInput, SharedSize};
use super::sessions::{Ended, Ending, Seat};
use super::{SessionClock, Shared};
use crate::app::App;
use crate::cli::{Context, Failure};
use crate::tui;

/// The alternate screen and bracketed paste, on the client's terminal.
const ENTER: &[u8] = b"\x1b[?1049h\x1b[?2004h\x1b[2J\x1b[H";
/// Back to the client's own screen, the cursor shown.
const LEAVE: &[u8] = b"\x1b[?2004l\x1b[?1049l\x1b[?25h";

/// What a workstation session starts from.
pub struct DeskStart {
    pub who: Who,
    pub pty: PtyRequest,
    pub color: bool,
}

/// How long a new session of an agent waits for the agent's session it
/// takes the call from to close.
const TAKE_CALL_WAIT: Duration = Duration::from_secs(10);

/// Sends a session's output to its channel, in order; the exit status ends
/// the channel, and gives the session's seat back.
pub fn output(handle: Handle, channel: ChannelId, seat: Seat) -> UnboundedSender<Out> {
    let (tx, mut rx) = unbounded_channel::<Out>();
    tokio::spawn(async move {
        let _seat = seat;
        while let Some(out) = rx.recv().await {
            let sent = match out {
                Out::Data(bytes) => handle.data(channel, bytes).await.is_ok(),
                Out::Error(bytes) => handle.extended_data(channel, 1, bytes).await.is_ok(),
                Out::Exit(code) => {
                    let _ = handle.exit_status_request(channel, code).await;
                    let _ = handle.eof(channel).await;
                    let _ = handle.close(channel).await;
                    false
                }
            };
            if !sent {
                break;
            }
        }
    });
    tx
}

/// Starts the workstation on a thread; its input goes to the sender.
pub fn start(
    shared: &Arc<Shared>,
    start: DeskStart,
    out: UnboundedSender<Out>,
) -> io::Result<mpsc::Sender<DeskInput>> {
    let (tx, rx) = mpsc::channel();
    let keys = tx.clone();
    let shared = Arc::clone(shared);
    let name = format!("desk {}", start.who.agent.name);
    std::thread::Builder::new()
        .name(name)
        .spawn(move || session(&shared, start, rx, keys, &out))?;
    Ok(tx)
}

/// The session's thread: the workstation until it ends, then the exit
/// status. A bug ends this session only, and its client is told.
fn session(
    shared: &Shared,
    start: DeskStart,
    rx: mpsc::Receiver<DeskInput>,
    keys: mpsc::Sender<DeskInput>,
    out: &UnboundedSender<Out>,
) {
    let name = start.who.agent.name.clone();
    // Listed until the App is closed (and its notes saved).
    let call = Arc::new(AtomicI64::new(0));
    let listed = shared.sessions.list(start.who.agent.id, keys.clone(), Arc::clone(&call));
    // The agent's call, open in another session of theirs (one the server
    // has not yet seen drop), comes to this one.
    let moved = shared.sessions.take_calls(&listed, start.who.agent.id, TAKE_CALL_WAIT);
    if moved > 0 {
        tracing::info!("the call of {name} moved to the session opened now");
    }
    let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        run(shared, start, rx, keys, call, out)
    }));
    drop(listed);
    let code = match ran {
        Ok(Ok(None)) => 0,
        Ok(Ok(Some(ending))) => {
            tracing::info!("the workstation of {name} ended: {}", ending.sentence());
            let text = format!("recoup: {}\r\n", ending.sentence());
            let _ = out.send(Out::Data(text.into_bytes()));
            ending.exit_status()
        }
        Ok(Err(failure)) => stopped(out, &name, &failure.to_string(), failure.exit_code() as u32),
        Err(_) => stopped(
            out,
            &name,
            "the workstation stopped because of a bug (see the desk's log); what was typed is saved",
            1,
        ),
    };
    tracing::info!("the workstation of {name} closed");
    let _ = out.send(Out::Exit(code));
}

/// A workstation that failed: its client is told why; the exit status.
fn stopped(out: &UnboundedSender<Out>, name: &str, why: &str, code: u32) -> u32 {
    tracing::error!("the workstation of {name} stopped: {why}");
    let mut text = LEAVE.to_vec();
    text.extend_from_slice(format!("recoup: {why}\r\n").as_bytes());
    let _ = out.send(Out::Error(text));
    code
}

/// The workstation until the agent quits it (`None`) or the desk ends it.
fn run(
    shared: &Shared,
    start: DeskStart,
    rx: mpsc::Receiver<DeskInput>,
    tx: mpsc::Sender<DeskInput>,
    call: Arc<AtomicI64>,
    out: &UnboundedSender<Out>,
) -> Result<Option<Ending>, Failure> {
    let ctx = Context {
        paths: shared.paths.clone(),
        config: shared.config.clone(),
        db: shared.book.clone(),
        agent_name: start.who.agent.name.clone(),
        clock: Box::new(SessionClock(Arc::clone(&shared.clock))),
    };
    let mut rules = crate::cli::workstation::rules(&ctx)?;
    // A dial command would ring a phone on the server, not at the agent's desk.
    rules.dial_command = None;
    // The agent as the book had it at login, a moment ago.
    let me = start.who.agent.clone();
    let mut app = App::served(&shared.hub, me, ctx.clock, rules, start.color)
        .map_err(|e| Failure::Runtime(format!("cannot open the workstation: {e}")))?;
    let size = SharedSize::new(start.pty.cols, start.pty.rows);
    let mut backend = SshBackend::new(ChannelWriter::new(out.clone()), size.clone());
    backend.send(ENTER)?;
    let mut terminal = Terminal::new(backend)?;
    let mut events = ChannelEvents::new(rx, tx, size)
        .telling_call(call)
        .idle_after(shared.config.serve.idle_timeout);
    app.set_waker(events.waker());
    let result = tui::run(&mut terminal, &mut events, &mut app, &shared.stop);
    let _ = terminal.backend_mut().send(LEAVE);
    // The App closes now: its workers save what is queued.
    drop(app);
    match result {
        Ok(()) if shared.stop.load(Ordering::Relaxed) => Ok(Some(Ending::Restart)),
        Ok(()) => Ok(None),
        Err(e) => match Ended::of(&e) {
            Some(ending) => Ok(Some(ending)),
            // The connection went: everything typed is saved already.
            None if connection_gone(&e) => Ok(None),
            None => Err(Failure::Runtime(format!("terminal error: {e}"))),
        },
    }
}

/// The client is gone (the error may come wrapped by the terminal's draw).
fn connection_gone(e: &io::Error) -> bool {
    let inner = e.get_ref().and_then(|i| i.downcast_ref::<io::Error>());
    e.kind() == io::ErrorKind::BrokenPipe
        || inner.is_some_and(|i| i.kind() == io::ErrorKind::BrokenPipe)
}
