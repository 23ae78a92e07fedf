//! Dialling: the configured `dial_command` with the phone number filled in,
//! run without a shell and without waiting.

use std::process::{Child, Command, Stdio};

use crate::domain::phone;
use crate::domain::text::quote;

/// The program and its arguments: the template split on spaces and
/// `{phone}` replaced in each word. A word that is `{phone}` alone comes
/// after `--` (unless one is already before it), so that no number can be
/// read as an option; the number itself must be a phone number.
pub fn command(template: &str, phone: &str) -> Result<Vec<String>, String> {
    phone::check(phone).map_err(|why| format!("not dialled: {} {why}", quote(phone)))?;
    let mut words: Vec<String> = Vec::new();
    for (i, word) in template.split_whitespace().enumerate() {
        if i > 0 && word == "{phone}" && !words.iter().any(|w| w == "--") {
            words.push("--".into());
        }
        words.push(word.replace("{phone}", phone.trim()));
    }
    if words.is_empty() {
        return Err("dial_command is empty".into());
    }
    Ok(words)
}

/// Starts the dial command (see `command`).
pub fn spawn(template: &str, phone: &str) -> Result<Child, String> {
    let words = command(template, phone)?;
    let (program, args) = words.split_first().ok_or("dial_command is empty")?;
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("could not run {program}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_the_command_with_the_phone_and_reports_failures() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("dialled");
        let template = format!("touch {}/{{phone}}", dir.path().display());
        let mut child = spawn(&template, "+15550100").unwrap();
        assert!(child.wait().unwrap().success());
        assert!(dir.path().join("+15550100").exists(), "{}", out.display());
        let err = spawn("no-such-dialler-here {phone}", "1 555 0100").unwrap_err();
        assert!(err.contains("could not run no-such-dialler-here"), "{err}");
        assert!(spawn("  ", "1 555 0100").is_err());
    }

    #[test]
    fn the_number_comes_after_a_double_dash_and_is_never_an_option() {
        assert_eq!(
            command("linphonecsh dial {phone}", "+1 555 0100").unwrap(),
            ["linphonecsh", "dial", "--", "+1 555 0100"]
        );
        // Already there, or the number inside a word: nothing added.
        assert_eq!(command("dialer -- {phone}", "5550100").unwrap(), ["dialer", "--", "5550100"]);
        assert_eq!(
            command("sip-call sip:{phone}@pbx", "5550100").unwrap(),
            ["sip-call", "sip:5550100@pbx"]
        );
        // A number that would be an option is not dialled at all.
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("x");
        let hostile = format!("-o{}", target.display());
        let err = spawn("touch {phone}", &hostile).unwrap_err();
        assert!(err.starts_with("not dialled: \"-o"), "{err}");
        assert!(err.contains("does not start with a digit"), "{err}");
        assert!(!target.exists());
    }
}
