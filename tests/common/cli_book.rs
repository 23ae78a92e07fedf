//! A book made and used through the command line at the tests' fixed time.

use std::path::Path;
use std::process::Output;

use super::{NOW, recoup, stderr};

/// A demo book made by `recoup demo` at the tests' fixed time.
pub fn demo(dir: &Path, debtors: usize) -> String {
    let db = dir.join("book.sqlite").to_str().unwrap().to_owned();
    let out = recoup(dir)
        .env("RECOUP_NOW", NOW)
        .args(["demo", "--db", &db, "--debtors", &debtors.to_string()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    db
}

/// `recoup --db DB --agent AGENT ARGS…` at the tests' fixed time.
pub fn run(dir: &Path, db: &str, agent: &str, args: &[&str]) -> Output {
    recoup(dir)
        .env("RECOUP_NOW", NOW)
        .args(["--db", db, "--agent", agent])
        .args(args)
        .output()
        .unwrap()
}
