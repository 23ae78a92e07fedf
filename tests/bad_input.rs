//! Bad input of every kind, through the real binary, one case per row of a
//! table: bad files, bad flags, hostile names. Each case runs on its own
//! copy of a demo book and must exit with its code, say one sentence naming
//! what is at fault (file, line, column), print no control character, and
//! write nothing: the book's exports and the case's directory are the same
//! after as before.
//!
//! To add a case, add a `Case` to `CASES` in `bad_input/cases.rs` (files,
//! flags, text) or to `BOOK_CASES` in `bad_input/book_cases.rs` (books,
//! rules, agents); the issue 9 follow-ups on wording are in
//! `bad_input/wording_cases.rs`.

#[path = "bad_input/book_cases.rs"]
mod book_cases;
#[path = "bad_input/cases.rs"]
mod cases;
mod common;
#[path = "bad_input/wording_cases.rs"]
mod wording_cases;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use book_cases::BOOK_CASES;
use cases::{CASES, write};
use common::{recoup, stderr, stdout};
use wording_cases::WORDING_CASES;

struct Case {
    /// What the case is about (printed when it fails).
    name: &'static str,
    /// Files written into the case's directory first: name and bytes.
    files: &'static [(&'static str, &'static [u8])],
    /// What files cannot express: a FIFO, a link, a file too large to
    /// spell out.
    setup: Option<fn(&Path)>,
    /// The file given as `--db`, in the case's directory, when it is not the
    /// demo book (another application's database, say); it is checked
    /// unchanged like every other file.
    db: Option<&'static str>,
    /// The command line after `--db BOOK --agent carol`, run in the case's
    /// directory; `{db}` is the book's path, `{dir}` the directory's.
    args: &'static [&'static str],
    exit: i32,
    /// Fragments the one-line message must hold.
    says: &'static [&'static str],
}

/// What a case must leave as it was: every export of the book.
fn book(dir: &Path, db: &Path) -> BTreeMap<&'static str, String> {
    ["debtors", "invoices", "payments", "promises", "notes", "audit"]
        .into_iter()
        .map(|kind| {
            let out =
                recoup(dir).args(["--db", db.to_str().unwrap(), "export", kind]).output().unwrap();
            assert!(out.status.success(), "export {kind}: {}", stderr(&out));
            (kind, stdout(&out))
        })
        .collect()
}

/// Every other file in the case's directory, by name: its size and a hash
/// of its bytes, or what kind of thing it is.
fn files(dir: &Path) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("book.sqlite") || name == "recoup.log" {
            continue;
        }
        let kind = entry.file_type().unwrap();
        let seen = if kind.is_file() {
            use sha2::Digest;
            let bytes = std::fs::read(entry.path()).unwrap();
            format!("{} bytes, sha256 {:x}", bytes.len(), sha2::Sha256::digest(&bytes))
        } else {
            format!("{kind:?}")
        };
        found.insert(name, seen);
    }
    found
}

/// A book to copy into each case.
fn base() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.sqlite");
    let out = recoup(dir.path())
        .args(["demo", "--db", db.to_str().unwrap(), "--debtors", "12"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    (dir, db)
}

fn run(case: &Case, base_db: &Path, before: &BTreeMap<&str, String>) {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let db = dir.join("book.sqlite");
    std::fs::copy(base_db, &db).unwrap();
    for (name, bytes) in case.files {
        write(dir, name, bytes);
    }
    if let Some(setup) = case.setup {
        setup(dir);
    }
    let files_before = files(dir);
    let fill =
        |a: &str| a.replace("{db}", db.to_str().unwrap()).replace("{dir}", dir.to_str().unwrap());
    let args: Vec<String> = case.args.iter().map(|a| fill(a)).collect();
    let given = case.db.map_or_else(|| db.clone(), |name| dir.join(name));
    let out = recoup(dir)
        .current_dir(dir)
        .args(["--db", given.to_str().unwrap(), "--agent", "carol"])
        .args(&args)
        .output()
        .unwrap();
    let err = stderr(&out);
    let name = case.name;
    assert_eq!(out.status.code(), Some(case.exit), "{name}: {err}");
    assert_eq!(err.lines().count(), 1, "{name}: one sentence, not:\n{err}");
    assert!(err.starts_with("recoup: "), "{name}: {err}");
    for part in case.says {
        assert!(err.contains(part), "{name}: wanted {part:?} in:\n{err}");
    }
    assert!(
        !err.trim_end().chars().any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)),
        "{name}: a control character reached the terminal: {err:?}"
    );
    assert_eq!(files(dir), files_before, "{name}: a file was written");
    assert_eq!(&book(dir, &db), before, "{name}: the book changed");
}

#[test]
fn every_bad_input_is_refused_with_one_sentence_and_nothing_written() {
    let (_keep, base_db) = base();
    let before = book(base_db.parent().unwrap(), &base_db);
    for case in CASES.iter().chain(BOOK_CASES).chain(WORDING_CASES) {
        run(case, &base_db, &before);
    }
    eprintln!("bad_input: {} cases", CASES.len() + BOOK_CASES.len() + WORDING_CASES.len());
}
