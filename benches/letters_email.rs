//! Sending 1,000 emails through the outbox to a real SMTP server on
//! 127.0.0.1 (aiosmtpd, counting only): the rate, and resident memory as
//! the run goes (it must stay flat: one message in memory at a time).
//! Queuing them first renders each statement and its PDF, which is timed
//! too. `cargo bench --bench letters_email` (needs python3 with aiosmtpd).

use std::io::BufRead;
use std::process::{Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use recoup::app::write::WriteOutput;
use recoup::clock::Moment;
use recoup::config::MailConfig;
use recoup::demo::{DemoOptions, generate};
use recoup::letters::bulk::{Plan, run};
use recoup::letters::sender::send_due;
use recoup::letters::transport::MailOut;
use recoup::store::Store;

const DEBTORS: usize = 1_000;

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/smtp_sink.py");
    let mut sink = Command::new("python3")
        .args([script, &port.to_string(), dir.path().to_str().unwrap(), "--count"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 with aiosmtpd");
    let mut ready = String::new();
    std::io::BufReader::new(sink.stdout.as_mut().unwrap()).read_line(&mut ready).unwrap();
    assert_eq!(ready.trim(), "ready");

    let now = chrono::Utc::now();
    let store = Store::open(&dir.path().join("book.sqlite")).unwrap();
    let at = Moment::in_zone(now, chrono_tz::Tz::UTC);
    generate(&store, at, DemoOptions { debtors: DEBTORS, seed: 7 }).unwrap();
    let carol = store.agent_by_name("carol").unwrap().unwrap();
    let ids: Vec<i64> = (1..=DEBTORS as i64).collect();
    let pdfs = dir.path().join("pdfs");
    let plan = Plan {
        template: "statement",
        prefer: WriteOutput::Email,
        pdf_dir: &pdfs,
        again: true,
        dry_run: false,
    };
    let started = Instant::now();
    let summary = run(&store, &carol, ids.into_iter(), &plan, now, |_| {});
    let queued = started.elapsed();
    println!(
        "queued {} statements (text and PDF rendered, written to the outbox) in {queued:.2?}: {:.0}/s; {}",
        summary.emailed,
        summary.emailed as f64 / queued.as_secs_f64(),
        summary.sentence()
    );

    let mail = MailConfig {
        smtp: Some(format!("127.0.0.1:{port}")),
        tls: Some("none".into()),
        ..MailConfig::default()
    };
    let out = MailOut::from_config(&mail).unwrap().unwrap();
    let stop = AtomicBool::new(false);
    let mut samples = Vec::new();
    let mut n = 0;
    let started = Instant::now();
    let done = send_due(&store, &out, &|| chrono::Utc::now(), &stop, |_, result| {
        assert!(result.is_ok(), "{result:?}");
        n += 1;
        if n % 100 == 0 {
            samples.push((n, rss_kib()));
        }
    })
    .unwrap();
    let took = started.elapsed();
    println!(
        "sent {} emails to aiosmtpd on 127.0.0.1 in {took:.2?}: {:.0} messages/s",
        done.sent,
        done.sent as f64 / took.as_secs_f64()
    );
    let line: Vec<String> =
        samples.iter().map(|(n, kib)| format!("{n}: {} MiB", kib / 1024)).collect();
    println!("resident memory as it went: {}", line.join(", "));
    let received: usize = std::fs::read_to_string(dir.path().join("count"))
        .unwrap_or_default()
        .trim()
        .parse()
        .unwrap_or(0);
    println!("the server counted {received}");
    let _ = sink.kill();
    let _ = sink.wait();
}
