//! The cases of `tests/bad_input.rs` about which book is opened and who
//! works it: foreign and future books, demo books, the book's rules and
//! agents' names. One row per bad input, as in `cases.rs`.

use super::Case;

pub const BOOK_CASES: &[Case] = &[
    // Item 3: only recoup books are opened, and nothing is written to others.
    Case {
        name: "another application's database as the book",
        files: &[],
        setup: Some(|dir| {
            let conn = rusqlite::Connection::open(dir.join("crm.sqlite")).unwrap();
            conn.execute_batch("CREATE TABLE customers (id, name); CREATE TABLE meta (k, v);")
                .unwrap();
        }),
        db: Some("crm.sqlite"),
        args: &["report", "aging"],
        exit: 2,
        says: &["crm.sqlite is not a recoup book (it holds 2 tables of another application)"],
    },
    Case {
        name: "a CSV file as the book",
        files: &[("notes.csv", b"id,debtor_ref\n1,ACC-1\n")],
        setup: None,
        db: Some("notes.csv"),
        args: &["agent", "list"],
        exit: 2,
        says: &["notes.csv is not a recoup book (it is not an SQLite database)"],
    },
    Case {
        name: "a recoup book of a schema version this recoup does not know",
        files: &[],
        setup: Some(|dir| {
            std::fs::copy(dir.join("book.sqlite"), dir.join("future.sqlite")).unwrap();
            let conn = rusqlite::Connection::open(dir.join("future.sqlite")).unwrap();
            conn.pragma_update(None, "user_version", 99).unwrap();
            conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        }),
        db: Some("future.sqlite"),
        args: &["export", "debtors"],
        exit: 2,
        says: &["schema version 99, which this recoup does not know (it knows versions 1 to"],
    },
    // Item 4: demo data only ever goes into a demo book.
    Case {
        name: "--demo on a real book being set up",
        files: &[],
        setup: Some(|dir| {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_recoup"))
                .args(["--db", dir.join("real.sqlite").to_str().unwrap(), "--agent", "carol"])
                .args(["agent", "add", "carol"])
                .env("RECOUP_LOG", dir.join("setup.log"))
                .output()
                .unwrap();
            assert!(out.status.success());
            std::fs::remove_file(dir.join("setup.log")).unwrap();
            rusqlite::Connection::open(dir.join("real.sqlite"))
                .unwrap()
                .pragma_update(None, "journal_mode", "DELETE")
                .unwrap();
        }),
        db: Some("real.sqlite"),
        args: &["--demo", "report", "aging"],
        exit: 2,
        says: &["real.sqlite is not a demo book: --demo opens only a book that `recoup demo` made"],
    },
    // Item 10: the book's rules, set by a lead, from values that parse.
    Case {
        name: "a negative priority weight",
        files: &[],
        setup: None,
        db: None,
        args: &["rules", "set", "priority.per_pin", "-1000"],
        exit: 2,
        says: &["priority.per_pin \"-1000\" is not a whole number from 0 to 100000"],
    },
    Case {
        name: "a rule that does not exist",
        files: &[],
        setup: None,
        db: None,
        args: &["rules", "set", "colour", "red"],
        exit: 2,
        says: &["there is no rule \"colour\"; the rules are timezone, grace_days"],
    },
    Case {
        name: "a time zone that does not exist",
        files: &[],
        setup: None,
        db: None,
        args: &["rules", "set", "timezone", "Olympus"],
        exit: 2,
        says: &["timezone \"Olympus\" is not an IANA time zone (like Europe/London)"],
    },
    Case {
        name: "shared rules in a personal config",
        files: &[("mine.toml", b"agent = \"bob\"\n[priority]\nper_pin = -1000\n")],
        setup: None,
        db: None,
        args: &["--config", "mine.toml", "report", "aging"],
        exit: 2,
        says: &[
            "this is a rule of the book now",
            "[priority] per_pin (line 3, column 1: `recoup rules set priority.per_pin VALUE`)",
        ],
    },
    // Item 16: agent names nobody can mistake for another's.
    Case {
        name: "an agent name with a trailing space",
        files: &[],
        setup: None,
        db: None,
        args: &["agent", "add", "carol "],
        exit: 2,
        says: &["\"carol \" is not a usable agent name: use 1 to 32 letters (a-z), digits"],
    },
    Case {
        name: "an agent name written backwards with a direction mark",
        files: &[],
        setup: None,
        db: None,
        args: &["agent", "add", "\u{202e}ecila"],
        exit: 2,
        says: &["is not a usable agent name"],
    },
    Case {
        name: "an agent name that differs only in case",
        files: &[],
        setup: None,
        db: None,
        args: &["agent", "add", "Bob"],
        exit: 2,
        says: &["agent \"Bob\" already exists"],
    },
];
