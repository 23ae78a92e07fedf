//! The pre-call plan's unit tests: no store, a fixed time.

use super::*;
use crate::app::cx::testing::Fixture;
use crate::app::fixtures::account;
use crate::domain::people::Role;

fn check(id: CheckId, passed: bool) -> Check {
    Check { id, passed, text: format!("{} found", id.name()) }
}

fn plan(checks: Vec<Check>) -> PreCall {
    PreCall::new(account(3, "Acme"), &Checklist::default_list(), checks)
}

fn answer_all(p: &mut PreCall, cx: &mut Cx<'_>) {
    for (i, item) in p.checklist.items.clone().iter().enumerate() {
        p.focus = i;
        match item.kind {
            ItemKind::Tick if !p.answers[i].is_done() => {
                p.handle(Input::Command(Command::Tick), cx);
            }
            ItemKind::Tick => {}
            ItemKind::Text => {
                p.handle(Input::Command(Command::Accept), cx);
                p.handle(Input::Paste("PTP 500 by Friday".into()), cx);
                p.handle(Input::Command(Command::Accept), cx);
            }
        }
    }
}

#[test]
fn the_call_starts_only_once_the_plan_is_done() {
    let mut fx = Fixture::new(Role::Agent);
    let mut cx = fx.cx();
    let mut p = plan(vec![check(CheckId::CallingHours, true)]);
    p.focus = 4;
    assert!(
        matches!(p.handle(Input::Command(Command::Save), &mut cx), Handled::Done(e) if e.is_empty())
    );
    assert_eq!(p.focus, 0, "the cursor goes to the first item still to do");
    assert!(p.marked_missing(0) && !p.marked_missing(2), "optional items are not asked for");
    let said = cx.status.clone().unwrap();
    assert_eq!((said.text.as_str(), said.error), (STILL_TO_DO, true));
    assert_eq!(
        said.items,
        [
            "Invoices, amounts and due dates reviewed",
            "Prior commitments and track record reviewed",
            "Goal for this call",
            "If it gets heated: pause, breathe, acknowledge, restate",
        ]
    );
    // Ticking the first: the status names the three left; Ctrl-S again
    // goes to the next one.
    p.handle(Input::Command(Command::Tick), &mut cx);
    assert_eq!(cx.status.as_ref().map(|s| s.items.len()), Some(3));
    p.focus = 5;
    p.handle(Input::Command(Command::Save), &mut cx);
    assert_eq!(p.focus, 1);
    // Esc after a refusal says the debtor is free, not what is to do.
    let mut left = p.clone();
    assert!(left.handle(Input::Command(Command::Cancel), &mut cx).is_close());
    assert_eq!(cx.status.as_ref().unwrap().text, "Call not started; the debtor is free again");
    answer_all(&mut p, &mut cx);
    assert!(!p.asked && cx.status.is_none(), "the marks go as items are done");
    assert_eq!(p.goal(), "PTP 500 by Friday");
    assert_eq!(p.fallback(), "PTP 500 by Friday", "every text item was typed the same");
    let started = p.handle(Input::Command(Command::Save), &mut cx);
    assert!(matches!(started, Handled::Done(e) if matches!(&e[..],
        [Effect::Store(Request::StartCall(s))] if s.goal == "PTP 500 by Friday" && s.debtor_id == 3)));
}

#[test]
fn a_failing_check_asks_for_a_reason_and_do_not_call_is_a_leads() {
    let mut fx = Fixture::new(Role::Agent);
    let mut cx = fx.cx();
    let mut p = plan(vec![check(CheckId::CallingHours, false)]);
    answer_all(&mut p, &mut cx);
    let asked = p.handle(Input::Command(Command::Save), &mut cx);
    assert!(
        matches!(asked, Handled::Open(o, _) if matches!(&*o, Open::Override { failing, .. } if failing == "calling hours"))
    );
    let started = p.on_reply(Reply::OverrideReason("asked for it".into()), &mut cx);
    assert!(matches!(started, Handled::Done(e) if matches!(&e[..],
        [Effect::Store(Request::StartCall(s))] if s.overrides == "calling hours (calling hours found): asked for it")));
    let mut dnc = plan(vec![check(CheckId::DoNotCall, false)]);
    answer_all(&mut dnc, &mut cx);
    dnc.handle(Input::Command(Command::Save), &mut cx);
    assert!(dnc.refusal[0].ends_with("Only a lead can override do-not-call."), "{:?}", dnc.refusal);
}

#[test]
fn the_hint_comes_from_the_first_failing_check_this_person_may_override() {
    let mut fx = Fixture::new(Role::Lead);
    let mut cx = fx.cx();
    // Do-not-call fails first: a lead's alone. The dispute hold after it
    // is the agent's to override, and the hint says so.
    let mut p = plan(vec![
        check(CheckId::CallingHours, true),
        check(CheckId::DoNotCall, false),
        check(CheckId::DisputeHold, false),
    ]);
    assert_eq!(p.lead_only(false), Some("Only a lead can override do-not-call."));
    assert_eq!(
        p.override_hint(false).as_deref(),
        Some(
            "dispute hold can be overridden with a reason recorded on the call, e.g. customer asked to talk about the dispute"
        )
    );
    // A lead may override both; the form's example is the first one's.
    assert_eq!(p.lead_only(true), None);
    assert!(
        p.override_hint(true)
            .is_some_and(|h| h.starts_with("do not call and dispute hold can be overridden"))
    );
    answer_all(&mut p, &mut cx);
    let asked = p.handle(Input::Command(Command::Save), &mut cx);
    assert!(matches!(asked, Handled::Open(o, _) if matches!(&*o,
        Open::Override { hint, .. } if *hint == CheckId::DoNotCall.override_example())));
    // Nothing failing, nothing to say.
    let clear = plan(vec![check(CheckId::DoNotCall, true)]);
    assert_eq!((clear.lead_only(false), clear.override_hint(false)), (None, None));
}

#[test]
fn the_plan_keeps_its_own_debtor_and_becomes_the_call() {
    let mut fx = Fixture::new(Role::Agent);
    let mut cx = fx.cx();
    let mut p = plan(Vec::new());
    let other = Done::AccountLoaded { debtor_id: 9, account: Some(account(9, "Other")) };
    assert!(matches!(p.on_result(&other, &mut cx), Handled::Ignored));
    assert_eq!(p.account.debtor.name, "Acme");
    assert_eq!(p.tick(&mut cx).len(), 2, "lease kept, checks read again");
    let started = Done::CallStarted { debtor_id: 3, call_id: 8, started_at: cx.now_utc() };
    assert!(matches!(p.on_result(&started, &mut cx), Handled::Replace(o, _)
        if matches!(&*o, Open::Call(c) if c.call_id == 8 && c.account.debtor.name == "Acme")));
}
