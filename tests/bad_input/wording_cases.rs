//! The cases of `tests/bad_input.rs` from the tester's follow-ups to issue
//! 9: rules that name their key, notes without control characters, agent
//! names with a letter or digit, configs listing every moved rule, user
//! text quoted rather than escaped. One row per bad input, as in `cases.rs`.

use std::path::Path;

use super::Case;

/// Writes a rule's value straight into the book, as someone with SQLite
/// might: recoup's own `rules set` would refuse it.
fn store_rule(dir: &Path, key: &str, value: &str) {
    let conn = rusqlite::Connection::open(dir.join("book.sqlite")).unwrap();
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [format!("rule.{key}"), value.to_owned()],
    )
    .unwrap();
}

pub const WORDING_CASES: &[Case] = &[
    // Item 1: with one stored rule bad, setting another says which and how to fix it.
    Case {
        name: "another rule set while the stored time zone is bad",
        files: &[],
        setup: Some(|dir| store_rule(dir, "timezone", "Mars/Base")),
        db: None,
        args: &["rules", "set", "grace_days", "5"],
        exit: 2,
        says: &[
            "the book's rule timezone cannot be used: \"Mars/Base\" is not an IANA time zone",
            "a lead can set it right with `recoup rules set timezone VALUE`",
        ],
    },
    Case {
        name: "another rule set while the stored calling hours are bad",
        files: &[],
        setup: Some(|dir| store_rule(dir, "calling_hours", "18:00-08:00")),
        db: None,
        args: &["rules", "set", "calling_days", "Mon,Tue"],
        exit: 2,
        says: &[
            "the book's rule calling_hours cannot be used: \"18:00-08:00\" closes at 08:00, not after it opens at 18:00",
            "`recoup rules set calling_hours VALUE`",
        ],
    },
    // Item 2: user text is quoted as it is, never with Rust's escapes.
    Case {
        name: "a debtor ref with a combining accent that no debtor has",
        files: &[],
        setup: None,
        db: None,
        args: &["note", "add", "NO\u{301}PE-1", "called"],
        exit: 2,
        says: &["no debtor has ref \"NO\u{301}PE-1\""],
    },
    Case {
        name: "an agent name with a backslash",
        files: &[],
        setup: None,
        db: None,
        args: &["agent", "add", "car\\ol"],
        exit: 2,
        says: &["\"car\\ol\" is not a usable agent name"],
    },
    // Item 3: a note takes no control characters but line breaks and tabs.
    Case {
        name: "a note with an escape sequence",
        files: &[],
        setup: None,
        db: None,
        args: &["note", "add", "ACC-10000", "Called\n\x1b[2J back"],
        exit: 2,
        says: &[
            "the note \"Called�",
            "contains U+001B (ESC) at character 8; a note takes no control characters but line breaks and tabs",
        ],
    },
    Case {
        name: "a note with a bell",
        files: &[],
        setup: None,
        db: None,
        args: &["note", "add", "ACC-10000", "ding\x07"],
        exit: 2,
        says: &["contains U+0007 at character 5"],
    },
    Case {
        name: "a debtors file whose bad time zone would be its contact's too",
        files: &[(
            "debtors.csv",
            b"ref,name,contact_name,timezone\nA-1,Acme,Jo Bloggs,Mars/Base\n",
        )],
        setup: None,
        db: None,
        args: &["import", "debtors", "debtors.csv"],
        exit: 2,
        says: &[
            "debtors.csv: line 2, column timezone: \"Mars/Base\" is not an IANA time zone",
            "; nothing was imported",
        ],
    },
    // Item 4: a rule's error names the rule; every moved config key is listed.
    Case {
        name: "grace days out of range",
        files: &[],
        setup: None,
        db: None,
        args: &["rules", "set", "grace_days", "99"],
        exit: 2,
        says: &["grace_days \"99\" is not a whole number from 0 to 60"],
    },
    Case {
        name: "escalation days out of range",
        files: &[],
        setup: None,
        db: None,
        args: &["rules", "set", "escalation_days", "3651"],
        exit: 2,
        says: &["escalation_days \"3651\" is not a whole number from 1 to 3650"],
    },
    Case {
        name: "a config with rules from three old sections",
        files: &[(
            "mine.toml",
            b"agent = \"bob\"\n[promises]\ngrace_days = 5\n\n[priority]\nper_pin = 10\nper_day_oldest = 1\n[contact]\ncalling_days = [\"Mon\"]\n",
        )],
        setup: None,
        db: None,
        args: &["--config", "mine.toml", "report", "aging"],
        exit: 2,
        says: &[
            "mine.toml is not valid: these are rules of the book now",
            "[promises] grace_days (line 3, column 1: `recoup rules set grace_days VALUE`)",
            "[priority] per_pin (line 6, column 1: `recoup rules set priority.per_pin VALUE`)",
            "[priority] per_day_oldest (line 7, column 1: `recoup rules set priority.per_day_oldest VALUE`)",
            "[contact] calling_days (line 9, column 1: `recoup rules set calling_days VALUE`)",
        ],
    },
    // Item 6: an agent's name has a letter or digit.
    Case {
        name: "an agent called ..",
        files: &[],
        setup: None,
        db: None,
        args: &["agent", "add", ".."],
        exit: 2,
        says: &["\"..\" is not a usable agent name", "with at least one letter or digit"],
    },
    Case {
        name: "an agent called _-_",
        files: &[],
        setup: None,
        db: None,
        args: &["agent", "add", "_-_"],
        exit: 2,
        says: &["\"_-_\" is not a usable agent name"],
    },
    // Item 7: a message about a whole line reads on from it.
    Case {
        name: "a row with too many fields",
        files: &[("debtors.csv", b"ref,name\nA-1,Acme\nA-2,Bolt,extra\n")],
        setup: None,
        db: None,
        args: &["import", "debtors", "debtors.csv"],
        exit: 2,
        says: &["debtors.csv: line 3 has 3 fields but the header has 2; nothing was imported"],
    },
    Case {
        name: "a repeated ref",
        files: &[("debtors.csv", b"ref,name\nA-1,Acme\nA-1,Acme again\n")],
        setup: None,
        db: None,
        args: &["import", "debtors", "debtors.csv"],
        exit: 2,
        says: &["debtors.csv: line 3 repeats the ref on line 2"],
    },
    // Issue 14: a letter goes to the address the book holds.
    Case {
        name: "an email address that is not one",
        files: &[(
            "debtors.csv",
            b"ref,name,contact_name,email,address\nA-1,Acme,Ann,ap@acme.example,1 Quay St|Bristol\nA-2,Beta,Bob,bob at beta,2 Mill Lane\n",
        )],
        setup: None,
        db: None,
        args: &["import", "debtors", "debtors.csv"],
        exit: 2,
        says: &[
            "debtors.csv: line 3, column email: \"bob at beta\" is not an email address (like ap@example.com)",
        ],
    },
];
