//! A served desk's limits, from `[serve]` in the server's config (issue 12):
//! `max_sessions` (workstations and running commands) and `idle_timeout`;
//! and a stopping server letting a running command finish.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::serve::{Desk, into_call};
use common::{stderr, stdout};

const WAIT: Duration = Duration::from_secs(20);
const PAYMENT: &str = "\
debtor_ref,received_on,amount,invoice_number,reference
ACC-10001,2026-11-20,100.00,,HELD-1
";

/// A demo book and a server with this `[serve]` section.
fn desk_with(dir: &Path, serve: &str) -> Desk {
    let book = common::serve::demo(dir);
    let config = dir.join("serve.toml");
    std::fs::write(&config, format!("[serve]\n{serve}")).unwrap();
    Desk::serve_with(dir, &book, &["--config", config.to_str().unwrap()])
}

fn wait_for_log(desk: &Desk, text: &str) {
    let deadline = Instant::now() + WAIT;
    while !desk.log().contains(text) {
        assert!(Instant::now() < deadline, "no {text:?} in the log:\n{}", desk.log());
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `ssh desk import payments -` as carol, its input left open: a command
/// that runs until the file is sent.
fn import_waiting(desk: &Desk, carol: &Path) -> Child {
    let child = desk
        .ssh(carol, &[], &["import", "payments", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_log(desk, "runs: import payments -");
    child
}

/// Sends the payments file and waits for the import's end.
fn finish_import(mut child: Child) -> std::process::Output {
    child.stdin.take().unwrap().write_all(PAYMENT.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn past_max_sessions_a_session_is_refused_and_a_running_command_counts() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk_with(dir.path(), "max_sessions = 2\n");
    let alice = desk.key_for("alice");
    let carol = desk.key_for("carol");
    let first = desk.terminal(&alice, &[], 120, 36);
    first.wait_for(" · ACC-", WAIT);
    let import = import_waiting(&desk, &carol);

    let full = "recoup: the desk is full (2 sessions); try again shortly";
    let mut refused = desk.terminal(&alice, &[], 120, 36);
    assert_eq!(refused.wait_exit(WAIT), 2);
    refused.wait_for(full, WAIT);
    let out = desk.run(&alice, &["report", "aging", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), format!("{full}\n"));
    assert!(out.stdout.is_empty());
    assert!(desk.log().contains("refused for alice: the desk is full (2 sessions)"));

    // The command ends: its seat is free again.
    let out = finish_import(import);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = desk.run(&alice, &["report", "aging", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let second = desk.terminal(&alice, &[], 120, 36);
    second.wait_for(" · ACC-", WAIT);
    assert!(stdout(&desk.local(&["export", "payments"])).contains("HELD-1"));
}

#[test]
fn an_idle_workstation_is_warned_then_closed_and_its_call_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk_with(dir.path(), "idle_timeout = \"6s\"\n");
    let alice = desk.key_for("alice");
    let mut pty = desk.terminal(&alice, &[], 140, 36);
    pty.wait_for(" · ACC-", WAIT);
    // Under two minutes the warning comes at half the time.
    let warning = "No key for 3 seconds: this session closes in 3 seconds unless you press a key";
    pty.wait_for(warning, WAIT);
    pty.send(b"j");
    let deadline = Instant::now() + WAIT;
    while pty.screen().contains(warning) {
        assert!(Instant::now() < deadline, "a key takes the warning off:\n{}", pty.screen());
        std::thread::sleep(Duration::from_millis(10));
    }
    pty.send(b"k");
    into_call(&mut pty);
    pty.type_text("Left a voicemail for AP");
    pty.wait_for("Left a voicemail for AP", WAIT);
    let quiet = Instant::now();
    assert_eq!(pty.wait_exit(WAIT), 0);
    assert!(quiet.elapsed() >= Duration::from_secs(5), "{:?}", quiet.elapsed());
    pty.wait_for(
        "recoup: no key for 6 seconds, so this session is closed; your notes are saved",
        WAIT,
    );
    let again = desk.terminal(&alice, &[], 140, 36);
    again.wait_for("Call recovered", WAIT);
    again.wait_for("Left a voicemail for AP", WAIT);
}

#[test]
fn a_command_running_at_sigterm_is_let_finish() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk_with(dir.path(), "");
    let carol = desk.key_for("carol");
    let import = import_waiting(&desk, &carol);
    desk.signal(libc::SIGTERM);
    wait_for_log(&desk, "SIGTERM: stopping; 0 workstations told, 1 commands let finish");
    // No new session while it stops.
    let out = desk.run(&carol, &["report", "aging"]);
    assert_ne!(out.status.code(), Some(0));
    let out = finish_import(import);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(desk.wait_exit(WAIT), Some(0), "{}", desk.log());
    assert!(stdout(&desk.local(&["export", "payments"])).contains("HELD-1"));
}
