//! End to end: the real binary in a pseudo-terminal, keys typed, the screen
//! read, and the database checked through `recoup export`.

mod common;

use std::path::Path;
use std::time::Duration;

use common::pty::Pty;
use common::{csv_rows, recoup, stderr, stdout};

const WAIT: Duration = Duration::from_secs(10);

fn demo(dir: &Path, debtors: &str) -> String {
    let db = dir.join("book.sqlite");
    let out = recoup(dir)
        .args(["demo", "--db", db.to_str().unwrap(), "--debtors", debtors])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    db.to_str().unwrap().to_owned()
}

fn export(dir: &Path, db: &str, kind: &str) -> Vec<Vec<String>> {
    let out = recoup(dir).args(["--db", db, "export", kind]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    csv_rows(&stdout(&out))
}

/// The selected debtor's ref, read off the account header once it is there
/// (the first frame comes before the store has answered).
fn selected_ref(pty: &Pty) -> String {
    pty.wait_for(" · ACC-", WAIT);
    let screen = pty.screen();
    let line = screen.lines().nth(2).unwrap();
    let at = line.find("ACC-").expect("a ref in the account header");
    line[at..at + 9].to_owned()
}

#[test]
fn a_note_typed_in_the_workstation_is_in_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), "30");
    let mut pty = Pty::recoup(dir.path(), &["--db", &db, "--agent", "alice"], &[], 140, 42);
    pty.wait_for("Commitments", WAIT);
    assert!(pty.alternate_screen());
    let reference = selected_ref(&pty);
    pty.send(b"n");
    pty.wait_for("Note · ", WAIT);
    pty.type_text("Jane in AP confirms the run on Friday.");
    pty.wait_for("Jane in AP confirms the run on Friday.", WAIT);
    pty.send(b"\x13"); // Ctrl-S
    pty.wait_for("Note saved", WAIT);
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), 0);
    assert!(!pty.alternate_screen(), "the terminal is back on the main screen");

    let notes = export(dir.path(), &db, "notes");
    assert_eq!(
        notes[0],
        ["id", "debtor_ref", "created_at", "agent", "call_id", "amends_note_id", "body"]
    );
    let ours: Vec<_> =
        notes.iter().filter(|r| r[6] == "Jane in AP confirms the run on Friday.").collect();
    assert_eq!(ours.len(), 1, "exactly one note saved");
    assert_eq!(ours[0][1], reference);
    assert_eq!(ours[0][3], "alice");
}

#[test]
fn ctrl_c_in_the_editor_restores_the_terminal_and_keeps_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), "10");
    let mut pty = Pty::recoup(dir.path(), &["--db", &db, "--agent", "alice"], &[], 120, 36);
    pty.wait_for(" · ACC-", WAIT);
    pty.send(b"n");
    pty.wait_for("Note · ", WAIT);
    pty.type_text("customer says the cheque is in the post");
    pty.wait_for("cheque is in the post", WAIT);
    pty.send(b"\x03"); // Ctrl-C
    assert_eq!(pty.wait_exit(WAIT), 0);
    assert!(!pty.alternate_screen());
    drop(pty);

    let mut again = Pty::recoup(dir.path(), &["--db", &db, "--agent", "alice"], &[], 120, 36);
    again.wait_for("Unsaved notes kept for ", WAIT);
    again.wait_for("Draft, not yet saved", WAIT);
    again.send(b"n");
    again.wait_for("Your unsaved draft for this debtor is back", WAIT);
    assert!(again.screen().contains("customer says the cheque is in the post"));
    again.send(b"\x13");
    again.wait_for("Note saved", WAIT);
    again.send(b"q");
    assert_eq!(again.wait_exit(WAIT), 0);
    let notes = export(dir.path(), &db, "notes");
    assert!(notes.iter().any(|r| r[6] == "customer says the cheque is in the post"));
}

#[test]
fn a_panic_restores_the_terminal_and_is_logged_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), "5");
    let mut pty = Pty::recoup(
        dir.path(),
        &["--db", &db, "--agent", "alice"],
        &[("RECOUP_FAULT_PANIC_KEY", "%")],
        120,
        36,
    );
    pty.wait_for("Commitments", WAIT);
    pty.send(b"%");
    let code = pty.wait_exit(WAIT);
    assert_ne!(code, 0);
    assert!(!pty.alternate_screen(), "left the alternate screen");
    let log = dir.path().join("recoup.log");
    let output = pty.output();
    assert!(output.contains("recoup stopped because of a bug"), "{output}");
    assert!(output.contains(log.to_str().unwrap()), "names the log file: {output}");
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(logged.contains("injected fault"), "{logged}");
}

#[test]
fn a_closed_or_terminated_session_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), "5");
    // SIGHUP is what a closed window or a dropped SSH session sends; the
    // others end a process by default, so each must restore the terminal.
    let ending = ["-TERM", "-HUP", "-INT", "-QUIT", "-USR1", "-USR2", "-ALRM", "-XCPU"];
    for signal in ending {
        let mut pty = Pty::recoup(dir.path(), &["--db", &db, "--agent", "alice"], &[], 120, 36);
        pty.wait_for("Commitments", WAIT);
        assert!(pty.raw_mode() && pty.alternate_screen(), "{signal}: the workstation is up");
        let status = std::process::Command::new("kill")
            .args([signal, &pty.pid().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        assert_eq!(pty.wait_exit(WAIT), 0, "{signal}");
        assert!(!pty.alternate_screen(), "{signal}");
        assert!(!pty.raw_mode(), "{signal}: the terminal is out of raw mode");
    }
    // A signal that means the process is broken ends it, terminal restored.
    let mut pty = Pty::recoup(dir.path(), &["--db", &db, "--agent", "alice"], &[], 120, 36);
    pty.wait_for("Commitments", WAIT);
    let status = std::process::Command::new("kill")
        .args(["-ABRT", &pty.pid().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert_ne!(pty.wait_exit(WAIT), 0, "SIGABRT ends it");
    assert!(!pty.alternate_screen(), "SIGABRT: main screen");
    assert!(!pty.raw_mode(), "SIGABRT: out of raw mode");
    println!("{} signals end the workstation with the terminal restored", ending.len() + 1);
}

#[test]
fn another_process_note_appears_on_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), "20");
    let mut pty = Pty::recoup(dir.path(), &["--db", &db, "--agent", "alice"], &[], 140, 42);
    pty.wait_for("Commitments", WAIT);
    let reference = selected_ref(&pty);
    let out = recoup(dir.path())
        .args([
            "--db",
            &db,
            "--agent",
            "bob",
            "note",
            "add",
            &reference,
            "Dialer: left voicemail at 14:05",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // How soon is a benchmark's business (`other_desk_commit_seen`).
    pty.wait_for("Dialer: left voicemail at 14:05", WAIT);
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), 0);
}

#[test]
fn too_small_a_terminal_gets_a_message_and_q_still_quits() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), "5");
    let mut pty = Pty::recoup(dir.path(), &["--db", &db, "--agent", "alice"], &[], 60, 15);
    pty.wait_for("Terminal too small", WAIT);
    // Keys other than q do nothing while nothing can be seen.
    pty.send(b"c");
    pty.send(b"n");
    pty.resize(140, 42);
    pty.wait_for("Commitments", WAIT);
    assert!(!pty.screen().contains("Pre-call plan"), "c did nothing while too small");
    assert!(!pty.screen().contains("Note · "), "n did nothing while too small");
    pty.resize(60, 15);
    pty.wait_for("Terminal too small", WAIT);
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), 0);
}

#[test]
fn demo_flag_creates_the_demo_book_once_and_opens_as_alice() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::recoup(dir.path(), &["--demo"], &[], 140, 42);
    pty.wait_for("alice (agent)", Duration::from_secs(30));
    pty.wait_for("Commitments", WAIT);
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), 0);
    let book = dir.path().join("data").join("recoup").join("demo.sqlite");
    assert!(book.exists(), "demo book at {}", book.display());
    let out = recoup(dir.path()).args(["--db", book.to_str().unwrap(), "check"]).output().unwrap();
    assert!(stdout(&out).contains("1000 debtors"), "{}", stdout(&out));
}
