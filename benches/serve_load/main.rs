//! 50 agents at one served desk: the real release binary runs `recoup serve`
//! on a copy of the 100,000-debtor book; 50 russh clients in this process
//! (one tokio runtime, a pty of 140×42 and a shell each) log in with keys of
//! their own, move in the queue and type and save notes at a person's pace.
//! Key-to-screen and note-save times across all sessions; the server's
//! resident memory and CPU from /proc. `cargo bench --bench serve_load`
//! (`SERVE_LOAD_SESSIONS`, `SERVE_LOAD_ROUNDS`, `SERVE_LOAD_REST` seconds at
//! rest change the defaults, 50, 6 and 10; `SERVE_LOAD_DEBUG=1` prints
//! each key slower than 100 ms and the screen at each lost one,
//! `SERVE_LOAD_LOG=FILE` keeps the server's log).

#[path = "../support/mod.rs"]
mod support;

mod server;
mod session;

use std::time::{Duration, Instant};

use tokio::sync::{mpsc, watch};

use server::{Server, Usage};
use session::{Desk, Figures};

/// The demo book's people; the keys go to them in turn (several keys to one
/// agent, each key to one agent).
const AGENTS: [&str; 3] = ["alice", "bob", "carol"];

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The `p`th percentile (nearest rank) of sorted durations, in ms.
fn pct(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted[rank.min(sorted.len()) - 1].as_secs_f64() * 1000.0
}

fn line(what: &str, mut all: Vec<Duration>) {
    all.sort();
    println!(
        "{what:<28} n={:<6} p50 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms",
        all.len(),
        pct(&all, 50.0),
        pct(&all, 99.0),
        pct(&all, 100.0)
    );
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let sessions = setting("SERVE_LOAD_SESSIONS", 50);
    let rounds = setting("SERVE_LOAD_ROUNDS", 6);
    let source = support::book(100_000);
    let server = Server::start(&source, sessions, &AGENTS);
    std::thread::sleep(Duration::from_secs(2));
    let before = server.usage();
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let (figures, usage) = runtime.block_on(drive(&server, sessions, rounds));
    report(sessions, rounds, &before, &usage, figures);
    println!("driver (this process) CPU: {:.1} s", server::cpu(std::process::id()).as_secs_f64());
    println!(
        "load average (1, 5, 15 min) before: {}; after: {}",
        load.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
}

/// What the server used at each step.
struct Steps {
    open: Usage,
    worked: Usage,
    run_cpu: Duration,
    run_wall: Duration,
    rest_cpu: Duration,
    rest: Duration,
}

async fn drive(server: &Server, sessions: usize, rounds: usize) -> (Vec<Figures>, Steps) {
    // The idle sessions' CPU is taken over this long.
    let rest = Duration::from_secs(setting("SERVE_LOAD_REST", 10) as u64);
    let (opened_tx, mut opened) = mpsc::unbounded_channel();
    let (done_tx, mut done) = mpsc::unbounded_channel();
    let (work_tx, work) = watch::channel(false);
    let (end_tx, end) = watch::channel(false);
    let mut tasks = Vec::new();
    for i in 0..sessions {
        let key = server.keys[i].clone();
        let port = server.port;
        let (opened_tx, done_tx) = (opened_tx.clone(), done_tx.clone());
        let (mut work, mut end) = (work.clone(), end.clone());
        tasks.push(tokio::spawn(async move {
            let mut desk = match Desk::open(port, key).await {
                Ok(desk) => desk,
                Err(e) => panic!("session {i}: {e}"),
            };
            opened_tx.send(()).unwrap();
            desk.idle(&mut work).await;
            for round in 0..rounds {
                desk.round(round).await;
            }
            done_tx.send(()).unwrap();
            desk.idle(&mut end).await;
            desk.quit().await
        }));
    }
    let started = Instant::now();
    for _ in 0..sessions {
        opened.recv().await.expect("a session opened");
    }
    println!("{sessions} sessions open in {:.1} s", started.elapsed().as_secs_f64());
    tokio::time::sleep(Duration::from_secs(2)).await;
    let open = server.usage();
    let run_started = Instant::now();
    work_tx.send(true).unwrap();
    for _ in 0..sessions {
        done.recv().await.expect("a session done");
    }
    let run_wall = run_started.elapsed();
    let worked = server.usage();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rest_from = server.usage();
    println!("at rest for {} s (server pid {})", rest.as_secs(), server.pid());
    tokio::time::sleep(rest).await;
    let rest_to = server.usage();
    end_tx.send(true).unwrap();
    let mut figures = Vec::new();
    for task in tasks {
        figures.push(task.await.unwrap());
    }
    let steps = Steps {
        run_cpu: worked.cpu - open.cpu,
        rest_cpu: rest_to.cpu - rest_from.cpu,
        rest,
        open,
        worked,
        run_wall,
    };
    (figures, steps)
}

fn report(sessions: usize, rounds: usize, before: &Usage, steps: &Steps, figures: Vec<Figures>) {
    let n = sessions as f64;
    println!("\n{sessions} sessions × {rounds} rounds (moves, then a note typed and saved)");
    let mut moves = Vec::new();
    let mut typing = Vec::new();
    let mut saves = Vec::new();
    let mut first = Vec::new();
    let (mut lost, mut refused) = (0, 0);
    for f in figures {
        moves.extend(f.moves);
        typing.extend(f.typing);
        saves.extend(f.saves);
        first.push(f.first_screen);
        lost += f.lost;
        refused += f.refused;
    }
    let mut keys = moves.clone();
    keys.extend(typing.iter().copied());
    line("key → screen, every key", keys);
    line("  queue move (j/k)", moves);
    line("  note keys (n, letters, ^S)", typing);
    line("note save (^S → confirmed)", saves);
    line("login → first screen", first);
    println!("keys whose effect never showed (10 s): {lost}");
    println!("`n` refused with \"Still reading this debtor's account\" (pressed again): {refused}");
    println!(
        "server RSS: {:.1} MiB before any session; {:.1} MiB with {sessions} open ({:.2} MiB a session); \
         {:.1} MiB after the rounds ({:.2} MiB a session); peak {:.1} MiB; {} threads",
        mib(before.rss_kib),
        mib(steps.open.rss_kib),
        mib(steps.open.rss_kib.saturating_sub(before.rss_kib)) / n,
        mib(steps.worked.rss_kib),
        mib(steps.worked.rss_kib.saturating_sub(before.rss_kib)) / n,
        mib(steps.worked.hwm_kib),
        steps.worked.threads,
    );
    let rest = steps.rest_cpu.as_secs_f64() / steps.rest.as_secs_f64();
    println!(
        "server CPU: {:.1} s over the {:.1} s of rounds ({:.0}% of a core); \
         at rest with {sessions} open: {:.1}% of a core ({:.3}% a session, {:.2} ms/s a session)",
        steps.run_cpu.as_secs_f64(),
        steps.run_wall.as_secs_f64(),
        100.0 * steps.run_cpu.as_secs_f64() / steps.run_wall.as_secs_f64(),
        100.0 * rest,
        100.0 * rest / n,
        1000.0 * rest / n,
    );
}
