//! `recoup serve` and the real OpenSSH client: the host key, who gets in
//! (a registered key, nothing else), the workstation on the client's
//! terminal, and the logins and logouts in the audit log (issue 12).

mod common;

use std::time::Duration;

use common::serve::Desk;
use common::stderr;

const WAIT: Duration = Duration::from_secs(15);

fn session_rows(rows: &[Vec<String>]) -> Vec<Vec<String>> {
    rows.iter().filter(|r| r[3] == "session").cloned().collect()
}

#[test]
fn the_first_start_makes_a_private_host_key_and_prints_its_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::start(dir.path());
    let key = dir.path().join("data/recoup/ssh_host_ed25519_key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // The fingerprint printed is the one ssh-keygen gives for the key.
    let out = std::process::Command::new("ssh-keygen").arg("-lf").arg(&key).output().unwrap();
    let keygen = String::from_utf8_lossy(&out.stdout);
    let fingerprint = keygen.split_whitespace().nth(1).unwrap();
    assert_eq!(
        desk.banner[0],
        format!("host key {fingerprint} (ED25519) in {}, made now", key.display())
    );
    assert!(desk.banner[1].starts_with("listening on 127.0.0.1:"), "{:?}", desk.banner);
    drop(desk);
    // The next start reads the same key.
    let again = Desk::serve(dir.path(), &dir.path().join("book.sqlite"));
    assert_eq!(again.banner[0], format!("host key {fingerprint} (ED25519) in {}", key.display()));
}

#[test]
fn a_registered_key_opens_the_workstation_as_its_agent_and_the_session_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::start(dir.path());
    let key = desk.key_for("alice");
    let mut pty = desk.terminal(&key, &[], 120, 36);
    // The SSH user name ("someone") is ignored: the key says alice.
    pty.wait_for("recoup · alice (agent)", WAIT);
    pty.wait_for("Commitments", WAIT);
    assert!(pty.alternate_screen());
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), 0);
    assert!(!pty.alternate_screen(), "the client's terminal is back on its main screen");

    let fingerprint = {
        let out = desk.local(&["agent", "key", "list"]);
        String::from_utf8_lossy(&out.stdout).split('\t').nth(1).unwrap().to_owned()
    };
    let rows = desk.wait_for_audit(|r| r[3] == "session" && r[5] == "logout");
    let sessions = session_rows(&rows);
    let actions: Vec<(&str, &str)> =
        sessions.iter().map(|r| (r[2].as_str(), r[5].as_str())).collect();
    assert_eq!(actions, [("alice", "login"), ("alice", "logout")]);
    for row in &sessions {
        assert!(row[7].starts_with(&format!("key {fingerprint} from 127.0.0.1:")), "{row:?}");
    }
    let log = desk.log();
    assert!(log.contains("login: alice") && log.contains("logout: alice"), "{log}");
}

#[test]
fn an_unregistered_key_and_a_password_are_refused_and_nothing_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::start(dir.path());
    let _alice = desk.key_for("alice");
    let stranger = desk.keygen("stranger");
    let out = desk.run(&stranger, &["report", "aging"]);
    assert_eq!(out.status.code(), Some(255), "{}", stderr(&out));
    assert!(stderr(&out).contains("Permission denied (publickey)"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());

    let password = ["-o", "PreferredAuthentications=password", "-o", "PubkeyAuthentication=no"];
    let out = desk.ssh(&stranger, &password, &["report", "aging"]).output().unwrap();
    assert_eq!(out.status.code(), Some(255), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let keyboard = ["-o", "PreferredAuthentications=keyboard-interactive"];
    let out = desk.ssh(&stranger, &keyboard, &["report", "aging"]).output().unwrap();
    assert_eq!(out.status.code(), Some(255), "{}", stderr(&out));

    assert!(session_rows(&desk.audit()).is_empty(), "no session was opened");
    assert!(desk.log().contains("is not registered"), "the refusal is logged");
}

#[test]
fn the_workstation_takes_the_clients_size_and_follows_its_window() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::start(dir.path());
    let key = desk.key_for("alice");
    let pty = desk.terminal(&key, &[], 100, 30);
    pty.wait_for("Commitments", WAIT);
    let width = |pty: &common::pty::Pty| {
        let screen = pty.screen();
        let line = screen.lines().nth(1).unwrap_or("").trim_end().to_owned();
        line.chars().count()
    };
    assert_eq!(width(&pty), 100, "{}", pty.screen());
    pty.resize(140, 42);
    let deadline = std::time::Instant::now() + WAIT;
    while width(&pty) != 140 {
        assert!(std::time::Instant::now() < deadline, "never redrawn at 140:\n{}", pty.screen());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(pty.screen().lines().nth(1).unwrap_or("").trim_end().ends_with('┐'));
}

#[test]
fn no_color_sent_by_the_client_turns_colours_off() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::start(dir.path());
    let key = desk.key_for("alice");
    let coloured = desk.terminal(&key, &[], 120, 36);
    coloured.wait_for("Commitments", WAIT);
    let plain = desk.terminal(&key, &["-o", "SetEnv=NO_COLOR=1"], 120, 36);
    plain.wait_for("Commitments", WAIT);
    // A colour is SGR `ESC [ ... m` with 30-38 (foreground) or 40-48
    // (background) among its parameters; 39 and 49 are the defaults.
    let colours = |out: &str| {
        out.split("\x1b[")
            .skip(1)
            .filter(|seq| {
                let params: String =
                    seq.chars().take_while(|c| c.is_ascii_digit() || *c == ';').collect();
                seq[params.len()..].starts_with('m')
                    && params.split(';').any(|p| {
                        let n: u16 = p.parse().unwrap_or(0);
                        (30..=38).contains(&n) || (40..=48).contains(&n)
                    })
            })
            .count()
    };
    assert!(colours(&coloured.output()) > 0, "the workstation has colours by default");
    assert_eq!(colours(&plain.output()), 0, "NO_COLOR: none");
}
