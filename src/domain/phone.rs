//! Phone numbers as a collections desk stores them: digits with the usual
//! separators, and an optional extension. Nothing else, so that a number
//! handed to `dial_command` can never read as an option or a path.

use super::text::{code_point, quote};

/// Why a phone number was not accepted.
pub const EXPECTED: &str = "expected digits with spaces and + ( ) - . and an optional extension, e.g. +44 20 7946 0958 x12";

/// Checks a phone number: it starts with a digit, `+` or `(`; then digits,
/// spaces and `( ) - .`, 3 to 20 digits in all; then optionally an
/// extension, `x`, `ext`, `ext.` or `#` and 1 to 6 digits.
pub fn check(text: &str) -> Result<(), String> {
    let t = text.trim();
    if !t.starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '(') {
        return Err(format!("does not start with a digit, + or (; {EXPECTED}"));
    }
    let (number, extension) = split_extension(t);
    if let Some(ext) = extension {
        let digits = ext.trim();
        if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("the extension is not 1 to 6 digits; {EXPECTED}"));
        }
    }
    let number = number.trim_end();
    let rest = number.strip_prefix('+').unwrap_or(number);
    if let Some(bad) = rest.chars().find(|c| !(c.is_ascii_digit() || " ()-.".contains(*c))) {
        let shown = match bad {
            ' '..='~' => quote(&bad.to_string()),
            _ => format!("{} ({})", quote(&bad.to_string()), code_point(bad)),
        };
        return Err(format!("{shown} is not allowed in a phone number; {EXPECTED}"));
    }
    let digits = rest.bytes().filter(u8::is_ascii_digit).count();
    if !(3..=20).contains(&digits) {
        return Err(format!("has {digits} digits; a phone number has 3 to 20"));
    }
    Ok(())
}

/// The number and the extension's digits, when it has one.
fn split_extension(t: &str) -> (&str, Option<&str>) {
    let lower = t.to_ascii_lowercase();
    for mark in ["ext.", "ext", "x", "#"] {
        if let Some(at) = lower.rfind(mark) {
            return (&t[..at], Some(&t[at + mark.len()..]));
        }
    }
    (t, None)
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn numbers_as_written_are_accepted() {
        for ok in [
            "+1 555 010 0199",
            "+44 (0)20 7946 0958",
            "(555) 010-0199",
            "030.1234.5678",
            "0049 30 1234567",
            "+1 555 0100 x12",
            "+1 555 0100 ext. 4",
            "+1 555 0100 Ext 4",
            "555-0100#9",
            "911",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn options_paths_and_words_are_refused() {
        for bad in [
            "-o/tmp/x",
            "--help",
            "-1234",
            "+1 555 0100; rm -rf ~",
            "call me",
            "12",
            "1+2",
            "+1 555 0100 x",
            "+1 555 0100 x1234567",
            "555\u{0}0100",
            "",
        ] {
            assert!(check(bad).is_err(), "{bad:?} was accepted");
        }
        assert!(check("-o/tmp/x").unwrap_err().contains("does not start with a digit"));
    }
}
