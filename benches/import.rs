//! Importing 1,000,000 invoice rows, against the sqlite3 shell's `.import`
//! of the same file into a bare table, measured in one run.
//! `cargo bench --bench import` (needs the `sqlite3` shell for the baseline).

mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn timed(mut cmd: Command) -> Duration {
    let started = Instant::now();
    let out = cmd.output().expect("command runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    started.elapsed()
}

fn fresh(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let book = support::book(100_000);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("invoices.csv");
    let rows = support::export_invoices(&book, &csv);
    let db = dir.path().join("import.sqlite");
    let mut best = Duration::MAX;
    let mut baseline = Duration::MAX;
    for _ in 0..3 {
        fresh(&db);
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_recoup"));
        cmd.args(["--db", db.to_str().unwrap(), "--agent", "carol", "import", "invoices"])
            .arg(&csv)
            .arg("--create-debtors")
            .env("RECOUP_LOG", dir.path().join("import.log"));
        best = best.min(timed(cmd));

        let bare = dir.path().join("bare.sqlite");
        fresh(&bare);
        let mut cmd = Command::new("sqlite3");
        cmd.arg(&bare).arg(".mode csv").arg(format!(".import {} invoices", csv.display()));
        if let Ok(out) = cmd.output()
            && out.status.success()
        {
            let mut again = Command::new("sqlite3");
            fresh(&bare);
            again.arg(&bare).arg(".mode csv").arg(format!(".import {} invoices", csv.display()));
            baseline = baseline.min(timed(again));
        }
    }
    println!(
        "recoup import invoices: {rows} rows (100,000 debtors created) in {best:.2?} (best of 3)"
    );
    if baseline == Duration::MAX {
        println!("sqlite3 shell not found: no baseline");
    } else {
        println!(
            "sqlite3 .import into a bare table: {baseline:.2?} (best of 3); ratio {:.1}x",
            best.as_secs_f64() / baseline.as_secs_f64()
        );
    }
}
