//! Letters by email through a real SMTP server on 127.0.0.1 (Python's
//! aiosmtpd, tests/support/smtp_sink.py): the message arrives with its
//! headers and the PDF; with the server down it waits in the outbox with
//! the error and goes once the server is back, exactly once; a sender
//! killed mid-send loses nothing.

mod common;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{NOW, recoup, stderr, stdout};

/// The SMTP sink, stopped when dropped.
struct Sink {
    child: Child,
    dir: PathBuf,
}

impl Sink {
    fn start(port: u16, dir: &Path) -> Sink {
        std::fs::create_dir_all(dir).unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_sink.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg(port.to_string())
            .arg(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs (.ci/run installs aiosmtpd)");
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.as_mut().unwrap()),
            &mut line,
        )
        .unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP sink started (is aiosmtpd installed?)");
        Sink { child, dir: dir.to_owned() }
    }

    /// The messages received so far, parsed.
    fn messages(&self) -> Vec<serde_json::Value> {
        let mut found: Vec<(u32, serde_json::Value)> = std::fs::read_dir(&self.dir)
            .unwrap()
            .filter_map(|e| {
                let p = e.ok()?.path();
                let n: u32 = p.file_name()?.to_str()?.strip_suffix(".json")?.parse().ok()?;
                Some((n, serde_json::from_str(&std::fs::read_to_string(&p).ok()?).ok()?))
            })
            .collect();
        found.sort_by_key(|(n, _)| *n);
        found.into_iter().map(|(_, v)| v).collect()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A demo book and a config whose `[mail]` is the sink's port.
fn desk(dir: &Path, port: u16) -> (String, PathBuf) {
    let db = common::cli_book::demo(dir, 12);
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "pdf_dir = \"{}\"\n[mail]\nsmtp = \"127.0.0.1:{port}\"\ntls = \"none\"\n",
            dir.join("pdfs").display()
        ),
    )
    .unwrap();
    (db, config)
}

fn run_at(
    dir: &Path,
    db: &str,
    config: &Path,
    now: &str,
    agent: &str,
    args: &[&str],
) -> std::process::Output {
    recoup(dir)
        .env("RECOUP_NOW", now)
        .args(["--db", db, "--agent", agent, "--config", config.to_str().unwrap()])
        .args(args)
        .output()
        .unwrap()
}

fn run(dir: &Path, db: &str, config: &Path, agent: &str, args: &[&str]) -> std::process::Output {
    run_at(dir, db, config, NOW, agent, args)
}

/// `outbox list` rows as (status, attempts, last error) for every message.
fn outbox(dir: &Path, db: &str, config: &Path) -> Vec<String> {
    let out = run(dir, db, config, "carol", &["outbox", "list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).lines().skip(1).map(str::to_owned).collect()
}

/// A lead's `letters send TEMPLATE --filter FILTER`; what it said.
fn write(dir: &Path, db: &str, config: &Path, template: &str, filter: &str) -> String {
    let out = run(dir, db, config, "carol", &["letters", "send", template, "--filter", filter]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn a_statement_arrives_with_its_headers_and_the_pdf_and_is_noted() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let sink = Sink::start(port, &dir.path().join("mail"));
    let (db, config) = desk(dir.path(), port);
    let said = write(dir.path(), &db, &config, "statement", "debtor:ACC-10003");
    assert!(said.contains("1 letter emailed"), "{said}");
    let out = run(dir.path(), &db, &config, "carol", &["outbox", "send"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("1 sent, 0 not sent, 0 waiting"), "{}", stdout(&out));

    let got = sink.messages();
    assert_eq!(got.len(), 1);
    let m = &got[0];
    assert_eq!(m["from"], "Northwind Supplies Ltd <accounts@northwind.example>");
    assert_eq!(m["reply_to"], "Northwind Supplies Ltd <accounts@northwind.example>");
    assert_eq!(m["to"], "ben.larsen@example.com");
    assert_eq!(m["rcpt_tos"][0], "ben.larsen@example.com");
    assert_eq!(m["subject"], "Statement of account ACC-10003 – Northwind Supplies Ltd");
    let text = m["text"].as_str().unwrap();
    assert!(text.contains("Dear Ben Larsen,") && text.contains("INV-10003-001"), "{text}");
    assert!(text.contains("Amount due now"), "{text}");
    let att = &m["attachments"][0];
    assert_eq!(att["filename"], "ACC-10003-statement-2026-11-25.pdf");
    assert_eq!(att["content_type"], "application/pdf");
    // base64 of "%PDF-1": the attachment is a PDF.
    assert!(att["head"].as_str().unwrap().starts_with("JVBERi0x"), "{att}");
    assert!(att["size"].as_u64().unwrap() > 1000);

    // The message id the server saw is the outbox's, and the outbox says sent.
    let rows = outbox(dir.path(), &db, &config);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].contains(" sent ") && rows[0].contains("ben.larsen@example.com"), "{rows:?}");
    let id = m["message_id"].as_str().unwrap();
    assert!(id.starts_with("<recoup.") && id.ends_with("@recoup.invalid>"), "{id}");

    // The running record: a note on the account names what went, to whom, by whom.
    let notes = run(dir.path(), &db, &config, "carol", &["export", "notes"]);
    let notes = stdout(&notes);
    let line = notes.lines().find(|l| l.contains("emailed to")).unwrap_or_default();
    assert!(line.contains(",ACC-10003,"), "{notes}");
    assert!(
        line.contains("Statement of account emailed to ben.larsen@example.com by carol"),
        "{line}"
    );
    assert!(notes.contains("Attached: ACC-10003-statement-2026-11-25.pdf"), "{notes}");
}

#[test]
fn with_the_server_down_it_waits_with_the_error_and_goes_once_when_it_is_back() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let (db, config) = desk(dir.path(), port);
    write(dir.path(), &db, &config, "reminder-friendly", "debtor:ACC-10003");

    // Nobody listens on the port.
    let out = run(dir.path(), &db, &config, "carol", &["outbox", "send"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("0 sent, 1 not sent, 1 waiting"), "{}", stdout(&out));
    let rows = outbox(dir.path(), &db, &config);
    assert!(rows[0].contains(" queued ") && rows[0].contains("Connection refused"), "{rows:?}");

    // Back up: too soon for the retry (30 s backoff) sends nothing...
    let sink = Sink::start(port, &dir.path().join("mail"));
    let out = run(dir.path(), &db, &config, "carol", &["outbox", "send"]);
    assert!(stdout(&out).starts_with("0 sent, 0 not sent, 1 waiting"), "{}", stdout(&out));
    // ...a minute later it goes, once; sending again sends nothing more.
    let later = "2026-11-25T14:04:00+00:00";
    for _ in 0..2 {
        let out = run_at(dir.path(), &db, &config, later, "carol", &["outbox", "send"]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let got = sink.messages();
    assert_eq!(got.len(), 1, "exactly once");
    assert!(got[0]["subject"].as_str().unwrap().starts_with("A friendly reminder"));
    let rows = outbox(dir.path(), &db, &config);
    assert!(rows[0].contains(" sent ") && rows[0].contains("        2 "), "two attempts: {rows:?}");
}

/// Starts `outbox send` paused (the `faults` feature) at `at`, waits until
/// it says so, and kills it with SIGKILL.
fn kill_mid_send(dir: &Path, db: &str, config: &Path, at: &str) {
    let mut child = recoup(dir)
        .env("RECOUP_NOW", NOW)
        .env("RECOUP_FAULT_SENDER_PAUSE", at)
        .args(["--db", db, "--agent", "carol", "--config", config.to_str().unwrap()])
        .args(["outbox", "send"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
    let start = Instant::now();
    while !line.contains("paused") && start.elapsed() < Duration::from_secs(20) {
        line.clear();
        std::io::BufRead::read_line(&mut err, &mut line).unwrap();
    }
    assert!(line.contains(&format!("paused {at} sending")), "{line}");
    // SAFETY: kill(2) on our own child's pid.
    unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
    child.wait().unwrap();
}

#[test]
fn a_sender_killed_mid_send_loses_no_message_and_a_duplicate_keeps_its_id() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let sink = Sink::start(port, &dir.path().join("mail"));
    let (db, config) = desk(dir.path(), port);
    write(dir.path(), &db, &config, "statement", "all");
    let queued = outbox(dir.path(), &db, &config).iter().filter(|r| r.contains(" queued ")).count();
    assert!(queued >= 5, "{queued}");

    // Killed with the first message claimed, before the server had it.
    kill_mid_send(dir.path(), &db, &config, "before");
    assert_eq!(sink.messages().len(), 0);
    // Killed after the server accepted the next, before it was marked sent.
    kill_mid_send(dir.path(), &db, &config, "after");
    assert_eq!(sink.messages().len(), 1);

    let out = run(dir.path(), &db, &config, "carol", &["outbox", "send"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = outbox(dir.path(), &db, &config);
    let emails: Vec<&String> = rows.iter().filter(|r| r.contains(" email ")).collect();
    assert!(emails.iter().all(|r| r.contains(" sent ")), "none lost: {rows:?}");
    let got = sink.messages();
    // Every message arrived; the one killed after acceptance arrived twice,
    // with the same Message-ID, so the copy can be recognised.
    assert_eq!(got.len(), emails.len() + 1, "{got:?}");
    let mut ids: Vec<&str> = got.iter().map(|m| m["message_id"].as_str().unwrap()).collect();
    let twice = ids[0];
    assert_eq!(ids.iter().filter(|i| **i == twice).count(), 2, "{ids:?}");
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), emails.len(), "each message id once, but for the copy");
}
