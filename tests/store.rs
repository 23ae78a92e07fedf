//! The SQLite store on real files: migrations, refusals, append-only
//! records, permissions, the queue and search over a demo book.

mod common;

use common::{demo_book, moment};
use recoup::domain::people::Role;
use recoup::domain::queue::QueueFilter;
use recoup::domain::search::SearchQuery;
use recoup::store::{NoteDraft, Page, QueueKey, QueueScope, SCHEMA_VERSION, Store, StoreError};
use rusqlite::Connection;

#[test]
fn migrates_an_empty_file_to_the_current_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.sqlite");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let conn = Connection::open(&path).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for table in [
        "agents",
        "debtors",
        "contacts",
        "invoices",
        "payments",
        "promises",
        "calls",
        "notes",
        "note_drafts",
        "audit_log",
        "debtor_summary",
        "leases",
    ] {
        assert!(tables.contains(&table.to_owned()), "missing {table}: {tables:?}");
    }
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    drop(store);
    // Opening again is a no-op.
    assert_eq!(Store::open(&path).unwrap().schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn refuses_a_book_of_a_schema_version_it_does_not_know() {
    let dir = tempfile::tempdir().unwrap();
    for version in [SCHEMA_VERSION + 1, 999_999, -3] {
        let path = dir.path().join(format!("future{version}.sqlite"));
        drop(Store::open(&path).unwrap());
        Connection::open(&path).unwrap().pragma_update(None, "user_version", version).unwrap();
        let err = Store::open(&path).err().expect("must refuse");
        assert!(matches!(err, StoreError::UnknownVersion { found, .. } if found == version));
        let message = err.to_string();
        assert!(
            message.contains(&format!("schema version {version}, which this recoup does not know")),
            "{message}"
        );
        assert!(message.contains(&format!("future{version}.sqlite")), "{message}");
        // Untouched: still the unknown version.
        let v: i64 = Connection::open(&path)
            .unwrap()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, version);
    }
}

#[cfg(unix)]
#[test]
fn database_file_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("private.sqlite");
    let store = Store::open(&path).unwrap();
    store.resolve_agent("alice", moment().now).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let wal = dir.path().join("private.sqlite-wal");
    if wal.exists() {
        assert_eq!(std::fs::metadata(&wal).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

#[test]
fn notes_audit_and_ended_calls_reject_update_and_delete() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 5);
    let alice = store.agent_by_name("alice").unwrap().unwrap();
    store
        .add_note(
            &NoteDraft {
                debtor_id: 1,
                agent_id: alice.id,
                call_id: None,
                body: "Promised to call back",
            },
            moment().now,
        )
        .unwrap();
    let conn = Connection::open(&path).unwrap();
    let refused = [
        "UPDATE notes SET body = 'changed'",
        "DELETE FROM notes",
        "UPDATE audit_log SET action = 'x'",
        "DELETE FROM audit_log",
        "UPDATE calls SET outcome = 'PAID' WHERE ended_at IS NOT NULL",
        "DELETE FROM calls WHERE ended_at IS NOT NULL",
    ];
    for sql in refused {
        let err = conn.execute(sql, []).expect_err(sql).to_string();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    let notes: i64 = conn
        .query_row("SELECT COUNT(*) FROM notes WHERE body = 'Promised to call back'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(notes, 1);
}

#[test]
fn first_user_of_an_empty_database_is_a_lead_and_strangers_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("a.sqlite")).unwrap();
    let first = store.resolve_agent("dana", moment().now).unwrap();
    assert_eq!(first.role, Role::Lead);
    let err = store.resolve_agent("eve", moment().now).unwrap_err().to_string();
    assert!(err.contains("no agent called \"eve\""), "{err}");
    let bob = store.add_agent("bob", Role::Agent, Some(first.id), moment().now).unwrap();
    assert_eq!(store.resolve_agent("bob", moment().now).unwrap(), bob);
}

#[test]
fn queue_pages_by_keyset_agree_with_one_long_read() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = demo_book(dir.path(), 400);
    let now = moment().now;
    let scope = QueueScope::All;
    let total = store.queue_count(scope, QueueFilter::All, now).unwrap();
    assert_eq!(total, 400);
    let all =
        store.queue_page(scope, QueueFilter::All, Page::From(QueueKey::FIRST), 1000, now).unwrap();
    assert_eq!(all.len(), 400);
    assert!(all.windows(2).all(|w| w[0].key < w[1].key), "ordered by key");
    let first =
        store.queue_page(scope, QueueFilter::All, Page::From(QueueKey::FIRST), 150, now).unwrap();
    let next = store
        .queue_page(scope, QueueFilter::All, Page::After(first.last().unwrap().key), 150, now)
        .unwrap();
    let before =
        store.queue_page(scope, QueueFilter::All, Page::Before(next[0].key), 10, now).unwrap();
    assert_eq!(first, all[..150]);
    assert_eq!(next, all[150..300]);
    assert_eq!(before, all[140..150]);
    let last =
        store.queue_page(scope, QueueFilter::All, Page::Before(QueueKey::LAST), 5, now).unwrap();
    assert_eq!(last, all[395..]);
}

#[test]
fn an_agent_sees_only_their_own_debtors_and_filters_hold() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = demo_book(dir.path(), 200);
    let now = moment().now;
    let alice = store.agent_by_name("alice").unwrap().unwrap();
    let mine = store
        .queue_page(
            QueueScope::Mine(alice.id),
            QueueFilter::All,
            Page::From(QueueKey::FIRST),
            500,
            now,
        )
        .unwrap();
    assert!(!mine.is_empty());
    for row in &mine {
        let account = store.account(row.debtor_id(), alice.id).unwrap().unwrap();
        assert_eq!(account.debtor.assigned_to.as_deref(), Some("alice"));
    }
    for (filter, check) in [
        (
            QueueFilter::BrokenPromises,
            (|r: &recoup::store::QueueRow| r.ptp_broken) as fn(&_) -> bool,
        ),
        (QueueFilter::Over90, |r| r.over_90),
        (QueueFilter::Disputed, |r| r.disputed),
    ] {
        let rows = store
            .queue_page(QueueScope::All, filter, Page::From(QueueKey::FIRST), 500, now)
            .unwrap();
        assert!(!rows.is_empty(), "{filter:?} is empty in the demo book");
        assert!(rows.iter().all(check), "{filter:?}");
        assert_eq!(store.queue_count(QueueScope::All, filter, now).unwrap(), rows.len());
    }
}

#[test]
fn search_finds_by_name_ref_invoice_number_and_phone() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = demo_book(dir.path(), 120);
    let account = store.account(42, 1).unwrap().unwrap();
    let find = |q: &str| store.search_debtors(&SearchQuery::new(q), 200).unwrap();

    let word = account.debtor.name.split(' ').next().unwrap();
    assert!(find(&word[1..].to_lowercase()).contains(&42), "substring of the name");
    assert!(find(&word[..2]).contains(&42) || word.len() < 2, "short prefix");
    assert_eq!(find(&account.debtor.reference), vec![42], "ref");
    let number = &account.invoices[0].number;
    assert!(find(&number.to_lowercase()).contains(&42), "invoice number, any case");
    let phone = &account.contacts[0].phone;
    let tail: String = phone.chars().filter(char::is_ascii_digit).collect::<String>();
    assert!(find(&tail[tail.len() - 7..]).contains(&42), "phone digits");
    let spaced = phone.split(' ').skip(1).collect::<Vec<_>>().join(" ");
    assert!(find(&spaced).contains(&42), "phone as typed with spaces");
    assert!(find("zzqqxx").is_empty());
}

#[test]
fn another_connection_sees_changes_through_data_version() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 3);
    let other = Store::open(&path).unwrap();
    assert!(!other.changed_elsewhere().unwrap());
    store.add_note_by_ref("ACC-10000", 1, "from elsewhere", moment().now).unwrap();
    assert!(other.changed_elsewhere().unwrap());
    assert!(!other.changed_elsewhere().unwrap(), "reported once");
    assert!(!store.changed_elsewhere().unwrap(), "own commits are not news");
}

#[test]
fn check_names_an_index_that_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 5);
    drop(store);
    Connection::open(&path).unwrap().execute_batch("DROP INDEX invoices_issued").unwrap();
    let report = Store::open(&path).unwrap().check().unwrap();
    assert_eq!(report.problems, ["the index invoices_issued is missing"]);
}

#[test]
fn check_passes_on_a_demo_book_and_summaries_roll_over_with_the_date() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = demo_book(dir.path(), 60);
    let report = store.check().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.debtors, 60);
    let today = moment();
    assert_eq!(store.summaries_as_of().unwrap(), Some(today.today));
    assert!(!store.ensure_summaries(&today).unwrap());
    let tomorrow = recoup::clock::Moment {
        now: today.now + chrono::Duration::days(1),
        today: today.today.succ_opt().unwrap(),
    };
    assert!(store.ensure_summaries(&tomorrow).unwrap());
    assert_eq!(store.summaries_as_of().unwrap(), Some(tomorrow.today));
}

#[test]
fn demo_notes_name_only_invoices_issued_by_then() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = demo_book(dir.path(), 60);
    let mut issued = std::collections::HashMap::new();
    store
        .export(recoup::store::ExportKind::Invoices, |r: &[String]| -> Result<(), StoreError> {
            issued.insert(r[1].clone(), r[3].clone());
            Ok(())
        })
        .unwrap();
    let mut named = 0;
    store
        .export(recoup::store::ExportKind::Notes, |r: &[String]| -> Result<(), StoreError> {
            let day = &r[2][..10];
            for word in r[6].split(|c: char| c.is_whitespace() || c == ',' || c == ';') {
                let number = word.trim_end_matches(['.', ':', ')']);
                if let Some(on) = issued.get(number) {
                    named += 1;
                    assert!(on.as_str() <= day, "a note of {day} names {number}, issued {on}");
                }
            }
            Ok(())
        })
        .unwrap();
    assert!(named > 20, "notes name invoices ({named})");
}
