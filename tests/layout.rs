//! The code's shape: every dependency is used, and each layer keeps to its
//! own (SQLite only in the store).

use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file below `dir`, with its text.
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((path, text));
        }
    }
    out
}

/// Whether `code` names the crate as a path (`name::...`), not only in prose.
fn names(code: &str, krate: &str) -> bool {
    let path = format!("{krate}::");
    code.match_indices(&path).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

#[test]
fn every_dependency_is_used_by_the_code() {
    let manifest: toml::Table =
        std::fs::read_to_string(root().join("Cargo.toml")).unwrap().parse().unwrap();
    let code: String = sources(&root().join("src")).into_iter().map(|(_, text)| text).collect();
    let unused: Vec<&String> = manifest["dependencies"]
        .as_table()
        .unwrap()
        .keys()
        .filter(|name| !names(&code, &name.replace('-', "_")))
        .collect();
    assert!(unused.is_empty(), "dependencies no code in src/ uses: {unused:?}");
}

#[test]
fn only_the_store_speaks_to_sqlite() {
    let store = root().join("src").join("store");
    let outside: Vec<PathBuf> = sources(&root().join("src"))
        .into_iter()
        .filter(|(path, text)| !path.starts_with(&store) && text.contains("rusqlite"))
        .map(|(path, _)| path)
        .collect();
    assert!(outside.is_empty(), "rusqlite named outside src/store: {outside:?}");
}
