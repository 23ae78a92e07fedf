//! The effect runner: the one place the workstation touches the store. Each
//! effect becomes an action for `update` (or nothing).

use super::action::{Action, Effect, QueueLoad};
use crate::clock::Clock;
use crate::domain::people::Agent;
use crate::domain::search::SearchQuery;
use crate::store::{NoteDraft, Store, StoreError};

/// Search results are capped; the status line says how many were found.
pub const SEARCH_LIMIT: usize = 200;

pub fn run(store: &Store, me: &Agent, clock: &dyn Clock, effect: Effect) -> Option<Action> {
    match execute(store, me, clock, effect) {
        Ok(action) => action,
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
            match store.add_note(&note, clock.now_utc()) {
                Ok(_) => Some(Action::NoteSaved),
                Err(StoreError::Refused(why)) => Some(Action::Failed(why)),
                Err(e) => return Err(e),
            }
        }
    })
}
