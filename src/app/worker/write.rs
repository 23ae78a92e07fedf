//! The writing worker: everything that changes the book, one request at a
//! time. It may wait for the book's lock while another desk writes; a draft
//! that cannot be saved yet is said so and tried again.

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::job::{Job, Outcome, failed};
use crate::app::done::Done;
use crate::app::effect::Request;
use crate::domain::contact_rules::checks;
use crate::domain::interest_terms::format_percent;
use crate::domain::people::Agent;
use crate::domain::text::counted;
use crate::letters;
use crate::store::{NewWaiver, NoteDraft, Store, StoreError, WrapUp, WrapUpSaved};

pub fn run(store: &Store, me: &Agent, job: Job) -> Outcome {
    if let Request::SaveDraft { debtor_id, call_id, body, version } = &job.request {
        return match store.save_draft(me.id, *debtor_id, *call_id, body, job.utc()) {
            Ok(()) => Outcome::Done(vec![Done::DraftSaved {
                debtor_id: *debtor_id,
                version: *version,
                at: job.utc(),
            }]),
            Err(e) => {
                Outcome::Retry(Done::DraftFailed { debtor_id: *debtor_id, why: e.to_string() })
            }
        };
    }
    Outcome::Done(match write(store, me, &job) {
        Ok(done) => done,
        Err(e) => vec![failed(e)],
    })
}

fn saved(text: String) -> Vec<Done> {
    vec![Done::Saved(text)]
}

fn write(store: &Store, me: &Agent, job: &Job) -> Result<Vec<Done>, StoreError> {
    let now = job.utc();
    let at = || store.moment(now);
    Ok(match job.request.clone() {
        Request::DiscardDraft { debtor_id } => {
            store.discard_draft(me.id, debtor_id).map(|_| vec![])?
        }
        Request::SaveNote { debtor_id, body } => {
            let note = NoteDraft { debtor_id, agent_id: me.id, call_id: None, body: &body };
            store.add_note(&note, now)?;
            vec![Done::NoteSaved { debtor_id }]
        }
        Request::SavePromise(req) => {
            store.add_promise(&req, &at()?)?;
            let total = req.total();
            let first = req.instalments[0].due_on.format("%a %d %b");
            saved(match req.instalments.len() {
                1 => format!("Promise recorded: {} by {first}", total.format()),
                n => format!("Plan recorded: {} in {n} instalments from {first}", total.format()),
            })
        }
        Request::SavePayment(req) => {
            store.record_payment(&req, &at()?)?;
            saved(format!("Payment of {} recorded; promises re-checked", req.amount.format()))
        }
        Request::OpenDispute { invoice_id, reason, note } => {
            store.open_dispute(invoice_id, &reason, &note, me.id, &at()?)?;
            saved(format!("Invoice disputed ({reason}); it is left out of the amount to collect"))
        }
        Request::ResolveDispute { invoice_id } => {
            store.resolve_dispute(invoice_id, me.id, &at()?)?;
            saved("Dispute resolved".into())
        }
        Request::SetInterest { debtor_id, regime, rate_bp } => {
            let changed = store.set_debtor_interest(debtor_id, regime, rate_bp, me.id, now)?;
            saved(match changed {
                true => {
                    format!("Interest set: {} at {}%", regime.as_str(), format_percent(rate_bp))
                }
                false => "Interest unchanged: the debtor already has those terms".into(),
            })
        }
        Request::WaiveInterest { debtor_id, invoice_id, what, reason } => {
            let w = NewWaiver {
                debtor_id,
                invoice_id,
                what,
                reason: &reason,
                by_agent: me.id,
                promise_id: None,
            };
            store.add_interest_waiver(&w, &at()?)?;
            saved(format!("{} waived; noted on the account", what.described()))
        }
        // A new day in the book (its date read with its rules, inside the
        // rebuild's transaction): every screen reads again at once.
        Request::Rollover => match store.roll_over(now)? {
            true => vec![Done::ChangedElsewhere],
            false => Vec::new(),
        },
        Request::Start(first_page) => {
            store.roll_over(now)?;
            let mut done =
                super::read::answer(store, me, Job { request: *first_page, now: job.now })?;
            done.extend(recover(store, me, job.now.date_naive())?);
            done
        }
        other @ (Request::BeginPreCall(_)
        | Request::ReleaseLease(_)
        | Request::StartCall(_)
        | Request::Heartbeat { .. }
        | Request::SetPendingPromise { .. }
        | Request::WrapUp(_)
        | Request::CloseTakenOverCall { .. }) => call(store, me, other, job)?,
        other @ (Request::SendLetter { .. } | Request::SendLetters { .. }) => {
            letters(store, me, other, now)?
        }
        other => lead_action(store, me, other, now)?,
    })
}

/// A letter to one debtor (anyone's), or to many (a lead's).
fn letters(
    store: &Store,
    me: &Agent,
    request: Request,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<Done>, StoreError> {
    Ok(match request {
        Request::SendLetter { debtor_id, template, output } => {
            let pdf_dir = &letters::place::get().pdf_dir;
            let result =
                letters::writer::write(store, me, debtor_id, &template, output, pdf_dir, now);
            vec![Done::LetterSent { debtor_id, result }, Done::ChangedDebtor(debtor_id)]
        }
        Request::SendLetters { targets, template, output } => {
            if !me.is_lead() {
                return Ok(vec![Done::Failed(format!(
                    "only a lead writes to many debtors at once; {} is an agent",
                    me.name
                ))]);
            }
            let ids = store.target_ids(&targets, &store.moment(now)?)?;
            let pdf_dir = &letters::place::get().pdf_dir;
            let plan = letters::bulk::Plan {
                template: &template,
                prefer: output,
                pdf_dir,
                again: false,
                dry_run: false,
            };
            let summary = letters::bulk::run(store, me, ids.into_iter(), &plan, now, |_| {});
            vec![Done::LeadActionDone(summary.sentence())]
        }
        other => vec![Done::Failed(format!("not a letter: {other:?}"))],
    })
}

/// The contact flow: the lease, the call, its promise, its wrap-up.
fn call(store: &Store, me: &Agent, request: Request, job: &Job) -> Result<Vec<Done>, StoreError> {
    let now = job.utc();
    let at = || store.moment(now);
    Ok(match request {
        Request::BeginPreCall(debtor_id) => {
            store.lease_for_precall(debtor_id, me.id, now)?;
            let facts = store.contact_facts(debtor_id, me.id, now)?;
            let rules = store.book_rules()?;
            match store.account_on(debtor_id, me.id, job.now.date_naive())? {
                Some(account) => vec![Done::PreCallReady {
                    account: Box::new(account),
                    checks: checks(now, &facts, &rules.contact),
                }],
                None => vec![Done::Failed("That debtor is no longer in the book".into())],
            }
        }
        Request::ReleaseLease(debtor_id) => {
            store.release_lease(debtor_id, me.id)?;
            Vec::new()
        }
        Request::StartCall(start) => {
            let call_id = store.start_call(&start, now)?;
            vec![Done::CallStarted { debtor_id: start.debtor_id, call_id, started_at: now }]
        }
        Request::Heartbeat { debtor_id, call_id } => store
            .heartbeat(debtor_id, me.id, call_id, now)?
            .zip(call_id)
            .map(|(taken, call_id)| Done::CallTakenOver { call_id, taken })
            .into_iter()
            .collect(),
        Request::SetPendingPromise { call_id, promise } => {
            store.set_pending_promise(call_id, Some(&promise))?;
            vec![Done::PendingPromise { call_id, promise }]
        }
        Request::WrapUp(w) => {
            let how = store.wrap_up(&w, &at()?)?;
            vec![Done::CallWrapped { debtor_id: w.debtor_id, message: wrapped(&w, how, job.now) }]
        }
        Request::CloseTakenOverCall { call_id, save_notes } => {
            store.close_taken_over_call(call_id, me.id, save_notes, now)?;
            saved(if save_notes {
                "Your notes from that call were saved as a note".to_owned()
            } else {
                "Your notes from that call are kept as a draft on the debtor: select it and press n"
                    .to_owned()
            })
        }
        other => vec![Done::Failed(format!("not a call request: {other:?}"))],
    })
}

/// What the status line says once a call is saved.
fn wrapped(w: &WrapUp, how: WrapUpSaved, now: DateTime<FixedOffset>) -> String {
    if let WrapUpSaved::NoteOnly(t) = how {
        let at = t.at.with_timezone(now.offset()).format("%H:%M");
        return format!(
            "Call saved with your notes only: {} took it over at {at}, so the next contact and any promise are theirs",
            t.by
        );
    }
    let next = match w.next_contact_at {
        Some(t) => {
            format!("next contact {}", t.with_timezone(now.offset()).format("%a %d %b %H:%M"))
        }
        None => "no next contact".to_owned(),
    };
    format!("Call saved: {} · {next}", w.outcome)
}

/// At start-up: a call this agent left open (reopened, unless someone has
/// worked the debtor since), else the drafts waiting.
fn recover(store: &Store, me: &Agent, today: NaiveDate) -> Result<Vec<Done>, StoreError> {
    let Some(call) = store.open_call(me.id)? else {
        return Ok(vec![Done::DraftsWaiting(store.debtors_with_drafts(me.id)?)]);
    };
    let Some(account) = store.account_on(call.debtor_id, me.id, today)? else {
        return Ok(Vec::new());
    };
    Ok(vec![match store.call_taken_over(call.call_id)? {
        Some(taken) => Done::RecoveredTakenOver {
            call_id: call.call_id,
            debtor: account.debtor.name,
            taken,
            pending: call.pending_promise,
        },
        None => Done::CallRecovered { call: Box::new(call), account: Box::new(account) },
    }])
}

/// A lead's bulk action from triage.
fn lead_action(
    store: &Store,
    me: &Agent,
    request: Request,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<Done>, StoreError> {
    let at = store.moment(now)?;
    let debtors = |n: usize| counted(n, "debtor", "debtors");
    let message = match request {
        Request::Assign { targets, to } => {
            let done = store.assign(&targets, to, me.id, &at)?;
            let same = done.found - done.changed;
            let tail = if same > 0 { format!(" ({same} already there)") } else { String::new() };
            format!("{} reassigned{tail}", debtors(done.changed))
        }
        Request::Pin { targets, delta } => {
            match (store.pin(&targets, delta, me.id, &at)?.changed, delta > 0) {
                (0, true) => "Already pinned as high as a pin goes (9)".to_owned(),
                (0, false) => "Not pinned: nothing to lower".to_owned(),
                (n, up) => format!("{} pinned {}", debtors(n), if up { "higher" } else { "lower" }),
            }
        }
        Request::ToggleHold { targets, reason } => {
            let (held, released) = store.toggle_hold(&targets, &reason, me.id, &at)?;
            let mut said = Vec::new();
            if held > 0 {
                said.push(format!("{} put on hold", debtors(held)));
            }
            if released > 0 {
                said.push(format!("{} released from hold", debtors(released)));
            }
            if said.is_empty() {
                said.push("No debtor to hold or release".to_owned());
            }
            said.join(", ")
        }
        Request::Escalate { targets, to, reason } => {
            let done = store.escalate(&targets, to, &reason, me.id, &at)?;
            format!("{} escalated to {}", debtors(done.changed), to.as_str())
        }
        other => return Ok(vec![Done::Failed(format!("not a write: {other:?}"))]),
    };
    Ok(vec![Done::LeadActionDone(message)])
}
