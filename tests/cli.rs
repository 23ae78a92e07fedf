//! The command line's contracts: exit codes, one-sentence errors, exports.

mod common;

use common::{csv_rows, recoup, stderr, stdout};

fn demo(dir: &std::path::Path) -> String {
    let db = dir.join("cli.sqlite").to_str().unwrap().to_owned();
    let out = recoup(dir).args(["demo", "--db", &db, "--debtors", "12"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    db
}

#[test]
fn every_export_has_its_header_and_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let expect = [
        (
            "debtors",
            "ref,name,contact_name,contact_role,phone,email,timezone,terms_days,terms_accepted_on,assigned_to,status,do_not_call",
        ),
        (
            "invoices",
            "debtor_ref,number,supplied_on,issued_on,due_on,amount,currency,disputed,dispute_reason",
        ),
        ("payments", "debtor_ref,received_on,amount,invoice_number,reference"),
        ("promises", "debtor_ref,amount,due_on"),
        ("calls", "debtor_ref,agent,started_at,ended_at,duration_seconds,outcome"),
        ("notes", "id,debtor_ref,created_at,agent"),
        ("audit", "id,at,agent,entity,entity_id,action,before,after,debtor_ref,invoice_number"),
    ];
    for (kind, header) in expect {
        let out = recoup(dir.path()).args(["--db", &db, "export", kind]).output().unwrap();
        assert!(out.status.success(), "{kind}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(text.starts_with(header), "{kind}: {}", text.lines().next().unwrap_or(""));
        assert!(csv_rows(&text).len() > 1, "{kind} has rows");
    }
    let out_file = dir.path().join("debtors.csv");
    let out = recoup(dir.path())
        .args(["export", "debtors", "--db", &db, "--out", out_file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(csv_rows(&std::fs::read_to_string(&out_file).unwrap()).len(), 13);
}

#[test]
fn the_demo_book_covers_every_state_a_desk_meets() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("states.sqlite");
    let db = db.to_str().unwrap();
    let out = recoup(dir.path())
        .env("RECOUP_NOW", common::NOW)
        .args(["demo", "--db", db, "--debtors", "12"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = |kind: &str| {
        let out = recoup(dir.path()).args(["--db", db, "export", kind]).output().unwrap();
        csv_rows(&stdout(&out))
    };
    let col = |rows: &[Vec<String>], name: &str| rows[0].iter().position(|h| h == name).unwrap();

    let promises = rows("promises");
    let status = col(&promises, "status");
    for word in ["open", "kept", "partly kept", "broken", "cancelled"] {
        assert!(promises.iter().any(|r| r[status] == word), "no {word} promise");
    }

    let invoices = rows("invoices");
    let (due, balance, disputed) =
        (col(&invoices, "due_on"), col(&invoices, "balance"), col(&invoices, "disputed"));
    let today = common::now().date_naive();
    let mut buckets = std::collections::BTreeSet::new();
    for r in invoices.iter().skip(1).filter(|r| r[balance] != "0.00") {
        let due: chrono::NaiveDate = r[due].parse().unwrap();
        buckets.insert(recoup::domain::aging::bucket(due, today).label());
    }
    assert_eq!(buckets.len(), 5, "every aging bucket: {buckets:?}");
    assert!(invoices.iter().any(|r| r[disputed] == "yes"), "a disputed invoice");
    assert!(rows("payments").len() > 12);
    let calls = rows("calls");
    assert!(calls.len() > 12, "past calls");
    assert!(rows("notes").len() > 12, "notes");

    let debtors = rows("debtors");
    let tz = col(&debtors, "timezone");
    let zones: std::collections::BTreeSet<_> =
        debtors.iter().skip(1).map(|r| r[tz].clone()).collect();
    assert!(zones.len() >= 4, "time zones across countries: {zones:?}");
    let out = recoup(dir.path()).args(["--db", db, "agent", "list"]).output().unwrap();
    assert_eq!(stdout(&out), "alice\tagent\nbob\tagent\ncarol\tlead\n");
}

#[test]
fn bad_usage_and_bad_input_exit_2_with_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let cases: [(&[&str], &str); 5] = [
        (
            &["--agent", "mallory", "note", "add", "ACC-10000", "x"],
            "there is no agent called \"mallory\"",
        ),
        (&["--agent", "alice", "note", "add", "NOPE-1", "x"], "no debtor has ref \"NOPE-1\""),
        (&["--agent", "alice", "agent", "add", "zed"], "only a lead can add agents"),
        (&["--agent", "carol", "agent", "add", "bob"], "agent \"bob\" already exists"),
        (&["export", "elephants"], "invalid value 'elephants'"),
    ];
    for (args, message) in cases {
        let out = recoup(dir.path()).arg("--db").arg(&db).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
    }
    let out = recoup(dir.path())
        .args(["--db", &db, "--agent", "carol", "agent", "add", "dave", "--role", "lead"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = recoup(dir.path()).args(["--db", &db, "agent", "list"]).output().unwrap();
    assert!(stdout(&out).contains("dave\tlead"));
}

#[test]
fn on_a_new_database_whoever_adds_agents_is_the_first_lead() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.sqlite");
    let db = db.to_str().unwrap();
    let out = recoup(dir.path())
        .args(["--db", db, "--agent", "dana", "agent", "add", "eli"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = recoup(dir.path()).args(["--db", db, "agent", "list"]).output().unwrap();
    assert_eq!(stdout(&out), "dana\tlead\neli\tagent\n");
    let out = recoup(dir.path())
        .args(["--db", db, "--agent", "eli", "agent", "add", "fay"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn piping_a_report_into_head_stops_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' --db '{db}' report aging --by debtor | head -1; '{}' --db '{db}' export invoices | head -2",
            env!("CARGO_BIN_EXE_recoup"),
            env!("CARGO_BIN_EXE_recoup")
        ))
        .env("RECOUP_LOG", dir.path().join("log"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = stderr(&out);
    assert!(!err.contains("bug") && !err.contains("Broken pipe"), "{err}");
    assert_eq!(stdout(&out).lines().count(), 3);
}

#[test]
fn a_malformed_config_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[promises]\ngrace_days = \"three\"\n").unwrap();
    let out = recoup(dir.path())
        .args(["--db", &db, "--config", config.to_str().unwrap(), "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("config.toml is not valid"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_malformed_checklist_in_the_config_directory_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let config = dir.path().join("config").join("recoup");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("checklist.toml"),
        "[[item]]\ntext = \"Greet\"\nkind = \"checkbox\"\n",
    )
    .unwrap();
    let out = recoup(dir.path()).args(["--db", &db, "--agent", "alice"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("checklist.toml is not a valid checklist"), "{err}");
    assert!(err.contains("checkbox"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn demo_refuses_to_overwrite_and_check_reports_counts() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let out = recoup(dir.path()).args(["demo", "--db", &db]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already exists"));
    let out = recoup(dir.path()).args(["--db", &db, "check"]).output().unwrap();
    assert!(out.status.success());
    assert!(stdout(&out).contains("12 debtors"));
    assert!(stdout(&out).trim_end().ends_with("ok"));
}

#[test]
fn the_same_seed_and_day_give_the_same_book() {
    let dir = tempfile::tempdir().unwrap();
    let export = |name: &str| {
        let db = dir.path().join(name);
        let db = db.to_str().unwrap();
        let out = recoup(dir.path())
            .env("RECOUP_NOW", common::NOW)
            .args(["demo", "--db", db, "--debtors", "25", "--seed", "9"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let out = recoup(dir.path()).args(["--db", db, "export", "invoices"]).output().unwrap();
        stdout(&out)
    };
    assert_eq!(export("a.sqlite"), export("b.sqlite"));
}

#[test]
fn reading_commands_refuse_a_database_that_is_not_there() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("typo.sqlite");
    let db = missing.to_str().unwrap();
    for args in [
        vec!["report", "aging"],
        vec!["report", "agents"],
        vec!["report", "promises"],
        vec!["export", "debtors"],
        vec!["check"],
        vec!["note", "add", "ACC-1", "hello"],
    ] {
        let out = recoup(dir.path()).args(["--db", db]).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains(&format!("there is no database at {db}")), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(!missing.exists(), "{args:?} created the file");
    }
    // The demo book is reachable with --demo before the subcommand.
    let out = recoup(dir.path()).args(["--demo", "report", "aging"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("TOTAL"));
}

#[test]
fn an_export_to_a_missing_directory_names_the_file_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let target = dir.path().join("no-such-dir").join("notes.csv");
    let out = recoup(dir.path())
        .args(["--db", &db, "export", "notes", "--out", target.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(
        err.trim(),
        format!(
            "recoup: cannot write {}: No such file or directory (os error 2)",
            target.display()
        )
    );
}

#[test]
fn the_command_line_takes_the_names_recoup_uses_for_each_kind() {
    use clap::ValueEnum;
    use recoup::domain::people::Role;
    use recoup::import::Kind;
    use recoup::store::{AgingBy, ExportKind};
    let word = |v: Option<clap::builder::PossibleValue>| v.unwrap().get_name().to_owned();
    for k in Kind::value_variants() {
        assert_eq!(word(k.to_possible_value()), k.name());
    }
    let kinds: Vec<&str> = ExportKind::value_variants().iter().map(|k| k.name()).collect();
    assert_eq!(
        kinds,
        ["debtors", "contacts", "invoices", "payments", "promises", "calls", "notes", "audit"]
    );
    for k in ExportKind::value_variants() {
        assert_eq!(word(k.to_possible_value()), k.name());
    }
    for r in Role::value_variants() {
        assert_eq!(word(r.to_possible_value()), r.as_str());
    }
    // The aging report's one total is what no --by means, not a value of it.
    assert_eq!(AgingBy::value_variants(), [AgingBy::Agent, AgingBy::Debtor]);
    assert!(AgingBy::Total.to_possible_value().is_none());
}

#[test]
fn a_note_from_a_script_is_kept_with_lf_line_ends() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let text = "Called from the dialer.\r\nPays Friday.\rWire ref 4471.\r\n";
    let out = recoup(dir.path())
        .args(["--db", &db, "--agent", "alice", "note", "add", "ACC-10000", text])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = recoup(dir.path()).args(["--db", &db, "export", "notes"]).output().unwrap();
    let rows = csv_rows(&stdout(&out));
    let body = rows.last().unwrap().last().unwrap();
    assert_eq!(body, "Called from the dialer.\nPays Friday.\nWire ref 4471.");
}
