//! Issue 13 at the command line: reference rates (`rates import|list`),
//! the debtors' `interest` and `interest_rate` columns, the
//! `allocation_order` rule and `check`'s warning for a rate the table lacks.

mod common;

use std::path::Path;
use std::process::Output;

use common::{csv_rows, stderr, stdout};

const RATES: &str = "\
rate,effective_on,percent
boe_base,2025-02-06,4.5
boe_base,2025-05-08,4.25
ecb_refi,2025-06-11,2.15
";

fn run_in(dir: &Path, agent: &str, args: &[&str], input: &[u8]) -> Output {
    common::run_with_input(dir, "book.sqlite", agent, args, input)
}

fn run(dir: &Path, agent: &str, args: &[&str]) -> Output {
    run_in(dir, agent, args, b"")
}

fn ok(out: Output) -> String {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
}

/// A new book: carol its lead, alice an agent.
fn book(dir: &Path) {
    ok(run(dir, "carol", &["agent", "add", "carol", "--role", "lead"]));
    ok(run(dir, "carol", &["agent", "add", "alice"]));
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_owned()
}

fn rates_csv(dir: &Path) -> Vec<Vec<String>> {
    csv_rows(&ok(run(dir, "alice", &["rates", "list", "--format", "csv"])))
}

fn audit(dir: &Path) -> Vec<Vec<String>> {
    csv_rows(&ok(run(dir, "carol", &["export", "audit"])))
}

#[test]
fn a_lead_imports_rates_from_a_file_or_standard_input_and_anyone_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    book(dir);
    let file = write(dir, "rates.csv", RATES);
    let said = ok(run(dir, "carol", &["rates", "import", &file]));
    assert_eq!(said.trim(), "3 rates: 3 added, 0 changed, 0 unchanged");
    assert_eq!(
        rates_csv(dir),
        [
            ["rate", "effective_on", "percent"],
            ["boe_base", "2025-02-06", "4.5"],
            ["boe_base", "2025-05-08", "4.25"],
            ["ecb_refi", "2025-06-11", "2.15"],
        ]
    );
    let table = ok(run(dir, "alice", &["rates", "list"]));
    assert!(table.contains("boe_base") && table.contains("4.25"), "{table}");

    // Over SSH the file comes on standard input: one day changed, one added.
    let more = "rate,effective_on,percent\nboe_base,2025-05-08,4.3\necb_refi,2025-09-01,2\n";
    let said = ok(run_in(dir, "carol", &["rates", "import", "-"], more.as_bytes()));
    assert_eq!(said.trim(), "2 rates: 1 added, 1 changed, 0 unchanged");
    let rows = rates_csv(dir);
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[2], ["boe_base", "2025-05-08", "4.3"]);

    // Each import is audited: who, how many rows, the file's SHA-256.
    let log = audit(dir);
    let imports: Vec<_> = log.iter().filter(|r| r[3] == "rates" && r[5] == "import").collect();
    assert_eq!(imports.len(), 2);
    assert_eq!(imports[0][2], "carol");
    let sha = recoup::domain::audit_chain::text_fingerprint(RATES);
    assert_eq!(imports[0][7], format!("3 rows (3 added, 0 changed, 0 unchanged) from {sha}"));
}

#[test]
fn a_bad_rates_line_or_an_agent_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    book(dir);
    let bad = write(
        dir,
        "bad.csv",
        "rate,effective_on,percent\nboe_base,2025-02-06,4.5\nboe_base,2025-03-01,4,5\n",
    );
    let out = run(dir, "carol", &["rates", "import", &bad]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        format!(
            "recoup: {bad}: line 3 has 4 fields; expected 3 (rate,effective_on,percent); nothing was imported"
        )
    );
    let bad = write(dir, "bad2.csv", "rate,effective_on,percent\nboe_base,2025-02-06,4.125\n");
    let out = run(dir, "carol", &["rates", "import", &bad]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{bad}: line 2, column percent: \"4.125\" is not a percent")),
        "{err}"
    );
    assert_eq!(rates_csv(dir).len(), 1, "only the header: nothing was written");

    let good = write(dir, "rates.csv", RATES);
    let out = run(dir, "alice", &["rates", "import", &good]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("only a lead can import rates; alice is an agent"),
        "{}",
        stderr(&out)
    );
    assert_eq!(rates_csv(dir).len(), 1);
    assert!(!audit(dir).iter().any(|r| r[3] == "rates"));
}

const DEBTORS: &str = "\
ref,name,interest,interest_rate
D-1,Brook Mills Ltd,uk,8
D-2,Rhein Handel GmbH,eu,8
D-3,Contract Co,contract,10.5
D-4,Plain Ltd,,
";

fn export_debtors(dir: &Path) -> Vec<Vec<String>> {
    csv_rows(&ok(run(dir, "carol", &["export", "debtors"])))
}

fn column(rows: &[Vec<String>], name: &str) -> Vec<String> {
    let i = rows[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("no {name}"));
    rows[1..].iter().map(|r| r[i].clone()).collect()
}

#[test]
fn debtors_import_and_export_their_interest_regime_and_rate() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    book(dir);
    let file = write(dir, "debtors.csv", DEBTORS);
    ok(run(dir, "carol", &["import", "debtors", &file]));
    let rows = export_debtors(dir);
    assert_eq!(column(&rows, "interest"), ["uk", "eu", "contract", "none"]);
    assert_eq!(column(&rows, "interest_rate"), ["8", "8", "10.5", "8"]);

    // The export imports back as it was: nothing changes, nothing audited.
    let exported = write(dir, "exported.csv", &ok(run(dir, "carol", &["export", "debtors"])));
    let before = audit(dir).len();
    ok(run(dir, "carol", &["import", "debtors", &exported]));
    assert_eq!(export_debtors(dir), rows);
    let log = audit(dir);
    assert_eq!(log.len(), before + 1, "only the import's own row");
    assert!(log.last().unwrap()[7].ends_with("0 new, 0 updated, 4 unchanged"), "{:?}", log.last());

    // A change by import is audited like any other field.
    let change =
        write(dir, "change.csv", "ref,name,interest,interest_rate\nD-3,Contract Co,uk,9.75\n");
    ok(run(dir, "carol", &["import", "debtors", &change]));
    assert_eq!(column(&export_debtors(dir), "interest_rate")[2], "9.75");
    let log = audit(dir);
    let changed: Vec<_> = log.iter().filter(|r| r[3] == "debtor" && r[5] == "import").collect();
    assert_eq!(changed.len(), 1, "one debtor changed, once");
    let last = changed[0];
    assert_eq!(last[6], "interest=contract; interest_rate=10.5");
    assert_eq!(last[7], "interest=uk; interest_rate=9.75");
}

#[test]
fn a_bad_interest_value_names_file_line_and_column_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    book(dir);
    let bad = write(
        dir,
        "bad.csv",
        "ref,name,interest,interest_rate\nD-1,Brook,uk,8\nD-2,Rhein,eu,8.125\n",
    );
    let out = run(dir, "carol", &["import", "debtors", &bad]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        format!(
            "recoup: {bad}: line 3, column interest_rate: \"8.125\" is not a percent (expected a number from 0 to 100 with at most two decimals, like 8 or 10.5); nothing was imported"
        )
    );
    let bad = write(dir, "bad2.csv", "ref,name,interest\nD-1,Brook,france\n");
    let out = run(dir, "carol", &["import", "debtors", &bad]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("line 2, column interest: \"france\" is not an interest regime (expected none, uk, eu or contract)"), "{}", stderr(&out));
    assert_eq!(export_debtors(dir).len(), 1, "no debtor was written");
}

#[test]
fn allocation_order_is_a_book_rule_a_lead_sets() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    book(dir);
    let shown = ok(run(dir, "alice", &["rules", "show"]));
    let line = shown.lines().find(|l| l.starts_with("allocation_order ")).unwrap_or_default();
    assert_eq!(
        line.split_whitespace().collect::<Vec<_>>(),
        ["allocation_order", "principal_first"]
    );
    let out = run(dir, "alice", &["rules", "set", "allocation_order", "costs_interest_principal"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("only a lead can change the book's rules"), "{}", stderr(&out));
    let out = run(dir, "carol", &["rules", "set", "allocation_order", "interest_first"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not principal_first or costs_interest_principal"),
        "{}",
        stderr(&out)
    );
    let out = run(dir, "carol", &["rules", "set", "allocation_order", "costs_interest_principal"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("allocation_order: principal_first → costs_interest_principal"));
    assert!(ok(run(dir, "alice", &["rules", "show"])).contains("costs_interest_principal"));
    let log = audit(dir);
    assert!(log.iter().any(|r| r[7].contains("costs_interest_principal")), "audited");
}

const INVOICES: &str = "\
debtor_ref,number,issued_on,due_on,amount
D-1,UK-OLD,2024-11-01,2024-12-01,100
D-1,UK-NEW,2025-05-01,2025-06-01,100
D-2,EU-1,2025-08-01,2025-09-01,100
D-3,C-1,2024-01-01,2024-02-01,100
D-4,N-1,2024-01-01,2024-02-01,100
";

#[test]
fn check_warns_when_a_debtor_needs_a_rate_the_table_does_not_hold() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    book(dir);
    ok(run(dir, "carol", &["import", "debtors", &write(dir, "d.csv", DEBTORS)]));
    ok(run(dir, "carol", &["import", "invoices", &write(dir, "i.csv", INVOICES)]));
    // No rate at all yet: both statutory debtors are named, by series.
    let said = ok(run(dir, "carol", &["check"]));
    let warnings: Vec<&str> = said.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(warnings.len(), 2, "{said}");
    assert!(warnings[0].contains("\"D-1\" (uk) has an invoice late since 2024-12-01, before the rate table which has no boe_base rate"), "{}", warnings[0]);
    assert!(warnings[1].contains("\"D-2\" (eu) has an invoice late since 2025-09-01, before the rate table which has no ecb_refi rate"), "{}", warnings[1]);
    ok(run(dir, "carol", &["rates", "import", &write(dir, "r.csv", RATES)]));
    let said = ok(run(dir, "carol", &["check"]));
    let warnings: Vec<&str> = said.lines().filter(|l| l.starts_with("warning: debtor")).collect();
    // D-1's UK-OLD is due before the first boe_base rate; D-2's EU-1 is not
    // before the first ecb_refi rate; contract and none need no rate.
    assert_eq!(
        warnings,
        [
            "warning: debtor \"D-1\" (uk) has an invoice late since 2024-12-01, before the rate table whose first boe_base rate is on 2025-02-06: its interest shows as unknown until `recoup rates import` adds the rate"
        ]
    );
    assert!(said.trim_end().ends_with("ok"), "warnings do not fail the check: {said}");

    // Once the early rate is there, nobody is named.
    let early = "rate,effective_on,percent\nboe_base,2024-08-01,5\n";
    ok(run(dir, "carol", &["rates", "import", &write(dir, "early.csv", early)]));
    let said = ok(run(dir, "carol", &["check"]));
    assert!(!said.contains("warning: debtor"), "{said}");
    // Both series in use last changed before the half-year of today
    // (2026-11-25): each is named with its last day.
    let stale: Vec<&str> =
        said.lines().filter(|l| l.starts_with("warning: the rate table")).collect();
    assert_eq!(
        stale,
        [
            "warning: the rate table's last boe_base change is on 2025-05-08, before the half-year being claimed (2026-07-01 to 2026-12-31): uk interest takes the rate as unchanged since; if it changed, `recoup rates import` the change",
            "warning: the rate table's last ecb_refi change is on 2025-06-11, before the half-year being claimed (2026-07-01 to 2026-12-31): eu interest takes the rate as unchanged since; if it changed, `recoup rates import` the change",
        ]
    );
    // A change within the half-year: the base rate is no longer named; the
    // ECB rate still is. A series no debtor needs is never named.
    let recent = "rate,effective_on,percent\nboe_base,2026-08-06,3.75\n";
    ok(run(dir, "carol", &["rates", "import", &write(dir, "recent.csv", recent)]));
    let said = ok(run(dir, "carol", &["check"]));
    let stale: Vec<&str> =
        said.lines().filter(|l| l.starts_with("warning: the rate table")).collect();
    assert_eq!(stale.len(), 1, "{said}");
    assert!(stale[0].contains("last ecb_refi change is on 2025-06-11"), "{said}");
    ok(run(
        dir,
        "carol",
        &["import", "debtors", &write(dir, "none.csv", "ref,name,interest\nD-2,Rhein,none\n")],
    ));
    let said = ok(run(dir, "carol", &["check"]));
    assert!(!said.contains("warning"), "{said}");
}
