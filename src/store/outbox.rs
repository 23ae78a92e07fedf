//! The outbox: every letter is written here before it is sent or saved, and
//! a sender delivers it from here. Only the process holding the book's
//! outbox lock sends (src/letters/sender.rs), so a message marked `sending`
//! when the lock is taken was left by a sender that died: it is queued again
//! (sent at most once per attempt; its Message-ID shows a duplicate).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Transaction, params};

use super::notes::insert_note;
use super::{NoteDraft, Result, Store, StoreError, audit, date_str, ts};

/// How a message leaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageKind {
    Email,
    Pdf,
}

impl MessageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Email => "email",
            MessageKind::Pdf => "pdf",
        }
    }
}

/// A letter to put in the outbox.
#[derive(Clone, Debug)]
pub struct NewMessage<'a> {
    pub debtor_id: i64,
    pub template: &'a str,
    /// The template's title, for the running record.
    pub title: &'a str,
    pub kind: MessageKind,
    /// The email address, or the PDF file's path.
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub attachment: Option<(&'a str, &'a [u8])>,
    pub by: i64,
    pub book_day: NaiveDate,
}

/// A message claimed for sending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outgoing {
    pub id: i64,
    pub message_id: String,
    pub debtor_id: i64,
    pub template: String,
    pub title: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub attachment: Option<(String, Vec<u8>)>,
    pub attempts: i64,
    /// Who wrote it, for the running record: the agent's id and name.
    pub by_id: i64,
    pub by: String,
}

/// After this many failed attempts a message waits for a lead.
pub const MAX_ATTEMPTS: i64 = 6;

/// How long to wait before attempt `n + 1` after `n` failed: 30 s, 1, 2, 4, 8 min.
pub fn backoff(attempts: i64) -> Duration {
    Duration::seconds(30 << attempts.clamp(0, 10).saturating_sub(1).max(0))
}

impl Store {
    /// Writes a message to the outbox; an email is queued to send now, a
    /// PDF (already saved by the caller) is recorded as printed, with its
    /// note on the account, in the same transaction.
    pub fn queue_message(&self, m: &NewMessage<'_>, now: DateTime<Utc>) -> Result<i64> {
        self.write(|tx| {
            let token = format!("{:016x}", fastrand::u64(..));
            let message_id = format!("<recoup.{token}.{}@recoup.invalid>", m.debtor_id);
            let (status, done_at) = match m.kind {
                MessageKind::Email => ("queued", None),
                MessageKind::Pdf => ("printed", Some(ts(now))),
            };
            let (att_name, att) = m.attachment.unzip();
            tx.prepare_cached(
                "INSERT INTO outbox (message_id, debtor_id, template, kind, to_address, subject,
                     body, attachment_name, attachment, created_at, created_by, book_day,
                     status, next_attempt_at, done_at, title)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?10, ?14, ?15)",
            )?
            .execute(params![
                message_id,
                m.debtor_id,
                m.template,
                m.kind.as_str(),
                m.to,
                m.subject,
                m.body,
                att_name,
                att,
                ts(now),
                m.by,
                date_str(m.book_day),
                status,
                done_at,
                m.title,
            ])?;
            let id = tx.last_insert_rowid();
            if m.kind == MessageKind::Pdf {
                let by = agent_name(tx, m.by)?;
                let body =
                    format!("{} saved as a PDF by {by}: {}\nSubject: {}", m.title, m.to, m.subject);
                record(tx, m.debtor_id, m.by, id, &body, now)?;
            }
            Ok(id)
        })
    }

    /// Queues again every message a dead sender left `sending`. Called by
    /// the process that has just taken the outbox lock.
    pub fn requeue_abandoned(&self, now: DateTime<Utc>) -> Result<usize> {
        self.write(|tx| {
            Ok(tx.execute(
                "UPDATE outbox SET status = 'queued', next_attempt_at = ?1
                 WHERE status = 'sending'",
                [ts(now)],
            )?)
        })
    }

    /// Claims the next email due to send: marked `sending` with one more
    /// attempt, committed before anything is sent.
    pub fn claim_message(&self, now: DateTime<Utc>) -> Result<Option<Outgoing>> {
        self.write(|tx| {
            let id: Option<i64> = tx
                .prepare_cached(
                    "SELECT id FROM outbox WHERE status = 'queued' AND next_attempt_at <= ?1
                     ORDER BY next_attempt_at, id LIMIT 1",
                )?
                .query_row([ts(now)], |r| r.get(0))
                .optional()?;
            let Some(id) = id else { return Ok(None) };
            tx.prepare_cached(
                "UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ?1",
            )?
            .execute([id])?;
            let out = tx
                .prepare_cached(
                    "SELECT o.id, o.message_id, o.debtor_id, o.template, o.to_address, o.subject,
                            o.body, o.attachment_name, o.attachment, o.attempts, a.name, o.title, o.created_by
                     FROM outbox o JOIN agents a ON a.id = o.created_by WHERE o.id = ?1",
                )?
                .query_row([id], |r| {
                    let name: Option<String> = r.get(7)?;
                    let data: Option<Vec<u8>> = r.get(8)?;
                    Ok(Outgoing {
                        id: r.get(0)?,
                        message_id: r.get(1)?,
                        debtor_id: r.get(2)?,
                        template: r.get(3)?,
                        to: r.get(4)?,
                        subject: r.get(5)?,
                        body: r.get(6)?,
                        attachment: name.zip(data),
                        attempts: r.get(9)?,
                        by: r.get(10)?,
                        title: r.get(11)?,
                        by_id: r.get(12)?,
                    })
                })?;
            Ok(Some(out))
        })
    }

    /// The mail server accepted it: sent, and the running record says so.
    pub fn mark_sent(&self, m: &Outgoing, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let changed = tx
                .prepare_cached(
                    "UPDATE outbox SET status = 'sent', done_at = ?2, last_error = NULL
                     WHERE id = ?1 AND status = 'sending'",
                )?
                .execute(params![m.id, ts(now)])?;
            if changed == 0 {
                return Ok(());
            }
            let mut body =
                format!("{} emailed to {} by {}\nSubject: {}", m.title, m.to, m.by, m.subject);
            if let Some((name, _)) = &m.attachment {
                body.push_str(&format!("\nAttached: {name}"));
            }
            record(tx, m.debtor_id, m.by_id, m.id, &body, now)
        })
    }

    /// The attempt failed: queued again after a backoff, or `failed` for a
    /// lead once `permanent` or out of attempts. The server's reply is kept.
    pub fn mark_failed(
        &self,
        m: &Outgoing,
        error: &str,
        permanent: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let give_up = permanent || m.attempts >= MAX_ATTEMPTS;
        let (status, next) = if give_up {
            ("failed", None)
        } else {
            ("queued", Some(ts(now + backoff(m.attempts))))
        };
        self.write(|tx| {
            tx.prepare_cached(
                "UPDATE outbox SET status = ?2, next_attempt_at = ?3, last_error = ?4
                 WHERE id = ?1 AND status = 'sending'",
            )?
            .execute(params![m.id, status, next, error])?;
            Ok(())
        })
    }

    /// A lead sends a failed (or waiting) message again now.
    pub fn retry_message(&self, id: i64, by: i64, now: DateTime<Utc>) -> Result<()> {
        self.lead_outbox_change(id, by, now, "retry", "queued")
    }

    /// A lead cancels a message that has not been sent.
    pub fn cancel_message(&self, id: i64, by: i64, now: DateTime<Utc>) -> Result<()> {
        self.lead_outbox_change(id, by, now, "cancel", "cancelled")
    }

    fn lead_outbox_change(
        &self,
        id: i64,
        by: i64,
        now: DateTime<Utc>,
        action: &'static str,
        to: &str,
    ) -> Result<()> {
        self.write(|tx| {
            let status: Option<String> = tx
                .query_row("SELECT status FROM outbox WHERE id = ?1", [id], |r| r.get(0))
                .optional()?;
            let Some(status) = status else {
                return Err(StoreError::Refused(format!("there is no message {id} in the outbox")));
            };
            if !matches!(status.as_str(), "queued" | "failed") {
                return Err(StoreError::Refused(format!(
                    "message {id} is {status}; only a queued or failed message can be {}",
                    if action == "retry" { "retried" } else { "cancelled" }
                )));
            }
            tx.execute(
                "UPDATE outbox SET status = ?2, next_attempt_at = ?3 WHERE id = ?1",
                params![id, to, ts(now)],
            )?;
            audit::record(
                tx,
                now,
                Some(by),
                audit::Change {
                    entity: "outbox",
                    entity_id: Some(id),
                    action,
                    before: &status,
                    after: to,
                },
            )?;
            Ok(())
        })
    }
}

/// The note on the account, as the agent who wrote the letter.
fn record(
    tx: &Transaction<'_>,
    debtor_id: i64,
    agent_id: i64,
    message: i64,
    body: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let body = format!("{body}\n(outbox message {message})");
    insert_note(tx, &NoteDraft { debtor_id, agent_id, call_id: None, body: &body }, now)?;
    Ok(())
}

fn agent_name(tx: &Transaction<'_>, id: i64) -> Result<String> {
    Ok(tx.query_row("SELECT name FROM agents WHERE id = ?1", [id], |r| r.get(0))?)
}
