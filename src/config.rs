//! Where files live, and the TOML config (all keys optional).

use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

use crate::domain::priority::Weights;

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("cannot read config {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("config {path} is not valid: {message}")]
    Invalid { path: PathBuf, message: String },
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub agent: Option<String>,
    pub dial_command: Option<String>,
    pub contact: ContactConfig,
    pub promises: PromiseConfig,
    pub escalation: EscalationConfig,
    pub priority: PriorityConfig,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ContactConfig {
    pub calling_hours: [String; 2],
    pub calling_days: Vec<String>,
    pub max_attempts_7d: u32,
}

impl Default for ContactConfig {
    fn default() -> Self {
        ContactConfig {
            calling_hours: ["08:00".into(), "18:00".into()],
            calling_days: ["Mon", "Tue", "Wed", "Thu", "Fri"].map(String::from).to_vec(),
            max_attempts_7d: 7,
        }
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct PromiseConfig {
    pub grace_days: u32,
}

impl Default for PromiseConfig {
    fn default() -> Self {
        PromiseConfig { grace_days: 3 }
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct EscalationConfig {
    pub days_past_due: u32,
}

impl Default for EscalationConfig {
    fn default() -> Self {
        EscalationConfig { days_past_due: 90 }
    }
}

/// Queue score weights (see `w` in the workstation).
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct PriorityConfig {
    pub per_100_overdue: i64,
    pub per_day_oldest: i64,
    pub per_broken_promise: i64,
    pub per_day_since_contact: i64,
    pub per_pin: i64,
    pub promise_due: i64,
    pub callback_due: i64,
}

impl Default for PriorityConfig {
    fn default() -> Self {
        let w = Weights::default();
        PriorityConfig {
            per_100_overdue: w.per_100_overdue,
            per_day_oldest: w.per_day_oldest,
            per_broken_promise: w.per_broken_promise,
            per_day_since_contact: w.per_day_since_contact,
            per_pin: w.per_pin,
            promise_due: w.promise_due,
            callback_due: w.callback_due,
        }
    }
}

impl PriorityConfig {
    pub fn weights(&self) -> Weights {
        Weights {
            per_100_overdue: self.per_100_overdue,
            per_day_oldest: self.per_day_oldest,
            per_broken_promise: self.per_broken_promise,
            per_day_since_contact: self.per_day_since_contact,
            per_pin: self.per_pin,
            promise_due: self.promise_due,
            callback_due: self.callback_due,
            ..Weights::default()
        }
    }
}

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
        let c = Config::parse("").unwrap();
        assert_eq!(c, Config::default());
        assert_eq!(c.promises.grace_days, 3);
        assert_eq!(c.contact.max_attempts_7d, 7);
        assert_eq!(c.escalation.days_past_due, 90);
    }

    #[test]
    fn keys_from_the_design_parse() {
        let c = Config::parse(
            r#"
agent = "alice"
dial_command = "linphonecsh dial {phone}"
[contact]
calling_hours = ["09:00", "17:00"]
calling_days = ["Mon", "Tue"]
max_attempts_7d = 5
[promises]
grace_days = 2
[escalation]
days_past_due = 60
"#,
        )
        .unwrap();
        assert_eq!(c.agent.as_deref(), Some("alice"));
        assert_eq!(c.contact.calling_hours[0], "09:00");
        assert_eq!(c.promises.grace_days, 2);
        assert_eq!(c.escalation.days_past_due, 60);
    }

    #[test]
    fn typos_are_errors_not_silence() {
        let err = Config::parse("[promises]\ngrace_dayz = 2\n").unwrap_err();
        assert!(err.contains("grace_dayz"), "{err}");
        assert!(err.starts_with("line 2, column 1: "), "{err}");
        let err =
            Config::parse("agent = \"alice\"\n[promises]\ngrace_days = \"three\"\n").unwrap_err();
        assert!(err.starts_with("line 3, column 14: "), "{err}");
    }

    #[test]
    fn missing_default_file_is_defaults_but_missing_named_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nope.toml");
        assert_eq!(Config::load(&path, false).unwrap(), Config::default());
        assert!(Config::load(&path, true).is_err());
    }
}
