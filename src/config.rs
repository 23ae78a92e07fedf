//! Where files live, and the TOML config (all keys optional).

use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("cannot read config {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("config {path} is not valid: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// A person's own settings. Rules that shape shared figures (priority
/// weights, grace days, escalation age, calling hours and days, the attempt
/// cap) are the book's, set by a lead with `recoup rules set`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub agent: Option<String>,
    pub dial_command: Option<String>,
}

/// Sections that configs held before the rules moved into the book.
const BOOK_SECTIONS: [(&str, &str); 4] = [
    ("contact", "calling_hours"),
    ("promises", "grace_days"),
    ("escalation", "escalation_days"),
    ("priority", "priority.per_pin"),
];

impl Config {
    /// Loads a config file. A missing default file means defaults; a file
    /// named explicitly must exist.
    pub fn load(path: &Path, explicit: bool) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
                return Ok(Config::default());
            }
            Err(source) => {
                return Err(ConfigError::Read { path: path.to_owned(), source });
            }
        };
        Config::parse(&text)
            .map_err(|message| ConfigError::Invalid { path: path.to_owned(), message })
    }

    /// Reads a config; a problem says where: `line L, column C: ...`.
    pub fn parse(text: &str) -> Result<Config, String> {
        if let Ok(table) = text.parse::<toml::Table>() {
            for (section, example) in BOOK_SECTIONS {
                if table.contains_key(section) {
                    return Err(format!(
                        "[{section}] is a rule of the book now, the same for everyone working it; remove it here, and a lead sets it with `recoup rules set {example} VALUE` (`recoup rules show` lists them)"
                    ));
                }
            }
        }
        toml::from_str(text).map_err(|e| {
            let message = e.message().trim_end();
            match e.span() {
                Some(span) => {
                    let (line, column) = crate::domain::text::line_and_column(text, span.start);
                    format!("line {line}, column {column}: {message}")
                }
                None => message.to_owned(),
            }
        })
    }
}

/// The platform directories recoup uses.
#[derive(Clone, Debug)]
pub struct Paths {
    pub data_dir: PathBuf,
    pub config_dir: PathBuf,
}

impl Paths {
    pub fn platform() -> Paths {
        match directories::ProjectDirs::from("", "", "recoup") {
            Some(p) => {
                Paths { data_dir: p.data_dir().to_owned(), config_dir: p.config_dir().to_owned() }
            }
            None => Paths { data_dir: PathBuf::from("."), config_dir: PathBuf::from(".") },
        }
    }

    pub fn default_db(&self) -> PathBuf {
        self.data_dir.join("recoup.sqlite")
    }

    pub fn demo_db(&self) -> PathBuf {
        self.data_dir.join("demo.sqlite")
    }

    pub fn default_config(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }

    pub fn log_file(&self) -> PathBuf {
        self.data_dir.join("recoup.log")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_is_all_defaults() {
        assert_eq!(Config::parse("").unwrap(), Config::default());
    }

    #[test]
    fn personal_keys_parse() {
        let c = Config::parse(
            r#"
agent = "alice"
dial_command = "linphonecsh dial {phone}"
"#,
        )
        .unwrap();
        assert_eq!(c.agent.as_deref(), Some("alice"));
        assert_eq!(c.dial_command.as_deref(), Some("linphonecsh dial {phone}"));
    }

    #[test]
    fn typos_are_errors_not_silence() {
        let err = Config::parse("agnet = \"alice\"\n").unwrap_err();
        assert!(err.contains("agnet"), "{err}");
        assert!(err.starts_with("line 1, column 1: "), "{err}");
        let err = Config::parse("agent = \"alice\"\ndial_command = 3\n").unwrap_err();
        assert!(err.starts_with("line 2, column 16: "), "{err}");
    }

    #[test]
    fn shared_rules_in_a_personal_config_are_refused_with_the_way_to_set_them() {
        let err = Config::parse("[priority]\nper_pin = -1000\n").unwrap_err();
        assert!(err.contains("rule of the book") && err.contains("recoup rules set"), "{err}");
        let err = Config::parse("agent = \"bob\"\n[contact]\nmax_attempts_7d = 99\n").unwrap_err();
        assert!(err.contains("[contact]"), "{err}");
    }

    #[test]
    fn missing_default_file_is_defaults_but_missing_named_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nope.toml");
        assert_eq!(Config::load(&path, false).unwrap(), Config::default());
        assert!(Config::load(&path, true).is_err());
    }
}
