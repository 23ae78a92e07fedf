//! The map an import reads (`--map`): a word spelt as a map's name (`ibm`,
//! `sage-50`: a-z, 0-9, _ and -) is a map kept in the book, anything else
//! (with a `/` or a `.`: `./ibm`, `ar-map.toml`) a file. The spelling
//! decides, never what exists, so one word always means one thing. Over SSH
//! only a name is taken: a path would name a file on the desk.

use std::path::Path;

use crate::cli::{Context, Failure};
use crate::domain::audit_chain::text_fingerprint;
use crate::domain::text::{clean, quote};
use crate::import::ImportMap;
use crate::import::map::is_map_name;
use crate::serve::exec::SERVED;
use crate::store::Store;

use super::read_regular;

/// What `--map` named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapChoice<'a> {
    File(&'a Path),
    Stored(&'a str),
}

impl<'a> MapChoice<'a> {
    /// How `--map WORD` reads; a path is refused over SSH.
    pub fn of(word: &'a Path) -> Result<MapChoice<'a>, Failure> {
        if let Some(name) = word.to_str().filter(|w| is_map_name(w)) {
            return Ok(MapChoice::Stored(name));
        }
        if std::env::var_os(SERVED).is_some() {
            return Err(Failure::BadInput(format!(
                "over SSH --map takes the name of a map kept in the book (`recoup map list`), not {}, which would name a file on the desk",
                quote(&word.display().to_string())
            )));
        }
        Ok(MapChoice::File(word))
    }
}

impl MapChoice<'_> {
    /// A map file is read before any book opens; a map in the book needs
    /// the book to be there (none is made), and is read once it is open.
    pub fn before_book(self, ctx: &Context) -> Result<Option<ChosenMap>, Failure> {
        match self {
            MapChoice::File(path) => Ok(Some(from_file(path)?)),
            MapChoice::Stored(_) => ctx.existing_book().map(|()| None),
        }
    }
}

/// An import's audit row: its summary, and the hash of the map's text.
pub fn audited(summary: &str, chosen: Option<&ChosenMap>) -> String {
    match chosen {
        Some(c) => format!("{summary} ({})", c.fingerprint),
        None => summary.to_owned(),
    }
}

/// A map read and checked, and how the import's summary names it.
pub struct ChosenMap {
    pub map: ImportMap,
    /// `map ibm` or `map file ar-map.toml`.
    pub named: String,
    /// `sha256:...` of the text, for the audit row.
    pub fingerprint: String,
}

/// Reads a map file (before any book is opened).
pub fn from_file(path: &Path) -> Result<ChosenMap, Failure> {
    let bytes = read_regular(path, "the map ")?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::BadInput(format!("the map {} is not UTF-8 text", path.display())))?;
    let map = ImportMap::parse(&text)
        .map_err(|e| Failure::BadInput(format!("{}: {e}", path.display())))?;
    let named = format!("map file {}", clean(&path.display().to_string()));
    Ok(ChosenMap { map, named, fingerprint: text_fingerprint(&text) })
}

/// Reads the map `name` kept in the book.
pub fn from_book(store: &Store, name: &str) -> Result<ChosenMap, Failure> {
    let stored = store.import_map(name).map_err(|e| {
        let file = Path::new(name);
        if std::env::var_os(SERVED).is_none() && file.is_file() {
            Failure::BadInput(format!("{e} (for the file {name} here, give --map ./{name})"))
        } else {
            e.into()
        }
    })?;
    let map = ImportMap::parse(&stored.text)
        .map_err(|e| Failure::BadInput(format!("the map {name} in the book: {e}")))?;
    Ok(ChosenMap { map, named: format!("map {name}"), fingerprint: stored.fingerprint() })
}
