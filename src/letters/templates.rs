//! The templates a desk has: the defaults recoup ships, replaced or added to
//! by `NAME.txt` files in the config directory's `letters/`. Read when a
//! letter is written, so an edited template counts at once.

use std::path::Path;

use crate::domain::letters::defaults::DEFAULTS;
use crate::domain::letters::template::{LetterTemplate, TemplateError};

/// One template by name: parsed, or why it cannot be used.
pub type Loaded = (String, Result<LetterTemplate, TemplateError>);

/// Every template, the defaults first in their order, then a desk's own by
/// name. A file that cannot be read or parsed is listed with its error.
pub fn load(dir: Option<&Path>) -> Vec<Loaded> {
    let mut out: Vec<Loaded> = DEFAULTS
        .iter()
        .map(|(name, source)| ((*name).to_owned(), LetterTemplate::parse(name, source)))
        .collect();
    let Some(dir) = dir else { return out };
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    let mut own: Vec<(String, std::path::PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter_map(|p| Some((p.file_stem()?.to_str()?.to_owned(), p)))
        .collect();
    own.sort();
    for (name, path) in own {
        let parsed = match std::fs::read_to_string(&path) {
            Ok(text) => LetterTemplate::parse(&name, &text),
            Err(e) => Err(TemplateError {
                template: name.clone(),
                line: 1,
                column: 1,
                what: format!("cannot read {}: {e}", path.display()),
            }),
        };
        match out.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = parsed,
            None => out.push((name, parsed)),
        }
    }
    out
}

/// The template called `name`, or a sentence naming the ones there are.
pub fn find(dir: Option<&Path>, name: &str) -> Result<LetterTemplate, String> {
    let all = load(dir);
    let names: Vec<String> = all.iter().map(|(n, _)| n.clone()).collect();
    match all.into_iter().find(|(n, _)| n == name) {
        Some((_, parsed)) => parsed.map_err(|e| e.to_string()),
        None => Err(format!(
            "there is no letter template {}; the templates are {}",
            crate::domain::text::quote(name),
            names.join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_desks_file_replaces_a_default_and_adds_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let own = "---\ntitle = \"Our statement\"\nsubject = \"S\"\nchannel = \"email\"\n---\nHi\n";
        std::fs::write(dir.path().join("statement.txt"), own).unwrap();
        std::fs::write(dir.path().join("thank-you.txt"), own.replace("Our statement", "Thanks"))
            .unwrap();
        std::fs::write(dir.path().join("broken.txt"), "no front matter").unwrap();
        let all = load(Some(dir.path()));
        let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "statement",
                "reminder-friendly",
                "reminder-firm",
                "final-demand",
                "letter-before-action",
                "broken",
                "thank-you"
            ]
        );
        assert_eq!(all[0].1.as_ref().unwrap().title, "Our statement");
        assert!(all[5].1.is_err());
        let e = find(Some(dir.path()), "nope").unwrap_err();
        assert!(e.contains("thank-you"), "{e}");
        assert!(
            find(Some(dir.path()), "broken")
                .unwrap_err()
                .starts_with("letter template broken, line 1")
        );
    }
}
