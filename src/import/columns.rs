//! Which file column holds each of recoup's columns, and one row being read
//! through them.

use rustc_hash::FxHashMap;

use super::fields;
use super::map::ImportMap;
use super::{Kind, Problem};

/// Which file column holds each of recoup's columns.
pub(super) struct Columns {
    pub(super) index: FxHashMap<&'static str, usize>,
}

impl Columns {
    pub(super) fn new(
        kind: Kind,
        header: &csv::StringRecord,
        map: Option<&ImportMap>,
    ) -> Result<Columns, Problem> {
        let names: Vec<String> = header.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
        let mut index = FxHashMap::default();
        for col in kind.columns().iter().chain(kind.extra_columns()) {
            let wanted = map.map_or(*col, |m| m.file_column(col)).to_ascii_lowercase();
            let mut found = names.iter().enumerate().filter(|(_, n)| **n == wanted).map(|(i, _)| i);
            if let Some(i) = found.next() {
                // Two columns of one name: whichever was read, the other
                // would be dropped without a word.
                if let Some(again) = found.next() {
                    return Err(Problem {
                        line: 1,
                        column: Some(header.get(i).unwrap_or(&wanted).trim().to_owned()),
                        message: format!(
                            "the header names this column twice (fields {} and {}); keep one",
                            i + 1,
                            again + 1
                        ),
                    });
                }
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
                    ", the header, lacks the required column{} {} ({expected})",
                    if missing.len() > 1 { "s" } else { "" },
                    missing.join(", "),
                ),
            });
        }
        Ok(Columns { index })
    }

    pub(super) fn has(&self, col: &str) -> bool {
        self.index.contains_key(col)
    }
}

/// One row being read: fields by recoup's column names, problems collected.
pub(super) struct Row<'a> {
    pub(super) cols: &'a Columns,
    pub(super) record: &'a csv::StringRecord,
    pub(super) line: u64,
    pub(super) date_format: Option<&'a str>,
    pub(super) problems: Vec<Problem>,
}

impl Row<'_> {
    /// The raw text of a column; empty when the column is absent.
    pub(super) fn text(&self, col: &str) -> &str {
        self.cols.index.get(col).and_then(|i| self.record.get(*i)).unwrap_or("")
    }

    pub(super) fn parse<T>(
        &mut self,
        col: &str,
        f: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
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
    pub(super) fn optional<T>(
        &mut self,
        col: &str,
        f: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<Option<T>> {
        if !self.cols.has(col) {
            return Some(None);
        }
        self.parse(col, f).map(Some)
    }

    pub(super) fn date(&mut self, col: &str) -> Option<chrono::NaiveDate> {
        let format = self.date_format;
        self.parse(col, |t| fields::date(t, format))
    }

    pub(super) fn optional_date(&mut self, col: &str) -> Option<Option<chrono::NaiveDate>> {
        let format = self.date_format;
        self.parse(col, |t| fields::optional_date(t, format))
    }

    pub(super) fn string(&self, col: &str) -> String {
        self.text(col).trim().to_owned()
    }

    pub(super) fn non_empty(&self, col: &str) -> Option<String> {
        Some(self.string(col)).filter(|s| !s.is_empty())
    }
}
