//! Commands over SSH without a terminal (`ssh desk report aging --format
//! csv`): run as the agent the key names, output and exit status over the
//! channel, standard input from it, the server's choices not overridable,
//! and a lead's commands refused to an agent with nothing written (issue 12).

mod common;

use common::serve::Desk;
use common::{stderr, stdout};

const PAYMENT: &str = "\
debtor_ref,received_on,amount,invoice_number,reference
ACC-10001,2026-11-20,100.00,,SSH-1
";

#[test]
fn a_report_over_ssh_is_the_local_report_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::start(dir.path());
    let alice = desk.key_for("alice");
    for args in [
        &["report", "aging", "--format", "csv"][..],
        &["report", "aging", "--by", "debtor", "--format", "csv"],
        &["export", "debtors"],
    ] {
        let remote = desk.run(&alice, args);
        let mut local_args = vec!["--agent", "alice"];
        local_args.extend_from_slice(args);
        let local = desk.local(&local_args);
        assert_eq!(remote.status.code(), Some(0), "{args:?}: {}", stderr(&remote));
        assert!(remote.stdout.len() > 100, "{}", stdout(&remote));
        assert_eq!(remote.stdout, local.stdout, "{args:?}");
    }
    // A command's failure comes back with its exit status and message.
    let out = desk.run(&alice, &["report", "agingg"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("recoup: "), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn an_agents_import_is_refused_with_nothing_written_and_a_leads_imports() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::start(dir.path());
    let alice = desk.key_for("alice");
    let carol = desk.key_for("carol");
    let file = dir.path().join("payments.csv");
    std::fs::write(&file, PAYMENT).unwrap();
    let before = stdout(&desk.local(&["export", "payments"]));
    let audit_before = desk.audit().len();

    let out = desk.run_with_input(&alice, &["import", "payments", "-"], &file);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(stderr(&out), "recoup: only a lead can import files; alice is an agent\n");
    assert_eq!(stdout(&desk.local(&["export", "payments"])), before, "nothing written");

    let out = desk.run_with_input(&carol, &["import", "payments", "-"], &file);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("imported - payments: 1 new"), "{}", stderr(&out));
    let after = stdout(&desk.local(&["export", "payments"]));
    assert_eq!(after.lines().count(), before.lines().count() + 1);
    assert!(after.contains("SSH-1"), "{after}");
    // Only the lead's import (and the logins and logouts) reached the log.
    let rows = desk.audit();
    let imports: Vec<&Vec<String>> =
        rows[audit_before..].iter().filter(|r| r[5].starts_with("import")).collect();
    assert_eq!(imports.len(), 1);
    assert_eq!(imports[0][2], "carol");
}

#[test]
fn an_agent_cannot_manage_keys_or_rules_over_ssh_and_a_lead_can() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::start(dir.path());
    let alice = desk.key_for("alice");
    let carol = desk.key_for("carol");
    let bob = desk.keygen("bob");
    let bob_pub = dir.path().join("bob.pub");
    let keys_before = stdout(&desk.local(&["agent", "key", "list"]));

    // The command runs as the book's owner, but over SSH only the key's
    // agent counts.
    let out = desk.run_with_input(&alice, &["agent", "key", "add", "bob", "-"], &bob_pub);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(stderr(&out), "recoup: only a lead can register keys; alice is an agent\n");
    let out = desk.run(&alice, &["rules", "set", "grace_days", "5"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("only a lead"), "{}", stderr(&out));
    let fingerprint = keys_before.lines().next().unwrap().split('\t').nth(1).unwrap();
    let out = desk.run(&alice, &["agent", "key", "remove", "alice", fingerprint]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(stdout(&desk.local(&["agent", "key", "list"])), keys_before, "nothing written");
    let rules = stdout(&desk.local(&["rules", "show"]));
    assert!(rules.lines().any(|l| l.split_whitespace().eq(["grace_days", "3"])), "{rules}");

    let out = desk.run_with_input(&carol, &["agent", "key", "add", "bob", "-"], &bob_pub);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("added key SHA256:") && stdout(&out).ends_with(" for bob\n"));
    // bob's key now opens a session as bob.
    let out = desk.run(&bob, &["agent", "key", "list"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().filter(|l| l.starts_with("bob\t")).count(), 1);
    let rows = desk.audit();
    let added = rows.iter().find(|r| r[5] == "key add" && r[7].contains("bob")).unwrap();
    assert_eq!(added[2], "carol", "the lead is named: {added:?}");
}

#[test]
fn what_the_server_decides_cannot_be_given_over_ssh() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::start(dir.path());
    let alice = desk.key_for("alice");
    let elsewhere = dir.path().join("other.sqlite");
    let out_file = dir.path().join("debtors.csv");
    for (args, says) in [
        (
            vec!["--db", elsewhere.to_str().unwrap(), "report", "aging"],
            "--db is not taken over SSH",
        ),
        (vec!["report", "aging", "--agent", "carol"], "--agent is not taken over SSH"),
        (vec!["report", "aging", "--config", "/etc/passwd"], "--config is not taken over SSH"),
        (vec!["--demo", "report", "aging"], "--demo is not taken over SSH"),
        (vec!["demo"], "`demo` writes a new book"),
        (vec!["serve"], "`serve` runs at the desk's own command line"),
        (
            vec!["export", "debtors", "--out", out_file.to_str().unwrap()],
            "--out would write a file",
        ),
        (vec!["import", "payments", "/etc/hostname"], "an import reads standard input"),
        (vec!["report", "aging", ">", "x"], "would need a shell"),
    ] {
        let out = desk.run(&alice, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.starts_with("recoup: ") && err.contains(says), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "one sentence: {err}");
    }
    assert!(!elsewhere.exists() && !out_file.exists(), "nothing made on the desk");
    // Neither a terminal nor a command: how to connect.
    let out = desk.run(&alice, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("the workstation needs a terminal"), "{}", stderr(&out));
    // Quoted words reach the command as they were typed.
    let out =
        desk.run(&alice, &["note", "add", "ACC-10001", "'Spoke to AP; paying > 1k on Friday'"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let notes = stdout(&desk.local(&["export", "notes"]));
    assert!(notes.contains("Spoke to AP; paying > 1k on Friday"), "{notes}");
}

#[test]
fn a_lead_imports_rates_over_ssh_from_standard_input_only() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::start(dir.path());
    let alice = desk.key_for("alice");
    let carol = desk.key_for("carol");
    let file = dir.path().join("rates.csv");
    std::fs::write(&file, "rate,effective_on,percent\nboe_base,2025-08-07,4\n").unwrap();

    let out = desk.run(&carol, &["rates", "import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("rates are read from standard input"), "{}", stderr(&out));
    let out = desk.run_with_input(&alice, &["rates", "import", "-"], &file);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(stderr(&out), "recoup: only a lead can import rates; alice is an agent\n");
    assert_eq!(
        stdout(&desk.local(&["rates", "list", "--format", "csv"])),
        "rate,effective_on,percent\n"
    );

    let out = desk.run_with_input(&carol, &["rates", "import", "-"], &file);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "1 rate: 1 added, 0 changed, 0 unchanged\n");
    let out = desk.run(&alice, &["rates", "list", "--format", "csv"]);
    assert_eq!(stdout(&out), "rate,effective_on,percent\nboe_base,2025-08-07,4\n");
}
