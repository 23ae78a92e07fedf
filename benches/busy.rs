//! Key-to-screen latency while another process imports 2,000,000 invoice
//! rows into the same book (holding its write lock throughout), measured in
//! a pseudo-terminal with `../shared/bench/ttylat.py` (needs `pip install
//! pyte`): typing into a note, whose drafts wait for the lock, and moving in
//! the queue, which reads. `cargo bench --bench busy`.

mod support;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn recoup() -> Command {
    Command::new(env!("CARGO_BIN_EXE_recoup"))
}

/// The book's million invoices, twice: the second time under new numbers.
fn two_million(book: &Path, dir: &Path) -> std::path::PathBuf {
    let once = dir.join("once.csv");
    support::export_invoices(book, &once);
    let text = std::fs::read_to_string(&once).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let mut out = String::with_capacity(text.len() * 2);
    out.push_str(header);
    out.push('\n');
    for line in text.lines().skip(1) {
        out.push_str(line);
        out.push('\n');
        // debtor_ref,number,...: the same invoice under another number.
        let (debtor, rest) = line.split_once(',').unwrap();
        let (number, rest) = rest.split_once(',').unwrap();
        out.push_str(&format!("{debtor},{number}-B,{rest}\n"));
    }
    let file = dir.join("two-million.csv");
    std::fs::write(&file, out).unwrap();
    file
}

/// Whether another connection holds the book's write lock.
fn locked(book: &Path) -> bool {
    let Ok(conn) = rusqlite::Connection::open(book) else {
        return false;
    };
    conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;").is_err()
}

fn import(book: &Path, file: &Path, dir: &Path) -> Child {
    recoup()
        .args(["--db", book.to_str().unwrap(), "--agent", "carol", "import", "invoices"])
        .arg(file)
        .env("RECOUP_LOG", dir.join("import.log"))
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn ttylat(book: &Path, args: &[&str]) -> String {
    // Ready once the selected debtor's account is on screen.
    support::ttylat(book, " · local ", args)
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let source = support::book(100_000);
    let file = two_million(&source, dir.path());
    let book = dir.path().join("busy.sqlite");
    for (what, args) in [
        ("typing a note", vec!["--n", "300", "--pre", "n", "--key", "a", "--quit", "\\x03"]),
        ("moving in the queue", vec!["--n", "300", "--key", "j"]),
    ] {
        // Each run imports into a fresh copy of the 100,000-debtor book.
        std::fs::copy(&source, &book).unwrap();
        // Let the 600 MB copy reach the disk first, so "quiet" is quiet.
        std::fs::File::open(&book).unwrap().sync_all().unwrap();
        let quiet = ttylat(&book, &args);
        let mut child = import(&book, &file, dir.path());
        let started = Instant::now();
        while !locked(&book) && started.elapsed() < Duration::from_secs(30) {
            std::thread::sleep(Duration::from_millis(20));
        }
        let busy = ttylat(&book, &args);
        let measured = started.elapsed().as_secs_f64();
        // The import commits in batches, so its lock comes and goes; what
        // matters is that the process was still importing when the keys ended.
        let still = child.try_wait().unwrap().is_none();
        let status = child.wait().unwrap();
        println!("{what}, quiet book:          {quiet}");
        println!(
            "{what}, 2,000,000-row import: {busy} (keys done {measured:.1} s into the import, still importing: {still}; import took {:.1} s, {status})",
            started.elapsed().as_secs_f64()
        );
    }
}
