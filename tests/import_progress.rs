//! The import's progress: a bar with rows per second on a terminal, and a
//! one-line summary whether or not stderr is a terminal.

mod common;

use std::path::Path;
use std::time::Duration;

use common::pty::Pty;
use common::{recoup, stderr};

const ROWS: usize = 40_000;

fn big_file(dir: &Path) -> std::path::PathBuf {
    let mut text = String::from("debtor_ref,number,issued_on,due_on,amount\n");
    for i in 0..ROWS {
        text.push_str(&format!(
            "D-{:04},INV-{i},2026-03-01,2026-04-01,{}.50\n",
            i / 10,
            10 + i % 90
        ));
    }
    let path = dir.join("big.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_terminal_sees_a_bar_with_rows_per_second_then_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let file = big_file(dir.path());
    let db = dir.path().join("tty.sqlite");
    let args = [
        "--db",
        db.to_str().unwrap(),
        "--agent",
        "carol",
        "import",
        "invoices",
        file.to_str().unwrap(),
        "--create-debtors",
    ];
    let mut pty = Pty::recoup(dir.path(), &args, &[], 120, 10);
    assert_eq!(pty.wait_exit(Duration::from_secs(60)), 0, "{}", pty.output());
    let output = pty.output();
    assert!(output.contains("importing ["), "no bar in:\n{output}");
    assert!(output.contains(&format!("/{ROWS} rows, ")), "no row count in:\n{output}");
    assert!(output.contains(" rows/s, "), "no rate in:\n{output}");
    // The bar is cleared; the summary stays.
    let screen = pty.screen();
    assert!(!screen.contains("rows/s"), "{screen}");
    assert!(
        screen.contains(&format!("big.csv invoices: {ROWS} new, 0 updated, 0 unchanged")),
        "{screen}"
    );
}

#[test]
fn a_pipe_gets_only_the_one_line_summary() {
    let dir = tempfile::tempdir().unwrap();
    let file = big_file(dir.path());
    let db = dir.path().join("piped.sqlite");
    let out = recoup(dir.path())
        .args(["--db", db.to_str().unwrap(), "--agent", "carol", "import", "invoices"])
        .arg(&file)
        .arg("--create-debtors")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&format!(
            "invoices: {ROWS} new, 0 updated, 0 unchanged, 4000 debtors created"
        )),
        "{err}"
    );
    assert!(!err.contains("rows/s"), "{err}");
}
