//! Import maps kept in the book by name (issue 12): `recoup map add NAME
//! FILE|-`, `map list`, `map show`, `map remove`, and `import KIND FILE
//! --map NAME`, which reads the same book as `--map FILE`.

mod common;

use std::path::Path;
use std::process::Output;

use common::{csv_rows, stderr, stdout};

const MAP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/ibm-map.toml");
const IBM: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/ibm-accounts-receivable.csv");
const BAD_MAP: &str = "date_format = \"%m/%d/%Y\"\n[columns]\nisued_on = \"InvoiceDate\"\n";

use common::run_with_input as run_in;

fn run(dir: &Path, agent: &str, args: &[&str]) -> Output {
    run_in(dir, "ar.sqlite", agent, args, b"")
}

fn ok(out: Output) -> Output {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    out
}

/// A new book whose first user, carol, is its lead; alice an agent.
fn book(dir: &Path, name: &str) {
    ok(run_in(dir, name, "carol", &["agent", "add", "carol", "--role", "lead"], b""));
    ok(run_in(dir, name, "carol", &["agent", "add", "alice"], b""));
}

fn audit(dir: &Path, name: &str) -> Vec<Vec<String>> {
    csv_rows(&stdout(&ok(run_in(dir, name, "carol", &["export", "audit"], b""))))
}

#[test]
fn a_lead_keeps_maps_from_a_file_and_from_standard_input_and_show_gives_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    book(dir, "ar.sqlite");
    let text = std::fs::read_to_string(MAP).unwrap();
    let out = ok(run(dir, "carol", &["map", "add", "ibm", MAP]));
    assert_eq!(stdout(&out), "added map ibm (invoices payments; 9 columns; dates %m/%d/%Y)\n");
    let semis = "delimiter = \";\"\n[columns]\nref = \"Kunde\"\nname = \"Firma\"\n";
    let out =
        ok(run_in(dir, "ar.sqlite", "carol", &["map", "add", "sage-50", "-"], semis.as_bytes()));
    assert_eq!(stdout(&out), "added map sage-50 (debtors; 2 columns; delimiter ;)\n");

    let out = ok(run(dir, "alice", &["map", "list"]));
    assert_eq!(
        stdout(&out),
        "ibm\tcarol\t2026-11-25T14:03:00Z\tinvoices payments; 9 columns; dates %m/%d/%Y\n\
         sage-50\tcarol\t2026-11-25T14:03:00Z\tdebtors; 2 columns; delimiter ;\n"
    );
    // What was added comes back byte for byte, for anyone to read.
    assert_eq!(stdout(&ok(run(dir, "alice", &["map", "show", "ibm"]))), text);
    assert_eq!(stdout(&ok(run(dir, "alice", &["map", "show", "sage-50"]))), semis);
    let out = run(dir, "alice", &["map", "show", "sage"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "recoup: there is no map called \"sage\" in the book; `recoup map list` shows them\n"
    );

    // A name is replaced only when asked; the audit row names both texts.
    let out = run_in(dir, "ar.sqlite", "carol", &["map", "add", "ibm", "-"], semis.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "recoup: there is already a map called \"ibm\" (added by carol at 2026-11-25T14:03:00Z); give --replace to replace it\n"
    );
    assert_eq!(stdout(&ok(run(dir, "alice", &["map", "show", "ibm"]))), text, "kept");
    let args = ["map", "add", "ibm", "-", "--replace"];
    let out = ok(run_in(dir, "ar.sqlite", "carol", &args, semis.as_bytes()));
    assert_eq!(stdout(&out), "replaced map ibm (debtors; 2 columns; delimiter ;)\n");
    let out = ok(run_in(dir, "ar.sqlite", "carol", &args, semis.as_bytes()));
    assert_eq!(stdout(&out), "map ibm is unchanged\n");
    ok(run(dir, "carol", &["map", "remove", "sage-50"]));
    assert_eq!(
        stdout(&ok(run(dir, "carol", &["map", "list"]))),
        "ibm\tcarol\t2026-11-25T14:03:00Z\tdebtors; 2 columns; delimiter ;\n"
    );

    let rows = audit(dir, "ar.sqlite");
    let maps: Vec<Vec<&str>> = rows
        .iter()
        .filter(|r| r[3] == "map")
        .map(|r| vec![r[2].as_str(), r[5].as_str(), r[6].as_str(), r[7].as_str()])
        .collect();
    let ibm = format!("ibm {} ({} bytes)", fingerprint(&text), text.len());
    let sage = format!("sage-50 {} ({} bytes)", fingerprint(semis), semis.len());
    let replaced = format!("ibm {} ({} bytes)", fingerprint(semis), semis.len());
    assert_eq!(
        maps,
        [
            vec!["carol", "add", "", ibm.as_str()],
            vec!["carol", "add", "", sage.as_str()],
            vec!["carol", "replace", ibm.as_str(), replaced.as_str()],
            vec!["carol", "remove", sage.as_str(), ""],
        ]
    );
    assert!(ok(run(dir, "carol", &["check"])).status.success());
}

fn fingerprint(text: &str) -> String {
    recoup::domain::audit_chain::text_fingerprint(text)
}

#[test]
fn an_agent_cannot_add_or_remove_a_map_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    book(dir, "ar.sqlite");
    let before = audit(dir, "ar.sqlite");
    // The tests run as the book's owner: naming an agent still acts as one.
    let out = run(dir, "alice", &["map", "add", "ibm", MAP]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(stderr(&out), "recoup: only a lead can add maps; alice is an agent\n");
    assert_eq!(stdout(&ok(run(dir, "carol", &["map", "list"]))), "", "nothing kept");
    ok(run(dir, "carol", &["map", "add", "ibm", MAP]));
    let kept = audit(dir, "ar.sqlite");
    let out = run(dir, "alice", &["map", "remove", "ibm"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(stderr(&out), "recoup: only a lead can remove maps; alice is an agent\n");
    assert_eq!(stdout(&ok(run(dir, "alice", &["map", "show", "ibm"]))).len(), 471);
    assert_eq!(audit(dir, "ar.sqlite"), kept);
    assert_eq!(kept.len(), before.len() + 1);
}

#[test]
fn a_bad_map_is_refused_where_it_is_wrong_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    book(dir, "ar.sqlite");
    let before = audit(dir, "ar.sqlite");
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, BAD_MAP).unwrap();
    let bad = bad.to_str().unwrap();
    let line = "line 3, column 1: [columns] \"isued_on\" is not one of recoup's import columns";

    // The sentence `--map FILE` gives, from `map add` as from an import.
    let out = run(dir, "carol", &["map", "add", "ibm", bad]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), format!("recoup: {bad}: {line}\n"));
    let out = run(dir, "carol", &["import", "invoices", IBM, "--map", bad]);
    assert_eq!(stderr(&out), format!("recoup: {bad}: {line}\n"));
    let out = run_in(dir, "ar.sqlite", "carol", &["map", "add", "ibm", "-"], BAD_MAP.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), format!("recoup: -: {line}\n"));
    let out = run_in(dir, "ar.sqlite", "carol", &["map", "add", "ibm", "-"], b"# \x1b[2J\n");
    assert_eq!(
        stderr(&out),
        "recoup: -: line 1, column 3: a control character; a map is plain text\n"
    );
    for name in ["IBM", "ibm.toml", "_x", "a/b"] {
        let out = run(dir, "carol", &["map", "add", name, MAP]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(stderr(&out).contains("is not a map name: a short word"), "{}", stderr(&out));
    }
    assert_eq!(stdout(&ok(run(dir, "carol", &["map", "list"]))), "");
    assert_eq!(audit(dir, "ar.sqlite"), before, "nothing written");
    // No book, no map: nothing is made at the path.
    let out = run_in(dir, "none.sqlite", "carol", &["map", "add", "ibm", MAP], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.join("none.sqlite").exists());
}

/// Imports the IBM export as invoices, then as payments, with `map`.
fn import_ibm(dir: &Path, book: &str, map: &str) -> String {
    let args = ["import", "invoices", IBM, "--map", map, "--create-debtors"];
    let invoices = ok(run_in(dir, book, "carol", &args, b""));
    let payments = ok(run_in(dir, book, "carol", &["import", "payments", IBM, "--map", map], b""));
    format!("{}{}", stderr(&invoices), stderr(&payments))
}

#[test]
fn an_import_with_a_kept_map_gives_the_same_book_as_with_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    book(dir, "file.sqlite");
    book(dir, "kept.sqlite");
    let said = import_ibm(dir, "file.sqlite", MAP);
    assert!(
        said.contains(&format!(
            "2466 new, 0 updated, 0 unchanged, 100 debtors created, map file {MAP}\n"
        )),
        "{said}"
    );
    ok(run_in(dir, "kept.sqlite", "carol", &["map", "add", "ibm", MAP], b""));
    let said = import_ibm(dir, "kept.sqlite", "ibm");
    assert_eq!(
        said,
        format!(
            "imported {IBM} invoices: 2466 new, 0 updated, 0 unchanged, 100 debtors created, map ibm\n\
             imported {IBM} payments: 2466 new, 0 updated, 0 unchanged, map ibm\n"
        )
    );
    for kind in ["debtors", "invoices", "payments"] {
        let file = ok(run_in(dir, "file.sqlite", "carol", &["export", kind], b""));
        let kept = ok(run_in(dir, "kept.sqlite", "carol", &["export", kind], b""));
        assert!(file.stdout.len() > 1000, "{kind}");
        assert_eq!(stdout(&file), stdout(&kept), "{kind}");
    }
    // The import's audit row names the map and the text it read.
    let text = std::fs::read_to_string(MAP).unwrap();
    let rows = audit(dir, "kept.sqlite");
    let import = rows.iter().find(|r| r[5] == "import invoices").unwrap();
    assert!(import[7].ends_with(&format!(", map ibm ({})", fingerprint(&text))), "{import:?}");
    let rows = audit(dir, "file.sqlite");
    let import = rows.iter().find(|r| r[5] == "import payments").unwrap();
    assert!(
        import[7].ends_with(&format!(", map file {MAP} ({})", fingerprint(&text))),
        "{import:?}"
    );
}

#[test]
fn how_the_map_is_spelt_decides_between_the_book_and_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    book(dir, "ar.sqlite");
    std::fs::copy(MAP, dir.join("ibm")).unwrap();
    let before = audit(dir, "ar.sqlite");
    // `ibm` is a name, even with a file of that name here.
    let out = run(dir, "carol", &["import", "invoices", IBM, "--map", "ibm", "--create-debtors"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "recoup: there is no map called \"ibm\" in the book; `recoup map list` shows them (for the file ibm here, give --map ./ibm)\n"
    );
    assert_eq!(audit(dir, "ar.sqlite"), before, "nothing written");
    let out =
        ok(run(dir, "carol", &["import", "invoices", IBM, "--map", "./ibm", "--create-debtors"]));
    assert!(stderr(&out).contains("2466 new"), "{}", stderr(&out));
    // A name needs the book it is kept in; none is made.
    let out = run_in(dir, "new.sqlite", "carol", &["import", "invoices", IBM, "--map", "ibm"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("there is no database at"), "{}", stderr(&out));
    assert!(!dir.join("new.sqlite").exists());
}

#[test]
fn a_map_is_not_replaced_behind_the_audit_logs_back() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    book(dir, "ar.sqlite");
    ok(run(dir, "carol", &["map", "add", "ibm", MAP]));
    let conn = rusqlite::Connection::open(dir.join("ar.sqlite")).unwrap();
    let err = conn
        .execute(
            "INSERT OR REPLACE INTO import_maps (name, text, added_at) VALUES ('ibm', '', 'x')",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("recoup map add --replace"), "{err}");
    let text: String = conn
        .query_row("SELECT text FROM import_maps WHERE name = 'ibm'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(text, std::fs::read_to_string(MAP).unwrap());
    ok(run(dir, "carol", &["check"]));

    // Changed or removed with SQL, not by recoup: `recoup check` says so.
    conn.execute("UPDATE import_maps SET text = '# mine' WHERE name = 'ibm'", []).unwrap();
    let out = run(dir, "carol", &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let said = stdout(&out);
    assert!(
        said.contains("the map \"ibm\" is not what audit row 3 recorded: it was changed without `recoup map add --replace`"),
        "{said}"
    );
    conn.execute("DELETE FROM import_maps", []).unwrap();
    let said = stdout(&run(dir, "carol", &["check"]));
    assert!(
        said.contains("audit row 3 records the map \"ibm\" (map 1), but the book has no such map: it was removed without `recoup map remove`"),
        "{said}"
    );
    conn.execute("INSERT INTO import_maps (name, text, added_at) VALUES ('sage', '', 'x')", [])
        .unwrap();
    let said = stdout(&run(dir, "carol", &["check"]));
    assert!(
        said.contains("the map \"sage\" has no audit row: it was not added by `recoup map add`"),
        "{said}"
    );
}

#[test]
fn a_book_of_schema_5_gains_the_maps_table_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    book(dir, "ar.sqlite");
    // Back to schema 5: no maps table (nor what schema 7 added).
    let conn = rusqlite::Connection::open(dir.join("ar.sqlite")).unwrap();
    conn.execute_batch(
        "DROP INDEX debtors_interest; ALTER TABLE debtors DROP COLUMN interest;
         ALTER TABLE debtors DROP COLUMN interest_rate; DROP TABLE reference_rates;
         DROP TABLE interest_waivers;
         DROP TRIGGER import_maps_no_replace; DROP TABLE import_maps; PRAGMA user_version = 5;",
    )
    .unwrap();
    drop(conn);
    let out = run(dir, "carol", &["map", "list"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    ok(run(dir, "carol", &["map", "add", "ibm", MAP]));
    let store = recoup::store::Store::open(&dir.join("ar.sqlite")).unwrap();
    assert_eq!(store.schema_version().unwrap(), recoup::store::SCHEMA_VERSION);
    assert_eq!(store.import_map("ibm").unwrap().text, std::fs::read_to_string(MAP).unwrap());
    ok(run(dir, "carol", &["check"]));
}
