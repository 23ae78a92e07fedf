//! Nothing lost on a served desk (issue 12): a dropped connection, a killed
//! server and a stopped one each leave the call and its notes to come back.

mod common;

use std::time::{Duration, Instant};

use common::pty::Pty;
use common::serve::{Desk, into_call};

const WAIT: Duration = Duration::from_secs(20);
const NOTE: &str = "Spoke to AP, remittance advice by Friday";

/// On a call, the note typed; the server has drawn it (so it has every key).
fn call_with_note(desk: &Desk, key: &std::path::Path) -> Pty {
    let mut pty = desk.terminal(key, &[], 120, 36);
    into_call(&mut pty);
    pty.type_text(NOTE);
    pty.wait_for(NOTE, WAIT);
    pty
}

/// The call back on screen, with its note.
fn recovered(pty: &Pty) {
    pty.wait_for("Call recovered: it started at 14:03 and was not wrapped up", WAIT);
    pty.wait_for("ON CALL", WAIT);
    pty.wait_for(NOTE, WAIT);
}

fn signal(pid: u32, signal: i32) {
    // SAFETY: kill(2) on a client this test started.
    assert_eq!(unsafe { libc::kill(pid as i32, signal) }, 0);
}

fn wait_for_log(desk: &Desk, text: &str) {
    let deadline = Instant::now() + WAIT;
    while !desk.log().contains(text) {
        assert!(Instant::now() < deadline, "no {text:?} in the log:\n{}", desk.log());
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_dropped_connection_mid_call_resumes_with_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::start(dir.path());
    let alice = desk.key_for("alice");
    let mut pty = call_with_note(&desk, &alice);
    pty.wait_for("Notes (saved 14:03", WAIT);
    // The client dies without a word: no channel close, no disconnect.
    signal(pty.pid(), libc::SIGKILL);
    pty.wait_exit(WAIT);
    wait_for_log(&desk, "the workstation of alice closed");
    assert!(!desk.log().contains("ERROR"), "a dropped connection is no error:\n{}", desk.log());
    let again = desk.terminal(&alice, &[], 120, 36);
    recovered(&again);
}

#[test]
fn a_session_the_desk_has_not_seen_drop_gives_its_call_to_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::start(dir.path());
    let alice = desk.key_for("alice");
    // A second session of alice's, on the queue, is left alone throughout.
    let other = desk.terminal(&alice, &[], 120, 36);
    other.wait_for(" · ACC-", WAIT);
    let mut old = call_with_note(&desk, &alice);
    // The old connection hangs (a laptop's lid shut): the server still
    // thinks it is there when alice connects again.
    signal(old.pid(), libc::SIGSTOP);
    let mut new = desk.terminal(&alice, &[], 120, 36);
    recovered(&new);
    wait_for_log(&desk, "the call of alice moved to the session opened now");
    new.type_text(" (then called back)");
    new.wait_for("by Friday (then called back)", WAIT);
    // When it wakes, the old one is told where its call went, and ends.
    signal(old.pid(), libc::SIGCONT);
    assert_eq!(old.wait_exit(WAIT), 0);
    let said = "recoup: your call went on in your new session, so this one is closed; your notes are saved";
    old.wait_for(said, WAIT);
    assert!(!old.alternate_screen());
    // Her session without a call goes on; the new one wraps the call up.
    let mut other = other;
    assert!(other.child.try_wait().unwrap().is_none(), "{}", other.screen());
    other.send(b"j");
    assert!(other.child.try_wait().unwrap().is_none());
    new.send(b"\x13");
    new.wait_for("Wrap-up", WAIT);
}

#[test]
fn the_server_killed_mid_call_and_started_again_reopens_the_call_with_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::start(dir.path());
    let alice = desk.key_for("alice");
    let mut pty = call_with_note(&desk, &alice);
    // Saved as typed; the second after it, then no warning at all.
    pty.wait_for("Notes (saved 14:03", WAIT);
    std::thread::sleep(Duration::from_secs(1));
    desk.signal(libc::SIGKILL);
    assert_eq!(desk.wait_exit(WAIT), None, "killed");
    assert_eq!(pty.wait_exit(WAIT), 255, "ssh: the connection was lost");
    let book = desk.book.clone();
    drop(desk);
    let desk = Desk::serve(dir.path(), &book);
    let again = desk.terminal(&alice, &[], 120, 36);
    recovered(&again);
}

#[test]
fn sigterm_tells_every_client_saves_the_notes_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::start(dir.path());
    let alice = desk.key_for("alice");
    let bob = desk.key_for("bob");
    let mut on_call = desk.terminal(&alice, &[], 120, 36);
    into_call(&mut on_call);
    let mut queue = desk.terminal(&bob, &[], 120, 36);
    queue.wait_for(" · ACC-", WAIT);
    // Typed, and drawn by the server, but not waited on being saved.
    on_call.type_text(NOTE);
    on_call.wait_for(NOTE, WAIT);
    desk.signal(libc::SIGTERM);
    assert_eq!(desk.wait_exit(WAIT), Some(0), "{}", desk.log());
    let said = "recoup: the desk is restarting; your notes are saved";
    for pty in [&mut on_call, &mut queue] {
        assert_eq!(pty.wait_exit(WAIT), 75, "EX_TEMPFAIL: connect again shortly");
        pty.wait_for(said, WAIT);
        assert!(!pty.alternate_screen(), "{}", pty.screen());
    }
    let log = desk.log();
    assert!(log.contains("SIGTERM: stopping; 2 workstations told"), "{log}");
    assert!(log.contains("every session ended"), "{log}");
    let logouts = desk.audit().into_iter().filter(|r| r[3] == "session" && r[5] == "logout");
    let mut who: Vec<String> = logouts.map(|r| r[2].clone()).collect();
    who.sort();
    assert_eq!(who, ["alice", "bob"]);
    // The note is in the book: the call comes back with it.
    let book = desk.book.clone();
    drop(desk);
    let desk = Desk::serve(dir.path(), &book);
    recovered(&desk.terminal(&alice, &[], 120, 36));
}
