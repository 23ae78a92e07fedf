//! The effect runner: the one place the workstation touches the store. Each
//! effect becomes an action for `update` (or nothing).

use super::action::{Action, Effect, QueueLoad};
use super::rules::Rules;
use super::triage::{PeriodView, TriageFigures};
use crate::clock::Clock;
use crate::domain::Money;
use crate::domain::contact_rules::checks;
use crate::domain::kpi::{Period, PeriodChoice};
use crate::domain::people::Agent;
use crate::domain::search::SearchQuery;
use crate::store::{AgentRow, NoteDraft, Page, QueueKey, Store, StoreError, WrapUpSaved};

/// Search results are capped; the status line says how many were found.
pub const SEARCH_LIMIT: usize = 200;

pub fn run(
    store: &Store,
    me: &Agent,
    clock: &dyn Clock,
    rules: &Rules,
    effect: Effect,
) -> Option<Action> {
    match execute(store, me, clock, rules, effect) {
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
    rules: &Rules,
    effect: Effect,
) -> Result<Option<Action>, StoreError> {
    Ok(match effect {
        Effect::LoadQueue { target, scope, filter, load, page, limit } => {
            let rows = store.queue_page(scope, filter, page, limit, clock.now_utc())?;
            let total = match load {
                QueueLoad::Forward | QueueLoad::Backward => None,
                _ => Some(store.queue_count(scope, filter, clock.now_utc())?),
            };
            Some(Action::QueueLoaded { target, load, rows, total })
        }
        Effect::LocateInList { target, scope, filter, debtor_id } => {
            let now = clock.now_utc();
            let total = Some(store.queue_count(scope, filter, now)?);
            Some(match store.queue_around(scope, filter, debtor_id, 200, now)? {
                Some((start, rows)) => Action::QueueLoaded {
                    target,
                    load: QueueLoad::Around { start, debtor_id },
                    rows,
                    total,
                },
                // No longer in this list (held, escalated...): read from the top.
                None => Action::QueueLoaded {
                    target,
                    load: QueueLoad::First,
                    rows: store.queue_page(scope, filter, Page::From(QueueKey::FIRST), 200, now)?,
                    total,
                },
            })
        }
        Effect::LoadAccount(id) => {
            Some(Action::AccountLoaded(store.account(id, me.id)?.map(Box::new)))
        }
        Effect::Search(query) => {
            let ids = store.search_debtors(&SearchQuery::new(&query), SEARCH_LIMIT)?;
            let rows = store.queue_rows_for(&ids, clock.now_utc())?;
            Some(Action::SearchDone { query, rows })
        }
        Effect::SaveDraft { debtor_id, call_id, body } => {
            store.save_draft(me.id, debtor_id, call_id, &body, clock.now_utc())?;
            None
        }
        Effect::DiscardDraft { debtor_id } => {
            store.discard_draft(me.id, debtor_id)?;
            None
        }
        Effect::SaveNote { debtor_id, body } => {
            let note = NoteDraft { debtor_id, agent_id: me.id, call_id: None, body: &body };
            store.add_note(&note, clock.now_utc())?;
            Some(Action::NoteSaved)
        }
        Effect::SavePromise(req) => {
            store.add_promise(&req, &store.moment(clock.now_utc())?)?;
            let total: Money = req.instalments.iter().map(|i| i.amount).sum();
            let first = req.instalments[0].due_on.format("%a %d %b");
            Some(Action::Saved(match req.instalments.len() {
                1 => format!("Promise recorded: {} by {first}", total.format()),
                n => format!("Plan recorded: {} in {n} instalments from {first}", total.format()),
            }))
        }
        Effect::SavePayment(req) => {
            store.record_payment(&req, &store.moment(clock.now_utc())?)?;
            Some(Action::Saved(format!(
                "Payment of {} recorded; promises re-checked",
                req.amount.format()
            )))
        }
        Effect::OpenDispute { invoice_id, reason, note } => {
            store.open_dispute(
                invoice_id,
                &reason,
                &note,
                me.id,
                &store.moment(clock.now_utc())?,
            )?;
            Some(Action::Saved(format!(
                "Invoice disputed ({reason}); it is left out of the amount to collect"
            )))
        }
        Effect::ResolveDispute { invoice_id } => {
            store.resolve_dispute(invoice_id, me.id, &store.moment(clock.now_utc())?)?;
            Some(Action::Saved("Dispute resolved".into()))
        }
        Effect::BeginPreCall(debtor_id) => {
            let now = clock.now_utc();
            store.lease_for_precall(debtor_id, me.id, now)?;
            let facts = store.contact_facts(debtor_id, me.id, now)?;
            Some(Action::PreCallReady {
                debtor_id,
                checks: checks(now, &facts, &rules.book.contact),
            })
        }
        Effect::RefreshChecks(debtor_id) => {
            let now = clock.now_utc();
            let facts = store.contact_facts(debtor_id, me.id, now)?;
            Some(Action::ChecksRefreshed(checks(now, &facts, &rules.book.contact)))
        }
        Effect::ReleaseLease(debtor_id) => {
            store.release_lease(debtor_id, me.id)?;
            None
        }
        Effect::StartCall { start, .. } => {
            let now = clock.now_utc();
            let call_id = store.start_call(&start, now)?;
            Some(Action::CallStarted { call_id, started_at: now })
        }
        Effect::Heartbeat { debtor_id, call_id } => store
            .heartbeat(debtor_id, me.id, call_id, clock.now_utc())?
            .zip(call_id)
            .map(|(taken, call_id)| Action::CallTakenOver { call_id, taken }),
        Effect::CloseTakenOverCall { call_id, save_notes } => {
            store.close_taken_over_call(call_id, me.id, save_notes, clock.now_utc())?;
            Some(Action::Saved(if save_notes {
                "Your notes from that call were saved as a note".to_owned()
            } else {
                "Your notes from that call are kept as a draft on the debtor: select it and press n"
                    .to_owned()
            }))
        }
        Effect::SetPendingPromise { call_id, promise } => {
            store.set_pending_promise(call_id, Some(&promise))?;
            Some(Action::PendingPromise(promise))
        }
        Effect::WrapUp(w) => {
            let saved = store.wrap_up(&w, &store.moment(clock.now_utc())?)?;
            if let WrapUpSaved::NoteOnly(t) = saved {
                let at = t.at.with_timezone(clock.now().offset()).format("%H:%M");
                return Ok(Some(Action::CallWrapped {
                    debtor_id: w.debtor_id,
                    message: format!(
                        "Call saved with your notes only: {} took it over at {at}, so the next contact and any promise are theirs",
                        t.by
                    ),
                }));
            }
            let next = match w.next_contact_at {
                Some(t) => format!(
                    "next contact {}",
                    t.with_timezone(clock.now().offset()).format("%a %d %b %H:%M")
                ),
                None => "no next contact".to_owned(),
            };
            Some(Action::CallWrapped {
                debtor_id: w.debtor_id,
                message: format!("Call saved: {} · {next}", w.outcome),
            })
        }
        Effect::Dial(_) => None,
        Effect::LoadTriage => {
            Some(Action::TriageLoaded(Box::new(triage_figures(store, clock, rules)?)))
        }
        Effect::Assign { ids, to } => {
            let n = store.assign(&ids, to, me.id, &store.moment(clock.now_utc())?)?;
            let same = ids.len() - n;
            let tail = if same > 0 { format!(" ({same} already there)") } else { String::new() };
            Some(Action::LeadActionDone(format!("{n} debtor{} reassigned{tail}", plural(n))))
        }
        Effect::Pin { ids, delta } => {
            let n = store.pin(&ids, delta, me.id, &store.moment(clock.now_utc())?)?;
            let message = match (n, delta > 0) {
                (0, true) => "Already pinned as high as a pin goes (9)".to_owned(),
                (0, false) => "Not pinned: nothing to lower".to_owned(),
                (n, up) => {
                    format!(
                        "{n} debtor{} pinned {}",
                        plural(n),
                        if up { "higher" } else { "lower" }
                    )
                }
            };
            Some(Action::LeadActionDone(message))
        }
        Effect::ToggleHold { ids } => {
            let (held, released) =
                store.toggle_hold(&ids, me.id, &store.moment(clock.now_utc())?)?;
            let mut said = Vec::new();
            if held > 0 {
                said.push(format!("{held} debtor{} put on hold", plural(held)));
            }
            if released > 0 {
                said.push(format!("{released} debtor{} released from hold", plural(released)));
            }
            Some(Action::LeadActionDone(said.join(", ")))
        }
        Effect::Escalate { ids, to, reason } => {
            let n = store.escalate(&ids, &to, &reason, me.id, &store.moment(clock.now_utc())?)?;
            Some(Action::LeadActionDone(format!("{n} debtor{} escalated to {to}", plural(n))))
        }
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The triage screen's figures as of today: book totals from the summaries,
/// and for each period the lead can pick, its KPIs, promises and agents.
fn triage_figures(
    store: &Store,
    clock: &dyn Clock,
    rules: &Rules,
) -> Result<TriageFigures, StoreError> {
    let today = rules.today(clock.now_utc());
    // "Today" for contacts is the book's day.
    let day_start = today
        .and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(rules.book.timezone).earliest())
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_default();
    let day_end = day_start + chrono::Duration::days(1);
    let periods: Vec<Period> = PeriodChoice::ALL.iter().map(|c| c.period(today)).collect();
    let figures = store.period_figures(&periods)?;
    // Accounts, overdue and today's contacts once; the kept rates per period.
    let agents = store.agent_rows(day_start, day_end, today, today)?;
    let periods = PeriodChoice::ALL
        .into_iter()
        .zip(periods)
        .zip(figures)
        .map(|((choice, period), (figures, activity))| {
            let kept = store.kept_by_agent(period)?;
            let agents = agents
                .iter()
                .map(|a| {
                    let (k, s) = kept
                        .iter()
                        .find(|(id, _, _)| *id == Some(a.id))
                        .map_or((0, 0), |(_, k, s)| (*k, *s));
                    AgentRow { kept: k, settled: s, ..a.clone() }
                })
                .collect();
            Ok(PeriodView {
                choice,
                period,
                figures,
                activity,
                kept: kept.iter().map(|(_, k, _)| k).sum(),
                settled: kept.iter().map(|(_, _, s)| s).sum(),
                agents,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let pulse =
        store.promise_pulse(today, Period::month_to(today), rules.book.policy.grace_days)?;
    Ok(TriageFigures { today, totals: store.book_totals()?, pulse, periods })
}
