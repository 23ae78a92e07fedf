//! What the store says about calls: attempts counted over seven days, and
//! a lapsed lease that frees a debtor for someone else.

mod common;

use common::demo_book;
use recoup::domain::contact_rules::CheckId;
use recoup::store::{CallStart, Store};

#[test]
fn attempts_count_calls_in_the_last_seven_days_only() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 3);
    drop(store);
    let store = Store::open(&path).unwrap();
    let alice = store.agent_by_name("alice").unwrap().unwrap();
    let debtor = 2;
    let now: chrono::DateTime<chrono::Utc> = "2026-11-25T15:00:00Z".parse().unwrap();
    let before = store.contact_facts(debtor, alice.id, now).unwrap().attempts_7d;
    let start = |at: &str| {
        let call = CallStart {
            debtor_id: debtor,
            agent_id: alice.id,
            contact_id: None,
            checklist: "[]".into(),
            goal: String::new(),
            overrides: String::new(),
            take_over: false,
        };
        store.start_call(&call, at.parse().unwrap()).unwrap();
    };
    start("2026-11-18T14:59:00Z"); // 7 days and a minute ago: outside
    start("2026-11-18T15:01:00Z"); // inside
    start("2026-11-25T09:00:00Z"); // inside
    let facts = store.contact_facts(debtor, alice.id, now).unwrap();
    assert_eq!(facts.attempts_7d, before + 2);
}

#[test]
fn a_lapsed_lease_frees_the_debtor_for_someone_else() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 3);
    drop(store);
    let store = Store::open(&path).unwrap();
    let alice = store.agent_by_name("alice").unwrap().unwrap();
    let bob = store.agent_by_name("bob").unwrap().unwrap();
    let t0: chrono::DateTime<chrono::Utc> = "2026-11-25T15:00:00Z".parse().unwrap();
    assert_eq!(
        store.lease_for_precall(1, alice.id, t0).unwrap(),
        recoup::domain::lease::Claim::Free
    );
    let held = store.contact_facts(1, bob.id, t0 + chrono::Duration::seconds(119)).unwrap();
    assert_eq!(held.other_on_call.as_deref(), Some("alice"));
    let checks = recoup::domain::contact_rules::checks(t0, &held, &Default::default());
    assert!(!checks.iter().find(|c| c.id == CheckId::OtherOnCall).unwrap().passed);
    let later = t0 + chrono::Duration::seconds(120);
    assert_eq!(store.contact_facts(1, bob.id, later).unwrap().other_on_call, None);
    assert_eq!(
        store.lease_for_precall(1, bob.id, later).unwrap(),
        recoup::domain::lease::Claim::Free
    );
}
