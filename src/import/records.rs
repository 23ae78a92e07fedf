//! From CSV bytes to typed records, collecting every problem on the way.

use chrono::NaiveDate;

use super::Problem;
use super::columns::Row;
use super::fields;
use super::rules::{DEFAULT_INTEREST_RATE, DEFAULT_TERMS_DAYS, DEFAULT_TIMEZONE};
use crate::domain::Money;
use crate::domain::interest_terms::{InterestRegime, parse_percent};
use crate::domain::people::DebtorStatus;
use crate::store::{Dispute, NewContact, NewInvoice, NewPayment};

/// A debtor row. `None` in an optional field means the file has no such
/// column, so an existing debtor keeps its value.
#[derive(Clone, Debug, PartialEq)]
pub struct DebtorRecord {
    pub reference: String,
    pub name: String,
    pub contact: Option<NewContact>,
    pub timezone: Option<String>,
    pub terms_days: Option<i64>,
    pub terms_accepted_on: Option<Option<NaiveDate>>,
    pub assigned_to: Option<Option<String>>,
    pub status: Option<DebtorStatus>,
    pub do_not_call: Option<bool>,
    pub interest: Option<InterestRegime>,
    /// Basis points.
    pub interest_rate: Option<i64>,
    /// Lines separated by newlines; `None` when the file has no column.
    pub address: Option<String>,
    /// The strategy's name (`Some(None)`: empty, the book's default);
    /// `None` when the file has no column.
    pub strategy: Option<Option<String>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ContactRecord {
    pub debtor_ref: String,
    pub contact: NewContact,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InvoiceRecord {
    pub debtor_ref: String,
    pub invoice: NewInvoice,
    /// The file has these optional columns; when it does not, an existing
    /// invoice keeps its values.
    pub has_supplied_on: bool,
    pub has_currency: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PaymentRecord {
    pub debtor_ref: String,
    pub payment: NewPayment,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Record {
    // Boxed: the wide rows are rare, and records are moved in batches.
    Debtor(Box<DebtorRecord>),
    Contact(Box<ContactRecord>),
    Invoice(InvoiceRecord),
    Payment(PaymentRecord),
}

impl Record {
    /// The natural key, for finding duplicates within a file (built by hand:
    /// a large import makes a million of them).
    pub(super) fn key(&self) -> String {
        let join = |parts: &[&str]| {
            let mut key = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    key.push('\u{1f}');
                }
                key.push_str(part);
            }
            key
        };
        match self {
            Record::Debtor(d) => d.reference.clone(),
            Record::Contact(c) => join(&[&c.debtor_ref, &c.contact.name]),
            Record::Invoice(i) => join(&[&i.debtor_ref, &i.invoice.number]),
            Record::Payment(p) if !p.payment.reference.is_empty() => {
                join(&[&p.debtor_ref, &p.payment.reference])
            }
            Record::Payment(p) => format!(
                "{}\u{1f}{}\u{1f}{}\u{1f}{:?}",
                p.debtor_ref,
                p.payment.received_on,
                p.payment.amount.cents(),
                p.payment.invoice_number
            ),
        }
    }
}

/// The row's time zone: `Some(None)` when the column is absent or empty,
/// `None` when it is not a zone (the row's problems say so, once).
fn zone(row: &mut Row<'_>) -> Option<Option<String>> {
    row.optional("timezone", |t| {
        if t.trim().is_empty() { Ok(None) } else { fields::timezone(t).map(Some) }
    })
    .map(Option::flatten)
}

/// A contact from the row; its time zone is the row's, read once by the
/// caller (a debtors row's zone is the debtor's and its contact's).
fn contact_from(
    row: &mut Row<'_>,
    name_col: &str,
    role_col: &str,
    primary: bool,
    timezone: Option<String>,
) -> Option<NewContact> {
    let name = row.non_empty(name_col)?;
    Some(NewContact {
        name,
        role: row.string(role_col),
        phone: row.parse("phone", fields::optional_phone)?,
        email: row.parse("email", fields::optional_email)?,
        timezone,
        primary,
    })
}

pub(super) fn debtor(row: &mut Row<'_>) -> Option<Record> {
    let reference = row.parse("ref", fields::required);
    let name = row.parse("name", fields::required);
    let timezone = row.optional("timezone", |t| {
        if t.trim().is_empty() { Ok(DEFAULT_TIMEZONE.to_owned()) } else { fields::timezone(t) }
    });
    // The contact's zone is the one the row gives (none when it is empty).
    let given = !row.text("timezone").trim().is_empty();
    let contact_zone = timezone.clone().flatten().filter(|_| given);
    let terms_days = row.optional("terms_days", |t| {
        if t.trim().is_empty() { Ok(DEFAULT_TERMS_DAYS) } else { fields::whole_days(t) }
    });
    let format = row.date_format;
    let terms_accepted_on = row.optional("terms_accepted_on", |t| fields::optional_date(t, format));
    let assigned_to =
        row.optional("assigned_to", |t| Ok(Some(t.trim().to_owned()).filter(|s| !s.is_empty())));
    let status = row.optional("status", |t| {
        if t.trim().is_empty() { Ok(DebtorStatus::Active) } else { t.parse() }
    });
    let do_not_call = row.optional("do_not_call", fields::flag);
    let interest = row.optional("interest", |t| {
        if t.trim().is_empty() { Ok(InterestRegime::None) } else { t.parse() }
    });
    let interest_rate = row.optional("interest_rate", |t| {
        if t.trim().is_empty() { Ok(DEFAULT_INTEREST_RATE) } else { parse_percent(t) }
    });
    let address = row.optional("address", fields::address);
    let strategy = row.optional("strategy", |t| {
        let t = t.trim();
        if t.is_empty() || t == "default" {
            Ok(None)
        } else {
            crate::domain::strategy::valid_name(t)
                .map(Some)
                .map_err(|why| format!("{} {why}", crate::domain::text::quote(t)))
        }
    });
    let contact = if row.cols.has("contact_name") {
        contact_from(row, "contact_name", "contact_role", true, contact_zone)
    } else {
        None
    };
    Some(Record::Debtor(Box::new(DebtorRecord {
        reference: reference?,
        name: name?,
        contact,
        timezone: timezone?,
        terms_days: terms_days?,
        terms_accepted_on: terms_accepted_on?,
        assigned_to: assigned_to?,
        status: status?,
        do_not_call: do_not_call?,
        interest: interest?,
        interest_rate: interest_rate?,
        address: address?,
        strategy: strategy?,
    })))
}

pub(super) fn contact(row: &mut Row<'_>) -> Option<Record> {
    let debtor_ref = row.parse("debtor_ref", fields::required);
    let primary = row.optional("primary", fields::flag);
    let name = row.parse("name", fields::required);
    let timezone = zone(row);
    let contact = contact_from(row, "name", "role", primary?.unwrap_or(false), timezone?);
    name?;
    Some(Record::Contact(Box::new(ContactRecord { debtor_ref: debtor_ref?, contact: contact? })))
}

pub(super) fn invoice(row: &mut Row<'_>) -> Option<Record> {
    let debtor_ref = row.parse("debtor_ref", fields::required);
    let number = row.parse("number", fields::required);
    let supplied_on = row.optional_date("supplied_on");
    let issued_on = row.date("issued_on");
    let due_on = row.date("due_on");
    let amount = row.parse("amount", fields::amount);
    let disputed = row.parse("disputed", fields::flag);
    let opened_on = row.optional_date("dispute_opened_on");
    let resolved_on = row.optional_date("dispute_resolved_on");
    let currency = row.non_empty("currency").unwrap_or_else(|| "USD".into());
    if let (Some(i), Some(d)) = (issued_on, due_on)
        && d < i
    {
        row.problems.push(Problem {
            line: row.line,
            column: Some("due_on".into()),
            message: format!("{d} is before the issue date {i}"),
        });
        return None;
    }
    let reason = row.non_empty("dispute_reason");
    let (opened_on, resolved_on) = (opened_on?, resolved_on?);
    let dispute = match (disputed?, resolved_on) {
        (true, _) => Some(Dispute {
            reason: reason.unwrap_or_else(|| "other".into()),
            opened_on,
            resolved_on: None,
        }),
        // A dispute already resolved, as recoup's own export writes it.
        (false, Some(resolved)) => Some(Dispute {
            reason: reason.unwrap_or_else(|| "other".into()),
            opened_on,
            resolved_on: Some(resolved),
        }),
        (false, None) => None,
    };
    Some(Record::Invoice(InvoiceRecord {
        debtor_ref: debtor_ref?,
        invoice: NewInvoice {
            number: number?,
            supplied_on: supplied_on?,
            issued_on: issued_on?,
            due_on: due_on?,
            amount: amount?,
            currency,
            dispute,
        },
        has_supplied_on: row.cols.has("supplied_on"),
        has_currency: row.cols.has("currency"),
    }))
}

/// A payment row; `Ok(None)` for a row of a foreign export with no payment
/// date (an invoice not yet settled).
pub(super) fn payment(row: &mut Row<'_>, skip_unpaid: bool) -> Option<Option<Record>> {
    if skip_unpaid && row.text("received_on").trim().is_empty() {
        return Some(None);
    }
    let debtor_ref = row.parse("debtor_ref", fields::required);
    let received_on = row.date("received_on");
    let amount: Option<Money> = row.parse("amount", fields::positive_amount);
    Some(Some(Record::Payment(PaymentRecord {
        debtor_ref: debtor_ref?,
        payment: NewPayment {
            received_on: received_on?,
            amount: amount?,
            invoice_number: row.non_empty("invoice_number"),
            reference: row.string("reference"),
        },
    })))
}
