//! One letter to many debtors (a lead's): by email where the debtor has an
//! address, else a PDF to post; never twice to a debtor on one of the
//! book's days unless asked (`--again`). Debtor by debtor, so a run over
//! the whole book holds one letter in memory at a time, and a failure for
//! one debtor is counted and the run goes on.

use std::path::Path;

use chrono::{DateTime, Utc};

use super::writer::{self, RenderError, deliver, render};
use crate::app::write::WriteOutput;
use crate::domain::people::Agent;
use crate::domain::text::counted;
use crate::store::Store;

/// What to send, and how.
pub struct Plan<'a> {
    pub template: &'a str,
    /// Email (a PDF where there is no address) or a PDF for everyone.
    pub prefer: WriteOutput,
    pub pdf_dir: &'a Path,
    /// Send even to debtors sent this template today.
    pub again: bool,
    /// Count what would be done, change nothing.
    pub dry_run: bool,
}

/// What a run did (or, dry, would do).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub emailed: usize,
    pub printed: usize,
    /// Sent this template already today.
    pub skipped: usize,
    /// (debtor, why) for each that could not be written.
    pub failed: Vec<(i64, String)>,
    /// Why the run stopped before the end (the template, the book).
    pub stopped: Option<String>,
    pub dry_run: bool,
}

impl Summary {
    pub fn done(&self) -> usize {
        self.emailed + self.printed + self.skipped + self.failed.len()
    }

    /// `12 emailed, 3 saved as PDF (no email address), 2 already sent today, 1 failed`.
    pub fn sentence(&self) -> String {
        let (emailed, printed) =
            if self.dry_run { ("to email", "to save as PDF") } else { ("emailed", "saved as PDF") };
        let mut parts = vec![
            format!("{} {emailed}", counted(self.emailed, "letter", "letters")),
            format!("{} {printed} (no email address or PDF chosen)", self.printed),
        ];
        if self.skipped > 0 {
            parts.push(format!("{} already sent it today (--again sends anyway)", self.skipped));
        }
        if !self.failed.is_empty() {
            parts.push(format!("{} failed", self.failed.len()));
        }
        if let Some(why) = &self.stopped {
            parts.push(format!("stopped: {why}"));
        }
        parts.join(", ")
    }
}

/// Writes the letter to each debtor of `ids`; `progress` hears after each.
pub fn run(
    store: &Store,
    me: &Agent,
    ids: impl Iterator<Item = i64>,
    plan: &Plan<'_>,
    now: DateTime<Utc>,
    mut progress: impl FnMut(&Summary),
) -> Summary {
    let mut summary = Summary { dry_run: plan.dry_run, ..Summary::default() };
    let template = match writer::template(plan.template) {
        Ok(t) => t,
        Err(why) => {
            summary.stopped = Some(why);
            return summary;
        }
    };
    let day = match store.book_rules() {
        Ok(rules) => rules.today(now),
        Err(e) => {
            summary.stopped = Some(e.to_string());
            return summary;
        }
    };
    for id in ids {
        match store.written_on(id, &template.name, day) {
            Ok(true) if !plan.again => summary.skipped += 1,
            Ok(_) => match one(store, me, id, &template, plan, now) {
                Ok(WriteOutput::Email) => summary.emailed += 1,
                Ok(WriteOutput::Pdf) => summary.printed += 1,
                // A mistake in the template is the same for everyone: stop.
                Err(RenderError::Template(e)) => {
                    summary.stopped = Some(e.to_string());
                    return summary;
                }
                Err(RenderError::Other(why)) => summary.failed.push((id, why)),
            },
            Err(e) => summary.failed.push((id, e.to_string())),
        }
        progress(&summary);
    }
    summary
}

fn one(
    store: &Store,
    me: &Agent,
    id: i64,
    template: &crate::domain::letters::template::LetterTemplate,
    plan: &Plan<'_>,
    now: DateTime<Utc>,
) -> Result<WriteOutput, RenderError> {
    let letter = render(store, me, id, template, now)?;
    let output = match (plan.prefer, &letter.email) {
        (WriteOutput::Email, Some(_)) => WriteOutput::Email,
        _ => WriteOutput::Pdf,
    };
    if !plan.dry_run {
        deliver(store, me, id, &letter, output, plan.pdf_dir, now).map_err(RenderError::Other)?;
    }
    Ok(output)
}
