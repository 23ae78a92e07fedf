//! Reading a whole file: the header, then every row through its kind's
//! parser, with the limits and checks that hold for every kind.

use rustc_hash::FxHashMap;

use super::columns::{Columns, Row};
use super::lines::Lines;
use super::map::{ImportMap, delimiter_byte, detect_delimiter};
use super::records::{self, Record};
use super::{Kind, Options, Parsed, Problem};
use crate::domain::text::{describe, first_unsafe, quote};

/// The most one field may hold.
pub const MAX_FIELD: usize = 64 * 1024;
/// The most one line (one row) may hold.
pub const MAX_LINE: usize = 1024 * 1024;

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
    let delimiter = delimiter(options, bytes)?;
    let mut reader =
        csv::ReaderBuilder::new().has_headers(true).delimiter(delimiter).from_reader(bytes);
    let (header, cols) = header(&mut reader, kind, bytes, delimiter, map)?;
    let sheet = Sheet {
        kind,
        header,
        cols,
        date_format: map.and_then(|m| m.date_format.as_deref()),
        mapped: map.is_some(),
    };
    // Sized for one key per line (up to a few million), so that it seldom
    // grows while reading.
    let rows = super::line_count(bytes).min(1 << 22);
    let mut found = Found {
        problems: Vec::new(),
        skipped: 0,
        seen: FxHashMap::with_capacity_and_hasher(rows, Default::default()),
    };
    let mut record = csv::StringRecord::new();
    let mut lines = Lines::new(bytes);
    // Where the last record began: a quote left open runs from there to
    // the end of the file.
    let mut last_start = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                last_start = e.position().map_or(last_start, csv::Position::byte);
                found.problems.push(csv_problem(&e, sheet.header.len(), &mut lines));
                if matches!(
                    e.kind(),
                    csv::ErrorKind::Utf8 { .. } | csv::ErrorKind::UnequalLengths { .. }
                ) {
                    continue;
                }
                break;
            }
        }
        last_start = record.position().map_or(last_start, csv::Position::byte);
        let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
        if let Some(rec) = sheet.record(&record, line, &mut found) {
            on_record(line, rec);
        }
    }
    let mut problems = found.problems;
    if let Some(open) = unclosed_quote(bytes, last_start, delimiter, &sheet.header) {
        // Whatever was said about the rest of the file came of reading it
        // as one value.
        let from = lines.line_at(last_start);
        problems.retain(|p| p.line < from);
        problems.push(open);
    }
    if problems.is_empty() { Ok(found.skipped) } else { Err(problems) }
}

/// The field separator: the flag's, the map's, or the one the header uses.
fn delimiter(options: &Options, bytes: &[u8]) -> Result<u8, Vec<Problem>> {
    let mapped = options.map.as_ref().and_then(|m| m.delimiter.as_deref());
    Ok(match (options.delimiter, mapped) {
        (Some(d), _) => d,
        (None, Some(d)) => {
            delimiter_byte(d).map_err(|message| vec![Problem { line: 0, column: None, message }])?
        }
        (None, None) => detect_delimiter(bytes),
    })
}

/// The header row, and where recoup's columns are in it.
fn header(
    reader: &mut csv::Reader<&[u8]>,
    kind: Kind,
    bytes: &[u8],
    delimiter: u8,
    map: Option<&ImportMap>,
) -> Result<(csv::StringRecord, Columns), Vec<Problem>> {
    // A quote left open in the header makes the whole file one header.
    let unclosed = || unclosed_quote(bytes, 0, delimiter, &csv::StringRecord::new());
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(vec![
                unclosed().unwrap_or_else(|| csv_problem(&e, 0, &mut Lines::new(bytes))),
            ]);
        }
    };
    if header.iter().all(|h| h.trim().is_empty()) {
        return Err(vec![Problem {
            line: 1,
            column: None,
            message: "is empty; expected a header row".into(),
        }]);
    }
    if let Some(p) = too_long(&header, 1, &header) {
        return Err(vec![p]);
    }
    match Columns::new(kind, &header, map) {
        Ok(cols) => Ok((header, cols)),
        Err(p) => Err(vec![unclosed().unwrap_or(p)]),
    }
}

/// What every row of a file is read with.
struct Sheet<'a> {
    kind: Kind,
    header: csv::StringRecord,
    cols: Columns,
    date_format: Option<&'a str>,
    /// Read through a map: an accounting system's export.
    mapped: bool,
}

/// What reading the rows has found so far.
struct Found {
    problems: Vec<Problem>,
    /// Rows of a foreign export that hold no payment.
    skipped: usize,
    /// Each record's key, and the line it was last seen on.
    seen: FxHashMap<String, u64>,
}

impl Sheet<'_> {
    /// The row on `line` as a record, or `None` with what is wrong with it
    /// (if anything: a blank row, or a skipped one, is not wrong).
    fn record(&self, record: &csv::StringRecord, line: u64, found: &mut Found) -> Option<Record> {
        if record.iter().all(|f| f.trim().is_empty()) {
            return None;
        }
        if let Some(p) = too_long(record, line, &self.header) {
            found.problems.push(p);
            return None;
        }
        if let Some(p) = unsafe_text(record, line, &self.cols) {
            found.problems.push(p);
            return None;
        }
        let mut row = Row {
            cols: &self.cols,
            record,
            line,
            date_format: self.date_format,
            problems: Vec::new(),
        };
        let parsed = match self.kind {
            Kind::Debtors => records::debtor(&mut row),
            Kind::Contacts => records::contact(&mut row),
            Kind::Invoices => records::invoice(&mut row),
            Kind::Payments => match records::payment(&mut row, self.mapped) {
                Some(None) => {
                    found.skipped += 1;
                    return None;
                }
                Some(Some(r)) => Some(r),
                None => None,
            },
        };
        found.problems.append(&mut row.problems);
        let rec = parsed?;
        if let Some(first) = found.seen.insert(rec.key(), line) {
            found.problems.push(Problem {
                line,
                column: None,
                message: format!("repeats the {} on line {first}", key_name(self.kind)),
            });
            return None;
        }
        Some(rec)
    }
}

/// A row longer than `MAX_LINE`, or a field longer than `MAX_FIELD`.
fn too_long(record: &csv::StringRecord, line: u64, header: &csv::StringRecord) -> Option<Problem> {
    let bytes = record.as_slice().len() + record.len();
    if bytes > MAX_LINE {
        return Some(Problem {
            line,
            column: None,
            message: format!("is {} KiB long; a line holds at most 1 MiB", bytes / 1024),
        });
    }
    let (i, field) = record.iter().enumerate().find(|(_, f)| f.len() > MAX_FIELD)?;
    Some(Problem {
        line,
        column: Some(header_name(header, i)),
        message: format!(
            "the value is {} KiB long; a field holds at most 64 KiB",
            field.len() / 1024
        ),
    })
}

/// A control or bidi-override character in a column recoup reads.
fn unsafe_text(record: &csv::StringRecord, line: u64, cols: &Columns) -> Option<Problem> {
    let mut found: Vec<(&str, usize)> = cols.index.iter().map(|(c, i)| (*c, *i)).collect();
    found.sort_by_key(|(_, i)| *i);
    found.into_iter().find_map(|(col, i)| {
        let text = record.get(i)?;
        let c = first_unsafe(text)?;
        Some(Problem {
            line,
            column: Some(col.to_owned()),
            message: format!(
                "{} contains {}; text takes no control characters",
                quote(text),
                describe(c)
            ),
        })
    })
}

fn header_name(header: &csv::StringRecord, i: usize) -> String {
    match header.get(i).map(str::trim) {
        Some(name) if !name.is_empty() && name.len() <= 64 => name.to_owned(),
        _ => format!("{}", i + 1),
    }
}

/// A quote that opens a field of the record starting at `start` and is
/// never closed: the csv reader then reads the rest of the file as one
/// value, and only a count of fields would say something was wrong.
fn unclosed_quote(
    bytes: &[u8],
    start: u64,
    delimiter: u8,
    header: &csv::StringRecord,
) -> Option<Problem> {
    let mut i = usize::try_from(start).ok()?.min(bytes.len());
    while i < bytes.len() && matches!(bytes[i], b'\r' | b'\n') {
        i += 1;
    }
    let (mut field, mut field_start, mut opened) = (0, true, None);
    while i < bytes.len() {
        let b = bytes[i];
        match opened {
            Some(_) if b == b'"' && bytes.get(i + 1) == Some(&b'"') => i += 1,
            Some(_) if b == b'"' => opened = None,
            Some(_) => {}
            None if b == b'"' && field_start => opened = Some((i, field)),
            None if b == delimiter => {
                field += 1;
                field_start = true;
                i += 1;
                continue;
            }
            None if b == b'\n' || b == b'\r' => return None,
            None => {}
        }
        field_start = false;
        i += 1;
    }
    let (at, field) = opened?;
    let line = Lines::new(bytes).line_at(at as u64);
    let column = if header.is_empty() {
        String::new()
    } else {
        format!(" (column {})", header_name(header, field))
    };
    Some(Problem {
        line: 0,
        column: None,
        message: format!("the quote opened on line {line}{column} is never closed"),
    })
}

fn csv_problem(e: &csv::Error, header_len: usize, lines: &mut Lines<'_>) -> Problem {
    let line = e.position().map_or(0, |p| lines.line_at(p.byte()));
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8 text".to_owned(),
        csv::ErrorKind::UnequalLengths { len, .. } => {
            format!("has {len} fields but the header has {header_len}")
        }
        _ => format!("cannot be read as CSV: {e}"),
    };
    Problem { line, column: None, message }
}

fn key_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Debtors => "ref",
        Kind::Contacts => "debtor_ref and name",
        Kind::Invoices => "debtor_ref and number",
        Kind::Payments => "payment",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(kind: Kind, text: &str) -> Vec<String> {
        match read(kind, text.as_bytes(), &Options::default()) {
            Ok(_) => Vec::new(),
            Err(ps) => ps.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn an_unclosed_quote_is_named_where_it_opens() {
        let text = "ref,name,phone\nA1,Acme,1\nA2,\"Beta,2\nA3,Gamma,3\n";
        assert_eq!(
            problems(Kind::Debtors, text),
            ["the quote opened on line 3 (column name) is never closed"]
        );
        // Closed quotes, doubled quotes inside them: nothing to say.
        let fine = "ref,name\nA1,\"Acme \"\"Big\"\" Ltd\"\nA2,\"x, y\"\n";
        assert_eq!(problems(Kind::Debtors, fine), Vec::<String>::new());
        // Unclosed in the header itself.
        assert_eq!(
            problems(Kind::Debtors, "ref,\"name\nA1,Acme\n"),
            ["the quote opened on line 1 is never closed"]
        );
    }

    #[test]
    fn a_column_named_twice_is_refused() {
        assert_eq!(
            problems(Kind::Debtors, "ref,name,name\nA1,Acme,Other\n"),
            ["line 1, column name: the header names this column twice (fields 2 and 3); keep one"]
        );
        // A column recoup does not read may repeat.
        assert_eq!(problems(Kind::Debtors, "ref,name,x,x\nA1,Acme,1,2\n"), Vec::<String>::new());
    }

    #[test]
    fn control_characters_in_text_are_refused() {
        assert_eq!(
            problems(Kind::Debtors, "ref,name\nA1,Ac\0me\n"),
            [
                "line 2, column name: \"Ac�me\" contains U+0000 (NUL); text takes no control characters"
            ]
        );
        let esc = problems(Kind::Debtors, "ref,name\nA1,\"\x1b]0;pwned\x07\"\n");
        assert!(esc[0].contains("U+001B (ESC)"), "{esc:?}");
        let rlo = problems(
            Kind::Invoices,
            "debtor_ref,number,issued_on,due_on,amount\nA1,INV\u{202e}1,2026-01-01,2026-02-01,5\n",
        );
        assert!(rlo[0].starts_with("line 2, column number:"), "{rlo:?}");
        assert!(rlo[0].contains("bidi override"), "{rlo:?}");
    }

    #[test]
    fn long_fields_and_lines_are_refused_by_line() {
        let field = format!("ref,name\nA1,Acme\nA2,{}\n", "x".repeat(MAX_FIELD + 1));
        assert_eq!(
            problems(Kind::Debtors, &field),
            ["line 3, column name: the value is 64 KiB long; a field holds at most 64 KiB"]
        );
        let cells = vec!["y".repeat(600_000); 2].join(",");
        let line = format!("ref,name\n{cells}\n");
        assert_eq!(
            problems(Kind::Debtors, &line),
            ["line 2 is 1171 KiB long; a line holds at most 1 MiB"]
        );
    }
}
