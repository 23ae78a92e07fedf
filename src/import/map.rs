//! The import map (`--map MAP.toml`): an accounting system's own column
//! names and date format, and how its file is delimited.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::Kind;
use crate::domain::text::{line_and_column, quote};

/// recoup's import columns that a map may name, across every kind, plus the
/// dispute dates an invoice export carries.
fn known_column(name: &str) -> bool {
    [Kind::Debtors, Kind::Contacts, Kind::Invoices, Kind::Payments]
        .iter()
        .any(|k| k.columns().contains(&name) || k.extra_columns().contains(&name))
}

/// Two of recoup's columns may name one file column when no kind of import
/// reads both (the same AR file read as invoices, then as payments), and in
/// a payment, whose reference may be its invoice's number.
fn may_share(a: &str, b: &str) -> bool {
    let both = |k: &Kind| {
        let has = |c| k.columns().contains(&c) || k.extra_columns().contains(&c);
        has(a) && has(b)
    };
    let pair = [a, b];
    (pair.contains(&"invoice_number") && pair.contains(&"reference"))
        || ![Kind::Debtors, Kind::Contacts, Kind::Invoices, Kind::Payments].iter().any(both)
}

/// The map as written, with where each value is, for messages.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMap {
    date_format: Option<Spanned<String>>,
    delimiter: Option<Spanned<String>>,
    #[serde(default)]
    columns: BTreeMap<Spanned<String>, Spanned<String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportMap {
    /// A chrono format such as `%m/%d/%Y`; ISO dates are always accepted.
    pub date_format: Option<String>,
    /// `,`, `;` or `tab`; detected from the header when not given.
    pub delimiter: Option<String>,
    /// recoup's column name = the file's column name.
    pub columns: BTreeMap<String, String>,
}

impl ImportMap {
    /// Reads a map; a problem is one sentence starting `line L, column C:`.
    pub fn parse(text: &str) -> Result<ImportMap, String> {
        let at = |span: std::ops::Range<usize>, message: String| {
            let (line, column) = line_and_column(text, span.start);
            format!("line {line}, column {column}: {message}")
        };
        let raw: RawMap = toml::from_str(text).map_err(|e| {
            let message = e.message().trim_end().to_owned();
            match e.span() {
                Some(span) => at(span, message),
                None => message,
            }
        })?;
        if let Some(bad) = raw.columns.keys().find(|k| !known_column(k.get_ref())) {
            return Err(at(
                bad.span(),
                format!("[columns] {} is not one of recoup's import columns", quote(bad.get_ref())),
            ));
        }
        let mut named: Vec<(&Spanned<String>, &Spanned<String>)> = raw.columns.iter().collect();
        named.sort_by_key(|(_, file)| file.span().start);
        for (i, (ours, file)) in named.iter().enumerate() {
            let same = |(o, f): &&(&Spanned<String>, &Spanned<String>)| {
                f.get_ref().trim().eq_ignore_ascii_case(file.get_ref().trim())
                    && !may_share(o.get_ref(), ours.get_ref())
            };
            if let Some((first, _)) = named[..i].iter().find(same) {
                return Err(at(
                    file.span(),
                    format!(
                        "[columns] {} and {} both read the file's column {}; one file column feeds one of recoup's",
                        first.get_ref(),
                        ours.get_ref(),
                        quote(file.get_ref())
                    ),
                ));
            }
        }
        if let Some(f) = &raw.date_format {
            use chrono::format::{Item, StrftimeItems};
            let bad = |why: &str| at(f.span(), format!("date_format {} {why}", quote(f.get_ref())));
            if StrftimeItems::new(f.get_ref()).any(|i| matches!(i, Item::Error)) {
                return Err(bad("is not a chrono date format like %m/%d/%Y"));
            }
            let probe = chrono::NaiveDate::from_ymd_opt(2013, 6, 30).unwrap_or_default();
            let printed = probe.format(f.get_ref()).to_string();
            if chrono::NaiveDate::parse_from_str(&printed, f.get_ref()) != Ok(probe) {
                return Err(bad("cannot read back a date it writes"));
            }
        }
        if let Some(d) = &raw.delimiter {
            delimiter_byte(d.get_ref()).map_err(|e| at(d.span(), e))?;
        }
        Ok(ImportMap {
            date_format: raw.date_format.map(Spanned::into_inner),
            delimiter: raw.delimiter.map(Spanned::into_inner),
            columns: raw
                .columns
                .into_iter()
                .map(|(k, v)| (k.into_inner(), v.into_inner()))
                .collect(),
        })
    }

    /// The file's name for one of recoup's columns.
    pub fn file_column<'a>(&'a self, recoup: &'a str) -> &'a str {
        self.columns.get(recoup).map_or(recoup, String::as_str)
    }
}

/// The longest map kept in the book (`recoup map add`): a map is a few
/// dozen lines.
pub const MAX_MAP_BYTES: usize = 64 * 1024;

/// The longest name of a map kept in the book.
pub const MAX_MAP_NAME: usize = 40;

/// Whether `word` is spelt as a stored map's name: a short word of `a-z`,
/// `0-9`, `_` and `-`, starting with a letter or digit. `--map` reads such
/// a word as a name, anything else (with a `/` or a `.`) as a path.
pub fn is_map_name(word: &str) -> bool {
    let mut bytes = word.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && word.len() <= MAX_MAP_NAME
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// Checks a name for `recoup map add`, in one sentence.
pub fn check_map_name(word: &str) -> Result<(), String> {
    if is_map_name(word) {
        return Ok(());
    }
    Err(format!(
        "{} is not a map name: a short word of a-z, 0-9, _ and - (up to {MAX_MAP_NAME}), starting with a letter or digit",
        quote(word)
    ))
}

/// Checks a map's text before it is kept in the book: what `--map FILE`
/// accepts, no longer than `MAX_MAP_BYTES`, and no control characters
/// but tabs and line ends, so `map show` prints it as it is.
pub fn check_map_text(text: &str) -> Result<ImportMap, String> {
    if text.len() > MAX_MAP_BYTES {
        return Err(format!("a map is at most {} KiB; this one is longer", MAX_MAP_BYTES / 1024));
    }
    if let Some(at) = text.find(|c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
        let (line, column) = line_and_column(text, at);
        return Err(format!(
            "line {line}, column {column}: a control character; a map is plain text"
        ));
    }
    ImportMap::parse(text)
}

impl ImportMap {
    /// What `map list` says of a map: the kinds whose required columns it
    /// names all, how many columns it names, its dates and delimiter.
    pub fn summary(&self) -> String {
        let kinds: Vec<&str> = [Kind::Debtors, Kind::Contacts, Kind::Invoices, Kind::Payments]
            .into_iter()
            .filter(|k| k.required().iter().all(|c| self.columns.contains_key(*c)))
            .map(Kind::name)
            .collect();
        let mut parts = Vec::new();
        if !kinds.is_empty() {
            parts.push(kinds.join(" "));
        }
        parts.push(match self.columns.len() {
            1 => "1 column".to_owned(),
            n => format!("{n} columns"),
        });
        if let Some(f) = &self.date_format {
            parts.push(format!("dates {f}"));
        }
        if let Some(d) = &self.delimiter {
            parts.push(format!("delimiter {d}"));
        }
        parts.join("; ")
    }
}

/// `,`, `;`, `|` or `tab` as the byte the CSV reader splits on.
pub fn delimiter_byte(text: &str) -> Result<u8, String> {
    match text {
        "," => Ok(b','),
        ";" => Ok(b';'),
        "|" => Ok(b'|'),
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        other => Err(format!("delimiter {} is not one of , ; | tab", quote(other))),
    }
}

/// The delimiter of a file, guessed from its header line: whichever of
/// `,` `;` tab appears most outside quotes (`,` on a tie).
pub fn detect_delimiter(bytes: &[u8]) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for &b in bytes.iter().take_while(|b| **b != b'\n') {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for c in &mut counts {
                if c.0 == b {
                    c.1 += 1;
                }
            }
        }
    }
    counts.iter().max_by_key(|c| (c.1, c.0 == b',')).map_or(b',', |c| c.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_names_columns_and_checks_them() {
        let map = ImportMap::parse(
            "date_format = \"%m/%d/%Y\"\n[columns]\ndebtor_ref = \"customerID\"\nreceived_on = \"SettledDate\"\n",
        )
        .unwrap();
        assert_eq!(map.file_column("debtor_ref"), "customerID");
        assert_eq!(map.file_column("amount"), "amount");
        let typo = ImportMap::parse("[columns]\nisued_on = \"InvoiceDate\"\n").unwrap_err();
        assert!(typo.contains("isued_on"), "{typo}");
        assert!(ImportMap::parse("date_format = \"%Q\"\n").is_err());
        assert!(ImportMap::parse("delimiter = \"x\"\n").is_err());
        assert!(ImportMap::parse("colums = 1\n").is_err());
    }

    #[test]
    fn problems_in_a_map_say_where() {
        let typo =
            ImportMap::parse("date_format = \"%m/%d/%Y\"\n[columns]\nisued_on = \"InvoiceDate\"\n");
        assert_eq!(
            typo.unwrap_err(),
            "line 3, column 1: [columns] \"isued_on\" is not one of recoup's import columns"
        );
        let syntax = ImportMap::parse("[columns]\nnumber = \"invoiceNumber\n").unwrap_err();
        assert!(syntax.starts_with("line 2, column "), "{syntax}");
        let unknown = ImportMap::parse("\ncolums = 1\n").unwrap_err();
        assert!(unknown.starts_with("line 2, column 1: "), "{unknown}");
        let format = ImportMap::parse("date_format = \"%Q\"\n").unwrap_err();
        assert!(format.starts_with("line 1, column 15: date_format \"%Q\""), "{format}");
    }

    #[test]
    fn one_file_column_feeds_one_of_recoups_unless_the_readme_says() {
        let twice = ImportMap::parse(
            "[columns]\nnumber = \"invoiceNumber\"\ndebtor_ref = \"InvoiceNumber\"\n",
        )
        .unwrap_err();
        assert_eq!(
            twice,
            "line 3, column 14: [columns] number and debtor_ref both read the file's column \"InvoiceNumber\"; one file column feeds one of recoup's"
        );
        // The README's map: invoices and payments from the same AR file.
        let readme = "[columns]\ndebtor_ref = \"customerID\"\nnumber = \"invoiceNumber\"\n\
                      received_on = \"SettledDate\"\ninvoice_number = \"invoiceNumber\"\n\
                      reference = \"invoiceNumber\"\n";
        assert!(ImportMap::parse(readme).is_ok());
    }

    #[test]
    fn map_names_are_short_words_and_paths_are_not() {
        for name in ["ibm", "sage-50", "acme_ar", "2026", &"a".repeat(40)] {
            assert!(is_map_name(name), "{name}");
        }
        for word in
            ["", "IBM", "ibm.toml", "./ibm", "/etc/passwd", "-", "-x", "_x", "é", &"a".repeat(41)]
        {
            assert!(!is_map_name(word), "{word}");
            assert!(check_map_name(word).is_err());
        }
    }

    #[test]
    fn a_stored_map_is_checked_and_summarised() {
        let ibm = include_str!("../../tests/data/ibm-map.toml");
        let map = check_map_text(ibm).unwrap();
        assert_eq!(map.summary(), "invoices payments; 9 columns; dates %m/%d/%Y");
        assert_eq!(ImportMap::default().summary(), "0 columns");
        let bell = check_map_text("delimiter = \";\"\n# ring\u{7}\n").unwrap_err();
        assert!(bell.starts_with("line 2, column 7: a control character"), "{bell}");
        let long = format!("# {}\n", "x".repeat(MAX_MAP_BYTES));
        assert!(check_map_text(&long).unwrap_err().contains("at most 64 KiB"));
    }

    #[test]
    fn delimiters_are_detected_from_the_header() {
        assert_eq!(detect_delimiter(b"a,b,c\n1;2;3"), b',');
        assert_eq!(detect_delimiter(b"a;b;\"c,d\"\n"), b';');
        assert_eq!(detect_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter(b"single"), b',');
    }
}
