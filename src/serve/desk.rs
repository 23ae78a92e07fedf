//! A workstation over SSH. Each session runs its own `App` on a thread of
//! its own, its requests going to the desk's one store hub (shared by every
//! session), through the same event loop as the local one (`tui::run`):
//! keys come from the channel (input.rs), frames go to it (backend.rs). The
//! App is not async; tokio only carries the bytes.

use std::io;
use std::sync::{Arc, mpsc};

use ratatui::Terminal;
use russh::ChannelId;
use russh::server::Handle;
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

use super::auth::Who;
use super::backend::{ChannelWriter, Out, SshBackend};
use super::handler::PtyRequest;
use super::input::{ChannelEvents, DeskInput, SharedSize};
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

/// Sends a session's output to its channel, in order; the exit status ends
/// the channel.
pub fn output(handle: Handle, channel: ChannelId) -> UnboundedSender<Out> {
    let (tx, mut rx) = unbounded_channel::<Out>();
    tokio::spawn(async move {
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
    let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        run(shared, start, rx, keys, out)
    }));
    let failed = match ran {
        Ok(Ok(())) => None,
        Ok(Err(failure)) => Some((failure.to_string(), failure.exit_code() as u32)),
        Err(_) => Some((
            "the workstation stopped because of a bug (see the desk's log); what was typed is saved"
                .to_owned(),
            1,
        )),
    };
    let code = match failed {
        None => 0,
        Some((why, code)) => {
            tracing::error!("the workstation of {name} stopped: {why}");
            let mut text = LEAVE.to_vec();
            text.extend_from_slice(format!("recoup: {why}\r\n").as_bytes());
            let _ = out.send(Out::Error(text));
            code
        }
    };
    tracing::info!("the workstation of {name} closed");
    let _ = out.send(Out::Exit(code));
}

fn run(
    shared: &Shared,
    start: DeskStart,
    rx: mpsc::Receiver<DeskInput>,
    tx: mpsc::Sender<DeskInput>,
    out: &UnboundedSender<Out>,
) -> Result<(), Failure> {
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
    let mut events = ChannelEvents::new(rx, tx, size);
    app.set_waker(events.waker());
    let result = tui::run(&mut terminal, &mut events, &mut app, &shared.stop);
    let _ = terminal.backend_mut().send(LEAVE);
    match result {
        // The connection went: everything typed is saved already.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| Failure::Runtime(format!("terminal error: {e}"))),
    }
}
