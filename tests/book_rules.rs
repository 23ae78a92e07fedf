//! One book, one time zone, one set of rules, and who may change what
//! (issue 9, items 4, 9, 10, 14, 16).

mod common;

use std::path::Path;

use common::{csv_rows, recoup, stderr, stdout};
use recoup::app::Rules;
use recoup::clock::FixedClock;
use recoup::store::Store;
use rusqlite::Connection;

use common::cli_book::{demo, run};

fn audit(dir: &Path, db: &str) -> Vec<Vec<String>> {
    let out = run(dir, db, "carol", &["export", "audit"]);
    assert!(out.status.success(), "{}", stderr(&out));
    csv_rows(&stdout(&out))
}

fn col(rows: &[Vec<String>], name: &str) -> usize {
    rows[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"))
}

fn score_sum(db: &str) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row("SELECT SUM(score) FROM debtor_summary", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn rules_are_the_books_set_by_a_lead_audited_and_never_by_a_personal_config() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 20);
    let out = run(dir.path(), &db, "carol", &["rules", "show"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = stdout(&out);
    for line in
        ["timezone", "grace_days", "calling_hours", "08:00-18:00", "priority.per_pin", "1000"]
    {
        assert!(shown.contains(line), "{line}: {shown}");
    }

    // An agent cannot; a bad value says what was expected; neither changes anything.
    let out = run(dir.path(), &db, "bob", &["rules", "set", "priority.per_pin", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("only a lead can change the book's rules"), "{}", stderr(&out));
    let out = run(dir.path(), &db, "carol", &["rules", "set", "priority.per_pin", "-1000"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("from 0 to"), "{}", stderr(&out));

    // A lead pins a debtor; the pin is in the shared score.
    let store = Store::open(Path::new(&db)).unwrap();
    let carol = store.agent_by_name("carol").unwrap().unwrap();
    let at = store.moment(common::moment().now).unwrap();
    store.pin(&recoup::store::LeadTargets::Debtors(vec![1]), 2, carol.id, &at).unwrap();
    drop(store);
    let pinned = score_sum(&db);

    // An agent's old-style config with its own weights is refused outright.
    let config = dir.path().join("bob.toml");
    std::fs::write(&config, "agent = \"bob\"\n[priority]\nper_pin = -1000\n").unwrap();
    let out = recoup(dir.path())
        .env("RECOUP_NOW", common::NOW)
        .args(["--db", &db, "--config", config.to_str().unwrap(), "report", "aging"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("recoup rules set"), "{}", stderr(&out));
    assert_eq!(score_sum(&db), pinned, "nobody's scores moved");

    // The lead's change is everyone's at once, and audited.
    let out = run(dir.path(), &db, "carol", &["rules", "set", "priority.per_pin", "400"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(score_sum(&db), pinned - 2 * 600, "scores recomputed with the new weight");
    let rows = audit(dir.path(), &db);
    let (entity, before, after) = (col(&rows, "entity"), col(&rows, "before"), col(&rows, "after"));
    let last = rows.last().unwrap();
    assert_eq!(
        (last[entity].as_str(), last[before].as_str(), last[after].as_str()),
        ("rules", "priority.per_pin = 1000", "priority.per_pin = 400")
    );
}

#[test]
fn a_running_workstation_takes_up_a_leads_rule_change() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 10);
    let store = Store::open(Path::new(&db)).unwrap();
    let alice = store.agent_by_name("alice").unwrap().unwrap();
    let clock = FixedClock::new(common::now());
    let mut app = common::open_app(store, alice, Box::new(clock), Rules::default(), false);
    assert_eq!(app.model.rules.book.escalation_days, 90);
    let out = run(dir.path(), &db, "carol", &["rules", "set", "escalation_days", "60"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The poll interval is a quarter second; wait for the change, not a time.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while app.model.rules.book.escalation_days != 60 && std::time::Instant::now() < deadline {
        app.poll();
        std::thread::yield_now();
    }
    assert_eq!(app.model.rules.book.escalation_days, 60);
}

#[test]
fn today_is_the_books_date_whatever_each_agents_clock_says() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 10);
    let out = run(dir.path(), &db, "carol", &["rules", "set", "timezone", "America/New_York"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // 09:00 on the 26th in Tokyo is 19:00 on the 25th in New York.
    let tokyo = "2026-11-26T09:00:00+09:00";
    let out = recoup(dir.path())
        .env("RECOUP_NOW", tokyo)
        .args(["--db", &db, "report", "aging"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("Aging of open receivables as of 2026-11-25"),
        "{}",
        stdout(&out)
    );
    // A workstation on that clock does not roll the book over to the 26th.
    let store = Store::open(Path::new(&db)).unwrap();
    let alice = store.agent_by_name("alice").unwrap().unwrap();
    let clock = FixedClock::parse(tokyo).unwrap();
    let app = common::open_app(store, alice, Box::new(clock.clone()), Rules::default(), false);
    assert_eq!(
        Store::open(Path::new(&db)).unwrap().summaries_as_of().unwrap().map(|d| d.to_string()),
        Some("2026-11-25".into())
    );
    assert_eq!(app.model.today().to_string(), "2026-11-25");
    // Past midnight in New York it does.
    drop(app);
    clock.set(chrono::DateTime::parse_from_rfc3339("2026-11-26T05:01:00+00:00").unwrap());
    let store = Store::open(Path::new(&db)).unwrap();
    let alice = store.agent_by_name("alice").unwrap().unwrap();
    let app = common::open_app(store, alice, Box::new(clock), Rules::default(), false);
    assert_eq!(
        Store::open(Path::new(&db)).unwrap().summaries_as_of().unwrap().map(|d| d.to_string()),
        Some("2026-11-26".into())
    );
    assert_eq!(app.model.today().to_string(), "2026-11-26");
    let out = run(dir.path(), &db, "carol", &["check"]);
    assert!(stdout(&out).contains("time zone America/New_York"), "{}", stdout(&out));
}

#[test]
fn demo_data_goes_only_into_a_demo_book() {
    let dir = tempfile::tempdir().unwrap();
    let prod = dir.path().join("prod.sqlite");
    let prod = prod.to_str().unwrap();
    // A real book being set up: agents, no debtors yet.
    let out = run(dir.path(), prod, "carol", &["agent", "add", "carol"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(dir.path(), prod, "carol", &["agent", "add", "dan"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for args in [vec!["--demo"], vec!["--demo", "report", "aging"]] {
        let out = recoup(dir.path()).args(["--db", prod]).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains("is not a demo book"), "{}", stderr(&out));
    }
    let out = recoup(dir.path()).args(["--db", prod, "demo"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let debtors: i64 = Connection::open(prod)
        .unwrap()
        .query_row("SELECT COUNT(*) FROM debtors", [], |r| r.get(0))
        .unwrap();
    assert_eq!(debtors, 0, "no fake debtors in a real book");
    // The library refuses too.
    let store = Store::open(Path::new(prod)).unwrap();
    let err =
        recoup::demo::generate(&store, common::moment(), Default::default()).expect_err("refused");
    assert!(err.to_string().contains("not a new book"), "{err}");
    // A new path is made a demo book, and opens as one again.
    let demo_db = dir.path().join("try.sqlite");
    let demo_db = demo_db.to_str().unwrap();
    let out =
        recoup(dir.path()).args(["--db", demo_db, "--demo", "report", "aging"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out =
        recoup(dir.path()).args(["--db", demo_db, "--demo", "agent", "list"]).output().unwrap();
    assert!(stdout(&out).contains("carol\tlead"), "{}", stdout(&out));
}

#[test]
fn imports_are_a_leads_and_every_changed_debtor_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 12);
    let out = run(dir.path(), &db, "carol", &["export", "debtors"]);
    let debtors = csv_rows(&stdout(&out));
    let (assigned, status) = (col(&debtors, "assigned_to"), col(&debtors, "status"));
    // The file changes the owner of one debtor and closes another.
    let mut changed = debtors.clone();
    let owner = if changed[1][assigned] == "bob" { "alice" } else { "bob" };
    let (first_ref, first_owner) = (changed[1][0].clone(), changed[1][assigned].clone());
    changed[1][assigned] = owner.to_owned();
    let (second_ref, second_status) = (changed[2][0].clone(), changed[2][status].clone());
    changed[2][status] = "closed".to_owned();
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in &changed {
        // Only recoup's own columns (the derived ones are not read back).
        w.write_record(&row[..12]).unwrap();
    }
    let file = dir.path().join("debtors.csv");
    std::fs::write(&file, w.into_inner().unwrap()).unwrap();
    let file = file.to_str().unwrap();

    let before = audit(dir.path(), &db).len();
    let out = run(dir.path(), &db, "bob", &["import", "debtors", file]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("only a lead can import"), "{}", stderr(&out));
    assert_eq!(csv_rows(&stdout(&run(dir.path(), &db, "carol", &["export", "debtors"]))), debtors);

    let out = run(dir.path(), &db, "carol", &["import", "debtors", file]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = audit(dir.path(), &db);
    let new: Vec<&Vec<String>> = rows[before..].iter().collect();
    let (entity, action, b, a, who) = (
        col(&rows, "entity"),
        col(&rows, "action"),
        col(&rows, "before"),
        col(&rows, "after"),
        col(&rows, "agent"),
    );
    let per_debtor: Vec<(&str, &str)> = new
        .iter()
        .filter(|r| r[entity] == "debtor" && r[action] == "import")
        .map(|r| (r[b].as_str(), r[a].as_str()))
        .collect();
    assert_eq!(
        per_debtor,
        vec![
            (
                format!("assigned_to={first_owner}").as_str(),
                format!("assigned_to={owner}").as_str()
            ),
            (format!("status={second_status}").as_str(), "status=closed"),
        ],
        "one row per changed debtor ({first_ref}, {second_ref})"
    );
    assert!(new.iter().all(|r| r[who] == "carol"));
}

#[test]
fn agent_names_are_plain_and_compared_without_case() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 4);
    for name in ["carol ", "\u{202e}ecila", "ali ce", "", "a\u{0430}lice", &"x".repeat(33)] {
        let out = run(dir.path(), &db, "carol", &["agent", "add", name]);
        assert_eq!(out.status.code(), Some(2), "{name:?}");
        assert!(stderr(&out).contains("is not a usable agent name"), "{name:?}: {}", stderr(&out));
    }
    let out = run(dir.path(), &db, "carol", &["agent", "add", "Bob"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    // CAROL is carol, a lead.
    let out = run(dir.path(), &db, "CAROL", &["agent", "add", "dan.o-neil_2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(dir.path(), &db, "carol", &["agent", "list"]);
    assert_eq!(stdout(&out), "alice\tagent\nbob\tagent\ncarol\tlead\ndan.o-neil_2\tagent\n");
}
