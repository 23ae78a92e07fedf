//! Dialling: the configured `dial_command` with the phone number filled in,
//! run without a shell and without waiting.

use std::process::{Child, Command, Stdio};

/// Starts the dial command; the words of the template are split on spaces
/// and `{phone}` replaced in each.
pub fn spawn(template: &str, phone: &str) -> Result<Child, String> {
    let mut words = template.split_whitespace().map(|w| w.replace("{phone}", phone));
    let program = words.next().ok_or("dial_command is empty")?;
    Command::new(&program)
        .args(words)
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
        let err = spawn("no-such-dialler-here {phone}", "1").unwrap_err();
        assert!(err.contains("could not run no-such-dialler-here"), "{err}");
        assert!(spawn("  ", "1").is_err());
    }
}
