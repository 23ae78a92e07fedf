//! What the workstation does with the store's answers: lists and accounts
//! read, saves done, calls started and ended, another desk's changes.

use super::cx::Cx;
use super::done::Done;
use super::effect::{Effect, ListTarget, Request};
use super::open::{CallStarted, Open};
use super::screen::Handled;
use super::workstation::{STILL_READING, Workstation};
use super::wrapup::unrecorded;
use crate::domain::checklist::fallback_in;
use crate::store::{Account, OpenCall};

/// Search results are capped; the status line says how many were found.
pub const SEARCH_LIMIT: usize = 200;

pub fn search_message(query: &str, found: usize) -> String {
    match found {
        0 => format!("No debtor matches {query:?}"),
        1 => format!("1 debtor matches {query:?}"),
        n if n >= SEARCH_LIMIT => {
            format!("The first {n} debtors matching {query:?}; type more to narrow")
        }
        n => format!("{n} debtors match {query:?}"),
    }
}

fn recovered(call: &OpenCall, account: &Account) -> Open {
    Open::Call(Box::new(CallStarted {
        call_id: call.call_id,
        started_at: call.started_at,
        goal: call.goal.clone(),
        fallback: fallback_in(&call.checklist),
        account: Box::new(account.clone()),
        draft: call.draft.clone(),
        pending: call.pending_promise.clone(),
        recovered: true,
        dial: None,
    }))
}

pub fn on_result(w: &mut Workstation, done: &Done, cx: &mut Cx<'_>) -> Handled {
    match done {
        Done::QueueLoaded { target: ListTarget::Queue, load, rows, total } => {
            w.queue.loaded(*load, rows.clone(), *total, cx.page);
            let mut effects = Vec::new();
            if let Some(past) = w.advance_past.take()
                && w.queue.selected_debtor() == Some(past)
            {
                effects.extend(w.queue.move_by(1, cx.page).into_iter().map(Effect::from));
            }
            effects.extend(w.follow_selection());
            // After the account: the count is the slowest read on a large book.
            effects.extend(w.queue.count_request().map(Effect::from));
            Handled::Done(effects)
        }
        Done::ListCounted { target: ListTarget::Queue, scope, filter, total } => {
            w.queue.counted(*scope, *filter, *total, cx.page);
            Handled::done()
        }
        Done::AccountLoaded { debtor_id, account } => {
            w.account_loaded(*debtor_id, account);
            if w.selected_account().is_some()
                && cx.status.as_ref().is_some_and(|s| s.text == STILL_READING)
            {
                cx.clear_status();
            }
            Handled::done()
        }
        Done::SearchDone { query, rows, quoted } => w.results(query, rows, quoted, cx),
        Done::QueueSplit(split) => {
            w.queue.split = Some(split.clone());
            Handled::done()
        }
        Done::Saved(message) => {
            cx.info(message.clone());
            Handled::Done(w.read_again())
        }
        Done::PreCallReady { account, checks } => {
            Handled::open(Open::PreCall { account: account.clone(), checks: checks.clone() })
        }
        Done::CallWrapped { debtor_id, message } => {
            cx.info(message.clone());
            w.advance_past = Some(*debtor_id);
            Handled::Done(vec![Request::LoadAccount(*debtor_id).into(), w.reread()])
        }
        Done::RecoveredTakenOver { .. } | Done::CallRecovered { .. } => recovery(done, cx),
        Done::DraftsWaiting(names) if !names.is_empty() => {
            let shown: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
            let more = names.len().saturating_sub(3);
            let tail = if more > 0 { format!(" and {more} more") } else { String::new() };
            cx.info(format!(
                "Unsaved notes kept for {}{tail}: select the debtor and press n",
                shown.join(", ")
            ));
            Handled::done()
        }
        Done::ChangedElsewhere => Handled::Done(w.read_again()),
        Done::ChangedDebtor(id) if w.shows(*id) => Handled::Done(w.read_again()),
        Done::ChangedDebtor(_) => Handled::done(),
        Done::Failed(message) => {
            cx.error(message.clone());
            Handled::done()
        }
        _ => Handled::Ignored,
    }
}

/// A call found open at start-up: reopened, or, when someone has worked the
/// debtor since, an offer to keep its notes.
fn recovery(done: &Done, cx: &mut Cx<'_>) -> Handled {
    match done {
        Done::RecoveredTakenOver { call_id, debtor, taken, pending } => {
            let at = taken.at.with_timezone(cx.now.offset()).format("%a %H:%M");
            let promise = pending
                .as_ref()
                .map(|p| format!("; {} (your notes will say so)", unrecorded(p)))
                .unwrap_or_default();
            Handled::open(Open::Confirm {
                question: format!(
                    "Your call with {debtor} was not wrapped up, and {} took the account over at {at}, so it is not reopened{promise}. Save your notes from it as a note now? (n keeps them as a draft on the debtor)",
                    taken.by
                ),
                yes: Request::CloseTakenOverCall { call_id: *call_id, save_notes: true }.into(),
                no: Some(
                    Request::CloseTakenOverCall { call_id: *call_id, save_notes: false }.into(),
                ),
            })
        }
        Done::CallRecovered { call, account } => {
            let started = call.started_at.with_timezone(cx.now.offset()).format("%H:%M");
            cx.info(format!(
                "Call recovered: it started at {started} and was not wrapped up; your notes are back. Ctrl-S to wrap up."
            ));
            Handled::open(recovered(call, account))
        }
        _ => Handled::Ignored,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::cx::testing::Fixture;
    use crate::app::effect::{ListTarget, QueueLoad};
    use crate::app::fixtures::{account, promise, row, taken_by};
    use crate::domain::people::Role;
    use crate::store::QueueScope;

    /// A queue of nine with its first five rows read (debtor 1 selected).
    fn five_rows_read(cx: &mut Cx<'_>) -> Workstation {
        let mut w = Workstation::new(QueueScope::Mine(1));
        let rows = (0..5).map(row).collect();
        let load = QueueLoad::First;
        let loaded = Done::QueueLoaded { target: ListTarget::Queue, load, rows, total: Some(9) };
        on_result(&mut w, &loaded, cx);
        w
    }

    #[test]
    fn another_sessions_change_is_read_again_only_where_its_debtor_is_shown() {
        let mut fx = Fixture::new(Role::Agent);
        let mut cx = fx.cx();
        let mut w = five_rows_read(&mut cx);
        let shown = Done::AccountLoaded { debtor_id: 1, account: Some(account(1, "Debtor 0")) };
        on_result(&mut w, &shown, &mut cx);
        let reads = |h: Handled| match h {
            Handled::Done(effects) => effects.len(),
            other => panic!("{other:?}"),
        };
        // Debtor 3 is in the rows read, 1 is open: the list and the account.
        assert_eq!(reads(on_result(&mut w, &Done::ChangedDebtor(3), &mut cx)), 2);
        assert_eq!(reads(on_result(&mut w, &Done::ChangedDebtor(1), &mut cx)), 2);
        // Debtor 77 is not shown: nothing is read.
        assert_eq!(reads(on_result(&mut w, &Done::ChangedDebtor(77), &mut cx)), 0);
        assert_eq!(reads(on_result(&mut w, &Done::ChangedElsewhere, &mut cx)), 2);
    }

    #[test]
    fn the_still_reading_message_goes_once_the_account_is_shown() {
        let mut fx = Fixture::new(Role::Agent);
        let mut cx = fx.cx();
        let mut w = five_rows_read(&mut cx);
        cx.error(STILL_READING);
        // Another debtor's account (not the one selected) leaves it there.
        let other = Done::AccountLoaded { debtor_id: 3, account: Some(account(3, "Debtor 2")) };
        on_result(&mut w, &other, &mut cx);
        assert_eq!(cx.status.as_ref().map(|s| s.text.as_str()), Some(STILL_READING));
        let shown = Done::AccountLoaded { debtor_id: 1, account: Some(account(1, "Debtor 0")) };
        on_result(&mut w, &shown, &mut cx);
        assert_eq!(*cx.status, None, "the account is on screen: the key works now");
        // Any other message stays when an account comes.
        cx.info("Note saved to Debtor 0");
        on_result(&mut w, &shown, &mut cx);
        assert_eq!(cx.status.as_ref().map(|s| s.text.as_str()), Some("Note saved to Debtor 0"));
    }

    #[test]
    fn a_recovered_call_taken_over_says_its_promise_will_not_be_recorded() {
        let mut fx = Fixture::new(Role::Agent);
        let mut cx = fx.cx();
        let done = Done::RecoveredTakenOver {
            call_id: 5,
            debtor: "Acme".into(),
            taken: taken_by("bob", "2026-11-25T14:10:00Z"),
            pending: Some(promise(120_000, "2026-12-15")),
        };
        let asked = recovery(&done, &mut cx);
        let Handled::Open(open, _) = asked else { panic!("expected a question, got {asked:?}") };
        let Open::Confirm { question, yes, no } = *open else { panic!("expected a question") };
        assert_eq!(
            question,
            "Your call with Acme was not wrapped up, and bob took the account over at Wed 14:10, so it is not reopened; the promise of 1,200.00 by Tue 15 Dec will not be recorded (your notes will say so). Save your notes from it as a note now? (n keeps them as a draft on the debtor)"
        );
        assert_eq!(yes, Request::CloseTakenOverCall { call_id: 5, save_notes: true }.into());
        assert_eq!(no, Some(Request::CloseTakenOverCall { call_id: 5, save_notes: false }.into()));
    }
}
