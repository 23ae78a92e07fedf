//! Issue 13: what a lead changes from the workstation, in the store: a
//! debtor's interest terms and a waiver's withdrawal, each audited.

mod common;

use recoup::domain::interest_terms::{InterestRegime, Waived};
use recoup::store::{NewWaiver, StoreError};
use rusqlite::Connection;

fn audit_rows(db: &std::path::Path, entity: &str, action: &str) -> Vec<(String, String)> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT before, after FROM audit_log WHERE entity = ?1 AND action = ?2 ORDER BY id",
        )
        .unwrap();
    stmt.query_map([entity, action], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_lead_sets_a_debtors_interest_audited_an_agent_cannot() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store) = common::demo_book(dir.path(), 6);
    let now = common::moment().now;
    let carol = store.agent_by_name("carol").unwrap().unwrap().id;
    let alice = store.agent_by_name("alice").unwrap().unwrap().id;
    let debtor = 1;
    assert!(store.set_debtor_interest(debtor, InterestRegime::Eu, 950, carol, now).unwrap());
    let read = store.debtor_interest(debtor).unwrap().unwrap();
    assert_eq!((read.regime, read.rate), (InterestRegime::Eu, 950));
    assert_eq!(
        audit_rows(&db, "debtor", "set interest"),
        [(
            "interest=none; interest_rate=8".to_owned(),
            "interest=eu; interest_rate=9.5".to_owned()
        )]
    );
    // The same again changes nothing and writes no audit row.
    assert!(!store.set_debtor_interest(debtor, InterestRegime::Eu, 950, carol, now).unwrap());
    assert_eq!(audit_rows(&db, "debtor", "set interest").len(), 1);

    let refused = store.set_debtor_interest(debtor, InterestRegime::Uk, 800, alice, now);
    match refused {
        Err(StoreError::Refused(why)) => {
            assert_eq!(why, "only a lead can change a debtor's interest; alice is an agent")
        }
        other => panic!("{other:?}"),
    }
    let too_high = store.set_debtor_interest(debtor, InterestRegime::Contract, 10_001, carol, now);
    assert!(matches!(too_high, Err(StoreError::Refused(ref why)) if why.contains("100.01")));
    let read = store.debtor_interest(debtor).unwrap().unwrap();
    assert_eq!((read.regime, read.rate), (InterestRegime::Eu, 950), "nothing changed");
}

#[test]
fn a_lead_withdraws_a_waiver_once_noted_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store) = common::demo_book(dir.path(), 6);
    let at = store.moment(common::moment().now).unwrap();
    let carol = store.agent_by_name("carol").unwrap().unwrap().id;
    let alice = store.agent_by_name("alice").unwrap().unwrap().id;
    let waiver = NewWaiver {
        debtor_id: 2,
        invoice_id: None,
        what: Waived::Compensation,
        reason: "first late payment",
        by_agent: carol,
        promise_id: None,
    };
    let id = store.add_interest_waiver(&waiver, &at).unwrap();
    let refused = store.withdraw_interest_waiver(id, alice, &at);
    assert!(matches!(refused, Err(StoreError::Refused(ref why)) if why.contains("only a lead")));
    assert_eq!(store.interest_waivers(2).unwrap()[0].withdrawn_at, None);

    store.withdraw_interest_waiver(id, carol, &at).unwrap();
    let listed = store.interest_waivers(2).unwrap();
    assert_eq!(listed.len(), 1, "withdrawn, not deleted");
    assert_eq!(listed[0].withdrawn_at.as_deref(), Some("2026-11-25T14:03:00Z"));
    let last_note: String = Connection::open(&db)
        .unwrap()
        .query_row("SELECT body FROM notes WHERE debtor_id = 2 ORDER BY id DESC LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(last_note, "Waiver of compensation on the whole account withdrawn.");
    assert_eq!(
        audit_rows(&db, "waiver", "withdraw"),
        [(String::new(), "compensation on the whole account withdrawn".to_owned())]
    );
    let again = store.withdraw_interest_waiver(id, carol, &at);
    assert!(matches!(again, Err(StoreError::Refused(ref why)) if why.contains("was withdrawn at")));
    assert_eq!(audit_rows(&db, "waiver", "withdraw").len(), 1);
}
