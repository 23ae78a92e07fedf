//! The real binary in a pseudo-terminal: time from launch to the first full
//! frame, and the process's peak memory after a session of key presses.
//! `cargo bench --bench startup`.

mod support;

#[allow(dead_code)]
#[path = "../tests/common/pty.rs"]
mod pty;

use std::time::{Duration, Instant};

use pty::Pty;

fn vm_hwm(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".into())
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for debtors in [1_000, 100_000] {
        let path = support::book(debtors);
        let db = path.to_str().unwrap();
        let mut times = Vec::new();
        let mut memory = String::new();
        for run in 0..10 {
            let started = Instant::now();
            let mut p = Pty::recoup(dir.path(), &["--db", db, "--agent", "alice"], &[], 140, 42);
            p.wait_for("Commitments", Duration::from_secs(30));
            p.wait_for("Track record", Duration::from_secs(30));
            times.push(started.elapsed());
            if run == 0 {
                for _ in 0..300 {
                    p.send(b"j");
                }
                p.send(b"G/north");
                std::thread::sleep(Duration::from_millis(300));
                memory = vm_hwm(p.pid());
            }
            p.send(b"\x1b");
            p.send(b"q");
            p.wait_exit(Duration::from_secs(10));
        }
        times.sort();
        println!(
            "{debtors} debtors: launch to first frame median {:?} (min {:?}, max {:?}); peak memory after 300 moves, G and a search: {memory}",
            times[times.len() / 2],
            times[0],
            times[times.len() - 1]
        );
    }
}
