//! Writing a letter to one debtor: rendered from the book, then either put
//! in the outbox as an email (text body, PDF attached) or saved as a PDF
//! file to print, noted on the account either way.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};

use super::place;
use super::templates;
use crate::app::write::{LetterPreview, WriteOutput};
use crate::domain::letters::Rendered;
use crate::domain::letters::compose::{compose, plain_text};
use crate::domain::letters::template::{LetterTemplate, TemplateError};
use crate::domain::people::Agent;
use crate::store::{MessageKind, NewMessage, Store};

/// A letter rendered for one debtor, with where an email would go.
pub struct Letter {
    pub rendered: Rendered,
    pub text: String,
    /// The primary contact's email, when there is one.
    pub email: Option<String>,
    pub debtor_ref: String,
    pub day: NaiveDate,
}

/// The template called `name`, from this desk's place.
pub fn template(name: &str) -> Result<LetterTemplate, String> {
    templates::find(place::get().templates.as_deref(), name)
}

/// Why a letter could not be rendered: the template's own mistake (the
/// same for every debtor) or something about this debtor or the book.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    #[error("{0}")]
    Template(#[from] TemplateError),
    #[error("{0}")]
    Other(String),
}

impl From<RenderError> for String {
    fn from(e: RenderError) -> String {
        e.to_string()
    }
}

/// Renders `template` for the debtor; why, when it cannot be.
pub fn render(
    store: &Store,
    me: &Agent,
    debtor_id: i64,
    template: &LetterTemplate,
    now: DateTime<Utc>,
) -> Result<Letter, RenderError> {
    let other = |e: crate::store::StoreError| RenderError::Other(e.to_string());
    let rules = store.book_rules().map_err(other)?;
    let day = rules.today(now);
    let facts = store
        .letter_facts(debtor_id, &me.name, day)
        .map_err(other)?
        .ok_or_else(|| RenderError::Other(format!("there is no debtor {debtor_id}")))?;
    let email = facts.contact.as_ref().map(|c| c.email.trim().to_owned()).filter(|e| !e.is_empty());
    let debtor_ref = facts.debtor.reference.clone();
    let rendered = compose(template, &facts)?;
    let text = plain_text(&rendered);
    Ok(Letter { rendered, text, email, debtor_ref, day })
}

/// The preview the Write screen shows.
pub fn preview(
    store: &Store,
    me: &Agent,
    debtor_id: i64,
    template: &str,
    now: DateTime<Utc>,
) -> Result<LetterPreview, String> {
    let letter = render(store, me, debtor_id, &self::template(template)?, now)?;
    Ok(LetterPreview { subject: letter.rendered.subject, text: letter.text, to: letter.email })
}

/// Writes the letter: by email (queued in the outbox) or as a PDF saved in
/// `pdf_dir`. Returns the sentence the status line shows.
pub fn write(
    store: &Store,
    me: &Agent,
    debtor_id: i64,
    template: &str,
    output: WriteOutput,
    pdf_dir: &Path,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let letter = render(store, me, debtor_id, &self::template(template)?, now)?;
    deliver(store, me, debtor_id, &letter, output, pdf_dir, now)
}

/// Sends or saves a letter already rendered.
pub fn deliver(
    store: &Store,
    me: &Agent,
    debtor_id: i64,
    letter: &Letter,
    output: WriteOutput,
    pdf_dir: &Path,
    now: DateTime<Utc>,
) -> Result<String, String> {
    let rules = store.book_rules().map_err(|e| e.to_string())?;
    let pdf = crate::pdf::letter_pdf(&letter.rendered, rules.paper).map_err(|e| e.to_string())?;
    let file_name = file_name(letter);
    let title = letter.rendered.title.clone();
    match output {
        WriteOutput::Email => {
            let to = letter.email.clone().ok_or_else(|| {
                format!(
                    "{} has no email address; Tab saves the letter as a PDF to post instead",
                    letter.debtor_ref
                )
            })?;
            if rules.sender.email.is_empty() {
                return Err("the book has no sender address to email from; a lead sets it with `recoup rules set sender.email ADDRESS`".into());
            }
            let id = queue(store, me, debtor_id, letter, MessageKind::Email, &to, &pdf, now)?;
            let waits = if place::get().mail.smtp.is_none() && place::get().mail.sendmail.is_none()
            {
                "; no [mail] is set up here, so it waits in the outbox"
            } else {
                ""
            };
            Ok(format!("{title} to {to} is in the outbox (message {id}){waits}"))
        }
        WriteOutput::Pdf => {
            let path = save_pdf(pdf_dir, &file_name, &pdf)?;
            let shown = path.display().to_string();
            queue(store, me, debtor_id, letter, MessageKind::Pdf, &shown, &pdf, now)?;
            Ok(format!("{title} saved as {shown}"))
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn queue(
    store: &Store,
    me: &Agent,
    debtor_id: i64,
    letter: &Letter,
    kind: MessageKind,
    to: &str,
    pdf: &[u8],
    now: DateTime<Utc>,
) -> Result<i64, String> {
    let name = file_name(letter);
    let attachment = (kind == MessageKind::Email).then_some((name.as_str(), pdf));
    store
        .queue_message(
            &NewMessage {
                debtor_id,
                template: &letter.rendered.template,
                title: &letter.rendered.title,
                kind,
                to,
                subject: &letter.rendered.subject,
                body: &letter.text,
                attachment,
                by: me.id,
                book_day: letter.day,
            },
            now,
        )
        .map_err(|e| e.to_string())
}

/// `ACME-001-statement-2026-12-02.pdf`, safe as a file name anywhere.
fn file_name(letter: &Letter) -> String {
    let safe: String = letter
        .debtor_ref
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
        .collect();
    format!("{safe}-{}-{}.pdf", letter.rendered.template, letter.day)
}

/// Writes the file whole or not at all (a temporary file renamed into place).
fn save_pdf(dir: &Path, name: &str, pdf: &[u8]) -> Result<PathBuf, String> {
    let fail = |e: std::io::Error| format!("cannot save the PDF in {}: {e}", dir.display());
    std::fs::create_dir_all(dir).map_err(fail)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    std::io::Write::write_all(&mut tmp, pdf).map_err(fail)?;
    let path = dir.join(name);
    tmp.persist(&path).map_err(|e| fail(e.error))?;
    Ok(path)
}
