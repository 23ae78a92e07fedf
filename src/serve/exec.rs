//! A command over SSH (`ssh desk report aging --format csv`): this binary
//! runs as a child with the book, the agent and the config chosen by the
//! server before the client's words, so the child's own checks (a lead's
//! commands, imports...) apply to the agent the key named. Its standard
//! input, output and error are the channel's, and its exit status is sent
//! back.

use std::ffi::OsString;
use std::process::{ExitStatus, Stdio};

use russh::ChannelId;
use russh::server::Handle;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::process::ChildStdin;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::Shared;
use super::sessions::Seat;

/// The environment variable that tells a command it runs for a connection:
/// the service account's local rights (`agent key add` without a lead) do
/// not apply to it. Clients cannot set it: their environment never reaches
/// the command.
pub const SERVED: &str = "RECOUP_SERVED";

/// A command to run.
#[derive(Debug)]
pub struct Job {
    program: std::path::PathBuf,
    args: Vec<OsString>,
    /// The client has a terminal: line ends go out as CR LF.
    crlf: bool,
}

impl Job {
    /// `recoup --db BOOK --agent NAME [--config PATH] WORDS...`.
    pub fn new(shared: &Shared, agent: &str, words: Vec<String>, crlf: bool) -> Job {
        let mut args: Vec<OsString> =
            vec!["--db".into(), shared.book.clone().into(), "--agent".into(), agent.into()];
        if let Some(config) = &shared.config_path {
            args.extend(["--config".into(), config.clone().into()]);
        }
        args.extend(words.into_iter().map(OsString::from));
        Job { program: shared.program.clone(), args, crlf }
    }
}

/// Starts the command; what the client sends goes to the returned sender
/// (`None` at the end of its input). The seat is held until it ends.
pub fn spawn(
    job: Job,
    handle: Handle,
    channel: ChannelId,
    seat: Seat,
) -> UnboundedSender<Option<Vec<u8>>> {
    let (tx, rx) = unbounded_channel();
    tokio::spawn(async move {
        let code = run(job, &handle, channel, rx).await;
        let _ = handle.exit_status_request(channel, code).await;
        let _ = handle.eof(channel).await;
        let _ = handle.close(channel).await;
        drop(seat);
    });
    tx
}

async fn run(
    job: Job,
    handle: &Handle,
    channel: ChannelId,
    input: UnboundedReceiver<Option<Vec<u8>>>,
) -> u32 {
    let mut command = tokio::process::Command::new(&job.program);
    command
        .args(&job.args)
        .env(SERVED, "1")
        .env_remove("RECOUP_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            tracing::error!("cannot run {}: {e}", job.program.display());
            let text = format!("recoup: the desk cannot run the command: {e}\n");
            let _ = handle.extended_data(channel, 1, text.into_bytes()).await;
            return 1;
        }
    };
    let feeding = child.stdin.take().map(|stdin| tokio::spawn(feed(stdin, input)));
    let out = child.stdout.take().map(|s| relay(s, handle, channel, None, job.crlf));
    let err = child.stderr.take().map(|s| relay(s, handle, channel, Some(1), job.crlf));
    if let (Some(out), Some(err)) = (out, err) {
        tokio::join!(out, err);
    }
    let status = child.wait().await;
    if let Some(feeding) = feeding {
        feeding.abort();
    }
    match status {
        Ok(status) => exit_code(status),
        Err(e) => {
            tracing::error!("waiting for a command failed: {e}");
            1
        }
    }
}

/// The client's bytes into the command's standard input, until the client
/// ends it (or the command stops reading).
async fn feed(mut stdin: ChildStdin, mut input: UnboundedReceiver<Option<Vec<u8>>>) {
    while let Some(Some(bytes)) = input.recv().await {
        if stdin.write_all(&bytes).await.is_err() {
            return;
        }
    }
    let _ = stdin.shutdown().await;
}

/// One of the command's outputs to the channel (`ext` 1: standard error).
/// If the client is gone the pipe is dropped, and the command stops on its
/// next write.
async fn relay(
    mut from: impl AsyncRead + Unpin,
    handle: &Handle,
    channel: ChannelId,
    ext: Option<u32>,
    crlf: bool,
) {
    let mut buf = vec![0u8; 32 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        let bytes = if crlf { with_crlf(&buf[..n]) } else { buf[..n].to_vec() };
        let sent = match ext {
            Some(ext) => handle.extended_data(channel, ext, bytes).await,
            None => handle.data(channel, bytes).await,
        };
        if sent.is_err() {
            return;
        }
    }
}

/// LF as CR LF, as a terminal's line discipline would send it.
fn with_crlf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 16);
    let mut previous = 0u8;
    for &b in bytes {
        if b == b'\n' && previous != b'\r' {
            out.push(b'\r');
        }
        out.push(b);
        previous = b;
    }
    out
}

/// The exit status the client gets: the command's code, or 128 and the
/// signal that ended it, as a shell reports it.
fn exit_code(status: ExitStatus) -> u32 {
    if let Some(code) = status.code() {
        return code as u32;
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return 128 + signal as u32;
        }
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_go_out_as_crlf_on_a_terminal() {
        assert_eq!(with_crlf(b"a\nb\r\nc\n"), b"a\r\nb\r\nc\r\n");
    }
}
