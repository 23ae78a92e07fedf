//! Taking one step for one debtor: the message (through the outbox), the
//! call or review task, the hold; then the record, once, with its note and
//! audit row. A step already recorded is not taken again, and a message
//! already written for this debtor and template since the step's day (a
//! run killed between writing it and recording the step) is not written
//! again.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::app::write::WriteOutput;
use crate::clock::Moment;
use crate::domain::letters::template::LetterTemplate;
use crate::domain::people::Agent;
use crate::domain::strategy::{Action, Strategy};
use crate::letters::writer::{self, deliver, render};
use crate::store::{StepTask, Store, StrategyRow, TakenStep};

/// What became of a step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Taken {
    Done,
    /// Taken, and failed: why (a review task is open for the lead).
    Failed(String),
    /// Already recorded (another run took it).
    Before,
}

/// Who takes a step, when, and where letters to post are saved; the
/// letter templates a run has used, read once each.
pub struct Taker<'a> {
    pub store: &'a Store,
    pub me: &'a Agent,
    pub pdf_dir: &'a Path,
    pub at: &'a Moment,
    pub templates: RefCell<HashMap<String, Result<LetterTemplate, String>>>,
}

impl<'a> Taker<'a> {
    pub fn new(store: &'a Store, me: &'a Agent, pdf_dir: &'a Path, at: &'a Moment) -> Taker<'a> {
        Taker { store, me, pdf_dir, at, templates: RefCell::default() }
    }

    /// The letter template called `name`, read the first time it is asked.
    fn template(&self, name: &str) -> Result<LetterTemplate, String> {
        self.templates
            .borrow_mut()
            .entry(name.to_owned())
            .or_insert_with(|| writer::template(name))
            .clone()
    }
}

/// Takes step `step` (due on `due`) of `strategy` for the debtor.
pub fn take(
    t: &Taker<'_>,
    row: &StrategyRow,
    strategy: &Strategy,
    step: usize,
    due: NaiveDate,
) -> Result<Taken, String> {
    let (store, at) = (t.store, t.at);
    // Taken already (by another run): nothing is written again.
    let recorded = store.step_recorded(row.id, &strategy.name, row.cycle, step);
    if recorded.map_err(|e| e.to_string())? {
        return Ok(Taken::Before);
    }
    let s = &strategy.steps[step];
    let reason = format!("step {} of {}: {}", step + 1, strategy.name, s.name);
    let label = s.action.label();
    let done = |what: String| -> Result<(StepTask, String), String> { Ok((StepTask::None, what)) };
    let outcome = match &s.action {
        Action::Email(name) => message(t, row.id, name, due, WriteOutput::Email).and_then(done),
        Action::Letter(name) => message(t, row.id, name, due, WriteOutput::Pdf).and_then(done),
        Action::Call => Ok((StepTask::Call(reason.clone()), "a call is due".into())),
        Action::Review => Ok((StepTask::Review(reason.clone()), "for the lead to review".into())),
        Action::Escalate => {
            let days = row.state.oldest_open_due.map_or(0, |d| (at.today - d).num_days());
            Ok((
                StepTask::Review(format!("{reason}: escalate? ({days} days past due)")),
                "escalation proposed to the lead".into(),
            ))
        }
        Action::Hold => Ok((StepTask::Hold, "put on hold".into())),
    };
    let (task, what, failed) = match outcome {
        Ok((task, what)) => (task, what, None),
        Err(why) => (StepTask::Review(format!("{reason} failed: {why}")), why.clone(), Some(why)),
    };
    let note = match &failed {
        None => format!("Strategy {reason} ({label}): {what}"),
        Some(why) => format!("Strategy {reason} ({label}) failed: {why}"),
    };
    let recorded = store
        .take_step(
            &TakenStep {
                debtor_id: row.id,
                strategy: &strategy.name,
                cycle: row.cycle,
                step,
                name: &s.name,
                action: &label,
                due_on: due,
                by: t.me.id,
                failed: failed.as_deref(),
                task,
                note: &note,
            },
            at,
        )
        .map_err(|e| e.to_string())?;
    Ok(match (recorded, failed) {
        (false, _) => Taken::Before,
        (true, None) => Taken::Done,
        (true, Some(why)) => Taken::Failed(why),
    })
}

/// An email (a PDF to post where the debtor has no address) or a letter.
/// Written already on or after the step's day `due` (a run killed between
/// writing it and recording the step, or a lead's own): not again.
fn message(
    t: &Taker<'_>,
    debtor_id: i64,
    template: &str,
    due: NaiveDate,
    prefer: WriteOutput,
) -> Result<String, String> {
    let (store, me, pdf_dir, at) = (t.store, t.me, t.pdf_dir, t.at);
    let letter_template = t.template(template)?;
    let name = &letter_template.name;
    let since = due.min(at.today);
    if store.written_between(debtor_id, name, since, at.today).map_err(|e| e.to_string())? {
        return Ok(format!("{name} was already written since {since}"));
    }
    let letter = render(store, me, debtor_id, &letter_template, at.now)?;
    let output = match (prefer, &letter.email) {
        (WriteOutput::Email, Some(_)) => WriteOutput::Email,
        _ => WriteOutput::Pdf,
    };
    deliver(store, me, debtor_id, &letter, output, pdf_dir, at.now)
}
