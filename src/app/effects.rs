//! The effect runner: the one place the workstation touches the store. Each
//! effect becomes an action for `update` (or nothing).

use super::action::{Action, Effect, QueueLoad};
use crate::clock::Clock;
use crate::domain::people::Agent;
use crate::domain::search::SearchQuery;
use crate::domain::{Money, Policy};
use crate::store::{NoteDraft, Store, StoreError};

/// Search results are capped; the status line says how many were found.
pub const SEARCH_LIMIT: usize = 200;

pub fn run(
    store: &Store,
    me: &Agent,
    clock: &dyn Clock,
    policy: &Policy,
    effect: Effect,
) -> Option<Action> {
    match execute(store, me, clock, policy, effect) {
        Ok(action) => action,
        Err(StoreError::Refused(why)) => Some(Action::Failed(why)),
        Err(e) => {
            tracing::error!("store: {e}");
            Some(Action::Failed(format!("Could not reach the database: {e}")))
        }
    }
}

fn execute(
    store: &Store,
    me: &Agent,
    clock: &dyn Clock,
    policy: &Policy,
    effect: Effect,
) -> Result<Option<Action>, StoreError> {
    Ok(match effect {
        Effect::LoadQueue {
            scope,
            filter,
            load,
            page,
            limit,
        } => {
            let rows = store.queue_page(scope, filter, page, limit, clock.now_utc())?;
            let total = match load {
                QueueLoad::Forward | QueueLoad::Backward => None,
                _ => Some(store.queue_count(scope, filter)?),
            };
            Some(Action::QueueLoaded { load, rows, total })
        }
        Effect::LoadAccount(id) => Some(Action::AccountLoaded(
            store.account(id, me.id)?.map(Box::new),
        )),
        Effect::Search(query) => {
            let ids = store.search_debtors(&SearchQuery::new(&query), SEARCH_LIMIT)?;
            let rows = store.queue_rows_for(&ids, clock.now_utc())?;
            Some(Action::SearchDone { query, rows })
        }
        Effect::SaveDraft { debtor_id, body } => {
            store.save_draft(me.id, debtor_id, None, &body, clock.now_utc())?;
            None
        }
        Effect::DiscardDraft { debtor_id } => {
            store.discard_draft(me.id, debtor_id)?;
            None
        }
        Effect::SaveNote { debtor_id, body } => {
            let note = NoteDraft {
                debtor_id,
                agent_id: me.id,
                call_id: None,
                body: &body,
            };
            store.add_note(&note, clock.now_utc())?;
            Some(Action::NoteSaved)
        }
        Effect::SavePromise(req) => {
            store.add_promise(&req, &clock.moment(), policy)?;
            let total: Money = req.instalments.iter().map(|i| i.amount).sum();
            let first = req.instalments[0].due_on.format("%a %d %b");
            Some(Action::Saved(match req.instalments.len() {
                1 => format!("Promise recorded: {} by {first}", total.format()),
                n => format!(
                    "Plan recorded: {} in {n} instalments from {first}",
                    total.format()
                ),
            }))
        }
        Effect::SavePayment(req) => {
            store.record_payment(&req, &clock.moment(), policy)?;
            Some(Action::Saved(format!(
                "Payment of {} recorded; promises re-checked",
                req.amount.format()
            )))
        }
        Effect::OpenDispute {
            invoice_id,
            reason,
            note,
        } => {
            store.open_dispute(invoice_id, &reason, &note, me.id, &clock.moment(), policy)?;
            Some(Action::Saved(format!(
                "Invoice disputed ({reason}); it is left out of the amount to collect"
            )))
        }
        Effect::ResolveDispute { invoice_id } => {
            store.resolve_dispute(invoice_id, me.id, &clock.moment(), policy)?;
            Some(Action::Saved("Dispute resolved".into()))
        }
    })
}
