//! Mail out through lettre: an SMTP server (STARTTLS, TLS, or plain for a
//! server on this host) or a sendmail command, as `[mail]` says. The
//! message carries the outbox's Message-ID, the text as its body and the
//! PDF as an attachment.

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Message, SendmailTransport, SmtpTransport, Transport};

use crate::config::MailConfig;
use crate::domain::letters::facts::Sender;
use crate::store::Outgoing;

/// How long one SMTP exchange may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// Where mail goes.
pub enum MailOut {
    Smtp(Box<SmtpTransport>),
    Sendmail(SendmailTransport),
}

/// A delivery that did not happen: the server's reply or what went wrong,
/// and whether trying again cannot help.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SendError {
    pub reply: String,
    pub permanent: bool,
}

impl MailOut {
    /// The transport `[mail]` describes; `Ok(None)` when it describes none.
    pub fn from_config(mail: &MailConfig) -> Result<Option<MailOut>, String> {
        if let Some(cmd) = &mail.sendmail {
            return Ok(Some(MailOut::Sendmail(SendmailTransport::new_with_command(cmd))));
        }
        let Some(smtp) = &mail.smtp else { return Ok(None) };
        let (host, port) = match smtp.rsplit_once(':') {
            Some((h, p)) => (h, p.parse::<u16>().map_err(|_| bad_smtp(smtp))?),
            None => (smtp.as_str(), 587),
        };
        if host.is_empty() {
            return Err(bad_smtp(smtp));
        }
        let builder = match mail.tls.as_deref().unwrap_or("starttls") {
            "starttls" => SmtpTransport::starttls_relay(host).map_err(|e| e.to_string())?,
            "tls" => SmtpTransport::relay(host).map_err(|e| e.to_string())?,
            "none" => SmtpTransport::builder_dangerous(host),
            other => {
                return Err(format!(
                    "[mail] tls {} is not starttls, tls or none",
                    crate::domain::text::quote(other)
                ));
            }
        };
        let mut builder = builder.port(port).timeout(Some(SMTP_TIMEOUT));
        if let Some(user) = &mail.user {
            let password = match (&mail.password, &mail.password_env) {
                (Some(p), _) => p.clone(),
                (None, Some(var)) => std::env::var(var)
                    .map_err(|_| format!("[mail] password_env names {var}, which is not set"))?,
                (None, None) => String::new(),
            };
            builder = builder.credentials(Credentials::new(user.clone(), password));
        }
        Ok(Some(MailOut::Smtp(Box::new(builder.build()))))
    }

    /// Sends one message from the outbox.
    pub fn send(&self, m: &Outgoing, sender: &Sender) -> Result<(), SendError> {
        let message = build(m, sender)?;
        match self {
            MailOut::Smtp(t) => t
                .send(&message)
                .map(|_| ())
                .map_err(|e| SendError { reply: e.to_string(), permanent: e.is_permanent() }),
            MailOut::Sendmail(t) => {
                t.send(&message).map_err(|e| SendError { reply: e.to_string(), permanent: false })
            }
        }
    }
}

fn bad_smtp(smtp: &str) -> String {
    format!(
        "[mail] smtp {} is not host:port (like smtp.example.com:587)",
        crate::domain::text::quote(smtp)
    )
}

/// The message as it goes out.
pub fn build(m: &Outgoing, sender: &Sender) -> Result<Message, SendError> {
    let permanent = |reply: String| SendError { reply, permanent: true };
    if sender.email.is_empty() {
        return Err(permanent(
            "the book has no sender address; a lead sets it with `recoup rules set sender.email ADDRESS`"
                .into(),
        ));
    }
    let from: Mailbox = format!("{} <{}>", sender.name.replace(['<', '>', '"'], ""), sender.email)
        .parse()
        .or_else(|_| sender.email.parse())
        .map_err(|e| {
            permanent(format!("the sender address {} cannot be used: {e}", sender.email))
        })?;
    let to: Mailbox =
        m.to.parse().map_err(|e| permanent(format!("the address {} cannot be used: {e}", m.to)))?;
    let builder = Message::builder()
        .from(from.clone())
        .reply_to(from)
        .to(to)
        .subject(m.subject.clone())
        .message_id(Some(m.message_id.clone()))
        .user_agent(format!("recoup {}", env!("CARGO_PKG_VERSION")));
    let text = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(m.body.clone());
    let built = match &m.attachment {
        Some((name, data)) => {
            let pdf =
                ContentType::parse("application/pdf").map_err(|e| permanent(e.to_string()))?;
            let attachment = Attachment::new(name.clone()).body(data.clone(), pdf);
            builder.multipart(MultiPart::mixed().singlepart(text).singlepart(attachment))
        }
        None => builder.singlepart(text),
    };
    built.map_err(|e| permanent(format!("the message cannot be built: {e}")))
}
