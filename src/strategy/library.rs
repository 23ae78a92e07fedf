//! Strategies by name: one a lead stored in the book comes first, then the
//! desk's `strategies/NAME.toml` in the config directory, then the
//! standard one recoup ships. Each is parsed once per run.

use std::collections::HashMap;
use std::path::Path;

use crate::domain::strategy::{STANDARD, Strategy};
use crate::letters::place;
use crate::store::Store;

/// Where a strategy came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Book,
    Desk,
    Shipped,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Book => "stored in the book",
            Source::Desk => "the desk's file",
            Source::Shipped => "shipped with recoup",
        }
    }
}

/// The strategies a run has used, parsed, and those that failed.
#[derive(Default)]
pub struct Library {
    found: HashMap<String, Result<Strategy, String>>,
}

impl Library {
    /// The strategy called `name`, or why there is none.
    pub fn get(&mut self, store: &Store, name: &str) -> Result<&Strategy, String> {
        if !self.found.contains_key(name) {
            let found = find(store, name).map(|(s, _)| s);
            self.found.insert(name.to_owned(), found);
        }
        match &self.found[name] {
            Ok(s) => Ok(s),
            Err(e) => Err(e.clone()),
        }
    }
}

/// The strategy called `name` and where it came from. It is known by that
/// name (the steps it takes are recorded under it), whatever the `name` its
/// file gives itself.
pub fn find(store: &Store, name: &str) -> Result<(Strategy, Source), String> {
    find_as_written(store, name).map(|(mut s, source)| {
        s.name = name.to_owned();
        (s, source)
    })
}

fn find_as_written(store: &Store, name: &str) -> Result<(Strategy, Source), String> {
    let stored = store.stored_strategies().map_err(|e| e.to_string())?;
    if let Some((_, body)) = stored.iter().find(|(n, _)| n == name) {
        let s = Strategy::parse(name, body)
            .map_err(|e| format!("the book's strategy {name} cannot be used: {e}"))?;
        return Ok((s, Source::Book));
    }
    if let Some(dir) = &place::get().strategies {
        let path = dir.join(format!("{name}.toml"));
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let s =
                    Strategy::parse(name, &text).map_err(|e| format!("{}: {e}", path.display()))?;
                return Ok((s, Source::Desk));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        }
    }
    if name == "standard" {
        let s = Strategy::parse("standard", STANDARD).map_err(|e| e.to_string())?;
        return Ok((s, Source::Shipped));
    }
    Err(format!(
        "there is no strategy {name} (not in the book, not a file strategies/{name}.toml in the config directory)"
    ))
}

/// Every strategy there is: (name, source), by name.
pub fn list(store: &Store) -> Result<Vec<(String, Source)>, String> {
    let mut out: Vec<(String, Source)> = vec![("standard".into(), Source::Shipped)];
    if let Some(dir) = &place::get().strategies {
        out.extend(desk_names(dir).into_iter().map(|n| (n, Source::Desk)));
    }
    let stored = store.stored_strategies().map_err(|e| e.to_string())?;
    out.extend(stored.into_iter().map(|(n, _)| (n, Source::Book)));
    // The first source in `find`'s order wins a name.
    let rank = |s: Source| match s {
        Source::Book => 0,
        Source::Desk => 1,
        Source::Shipped => 2,
    };
    out.sort_by(|a, b| a.0.cmp(&b.0).then(rank(a.1).cmp(&rank(b.1))));
    out.dedup_by(|b, a| a.0 == b.0);
    Ok(out)
}

fn desk_names(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".toml").map(str::to_owned)
        })
        // A file whose name is not a strategy name cannot be asked for.
        .filter(|n| crate::domain::strategy::valid_name(n).is_ok())
        .collect()
}
