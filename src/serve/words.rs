//! The command an SSH client sends (`ssh desk report aging --format csv`)
//! arrives as one line: the client joins its words with spaces. It is split
//! back into words as a POSIX shell would quote them (`'...'`, `"..."`,
//! `\`), but no shell runs: nothing is expanded, redirected or piped, and a
//! character that would do so unquoted is refused rather than passed on.

/// Splits a command line into words.
pub fn split(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if let Some(w) = word.take() {
                    words.push(w);
                }
            }
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => w.push(c),
                        None => return Err("a single quote (') is never closed".into()),
                    }
                }
            }
            '"' => double_quoted(&mut chars, word.get_or_insert_with(String::new))?,
            '\\' => match chars.next() {
                Some('\n') => {}
                Some(c) => word.get_or_insert_with(String::new).push(c),
                None => return Err("the command ends with a backslash".into()),
            },
            ';' | '|' | '&' | '<' | '>' | '`' | '$' | '(' | ')' => {
                return Err(format!(
                    "'{c}' would need a shell, and recoup runs one command without one; quote it if it is part of a word, and redirect on your side of the connection (ssh desk export debtors > debtors.csv)"
                ));
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    if let Some(w) = word {
        words.push(w);
    }
    Ok(words)
}

/// The rest of a double-quoted string: a backslash quotes only `\ " $ ``
/// and a line break, as in a shell.
fn double_quoted(chars: &mut std::str::Chars<'_>, w: &mut String) -> Result<(), String> {
    loop {
        match chars.next() {
            Some('"') => return Ok(()),
            Some('\\') => match chars.next() {
                Some('\n') => {}
                Some(c @ ('\\' | '"' | '$' | '`')) => w.push(c),
                Some(c) => {
                    w.push('\\');
                    w.push(c);
                }
                None => return Err("a double quote (\") is never closed".into()),
            },
            Some(c) => w.push(c),
            None => return Err("a double quote (\") is never closed".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::split;

    fn words(line: &str) -> Vec<String> {
        split(line).unwrap()
    }

    #[test]
    fn plain_words_split_on_blanks() {
        assert_eq!(words("report aging  --format csv"), ["report", "aging", "--format", "csv"]);
        assert!(words("  ").is_empty());
    }

    #[test]
    fn quotes_and_backslashes_keep_words_together() {
        assert_eq!(
            words(r#"note add D-1 'Called, "no answer"' "it's \"fine\" \n" a\ b """#),
            ["note", "add", "D-1", r#"Called, "no answer""#, r#"it's "fine" \n"#, "a b", ""]
        );
        assert_eq!(words("note add D-1 'it'\\''s'"), ["note", "add", "D-1", "it's"]);
    }

    #[test]
    fn what_needs_a_shell_is_refused() {
        for line in ["report aging > x", "report aging | head", "a; b", "echo $HOME", "a `b`"] {
            let err = split(line).unwrap_err();
            assert!(err.contains("without one"), "{line}: {err}");
        }
        assert_eq!(words("note add D-1 'a > b; c'"), ["note", "add", "D-1", "a > b; c"]);
        assert!(split("note add 'x").unwrap_err().contains("never closed"));
        assert!(split("note add \"x").unwrap_err().contains("never closed"));
    }
}
