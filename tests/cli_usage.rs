//! Usage errors, clap's and recoup's own, are one line on stderr naming what
//! is wrong and the command's `--help`, with exit 2; `--help` and
//! `--version` print to stdout with exit 0; `agent add` reports success on
//! stdout.

mod common;

use std::path::Path;

use common::{recoup, stderr, stdout};

fn demo(dir: &Path) -> String {
    let db = dir.join("usage.sqlite").to_str().unwrap().to_owned();
    let out = recoup(dir)
        .env("RECOUP_NOW", common::NOW)
        .args(["demo", "--db", &db, "--debtors", "12"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    db
}

/// Runs recoup on the book and checks the one-line contract: exit 2,
/// nothing on stdout, one line on stderr holding every fragment.
fn refused(dir: &Path, db: &str, args: &[&str], says: &[&str]) {
    let out = recoup(dir)
        .env("RECOUP_NOW", common::NOW)
        .args(["--db", db, "--agent", "carol"])
        .args(args)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(stdout(&out), "", "{args:?}");
    assert_eq!(err.lines().count(), 1, "{args:?}: one line, not:\n{err}");
    assert!(err.starts_with("recoup: ") && err.ends_with('\n'), "{args:?}: {err:?}");
    for part in says {
        assert!(err.contains(part), "{args:?}: wanted {part:?} in {err}");
    }
}

#[test]
fn every_usage_error_from_clap_is_one_line_naming_the_fault_and_the_help() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let cases: &[(&[&str], &[&str])] = &[
        // An unknown flag.
        (
            &["export", "notes", "--foo"],
            &[
                "recoup: unexpected argument '--foo' for 'recoup export'; see 'recoup export --help'",
            ],
        ),
        // A misspelt flag, with clap's suggestion.
        (
            &["export", "notes", "--forse"],
            &["'--forse'", "did you mean '--force'?", "'recoup export --help'"],
        ),
        // A missing argument.
        (&["export"], &["missing <KIND> for 'recoup export'", "see 'recoup export --help'"]),
        (&["import", "debtors"], &["missing <FILE>", "see 'recoup import --help'"]),
        (&["agent", "add"], &["missing <NAME>", "see 'recoup agent add --help'"]),
        // A bad value, and an unknown report kind.
        (
            &["export", "elephants"],
            &["invalid value 'elephants' for '<KIND>'", "contacts", "see 'recoup export --help'"],
        ),
        (
            &["report", "ageing"],
            &["invalid value 'ageing' for '<KIND>'", "see 'recoup report --help'"],
        ),
        (
            &["report", "aging", "--by", "region"],
            &["'region'", "agent, debtor", "'recoup report --help'"],
        ),
        (
            &["demo", "--debtors", "many"],
            &["invalid value 'many' for '--debtors", "'recoup demo --help'"],
        ),
        (
            &["report", "aging", "--format"],
            &["'--format <FORMAT>' needs a value", "'recoup report --help'"],
        ),
        // An unknown subcommand, at the top and below.
        (&["frobnicate"], &["unknown command 'frobnicate' for 'recoup'", "see 'recoup --help'"]),
        (&["agent", "remove", "bob"], &["'remove'", "see 'recoup agent --help'"]),
        (&["help", "frobnicate"], &["'frobnicate'", "see 'recoup --help'"]),
        // A missing subcommand (clap prints the whole help for these).
        (&["note"], &["'recoup note' needs a command: add", "see 'recoup note --help'"]),
        (&["rules"], &["'recoup rules' needs a command: show, set", "see 'recoup rules --help'"]),
        // A conflict: the same flag twice.
        (
            &["export", "notes", "--force", "--force"],
            &["'--force' may be given only once", "'recoup export --help'"],
        ),
        // A stray word.
        (&["export", "notes", "extra"], &["unexpected argument 'extra'", "'recoup export --help'"]),
        // A flag's value is taken even when it names a command.
        (&["--agent"], &["'--agent <NAME>' needs a value", "see 'recoup --help'"]),
    ];
    assert!(cases.len() >= 8);
    for (args, says) in cases {
        refused(dir.path(), &db, args, says);
    }
}

#[test]
fn a_control_character_in_a_bad_argument_does_not_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let out = recoup(dir.path()).args(["--db", &db, "export", "\x1b[31mred"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!err.trim_end().chars().any(char::is_control), "{err:?}");
    assert!(err.contains("[31mred"), "{err}");
}

#[test]
fn recoups_own_usage_errors_are_one_line_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let hint = "see 'recoup report --help'";
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["report", "aging", "--as-of", "2026-13-01"],
            &["--as-of \"2026-13-01\"", "no month 13", hint],
        ),
        (
            &["report", "kpi", "--from", "last week"],
            &["--from \"last week\" is not a date", "today, yesterday, tomorrow, +N or -N", hint],
        ),
        (&["report", "agents", "--to", "+100000"], &["--to \"+100000\" is outside", hint]),
        (&["report", "promises", "--as-of", "-7x"], &["--as-of \"-7x\" is not a date", hint]),
        (&["report", "agents", "--from", "today", "--to", "-3"], &["is after --to"]),
    ];
    for (args, says) in cases {
        refused(dir.path(), &db, args, says);
    }
    let file = dir.path().join("d.csv");
    std::fs::write(&file, "ref,name\nX-1,X\n").unwrap();
    refused(
        dir.path(),
        &db,
        &["import", "debtors", file.to_str().unwrap(), "--delimiter", "x"],
        &["--delimiter \"x\" is not one of", "see 'recoup import --help'"],
    );
}

#[test]
fn help_and_version_print_to_stdout_and_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&["--help"][..], &["export", "--help"], &["report", "aging", "--help"], &["help"]]
    {
        let out = recoup(dir.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}");
        assert!(stdout(&out).contains("Usage: recoup"), "{args:?}: {}", stdout(&out));
    }
    let out = recoup(dir.path()).arg("--version").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), format!("recoup {}\n", env!("CARGO_PKG_VERSION")));
    let out = recoup(dir.path()).args(["report", "--help"]).output().unwrap();
    assert!(stdout(&out).contains("today, yesterday, tomorrow"), "{}", stdout(&out));
}

#[test]
fn agent_add_says_what_it_did_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.sqlite");
    let db = db.to_str().unwrap();
    let run = |args: &[&str]| recoup(dir.path()).args(["--db", db]).args(args).output().unwrap();
    let out = run(&["--agent", "dana", "agent", "add", "dana"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "dana is the first user of this database, and a lead\n");
    assert_eq!(stderr(&out), "");
    let out = run(&["--agent", "dana", "agent", "add", "eli"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "added eli (agent)\n");
    assert_eq!(stderr(&out), "");
    let out = run(&["--agent", "dana", "agent", "add", "fay", "--role", "lead"]);
    assert_eq!(stdout(&out), "added fay (lead)\n");
    // Refusals stay on stderr.
    let out = run(&["--agent", "eli", "agent", "add", "gus"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    assert_eq!(stderr(&out), "recoup: only a lead can add agents; eli is an agent\n");
}
