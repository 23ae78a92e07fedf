//! The cases of `tests/bad_input.rs` about files, flags and text: one row
//! per bad input. Add a case by adding a `Case`; the runner checks the exit
//! code, the one-line message, and that nothing was written. Books and
//! people are in `book_cases.rs`.

use std::path::Path;

use super::Case;

pub const CASES: &[Case] = &[
    // Item 1: `export --out` never replaces the book or anything but a file.
    Case {
        name: "export over the database",
        files: &[],
        setup: None,
        db: None,
        args: &["export", "notes", "--out", "{db}"],
        exit: 2,
        says: &["--out ", "book.sqlite is the database itself", "write the export to another file"],
    },
    Case {
        name: "export over the database by another path",
        files: &[],
        setup: None,
        db: None,
        args: &["export", "notes", "--out", "./book.sqlite"],
        exit: 2,
        says: &["--out ./book.sqlite is the database itself"],
    },
    Case {
        name: "export over the database through a link",
        files: &[],
        setup: Some(|dir| link(&dir.join("book.sqlite"), &dir.join("notes.csv"))),
        db: None,
        args: &["export", "notes", "--out", "notes.csv", "--force"],
        exit: 2,
        says: &["--out notes.csv is the database itself"],
    },
    Case {
        name: "export over the write-ahead log",
        files: &[],
        setup: None,
        db: None,
        args: &["export", "debtors", "--out", "book.sqlite-wal", "--force"],
        exit: 2,
        says: &["--out book.sqlite-wal is the database's write-ahead log"],
    },
    Case {
        name: "export over the shared-memory file",
        files: &[],
        setup: None,
        db: None,
        args: &["export", "debtors", "--out", "{db}-shm"],
        exit: 2,
        says: &["book.sqlite-shm is the database's shared-memory file"],
    },
    Case {
        name: "export to a device",
        files: &[],
        setup: None,
        db: None,
        args: &["export", "debtors", "--out", "/dev/null", "--force"],
        exit: 2,
        says: &["--out /dev/null is a character device; an export is written only to a regular file"],
    },
    Case {
        name: "export to a directory",
        files: &[],
        setup: Some(|dir| std::fs::create_dir(dir.join("reports")).unwrap()),
        db: None,
        args: &["export", "debtors", "--out", "reports", "--force"],
        exit: 2,
        says: &["--out reports is a directory"],
    },
    Case {
        name: "export to a FIFO",
        files: &[],
        setup: Some(|dir| fifo(&dir.join("pipe"))),
        db: None,
        args: &["export", "debtors", "--out", "pipe", "--force"],
        exit: 2,
        says: &["--out pipe is a FIFO"],
    },
    Case {
        name: "export over an existing file without --force",
        files: &[("debtors.csv", b"keep me\n")],
        setup: None,
        db: None,
        args: &["export", "debtors", "--out", "debtors.csv"],
        exit: 2,
        says: &["--out debtors.csv already exists; add --force to replace it"],
    },
    // Item 21: only regular files are read, and no field or line is huge.
    Case {
        name: "import from /dev/zero",
        files: &[],
        setup: None,
        db: None,
        args: &["import", "debtors", "/dev/zero"],
        exit: 2,
        says: &["/dev/zero is a character device; recoup reads only regular files"],
    },
    Case {
        name: "import from a FIFO",
        files: &[],
        setup: Some(|dir| fifo(&dir.join("debtors.csv"))),
        db: None,
        args: &["import", "debtors", "debtors.csv"],
        exit: 2,
        says: &["debtors.csv is a FIFO; recoup reads only regular files"],
    },
    Case {
        name: "import a map that is a device",
        files: &[("debtors.csv", b"ref,name\nA-1,Acme\n")],
        setup: None,
        db: None,
        args: &["import", "debtors", "debtors.csv", "--map", "/dev/zero"],
        exit: 2,
        says: &["the map /dev/zero is a character device"],
    },
    Case {
        name: "a field over 64 KiB",
        files: &[],
        setup: Some(|dir| {
            let name = "n".repeat(70 * 1024);
            write(dir, "debtors.csv", format!("ref,name\nA-1,Acme\nA-2,{name}\n").as_bytes());
        }),
        db: None,
        args: &["import", "debtors", "debtors.csv"],
        exit: 2,
        says: &["debtors.csv: line 3, column name: the value is 70 KiB long; a field holds at most 64 KiB"],
    },
    Case {
        name: "a line over 1 MiB",
        files: &[],
        setup: Some(|dir| {
            let cell = "x".repeat(600 * 1024);
            write(dir, "debtors.csv", format!("ref,name\nA-1,Acme\n{cell},{cell}\n").as_bytes());
        }),
        db: None,
        args: &["import", "debtors", "debtors.csv"],
        exit: 2,
        says: &["debtors.csv: line 3 is 1200 KiB long; a line holds at most 1 MiB"],
    },
    // Item 22: accepted before, wrong all the same.
    Case {
        name: "a NUL in a name",
        files: &[("debtors.csv", b"ref,name\nA-1,Ac\0me\n")],
        setup: None,
        db: None,
        args: &["import", "debtors", "debtors.csv"],
        exit: 2,
        says: &["debtors.csv: line 2, column name: \"Ac\u{fffd}me\" contains U+0000 (NUL)"],
    },
    Case {
        name: "a NUL in an invoice number",
        files: &[(
            "invoices.csv",
            b"debtor_ref,number,issued_on,due_on,amount\nA-1,INV\x001,2026-01-01,2026-02-01,5\n",
        )],
        setup: None,
        db: None,
        args: &["import", "invoices", "invoices.csv", "--create-debtors"],
        exit: 2,
        says: &["invoices.csv: line 2, column number:", "U+0000 (NUL)"],
    },
    Case {
        name: "a date in year 0000",
        files: &[(
            "invoices.csv",
            b"debtor_ref,number,issued_on,due_on,amount\nA-1,INV-1,0000-01-01,2026-02-01,5\n",
        )],
        setup: None,
        db: None,
        args: &["import", "invoices", "invoices.csv", "--create-debtors"],
        exit: 2,
        says: &[
            "invoices.csv: line 2, column issued_on: \"0000-01-01\" is outside the accepted years 1900 to 2199",
        ],
    },
    Case {
        name: "a date in year 9999",
        files: &[(
            "invoices.csv",
            b"debtor_ref,number,issued_on,due_on,amount\nA-1,INV-1,2026-01-01,9999-12-31,5\n",
        )],
        setup: None,
        db: None,
        args: &["import", "invoices", "invoices.csv", "--create-debtors"],
        exit: 2,
        says: &["line 2, column due_on: \"9999-12-31\" is outside the accepted years 1900 to 2199"],
    },
    Case {
        name: "a header naming a column twice",
        files: &[("debtors.csv", b"ref,name,name\nA-1,Acme,Other\n")],
        setup: None,
        db: None,
        args: &["import", "debtors", "debtors.csv"],
        exit: 2,
        says: &[
            "debtors.csv: line 1, column name: the header names this column twice (fields 2 and 3)",
        ],
    },
    Case {
        name: "a map naming one file column for two of recoup's",
        files: &[
            ("map.toml", b"[columns]\nnumber = \"invoiceNumber\"\ndebtor_ref = \"invoiceNumber\"\n"),
            ("ar.csv", b"invoiceNumber,issued_on,due_on,amount\nINV-1,2026-01-01,2026-02-01,5\n"),
        ],
        setup: None,
        db: None,
        args: &["import", "invoices", "ar.csv", "--map", "map.toml", "--create-debtors"],
        exit: 2,
        says: &[
            "map.toml: line 3, column 14: [columns] number and debtor_ref both read the file's column \"invoiceNumber\"",
        ],
    },
    // Item 23: a phone number is never an option of the dial command.
    Case {
        name: "a phone number that is an option",
        files: &[(
            "debtors.csv",
            b"ref,name,contact_name,phone\nA-1,Acme,Ann,-o/tmp/x\n",
        )],
        setup: None,
        db: None,
        args: &["import", "debtors", "debtors.csv"],
        exit: 2,
        says: &["debtors.csv: line 2, column phone: \"-o/tmp/x\" does not start with a digit, + or ("],
    },
    Case {
        name: "a contact's phone with a command in it",
        files: &[
            ("contacts.csv", b"debtor_ref,name,phone\nA-1,Ann,+1 555 0100; rm -rf ~\n"),
        ],
        setup: None,
        db: None,
        args: &["import", "contacts", "contacts.csv"],
        exit: 2,
        says: &["contacts.csv: line 2, column phone:", "\";\" is not allowed in a phone number"],
    },
    // Item 18: names that would drive the terminal are refused at the door.
    Case {
        name: "a name that sets the window title",
        files: &[("debtors.csv", b"ref,name\nA-1,\"\x1b]0;pwned\x07\"\n")],
        setup: None,
        db: None,
        args: &["import", "debtors", "debtors.csv"],
        exit: 2,
        says: &["line 2, column name: \"\u{fffd}]0;pwned\u{fffd}\" contains U+001B (ESC)"],
    },
    Case {
        name: "a name hiding a link",
        files: &[("debtors.csv", b"ref,name\nA-1,\"\x1b]8;;http://x/\x1b\\\\Acme\x1b]8;;\x1b\\\\\"\n")],
        setup: None,
        db: None,
        args: &["import", "debtors", "debtors.csv"],
        exit: 2,
        says: &["line 2, column name:", "U+001B (ESC)"],
    },
    Case {
        name: "a name reversed by a bidi override",
        files: &[("debtors.csv", "ref,name\nA-1,Acme\u{202e}dtL\n".as_bytes())],
        setup: None,
        db: None,
        args: &["import", "debtors", "debtors.csv"],
        exit: 2,
        says: &["line 2, column name: \"Acme\u{fffd}dtL\" contains U+202E (bidi override)"],
    },
    Case {
        name: "a name with a line break",
        files: &[("debtors.csv", b"ref,name\nA-1,\"two\nlines\"\n")],
        setup: None,
        db: None,
        args: &["import", "debtors", "debtors.csv"],
        exit: 2,
        says: &["line 2, column name: \"two\u{fffd}lines\" contains U+000A (line break)"],
    },
    // Item 20: amounts that would overflow a sum.
    Case {
        name: "an amount at the edge of i64",
        files: &[(
            "invoices.csv",
            b"debtor_ref,number,issued_on,due_on,amount\nA-1,INV-1,2026-01-01,2026-02-01,\"92,233,720,368,547,758.07\"\n",
        )],
        setup: None,
        db: None,
        args: &["import", "invoices", "invoices.csv", "--create-debtors"],
        exit: 2,
        says: &["line 2, column amount: \"92,233,720,368,547,758.07\" is not an amount: amounts are at most 999,999,999,999.99"],
    },
    Case {
        name: "a payment of a trillion",
        files: &[(
            "payments.csv",
            b"debtor_ref,received_on,amount\nA-1,2026-01-01,1000000000000.00\n",
        )],
        setup: None,
        db: None,
        args: &["import", "payments", "payments.csv", "--create-debtors"],
        exit: 2,
        says: &["payments.csv: line 2, column amount:", "amounts are at most 999,999,999,999.99"],
    },
    // Item 25: messages that say what is wrong, and where.
    Case {
        name: "an unbalanced quote",
        files: &[(
            "debtors.csv",
            b"ref,name,contact_name,phone,email\nA-1,Acme,Ann,1 555 0100,a@x.example\nA-2,\"Beta,Bob,1 555 0101,b@x.example\nA-3,Gamma,Gil,1 555 0102,g@x.example\n",
        )],
        setup: None,
        db: None,
        args: &["import", "debtors", "debtors.csv"],
        exit: 2,
        says: &["debtors.csv: the quote opened on line 3 (column name) is never closed"],
    },
    Case {
        name: "a day that does not exist",
        files: &[(
            "invoices.csv",
            b"debtor_ref,number,issued_on,due_on,amount\nA-1,INV-1,2023-02-30,2023-03-30,5\n",
        )],
        setup: None,
        db: None,
        args: &["import", "invoices", "invoices.csv", "--create-debtors"],
        exit: 2,
        says: &["line 2, column issued_on: \"2023-02-30\" is not a date: the day does not exist: February 2023 has 28 days"],
    },
    Case {
        name: "a report as of a day that does not exist",
        files: &[],
        setup: None,
        db: None,
        args: &["report", "aging", "--as-of", "2023-02-30"],
        exit: 2,
        says: &["--as-of \"2023-02-30\" is not a date: the day does not exist: February 2023 has 28 days"],
    },
    Case {
        name: "a report as of year 0000",
        files: &[],
        setup: None,
        db: None,
        args: &["report", "promises", "--as-of", "0000-01-01"],
        exit: 2,
        says: &["--as-of \"0000-01-01\" is outside the accepted years 1900 to 2199"],
    },
    Case {
        name: "a map that is not TOML",
        files: &[
            ("map.toml", b"[columns]\nnumber = \"invoiceNumber\n"),
            ("ar.csv", b"invoiceNumber\n"),
        ],
        setup: None,
        db: None,
        args: &["import", "invoices", "ar.csv", "--map", "map.toml"],
        exit: 2,
        says: &["map.toml: line 2, column "],
    },
    Case {
        name: "a map with a misspelt column",
        files: &[
            ("map.toml", b"date_format = \"%m/%d/%Y\"\n[columns]\nisued_on = \"InvoiceDate\"\n"),
            ("ar.csv", b"x\n"),
        ],
        setup: None,
        db: None,
        args: &["import", "invoices", "ar.csv", "--map", "map.toml"],
        exit: 2,
        says: &["map.toml: line 3, column 1: [columns] \"isued_on\" is not one of recoup's import columns"],
    },
    Case {
        name: "a config with a value of the wrong type",
        files: &[("bad.toml", b"agent = \"carol\"\ndial_command = 3\n")],
        setup: None,
        db: None,
        args: &["--config", "bad.toml", "check"],
        exit: 2,
        says: &["config bad.toml is not valid: line 2, column 16: "],
    },
];

pub(super) fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

fn link(target: &Path, at: &Path) {
    std::os::unix::fs::symlink(target, at).unwrap();
}

fn fifo(at: &Path) {
    let path = std::ffi::CString::new(at.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a node.
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0, "mkfifo {}", at.display());
}
