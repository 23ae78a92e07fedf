//! Letters and statements: what a rendered letter holds, the same for its
//! plain text, its PDF and the email that carries it. Rules only; the
//! templates are read elsewhere and the context is built from the book by
//! the store, so nothing here does IO.
//!
//! A template (minijinja, see `assets/letters/`) writes the letter's prose.
//! The parts around it (the sender block, the debtor's address, the date,
//! the table of open invoices, the totals and the remittance slip) come from
//! the context, not the template, so the text and the PDF lay them out the
//! same way whatever a desk's own template says. Its front matter says
//! whether the table and the slip are shown.

pub mod compose;
pub mod context;
pub mod defaults;
pub mod facts;
pub mod filter;
pub mod template;

use crate::domain::Money;

/// How a template is meant to go out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Email,
    Letter,
    Both,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Letter => "letter",
            Channel::Both => "both",
        }
    }
}

/// Paper for the PDF, by the book's setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    pub fn as_str(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "letter",
        }
    }
}

impl std::str::FromStr for Paper {
    type Err = String;
    fn from_str(s: &str) -> Result<Paper, String> {
        match s.to_ascii_lowercase().as_str() {
            "a4" => Ok(Paper::A4),
            "letter" => Ok(Paper::Letter),
            _ => Err("is not a paper size (a4 or letter)".into()),
        }
    }
}

/// One open invoice as the letter lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterInvoice {
    pub number: String,
    /// `2026-10-31`
    pub issued: String,
    pub due: String,
    /// Days past due on the letter's date; 0 or less when not yet due.
    pub days_overdue: i64,
    pub amount: Money,
    pub open: Money,
    pub disputed: bool,
}

/// The remittance slip at the foot: what to pay, quoting what, to where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Remittance {
    /// The debtor's reference to quote.
    pub reference: String,
    pub amount_due: Money,
    /// Bank details, a line each, from the book's sender settings.
    pub bank: Vec<String>,
}

/// A letter rendered for one debtor: everything the text, the PDF and the
/// email need, already computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// The template's name, e.g. `statement`.
    pub template: String,
    pub title: String,
    /// The email subject (also the PDF's heading).
    pub subject: String,
    pub channel: Channel,
    /// Sender block: company name, address lines, email, phone.
    pub sender: Vec<String>,
    /// The debtor's name, contact and postal address, a line each.
    pub recipient: Vec<String>,
    /// The letter's date as printed, e.g. `2 December 2026`.
    pub date: String,
    /// The debtor's reference (account number).
    pub reference: String,
    /// The template's prose, paragraphs separated by blank lines.
    pub body: String,
    /// Open invoices, oldest first; empty when the template hides the table.
    pub invoices: Vec<LetterInvoice>,
    /// Labelled totals under the table, e.g. ("Total due", 1234.56).
    pub totals: Vec<(String, Money)>,
    pub remittance: Option<Remittance>,
}

/// How a letter on the account reads before a call: `statement emailed 3
/// days ago`, `final-demand saved as PDF today`, `reminder-firm waiting to
/// be emailed`, `statement not sent (see the outbox)`.
pub fn letter_said(template: &str, kind: &str, status: &str, days_ago: i64) -> String {
    let when = match days_ago {
        i64::MIN..=0 => "today".to_owned(),
        1 => "yesterday".to_owned(),
        n => format!("{n} days ago"),
    };
    match (kind, status) {
        (_, "failed") => format!("{template} not sent (see the outbox)"),
        ("email", "queued" | "sending") => format!("{template} waiting to be emailed"),
        ("email", _) => format!("{template} emailed {when}"),
        _ => format!("{template} saved as PDF {when}"),
    }
}

#[cfg(test)]
mod said_tests {
    use super::letter_said;

    #[test]
    fn a_letter_reads_with_how_and_when() {
        assert_eq!(letter_said("statement", "email", "sent", 3), "statement emailed 3 days ago");
        assert_eq!(letter_said("statement", "email", "sent", 1), "statement emailed yesterday");
        assert_eq!(
            letter_said("final-demand", "pdf", "printed", 0),
            "final-demand saved as PDF today"
        );
        assert_eq!(letter_said("x", "email", "queued", 0), "x waiting to be emailed");
        assert_eq!(letter_said("x", "email", "failed", 2), "x not sent (see the outbox)");
    }
}
