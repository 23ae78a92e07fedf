//! A served desk for the tests: `recoup serve` on 127.0.0.1 and a free port
//! (the server picks it: `--listen 127.0.0.1:0`), over a demo book made by
//! the CLI, driven by the real OpenSSH client (`ssh`, `ssh-keygen`).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Output, Stdio};
use std::time::{Duration, Instant};

use portable_pty::CommandBuilder;

use super::pty::Pty;
use super::{NOW, recoup, stderr, stdout};

/// A running `recoup serve`.
pub struct Desk {
    pub dir: PathBuf,
    pub book: PathBuf,
    pub port: u16,
    /// The server's first lines: the host key, then where it listens.
    pub banner: Vec<String>,
    server: Child,
    _stdout: BufReader<ChildStdout>,
}

/// `recoup ARGS` as the desk's service account (the owner of the book), at
/// the tests' fixed time.
pub fn local(dir: &Path, args: &[&str]) -> Output {
    recoup(dir).args(args).env("RECOUP_NOW", NOW).output().unwrap()
}

/// A demo book of 60 debtors (alice and bob agents, carol the lead).
pub fn demo(dir: &Path) -> PathBuf {
    let book = dir.join("book.sqlite");
    let out = local(dir, &["demo", "--db", book.to_str().unwrap(), "--debtors", "60"]);
    assert!(out.status.success(), "{}", stderr(&out));
    book
}

impl Desk {
    /// A demo book in `dir` and a server on it.
    pub fn start(dir: &Path) -> Desk {
        let book = demo(dir);
        Desk::serve(dir, &book)
    }

    /// A server on an existing book.
    pub fn serve(dir: &Path, book: &Path) -> Desk {
        Desk::serve_with(dir, book, &[])
    }

    /// A server on an existing book, with more arguments (`--config FILE`).
    pub fn serve_with(dir: &Path, book: &Path, extra: &[&str]) -> Desk {
        Desk::serve_env(dir, book, extra, &[])
    }

    /// A server on an existing book, with more arguments and environment.
    pub fn serve_env(dir: &Path, book: &Path, extra: &[&str], env: &[(&str, &str)]) -> Desk {
        let mut server = recoup(dir)
            .args(["serve", "--db", book.to_str().unwrap(), "--listen", "127.0.0.1:0"])
            .args(extra)
            .env("RECOUP_NOW", NOW)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(server.stdout.take().unwrap());
        let mut banner = Vec::new();
        while banner.len() < 2 {
            let mut line = String::new();
            if out.read_line(&mut line).unwrap() == 0 {
                let _ = server.kill();
                let failed = server.wait_with_output().unwrap();
                panic!("recoup serve stopped: {}", String::from_utf8_lossy(&failed.stderr));
            }
            banner.push(line.trim_end().to_owned());
        }
        let address = banner[1].split_whitespace().nth(2).expect("listening on ADDR");
        let port = address.rsplit(':').next().unwrap().parse().unwrap();
        Desk { dir: dir.to_owned(), book: book.to_owned(), port, banner, server, _stdout: out }
    }

    /// A new Ed25519 key pair `NAME` and `NAME.pub` in the test dir.
    pub fn keygen(&self, name: &str) -> PathBuf {
        let key = self.dir.join(name);
        let out = Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
            .arg(&key)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        key
    }

    /// `recoup agent key add AGENT KEY.pub`, at the desk's command line.
    pub fn register(&self, agent: &str, key: &Path) {
        let out = self.local(&["agent", "key", "add", agent, &format!("{}.pub", key.display())]);
        assert!(out.status.success(), "{}", stderr(&out));
    }

    /// A key made and registered for an agent.
    pub fn key_for(&self, agent: &str) -> PathBuf {
        let key = self.keygen(agent);
        self.register(agent, &key);
        key
    }

    /// `recoup --db BOOK ARGS` at the desk's command line.
    pub fn local(&self, args: &[&str]) -> Output {
        let mut all = vec!["--db", self.book.to_str().unwrap()];
        all.extend_from_slice(args);
        local(&self.dir, &all)
    }

    /// The ssh client's arguments up to the destination.
    fn ssh_args(&self, key: &Path) -> Vec<String> {
        let mut args: Vec<String> = [
            "-F",
            "/dev/null",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "BatchMode=yes",
            "-i",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.push(key.display().to_string());
        args.extend(["-p".into(), self.port.to_string()]);
        args
    }

    /// `ssh ... -p PORT x@127.0.0.1 -- ARGS`, without a terminal; `extra`
    /// goes before the destination.
    pub fn ssh(&self, key: &Path, extra: &[&str], args: &[&str]) -> Command {
        let mut cmd = Command::new("ssh");
        cmd.args(self.ssh_args(key))
            .args(extra)
            .arg("someone@127.0.0.1")
            .arg("--")
            .args(args)
            .env("HOME", &self.dir)
            .env_remove("SSH_AUTH_SOCK")
            .stdin(Stdio::null());
        cmd
    }

    /// Runs `ssh ... ARGS` and returns what it printed and its exit status.
    pub fn run(&self, key: &Path, args: &[&str]) -> Output {
        self.ssh(key, &[], args).output().unwrap()
    }

    /// Runs `ssh ... ARGS < FILE`.
    pub fn run_with_input(&self, key: &Path, args: &[&str], input: &Path) -> Output {
        let file = std::fs::File::open(input).unwrap();
        self.ssh(key, &[], args).stdin(file).output().unwrap()
    }

    /// `ssh -tt` in a pseudo-terminal: the workstation as the key's agent.
    pub fn terminal(&self, key: &Path, extra: &[&str], cols: u16, rows: u16) -> Pty {
        let mut cmd = CommandBuilder::new("ssh");
        cmd.args(self.ssh_args(key));
        cmd.args(extra);
        cmd.args(["-tt", "someone@127.0.0.1"]);
        cmd.cwd(&self.dir);
        cmd.env("HOME", &self.dir);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("SSH_AUTH_SOCK");
        cmd.env_remove("NO_COLOR");
        Pty::spawn(cmd, cols, rows)
    }

    /// The audit log's rows (header first), as the desk's command line
    /// exports it.
    pub fn audit(&self) -> Vec<Vec<String>> {
        let out = self.local(&["export", "audit"]);
        assert!(out.status.success(), "{}", stderr(&out));
        super::csv_rows(&stdout(&out))
    }

    /// Waits until the audit log holds a row for which `wanted` holds.
    pub fn wait_for_audit(&self, wanted: impl Fn(&[String]) -> bool) -> Vec<Vec<String>> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let rows = self.audit();
            if rows.iter().any(|r| wanted(r)) {
                return rows;
            }
            assert!(Instant::now() < deadline, "no such audit row in:\n{rows:?}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends the server a signal (`libc::SIGKILL`, `SIGTERM`...).
    pub fn signal(&self, signal: i32) {
        // SAFETY: kill(2) on the server this desk started and has not reaped.
        assert_eq!(unsafe { libc::kill(self.server.id() as i32, signal) }, 0);
    }

    /// Waits for the server to end; its exit code (`None`: a signal ended it).
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<i32> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.server.try_wait().unwrap() {
                return status.code();
            }
            assert!(Instant::now() < deadline, "the server did not end:\n{}", self.log());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.server.id()
    }

    /// The server's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("recoup.log")).unwrap_or_default()
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

/// From the workstation, through the pre-call plan, onto a call with the
/// first debtor of the queue.
pub fn into_call(pty: &mut Pty) {
    pty.wait_for("Commitments", Duration::from_secs(20));
    pty.wait_for(" · ACC-", Duration::from_secs(20));
    pty.send(b"c");
    pty.wait_for("Pre-call plan", Duration::from_secs(20));
    for key in [b" ", b"j", b" ", b"j", b"j", b"\r"] {
        pty.send(key);
    }
    pty.type_text("PTP by Friday");
    pty.send(b"\r");
    pty.send(b"j");
    pty.send(b"j");
    pty.send(b" ");
    pty.wait_for("Goal for this call: PTP by Friday", Duration::from_secs(20));
    pty.send(b"\x13");
    pty.wait_for("ON CALL", Duration::from_secs(20));
}

/// Two workstations of alice on the desk; the first saves a note outside a
/// call (`n`, the text, Ctrl-S) and the second shows it within the wait.
pub fn note_seen_by_another_session(desk: &Desk, text: &str) {
    let wait = Duration::from_secs(15);
    let alice = desk.key_for("alice");
    let mut first = desk.terminal(&alice, &[], 120, 36);
    let second = desk.terminal(&alice, &[], 120, 36);
    for pty in [&first, &second] {
        pty.wait_for("Commitments", wait);
        pty.wait_for(" · ACC-", wait);
    }
    first.send(b"n");
    first.wait_for("Note · ", wait);
    first.type_text(text);
    first.wait_for(text, wait);
    first.send(b"\x13"); // Ctrl-S
    first.wait_for("Note saved", wait);
    second.wait_for(text, wait);
}
