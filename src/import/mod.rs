//! Import files: reading them (CSV with a header row, columns by name, every
//! bad row reported with its line and column; `read` and the modules it uses
//! write nothing), the rules for what an import accepts and fills in
//! (`rules`), and loading the records into a book through the store's
//! `BookWriter` (`load`, `apply`).

mod apply;
mod columns;
mod fields;
mod lines;
mod load;
pub mod map;
mod rates;
mod read;
mod records;
pub mod rules;

use std::fmt;

use crate::domain::csv_columns;
use crate::domain::text::ends_line;

pub use apply::Tally;
pub use load::{Job, LoadError, Loaded, load};
pub use map::ImportMap;
pub use rates::{RATE_COLUMNS, read_rates};
pub use read::{MAX_FIELD, MAX_LINE, Table};
pub use records::{ContactRecord, DebtorRecord, InvoiceRecord, PaymentRecord, Record};

/// How many line ends a file has, whether they are LF, CRLF or a lone CR
/// (`text::ends_line`).
pub fn line_count(bytes: &[u8]) -> usize {
    (0..bytes.len()).filter(|i| ends_line(bytes, *i)).count()
}

/// The kinds of file `recoup import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Debtors,
    Contacts,
    Invoices,
    Payments,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Debtors => "debtors",
            Kind::Contacts => "contacts",
            Kind::Invoices => "invoices",
            Kind::Payments => "payments",
        }
    }

    /// recoup's own columns, in export order.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Kind::Debtors => &csv_columns::DEBTORS,
            Kind::Contacts => &csv_columns::CONTACTS,
            Kind::Invoices => &csv_columns::INVOICES,
            Kind::Payments => &csv_columns::PAYMENTS,
        }
    }

    /// Columns read when present though not in the list above: the dispute
    /// dates an invoice export carries, so that it imports back as it was.
    pub fn extra_columns(self) -> &'static [&'static str] {
        match self {
            Kind::Invoices => &csv_columns::INVOICE_DISPUTE_DATES,
            _ => &[],
        }
    }

    pub fn required(self) -> &'static [&'static str] {
        match self {
            Kind::Debtors => &["ref", "name"],
            Kind::Contacts => &["debtor_ref", "name"],
            Kind::Invoices => &["debtor_ref", "number", "issued_on", "due_on", "amount"],
            Kind::Payments => &["debtor_ref", "received_on", "amount"],
        }
    }
}

/// One problem in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line in the file; 0 for the file as a whole.
    pub line: u64,
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, &self.column) {
            (0, _) => write!(f, "{}", self.message),
            (line, Some(col)) => write!(f, "line {line}, column {col}: {}", self.message),
            // A message about a whole line reads on from it: "line 2 is ...",
            // "line 1, the header, lacks ...".
            (line, None) if self.message.starts_with(',') => {
                write!(f, "line {line}{}", self.message)
            }
            (line, None) => write!(f, "line {line} {}", self.message),
        }
    }
}

/// Problems are reported up to this many; the rest are counted.
pub const MAX_REPORTED: usize = 50;

/// Everything wrong with a file, or its records.
pub type Parsed = Result<Table, Vec<Problem>>;

/// How to read a file: recoup's own columns, or a map's.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub map: Option<ImportMap>,
    /// Overrides the map's delimiter and detection.
    pub delimiter: Option<u8>,
}

/// Reads and validates a whole file.
pub fn read(kind: Kind, bytes: &[u8], options: &Options) -> Parsed {
    read::read(kind, bytes, options)
}

/// Reads a file record by record (see `read::stream`).
pub use read::stream;

#[cfg(test)]
mod line_count_tests {
    #[test]
    fn lines_are_counted_whatever_ends_them() {
        assert_eq!(super::line_count(b"h\na\nb\n"), 3);
        assert_eq!(super::line_count(b"h\r\na\r\nb"), 2);
        assert_eq!(super::line_count(b"h\ra\rb\r"), 3);
        assert_eq!(super::line_count(b""), 0);
        // Mixed line ends are each counted once.
        assert_eq!(super::line_count(b"h\ra\nb\r\nc\n"), 4);
    }
}
