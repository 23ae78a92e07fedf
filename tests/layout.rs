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

/// Every source file of the crate (src, tests, benches), by its path from
/// the crate's root.
fn checked_sources() -> Vec<(String, String)> {
    ["src", "tests", "benches"]
        .into_iter()
        .flat_map(|dir| sources(&root().join(dir)))
        .map(|(path, text)| {
            let name = path.strip_prefix(root()).unwrap().to_string_lossy().into_owned();
            (name, text)
        })
        .collect()
}

/// The name of the function a line declares, if it does.
fn declares_fn(line: &str) -> Option<&str> {
    let mut rest = line.trim_start();
    if rest.starts_with("//") {
        return None;
    }
    if let Some(after) = rest.strip_prefix("pub") {
        let after = match after.strip_prefix('(') {
            Some(scoped) => &scoped[scoped.find(')')? + 1..],
            None => after,
        };
        if !after.starts_with(char::is_whitespace) {
            return None;
        }
        rest = after.trim_start();
    }
    for qualifier in ["const ", "async ", "unsafe "] {
        if let Some(after) = rest.strip_prefix(qualifier) {
            rest = after.trim_start();
        }
    }
    let name = rest.strip_prefix("fn ")?.trim_start();
    let end = name.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(name.len());
    (end > 0).then(|| &name[..end])
}

/// A line as braces count: no string or character literals, no comment.
fn code_of(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                while let Some(s) = chars.next() {
                    match s {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '\'' => {
                // A character literal ('{', '\n'); a lifetime has no closing quote.
                let mut ahead = chars.clone();
                let literal = match ahead.next() {
                    Some('\\') => ahead.nth(1) == Some('\''),
                    Some(_) => ahead.next() == Some('\''),
                    None => false,
                };
                if literal {
                    chars = ahead;
                }
            }
            '/' if chars.peek() == Some(&'/') => break,
            _ => out.push(c),
        }
    }
    out
}

/// Functions longer than `most` lines in `text`: name, first line, length.
fn long_functions(text: &str, most: usize) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(name) = declares_fn(lines[i]) else {
            i += 1;
            continue;
        };
        let (mut depth, mut started, mut j) = (0i64, false, i);
        while j < lines.len() {
            let code = code_of(lines[j]);
            for c in code.chars() {
                match c {
                    '{' => (depth, started) = (depth + 1, true),
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            if (started && depth == 0) || (!started && code.trim_end().ends_with(';')) {
                break;
            }
            j += 1;
        }
        if !started {
            i += 1;
            continue;
        }
        let length = j.min(lines.len() - 1) - i + 1;
        if length > most {
            found.push((name.to_owned(), i + 1, length));
        }
        i = j + 1;
    }
    found
}

#[test]
fn no_function_is_over_80_lines_and_no_file_over_400() {
    let mut long = Vec::new();
    for (name, text) in checked_sources() {
        let lines = text.lines().count();
        if lines > 400 {
            long.push(format!("{name}: {lines} lines"));
        }
        for (f, line, length) in long_functions(&text, 80) {
            long.push(format!("{name}:{line}: fn {f} is {length} lines"));
        }
    }
    assert!(long.is_empty(), "split these by what each part does:\n{}", long.join("\n"));
}

#[test]
fn long_functions_are_measured_from_their_line_to_their_closing_brace() {
    let body = "    let x = '{';\n    let s = \"}}\"; // }\n".repeat(40);
    let text = format!("pub(crate) fn long<'a>(a: &'a str) {{\n{body}}}\nfn short() {{}}\n");
    assert_eq!(long_functions(&text, 80), [("long".to_owned(), 1, 82)]);
    assert_eq!(long_functions(&text, 82), []);
    assert_eq!(declares_fn("    pub const fn joined<const N: usize>()"), Some("joined"));
    assert_eq!(declares_fn("    // fn commented()"), None);
    assert_eq!(declares_fn("    publish();"), None);
}
