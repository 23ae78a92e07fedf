//! Issue 16: every figure that grows with the book, on the 100,000 and the
//! 1,000,000-debtor demo books side by side in one run, with the ratio.
//!
//! `cargo bench --bench million [-- SECTION ...]`, sections `frames`, `keys`,
//! `reports`, `triage`, `demo` and `import` (all when none is named). The
//! books are made once a day under `target/bench-books/` (the 1M book takes
//! several minutes); `keys` and `frames` need `pip install pyte` for
//! `../shared/bench/ttylat.py`. "Cold" means the book's pages were dropped
//! from the kernel's cache first (`posix_fadvise(DONTNEED)`: as cold as a
//! machine without root allows).

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crossterm::event::KeyCode;

const SIZES: [usize; 2] = [100_000, 1_000_000];

fn recoup() -> Command {
    Command::new(env!("CARGO_BIN_EXE_recoup"))
}

/// Drops the book's pages from the kernel's page cache.
fn evict(book: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = book.as_os_str().to_owned();
        p.push(suffix);
        if let Ok(f) = std::fs::File::open(&p) {
            use std::os::fd::AsRawFd;
            // SAFETY: a valid descriptor, the whole file.
            unsafe { libc::posix_fadvise(f.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED) };
        }
    }
}

/// Reads the whole file, so its pages are in the kernel's cache.
fn warm(book: &Path) {
    let mut f = std::fs::File::open(book).unwrap();
    std::io::copy(&mut f, &mut std::io::sink()).unwrap();
}

/// `ttylat.py` on the book as alice; its `name=value` figures.
fn ttylat(book: &Path, args: &[&str]) -> Vec<(String, f64)> {
    support::ttylat(book, "Track record", args)
        .split_whitespace()
        .filter_map(|kv| kv.split_once('='))
        .filter_map(|(k, v)| Some((k.to_owned(), v.parse().ok()?)))
        .collect()
}

fn figure(found: &[(String, f64)], name: &str) -> f64 {
    found.iter().find(|(k, _)| k == name).map_or(f64::NAN, |(_, v)| *v)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// One figure for both books, and the second over the first.
fn row(what: &str, unit: &str, small: f64, large: f64) {
    println!("| {what} | {small:.2} {unit} | {large:.2} {unit} | {:.1}x |", large / small);
}

fn frames(books: &[PathBuf]) {
    let mut cold = Vec::new();
    let mut hot = Vec::new();
    for book in books {
        evict(book);
        cold.push(figure(&ttylat(book, &["--n", "1", "--key", "j"]), "first_frame_ms"));
        warm(book);
        let runs = (0..7)
            .map(|_| figure(&ttylat(book, &["--n", "1", "--key", "j"]), "first_frame_ms"))
            .collect();
        hot.push(median(runs));
    }
    row("first frame, warm (median of 7)", "ms", hot[0], hot[1]);
    row("first frame, cold", "ms", cold[0], cold[1]);
}

fn keys(books: &[PathBuf]) {
    let moves = ["--n", "300", "--key", "j"];
    let search = ["--n", "60", "--pre", "/", "--key", "a", "--quit", "\\x1b\\x1bq"];
    let mut found: Vec<[Vec<(String, f64)>; 4]> = Vec::new();
    for book in books {
        evict(book);
        let cold_moves = ttylat(book, &["--n", "50", "--key", "j"]);
        evict(book);
        let cold_search = ttylat(book, &["--n", "50", "--pre", "/", "--key", "a"]);
        warm(book);
        found.push([ttylat(book, &moves), ttylat(book, &search), cold_moves, cold_search]);
    }
    for (i, what) in [
        "queue move `j`, warm (300 keys)",
        "search keystroke, warm (60 keys)",
        "queue move `j`, cold: first 50 keys",
        "search keystroke, cold: first 50 keys",
    ]
    .iter()
    .enumerate()
    {
        for stat in ["key_ms_p50", "p99"] {
            row(
                &format!("{what} {stat}"),
                "ms",
                figure(&found[0][i], stat),
                figure(&found[1][i], stat),
            );
        }
    }
    row(
        "peak memory (300 moves)",
        "MB",
        figure(&found[0][0], "vmhwm_kb") / 1024.0,
        figure(&found[1][0], "vmhwm_kb") / 1024.0,
    );
}

/// Best of three runs of a command, in seconds.
fn timed(args: &[&str], book: &Path) -> f64 {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            let out = recoup()
                .args(["--db", book.to_str().unwrap(), "--agent", "carol"])
                .args(args)
                .stdout(Stdio::null())
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            started.elapsed().as_secs_f64()
        })
        .fold(f64::MAX, f64::min)
}

fn reports(books: &[PathBuf]) {
    for book in books {
        warm(book);
    }
    let interest: Vec<PathBuf> = SIZES.iter().map(|n| support::interest_book(*n)).collect();
    for book in &interest {
        warm(book);
    }
    for args in [
        &["report", "aging"][..],
        &["report", "aging", "--by", "agent"],
        &["report", "aging", "--as-of", "2026-06-30", "--by", "agent"],
        &["report", "kpi"],
        &["report", "agents"],
    ] {
        row(
            &format!("`{}` (best of 3)", args.join(" ")),
            "s",
            timed(args, &books[0]),
            timed(args, &books[1]),
        );
    }
    // On the copies with 3 debtors in 8 under a regime.
    for (args, what) in [
        (["report", "interest", "--format", "csv"], "`report interest --format csv`"),
        (["report", "aging", "--format", "csv"], "`report aging --format csv`, interest columns"),
    ] {
        row(what, "s", timed(&args, &interest[0]), timed(&args, &interest[1]));
    }
    for book in &interest {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", book.display()));
        }
    }
}

fn triage(books: &[PathBuf]) {
    let mut took = Vec::new();
    for book in books {
        warm(book);
        let runs = (0..5)
            .map(|_| {
                let mut app = support::sized(support::open_app(book, "carol"));
                let started = Instant::now();
                support::press(&mut app, KeyCode::Char('L'));
                started.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        took.push(median(runs));
    }
    row("`L`: triage with every figure and its list counted (median of 5)", "ms", took[0], took[1]);
}

fn demo() {
    let dir = tempfile::tempdir_in(support::books_dir()).unwrap();
    let mut took = Vec::new();
    for n in SIZES {
        let path = dir.path().join(format!("demo-{n}.sqlite"));
        let started = Instant::now();
        let status = recoup()
            .args(["demo", "--db", path.to_str().unwrap(), "--debtors", &n.to_string()])
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        took.push(started.elapsed().as_secs_f64());
        std::fs::remove_file(&path).unwrap();
    }
    row("`recoup demo --debtors N`", "s", took[0], took[1]);
}

fn import(books: &[PathBuf]) {
    let dir = tempfile::tempdir_in(support::books_dir()).unwrap();
    let mut took = Vec::new();
    let mut rows = Vec::new();
    for book in books {
        let csv = dir.path().join("invoices.csv");
        rows.push(support::export_invoices(book, &csv));
        let db = dir.path().join("import.sqlite");
        let started = Instant::now();
        let out = recoup()
            .args(["--db", db.to_str().unwrap(), "--agent", "carol", "import", "invoices"])
            .arg(&csv)
            .arg("--create-debtors")
            .env("RECOUP_LOG", dir.path().join("import.log"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        took.push(started.elapsed().as_secs_f64());
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        std::fs::remove_file(&csv).unwrap();
    }
    row(
        &format!("`import invoices --create-debtors`, {} vs {} rows", rows[0], rows[1]),
        "s",
        took[0],
        took[1],
    );
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let named: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let wanted = |s: &str| named.is_empty() || named.iter().any(|n| n == s);
    let books: Vec<PathBuf> = SIZES.iter().map(|n| support::book(*n)).collect();
    println!("| figure | 100,000 debtors | 1,000,000 debtors | growth |");
    println!("|---|---|---|---|");
    let started = Instant::now();
    for (name, section) in [
        ("frames", frames as fn(&[PathBuf])),
        ("keys", keys),
        ("reports", reports),
        ("triage", triage),
        ("import", import),
    ] {
        if wanted(name) {
            section(&books);
        }
    }
    if wanted("demo") {
        demo();
    }
    eprintln!("million: {:?}", Duration::from_secs(started.elapsed().as_secs()));
}
