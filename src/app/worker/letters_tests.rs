//! Letters through the desk's hub, two people at once: an agent's preview
//! and PDF, told at once to a lead showing the debtor; a lead's bulk
//! letter, refused to an agent.

use std::sync::Arc;
use std::time::Duration;

use super::Workers;
use super::hub::Hub;
use super::hub::tests::wait_for;
use crate::app::done::Done;
use crate::app::effect::Request;
use crate::app::write::WriteOutput;
use crate::demo::DemoOptions;
use crate::store::{LeadTargets, Store};

const NEVER: Duration = Duration::from_secs(3600);

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339("2026-11-24T10:00:00+00:00").unwrap()
}

#[test]
fn an_agents_letter_reaches_the_lead_and_only_a_lead_writes_to_many() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.sqlite");
    let store = Store::open(&path).unwrap();
    let at = store.moment(now().to_utc()).unwrap();
    crate::demo::generate(&store, at, DemoOptions { debtors: 6, seed: 1 }).unwrap();
    let hub = Hub::start(&path, 2, NEVER).unwrap();
    let who = |name: &str| store.resolve_agent(name, now().to_utc()).unwrap();
    let mut alice = Workers::join(&hub, &who("alice"), Arc::new(|| {}));
    let mut carol = Workers::join(&hub, &who("carol"), Arc::new(|| {}));

    alice.send(Request::LetterTemplates, now());
    let Done::LetterTemplates(list) =
        wait_for(&mut alice, |d| matches!(d, Done::LetterTemplates(_)))
    else {
        unreachable!()
    };
    assert_eq!(list.len(), 5);
    assert_eq!(list[0].title, "Statement of account");

    alice.send(Request::PreviewLetter { debtor_id: 1, template: "final-demand".into() }, now());
    let d = wait_for(&mut alice, |d| matches!(d, Done::LetterPreview { .. }));
    let Done::LetterPreview { preview: Ok(p), .. } = d else { panic!("{d:?}") };
    assert!(p.subject.starts_with("Final demand: account ACC-10000"), "{}", p.subject);
    assert!(p.text.contains("Remittance advice"), "{}", p.text);

    let send = Request::SendLetter {
        debtor_id: 1,
        template: "statement".into(),
        output: WriteOutput::Pdf,
    };
    alice.send(send, now());
    let d = wait_for(&mut alice, |d| matches!(d, Done::LetterSent { .. }));
    let Done::LetterSent { result: Ok(said), .. } = d else { panic!("{d:?}") };
    assert!(said.starts_with("Statement of account saved as "), "{said}");
    // The lead's session hears of that debtor at once.
    wait_for(&mut carol, |d| matches!(d, Done::ChangedDebtor(1)));

    let many = |output| Request::SendLetters {
        targets: LeadTargets::Debtors(vec![1, 2]),
        template: "reminder-friendly".into(),
        output,
    };
    alice.send(many(WriteOutput::Email), now());
    let d = wait_for(&mut alice, |d| matches!(d, Done::Failed(_)));
    let Done::Failed(why) = d else { unreachable!() };
    assert_eq!(why, "only a lead writes to many debtors at once; alice is an agent");
    carol.send(many(WriteOutput::Email), now());
    let d = wait_for(&mut carol, |d| matches!(d, Done::LeadActionDone(_)));
    let Done::LeadActionDone(said) = d else { unreachable!() };
    assert_eq!(said, "2 letters emailed, 0 saved as PDF (no email address or PDF chosen)");
    let queued = store.outbox_list(Some("queued"), 10).unwrap();
    assert_eq!(queued.len(), 2);
    assert!(queued.iter().all(|r| r.template == "reminder-friendly"));
}
