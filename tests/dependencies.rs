//! Dependencies are chosen, not collected: every crate recoup depends on is
//! named by its code.

use std::path::Path;

fn sources(dir: &Path, out: &mut String) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push_str(&std::fs::read_to_string(&path).unwrap());
            out.push('\n');
        }
    }
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
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest: toml::Table =
        std::fs::read_to_string(root.join("Cargo.toml")).unwrap().parse().unwrap();
    let mut code = String::new();
    sources(&root.join("src"), &mut code);
    let unused: Vec<&String> = manifest["dependencies"]
        .as_table()
        .unwrap()
        .keys()
        .filter(|name| !names(&code, &name.replace('-', "_")))
        .collect();
    assert!(unused.is_empty(), "dependencies no code in src/ uses: {unused:?}");
}
