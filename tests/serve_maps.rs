//! Import maps kept in the book, over SSH (issue 12): a lead adds one from
//! standard input and imports an accounting export with `--map NAME`; an
//! agent cannot add one; a path for `--map` is refused, since it would name
//! a file on the desk.

mod common;

use common::serve::Desk;
use common::{stderr, stdout};

const MAP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/ibm-map.toml");
const IBM: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/ibm-accounts-receivable.csv");

#[test]
fn a_lead_adds_a_map_over_ssh_and_imports_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::start(dir.path());
    let carol = desk.key_for("carol");
    let alice = desk.key_for("alice");
    let map = std::path::Path::new(MAP);

    let out = desk.run_with_input(&carol, &["map", "add", "ibm", "-"], map);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "added map ibm (invoices payments; 9 columns; dates %m/%d/%Y)\n");
    // Anyone reads it back as it was added.
    let out = desk.run(&alice, &["map", "show", "ibm"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), std::fs::read_to_string(MAP).unwrap());
    let list = stdout(&desk.run(&alice, &["map", "list"]));
    assert!(list.starts_with("ibm\tcarol\t"), "{list}");

    let args = ["import", "invoices", "-", "--map", "ibm", "--create-debtors"];
    let out = desk.run_with_input(&carol, &args, std::path::Path::new(IBM));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "imported - invoices: 2466 new, 0 updated, 0 unchanged, 100 debtors created, map ibm\n"
    );
    let invoices = stdout(&desk.local(&["export", "invoices"]));
    assert!(
        invoices.lines().any(|l| l.starts_with("0379-NEVHP,611365,,2013-01-02,2013-02-01,55.94,")),
        "US dates read by the map"
    );
    let rows = desk.audit();
    let added = rows.iter().find(|r| r[3] == "map" && r[5] == "add").unwrap();
    assert_eq!(added[2], "carol");
    let import = rows.iter().find(|r| r[5] == "import invoices").unwrap();
    assert_eq!(import[2], "carol");
    assert!(import[7].contains(", map ibm (sha256:"), "{import:?}");
}

#[test]
fn an_agents_map_and_a_path_for_a_map_are_refused_over_ssh() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::start(dir.path());
    let carol = desk.key_for("carol");
    let alice = desk.key_for("alice");
    let map = std::path::Path::new(MAP);
    let audit_before = desk.audit().len();

    let out = desk.run_with_input(&alice, &["map", "add", "ibm", "-"], map);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(stderr(&out), "recoup: only a lead can add maps; alice is an agent\n");
    assert_eq!(stdout(&desk.local(&["map", "list"])), "", "nothing kept");

    let ibm = std::path::Path::new(IBM);
    for (args, says) in [
        (vec!["import", "invoices", "-", "--map", "/etc/passwd"], "--map takes the name of a map"),
        (vec!["import", "invoices", "-", "--map", MAP], "a path would name a file on the desk"),
        (
            vec!["import", "invoices", "-", "--map", "ibm.toml"],
            "a path would name a file on the desk",
        ),
        (vec!["map", "add", "ibm", MAP], "a map is read from standard input"),
    ] {
        let out = desk.run_with_input(&carol, &args, ibm);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.starts_with("recoup: ") && err.contains(says), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "one sentence: {err}");
    }
    // A name not kept in the book is no file either.
    let out = desk.run_with_input(&carol, &["import", "invoices", "-", "--map", "passwd"], ibm);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "recoup: there is no map called \"passwd\" in the book; `recoup map list` shows them\n"
    );
    let imports = desk.audit()[audit_before..]
        .iter()
        .filter(|r| r[5].starts_with("import") || r[3] == "map")
        .count();
    assert_eq!(imports, 0, "nothing written");
}
