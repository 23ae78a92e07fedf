//! From CSV bytes to typed records, collecting every problem on the way.

use rustc_hash::FxHashMap;

use chrono::NaiveDate;

use super::fields;
use super::lines::Lines;
use super::map::{ImportMap, delimiter_byte, detect_delimiter};
use super::{Kind, Options, Parsed, Problem};
use crate::domain::Money;
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
    fn key(&self) -> String {
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

/// Which file column holds each of recoup's columns.
struct Columns {
    index: FxHashMap<&'static str, usize>,
}

impl Columns {
    fn new(
        kind: Kind,
        header: &csv::StringRecord,
        map: Option<&ImportMap>,
    ) -> Result<Columns, Problem> {
        let names: Vec<String> = header.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
        let mut index = FxHashMap::default();
        for col in kind.columns().iter().chain(kind.extra_columns()) {
            let wanted = map.map_or(*col, |m| m.file_column(col)).to_ascii_lowercase();
            if let Some(i) = names.iter().position(|n| *n == wanted) {
                index.insert(*col, i);
            }
        }
        let missing: Vec<String> = kind
            .required()
            .iter()
            .filter(|c| !index.contains_key(*c))
            .map(|c| match map.map(|m| m.file_column(c)) {
                Some(file) if file != *c => format!("{file} (for {c})"),
                _ => (*c).to_owned(),
            })
            .collect();
        if !missing.is_empty() {
            let expected = match map {
                Some(_) => "the map names them under [columns]".to_owned(),
                None => {
                    format!("recoup's {} columns are: {}", kind.name(), kind.columns().join(","))
                }
            };
            return Err(Problem {
                line: 1,
                column: None,
                message: format!(
                    "the header lacks the required column{} {} ({expected})",
                    if missing.len() > 1 { "s" } else { "" },
                    missing.join(", "),
                ),
            });
        }
        Ok(Columns { index })
    }

    fn has(&self, col: &str) -> bool {
        self.index.contains_key(col)
    }
}

/// One row being read: fields by recoup's column names, problems collected.
struct Row<'a> {
    cols: &'a Columns,
    record: &'a csv::StringRecord,
    line: u64,
    date_format: Option<&'a str>,
    problems: Vec<Problem>,
}

impl Row<'_> {
    /// The raw text of a column; empty when the column is absent.
    fn text(&self, col: &str) -> &str {
        self.cols.index.get(col).and_then(|i| self.record.get(*i)).unwrap_or("")
    }

    fn parse<T>(&mut self, col: &str, f: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        match f(self.text(col)) {
            Ok(v) => Some(v),
            Err(message) => {
                self.problems.push(Problem {
                    line: self.line,
                    column: Some(col.to_owned()),
                    message,
                });
                None
            }
        }
    }

    /// Parses a column only if the file has it.
    fn optional<T>(
        &mut self,
        col: &str,
        f: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<Option<T>> {
        if !self.cols.has(col) {
            return Some(None);
        }
        self.parse(col, f).map(Some)
    }

    fn date(&mut self, col: &str) -> Option<chrono::NaiveDate> {
        let format = self.date_format;
        self.parse(col, |t| fields::date(t, format))
    }

    fn optional_date(&mut self, col: &str) -> Option<Option<chrono::NaiveDate>> {
        let format = self.date_format;
        self.parse(col, |t| fields::optional_date(t, format))
    }

    fn string(&self, col: &str) -> String {
        self.text(col).trim().to_owned()
    }

    fn non_empty(&self, col: &str) -> Option<String> {
        Some(self.string(col)).filter(|s| !s.is_empty())
    }
}

fn contact_from(
    row: &mut Row<'_>,
    name_col: &str,
    role_col: &str,
    primary: bool,
) -> Option<NewContact> {
    let name = row.non_empty(name_col)?;
    let tz = row.optional("timezone", |t| {
        if t.trim().is_empty() { Ok(None) } else { fields::timezone(t).map(Some) }
    })?;
    Some(NewContact {
        name,
        role: row.string(role_col),
        phone: row.string("phone"),
        email: row.string("email"),
        timezone: tz.flatten(),
        primary,
    })
}

fn debtor(row: &mut Row<'_>) -> Option<Record> {
    let reference = row.parse("ref", fields::required);
    let name = row.parse("name", fields::required);
    let timezone = row.optional("timezone", |t| {
        if t.trim().is_empty() { Ok("UTC".to_owned()) } else { fields::timezone(t) }
    });
    let terms_days = row.optional("terms_days", |t| {
        if t.trim().is_empty() { Ok(30) } else { fields::whole_days(t) }
    });
    let format = row.date_format;
    let terms_accepted_on = row.optional("terms_accepted_on", |t| fields::optional_date(t, format));
    let assigned_to =
        row.optional("assigned_to", |t| Ok(Some(t.trim().to_owned()).filter(|s| !s.is_empty())));
    let status = row.optional("status", |t| {
        if t.trim().is_empty() { Ok(DebtorStatus::Active) } else { t.parse() }
    });
    let do_not_call = row.optional("do_not_call", fields::flag);
    let contact = if row.cols.has("contact_name") {
        contact_from(row, "contact_name", "contact_role", true)
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
    })))
}

fn contact(row: &mut Row<'_>) -> Option<Record> {
    let debtor_ref = row.parse("debtor_ref", fields::required);
    let primary = row.optional("primary", fields::flag);
    let name = row.parse("name", fields::required);
    let contact = contact_from(row, "name", "role", primary?.unwrap_or(false));
    name?;
    Some(Record::Contact(Box::new(ContactRecord { debtor_ref: debtor_ref?, contact: contact? })))
}

fn invoice(row: &mut Row<'_>) -> Option<Record> {
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
fn payment(row: &mut Row<'_>, skip_unpaid: bool) -> Option<Option<Record>> {
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

fn csv_problem(e: &csv::Error, header_len: usize, lines: &mut Lines<'_>) -> Problem {
    let line = e.position().map_or(0, |p| lines.line_at(p.byte()));
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8 text".to_owned(),
        csv::ErrorKind::UnequalLengths { len, .. } => {
            format!("has {len} fields but the header has {header_len}")
        }
        other => format!("cannot be read as CSV: {other:?}"),
    };
    Problem { line, column: None, message }
}

/// The records of a file, and how many rows were left out on purpose.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub records: Vec<(u64, Record)>,
    /// Rows of a foreign export that hold no payment (no payment date).
    pub skipped: usize,
}

pub fn read(kind: Kind, bytes: &[u8], options: &Options) -> Parsed {
    let mut records = Vec::new();
    let skipped = stream(kind, bytes, options, &mut |line, rec| records.push((line, rec)))?;
    Ok(Table { records, skipped })
}

/// Reads a file, handing each good record to `on_record` as soon as it is
/// read; returns how many rows were skipped, or every problem found.
pub fn stream(
    kind: Kind,
    bytes: &[u8],
    options: &Options,
    on_record: &mut dyn FnMut(u64, Record),
) -> Result<usize, Vec<Problem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let map = options.map.as_ref();
    let delimiter = match (options.delimiter, map.and_then(|m| m.delimiter.as_deref())) {
        (Some(d), _) => d,
        (None, Some(d)) => {
            delimiter_byte(d).map_err(|message| vec![Problem { line: 0, column: None, message }])?
        }
        (None, None) => detect_delimiter(bytes),
    };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(true).delimiter(delimiter).from_reader(bytes);
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(vec![csv_problem(&e, 0, &mut Lines::new(bytes))]),
    };
    if header.iter().all(|h| h.trim().is_empty()) {
        return Err(vec![Problem {
            line: 1,
            column: None,
            message: "the file is empty; expected a header row".into(),
        }]);
    }
    let cols = Columns::new(kind, &header, map).map_err(|p| vec![p])?;
    let date_format = map.and_then(|m| m.date_format.as_deref());
    let mut problems = Vec::new();
    let mut skipped = 0;
    // Sized for one key per line (up to a few million), so that it seldom
    // grows while reading.
    let rows = super::line_count(bytes).min(1 << 22);
    let mut seen: FxHashMap<String, u64> =
        FxHashMap::with_capacity_and_hasher(rows, Default::default());
    let mut record = csv::StringRecord::new();
    let mut lines = Lines::new(bytes);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                problems.push(csv_problem(&e, header.len(), &mut lines));
                if matches!(
                    e.kind(),
                    csv::ErrorKind::Utf8 { .. } | csv::ErrorKind::UnequalLengths { .. }
                ) {
                    continue;
                }
                break;
            }
        }
        let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let mut row = Row { cols: &cols, record: &record, line, date_format, problems: Vec::new() };
        let parsed = match kind {
            Kind::Debtors => debtor(&mut row),
            Kind::Contacts => contact(&mut row),
            Kind::Invoices => invoice(&mut row),
            Kind::Payments => match payment(&mut row, map.is_some()) {
                Some(None) => {
                    skipped += 1;
                    continue;
                }
                Some(Some(r)) => Some(r),
                None => None,
            },
        };
        problems.append(&mut row.problems);
        if let Some(rec) = parsed {
            if let Some(first) = seen.insert(rec.key(), line) {
                problems.push(Problem {
                    line,
                    column: None,
                    message: format!("repeats the {} on line {first}", key_name(kind)),
                });
            } else {
                on_record(line, rec);
            }
        }
    }
    if problems.is_empty() { Ok(skipped) } else { Err(problems) }
}

fn key_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Debtors => "ref",
        Kind::Contacts => "debtor_ref and name",
        Kind::Invoices => "debtor_ref and number",
        Kind::Payments => "payment",
    }
}
