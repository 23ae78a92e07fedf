//! What the workstation does with the store's answers: lists and accounts
//! read, saves done, calls started and ended, another desk's changes.

use super::cx::Cx;
use super::done::Done;
use super::effect::{Effect, ListTarget, Request};
use super::open::{CallStarted, Open};
use super::screen::Handled;
use super::workstation::Workstation;
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
            Handled::Done(effects)
        }
        Done::AccountLoaded { debtor_id, account } => {
            w.account_loaded(*debtor_id, account);
            Handled::done()
        }
        Done::SearchDone { query, rows } => {
            // A newer search supersedes: only the one for what is typed counts.
            let wanted = match &w.searching {
                Some(typed) => typed == query,
                None => w.queue.search.as_deref() == Some(query.as_str()),
            };
            if !wanted {
                return Handled::done();
            }
            w.queue.show_results(query.clone(), rows.clone());
            if w.searching.is_some() {
                cx.info(search_message(query, rows.len()));
            }
            Handled::Done(w.follow_selection())
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
        Done::RecoveredTakenOver { call_id, debtor, taken } => {
            let at = taken.at.with_timezone(cx.now.offset()).format("%a %H:%M");
            Handled::open(Open::Confirm {
                question: format!(
                    "Your call with {debtor} was not wrapped up, and {} took the account over at {at}, so it is not reopened. Save your notes from it as a note now? (n keeps them as a draft on the debtor)",
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
