//! The import map (`--map MAP.toml`): an accounting system's own column
//! names and date format, and how its file is delimited.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Kind;

/// recoup's import columns that a map may name, across every kind, plus the
/// dispute dates an invoice export carries.
fn known_column(name: &str) -> bool {
    [Kind::Debtors, Kind::Contacts, Kind::Invoices, Kind::Payments]
        .iter()
        .any(|k| k.columns().contains(&name) || k.extra_columns().contains(&name))
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportMap {
    /// A chrono format such as `%m/%d/%Y`; ISO dates are always accepted.
    pub date_format: Option<String>,
    /// `,`, `;` or `tab`; detected from the header when not given.
    pub delimiter: Option<String>,
    /// recoup's column name = the file's column name.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
}

impl ImportMap {
    pub fn parse(text: &str) -> Result<ImportMap, String> {
        let map: ImportMap = toml::from_str(text).map_err(|e| e.message().to_owned())?;
        if let Some(bad) = map.columns.keys().find(|k| !known_column(k)) {
            return Err(format!("[columns] {bad:?} is not one of recoup's import columns"));
        }
        if let Some(f) = &map.date_format {
            use chrono::format::{Item, StrftimeItems};
            if StrftimeItems::new(f).any(|i| matches!(i, Item::Error)) {
                return Err(format!("date_format {f:?} is not a chrono date format like %m/%d/%Y"));
            }
            let probe = chrono::NaiveDate::from_ymd_opt(2013, 6, 30).unwrap_or_default();
            let printed = probe.format(f).to_string();
            if chrono::NaiveDate::parse_from_str(&printed, f) != Ok(probe) {
                return Err(format!("date_format {f:?} cannot read back a date it writes"));
            }
        }
        if let Some(d) = &map.delimiter {
            delimiter_byte(d)?;
        }
        Ok(map)
    }

    /// The file's name for one of recoup's columns.
    pub fn file_column<'a>(&'a self, recoup: &'a str) -> &'a str {
        self.columns.get(recoup).map_or(recoup, String::as_str)
    }
}

/// `,`, `;`, `|` or `tab` as the byte the CSV reader splits on.
pub fn delimiter_byte(text: &str) -> Result<u8, String> {
    match text {
        "," => Ok(b','),
        ";" => Ok(b';'),
        "|" => Ok(b'|'),
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        other => Err(format!("delimiter {other:?} is not one of , ; | tab")),
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
    fn delimiters_are_detected_from_the_header() {
        assert_eq!(detect_delimiter(b"a,b,c\n1;2;3"), b',');
        assert_eq!(detect_delimiter(b"a;b;\"c,d\"\n"), b';');
        assert_eq!(detect_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter(b"single"), b',');
    }
}
