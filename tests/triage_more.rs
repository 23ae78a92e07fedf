//! A lead's actions on all of a filter, holds with a reason, where an
//! escalation went, and search within a triage filter, through the store on
//! a demo book.

mod common;

use std::collections::BTreeSet;

use recoup::clock::Moment;
use recoup::domain::aging::Bucket;
use recoup::domain::queue::QueueFilter;
use recoup::domain::search::SearchQuery;
use recoup::store::{
    EscalateTo, ExportKind, LeadTargets, NoteDraft, Page, QueueKey, QueueScope, Store, StoreError,
};

fn book(dir: &std::path::Path) -> Store {
    let (_, store) = common::demo_book(dir, 40);
    store
}

fn at() -> Moment {
    common::moment()
}

fn id_of(store: &Store, name: &str) -> i64 {
    store.agent_by_name(name).unwrap().unwrap().id
}

/// Every debtor of a filter, in queue order.
fn members(store: &Store, filter: QueueFilter) -> Vec<i64> {
    store
        .queue_page(QueueScope::All, filter, Page::From(QueueKey::FIRST), 10_000, at().now)
        .unwrap()
        .iter()
        .map(|r| r.debtor_id())
        .collect()
}

fn audit(store: &Store) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    store
        .export(ExportKind::Audit, |r: &[String]| -> Result<(), StoreError> {
            rows.push(r.to_vec());
            Ok(())
        })
        .unwrap();
    rows
}

#[test]
fn all_of_a_filter_is_the_filter_as_it_stands_when_the_action_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let store = book(dir.path());
    let (bob, carol) = (id_of(&store, "bob"), id_of(&store, "carol"));
    let unassigned = members(&store, QueueFilter::Unassigned);
    assert_eq!(unassigned.len(), 4, "the demo book leaves four debtors to nobody");
    // Between V and the save, another desk unassigns one more debtor.
    let more =
        members(&store, QueueFilter::All).into_iter().find(|id| !unassigned.contains(id)).unwrap();
    store.assign(&LeadTargets::Debtors(vec![more]), None, carol, &at()).unwrap();
    let applied = store
        .assign(&LeadTargets::AllOf(QueueFilter::Unassigned), Some(bob), carol, &at())
        .unwrap();
    assert_eq!((applied.found, applied.changed), (5, 5));
    assert!(members(&store, QueueFilter::Unassigned).is_empty());
    let bobs: BTreeSet<i64> = store
        .queue_page(
            QueueScope::Mine(bob),
            QueueFilter::All,
            Page::From(QueueKey::FIRST),
            1000,
            at().now,
        )
        .unwrap()
        .iter()
        .map(|r| r.debtor_id())
        .collect();
    assert!(unassigned.iter().chain([&more]).all(|id| bobs.contains(id)));
    let assigned_to_bob: Vec<_> = audit(&store)
        .into_iter()
        .filter(|r| r[5] == "assign" && r[6] == "(unassigned)" && r[7] == "bob")
        .collect();
    assert_eq!(assigned_to_bob.len(), 5, "one audit row per debtor");
}

#[test]
fn a_hold_or_release_needs_a_reason_noted_on_each_account_and_in_the_audit_log() {
    let dir = tempfile::tempdir().unwrap();
    let store = book(dir.path());
    let carol = id_of(&store, "carol");
    let over_90 = members(&store, QueueFilter::Bucket(Bucket::Over90));
    let two = LeadTargets::Debtors(over_90[..2].to_vec());
    let refused = store.toggle_hold(&two, "  ", carol, &at());
    assert!(
        matches!(refused, Err(StoreError::Refused(m)) if m == "a hold or a release needs a reason")
    );
    assert_eq!(
        store.toggle_hold(&two, "customer in administration", carol, &at()).unwrap(),
        (2, 0)
    );
    for &id in &over_90[..2] {
        let account = store.account(id, carol).unwrap().unwrap();
        assert_eq!(account.debtor.status.as_str(), "hold");
        assert_eq!(account.notes[0].body, "On hold: customer in administration");
        assert_eq!(account.notes[0].agent, "carol");
    }
    let held: Vec<_> =
        audit(&store).into_iter().filter(|r| r[5] == "status" && r[2] == "carol").collect();
    assert_eq!(held.len(), 2);
    assert!(held.iter().all(|r| r[6] == "active" && r[7] == "hold: customer in administration"));
    store
        .toggle_hold(&LeadTargets::Debtors(vec![over_90[0]]), "administrator paid", carol, &at())
        .unwrap();
    let account = store.account(over_90[0], carol).unwrap().unwrap();
    assert_eq!(account.debtor.status.as_str(), "active");
    assert_eq!(account.notes[0].body, "Released from hold: administrator paid");
    assert!(audit(&store).iter().any(|r| r[5] == "status" && r[7] == "active: administrator paid"));
}

#[test]
fn an_escalation_says_whether_it_went_to_an_agency_or_to_legal() {
    let dir = tempfile::tempdir().unwrap();
    let store = book(dir.path());
    let carol = id_of(&store, "carol");
    let alice = id_of(&store, "alice");
    let ids = members(&store, QueueFilter::Bucket(Bucket::Over90));
    let (a, b, c) = (ids[0], ids[1], ids[2]);
    let one = |id| LeadTargets::Debtors(vec![id]);
    store.escalate(&one(a), EscalateTo::Agency, "no response in 120 days", carol, &at()).unwrap();
    store.escalate(&one(b), EscalateTo::Legal, "disputes the debt in full", carol, &at()).unwrap();
    assert_eq!(
        store.escalated_to(&[a, b, c]).unwrap(),
        [(a, EscalateTo::Agency), (b, EscalateTo::Legal)]
    );
    // The latest escalation counts; an agent's note that reads like one does not.
    let later = Moment { now: at().now + chrono::Duration::minutes(5), ..at() };
    store.escalate(&one(a), EscalateTo::Legal, "agency returned it", carol, &later).unwrap();
    let body = "Escalated to agency: typed by hand";
    let note = NoteDraft { debtor_id: b, agent_id: alice, call_id: None, body };
    store.add_note(&note, later.now + chrono::Duration::minutes(1)).unwrap();
    assert_eq!(
        store.escalated_to(&[a, b]).unwrap(),
        [(a, EscalateTo::Legal), (b, EscalateTo::Legal)]
    );
}

#[test]
fn search_in_triage_finds_what_the_workstation_finds_within_the_filter() {
    let dir = tempfile::tempdir().unwrap();
    let store = book(dir.path());
    let carol = id_of(&store, "carol");
    let first = members(&store, QueueFilter::All)[0];
    let account = store.account(first, carol).unwrap().unwrap();
    let invoice = account.invoices[0].number.clone();
    let phone = account.contacts[0].phone.clone();
    let reference = account.debtor.reference.clone();
    let mut filters = QueueFilter::triage(90);
    filters.push(QueueFilter::Bucket(Bucket::Over90));
    let mut seen = 0;
    for typed in ["lake", "ltd", "a", "co", &invoice, &invoice[..3], &phone, &reference, "zzz"] {
        let query = SearchQuery::new(typed);
        let anywhere: BTreeSet<i64> =
            store.search_debtors(&query, 1000).unwrap().into_iter().collect();
        for filter in &filters {
            let within: BTreeSet<i64> = members(&store, *filter).into_iter().collect();
            let found = store.triage_search(&query, *filter, 200, at().now).unwrap();
            let ids: BTreeSet<i64> = found.rows.iter().map(|r| r.debtor_id()).collect();
            let expected: BTreeSet<i64> = anywhere.intersection(&within).copied().collect();
            assert_eq!(ids, expected, "{typed:?} in {filter:?}");
            assert!(found.complete);
            seen += ids.len();
        }
    }
    assert!(seen > 50, "the queries find debtors: {seen}");
    let one = store.triage_search(&SearchQuery::new(&reference), QueueFilter::All, 200, at().now);
    assert_eq!(one.unwrap().rows[0].debtor_id(), first);
    // A limit reached says there may be more.
    let capped =
        store.triage_search(&SearchQuery::new("a"), QueueFilter::All, 3, at().now).unwrap();
    assert_eq!((capped.rows.len(), capped.complete), (3, false));
}
