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
    /// `recoup serve`'s limits (the server's `--config`).
    pub serve: ServeConfig,
    /// How letters are emailed (issue 14); nothing is sent without it.
    pub mail: MailConfig,
    /// Where letters saved as PDF go (default: the data directory's `letters/`).
    pub pdf_dir: Option<PathBuf>,
}

/// `[mail]`: an SMTP server or a sendmail command. Passwords live here or
/// in the environment, never in the book.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct MailConfig {
    /// `host:port`, e.g. `smtp.example.com:587`.
    pub smtp: Option<String>,
    /// `starttls` (the default), `tls`, or `none` (only for a server on this host).
    pub tls: Option<String>,
    pub user: Option<String>,
    pub password: Option<String>,
    /// The environment variable holding the password.
    pub password_env: Option<String>,
    /// A sendmail-compatible command, instead of SMTP.
    pub sendmail: Option<String>,
}

/// `[serve]`: the limits of a served desk.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ServeConfig {
    /// Workstations and running commands at once, over all connections.
    pub max_sessions: usize,
    /// A workstation with no key for this long is closed (`"8h"`, `"30m"`,
    /// `"90s"`, `"1h30m"`).
    #[serde(deserialize_with = "idle_timeout")]
    pub idle_timeout: std::time::Duration,
}

impl Default for ServeConfig {
    fn default() -> ServeConfig {
        ServeConfig { max_sessions: 200, idle_timeout: std::time::Duration::from_secs(8 * 3600) }
    }
}

fn idle_timeout<'de, D: serde::Deserializer<'de>>(d: D) -> Result<std::time::Duration, D::Error> {
    let text = String::deserialize(d)?;
    parse_duration(&text).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "idle_timeout {} is not a duration (\"8h\", \"30m\", \"90s\", \"1h30m\")",
            crate::domain::text::quote(&text)
        ))
    })
}

/// `8h`, `30m`, `90s`, `1h30m`: hours, minutes and seconds, more than none.
pub fn parse_duration(text: &str) -> Option<std::time::Duration> {
    let (mut seconds, mut number) = (0u64, String::new());
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        let n: u64 = std::mem::take(&mut number).parse().ok()?;
        seconds = seconds.checked_add(n.checked_mul(unit)?)?;
    }
    (number.is_empty() && seconds > 0).then(|| std::time::Duration::from_secs(seconds))
}

/// Sections that configs held before the rules moved into the book.
const BOOK_SECTIONS: [&str; 4] = ["contact", "promises", "escalation", "priority"];

/// The book's rule an old config key became, if it became one.
fn rule_for(section: &str, key: &str) -> Option<String> {
    let rule = match (section, key) {
        ("contact", "calling_hours" | "calling_days" | "max_attempts_7d") => key.to_owned(),
        ("promises", "grace_days") => key.to_owned(),
        ("escalation", "days_past_due") => "escalation_days".to_owned(),
        ("priority", _) => format!("priority.{key}"),
        _ => return None,
    };
    crate::domain::book::KEYS.contains(&rule.as_str()).then_some(rule)
}

/// Every setting of a config that is a rule of the book now, in the order
/// of the file, each with its line and column and the command that sets it;
/// `None` when there is none (or the file does not parse: that is said
/// elsewhere).
fn moved_rules(text: &str) -> Option<String> {
    use crate::domain::text::{clean, line_and_column};
    use toml::de::{DeTable, DeValue};
    let table = DeTable::parse(text).ok()?;
    let mut found: Vec<(usize, String)> = Vec::new();
    let mut note = |at: usize, what: String, rule: Option<String>| {
        let (line, column) = line_and_column(text, at);
        let how = rule.map(|r| format!(": `recoup rules set {r} VALUE`")).unwrap_or_default();
        found.push((at, format!("{what} (line {line}, column {column}{how})")));
    };
    for (section, value) in table.get_ref().iter() {
        let name: &str = section.get_ref();
        if !BOOK_SECTIONS.contains(&name) {
            continue;
        }
        match value.get_ref() {
            DeValue::Table(keys) if !keys.is_empty() => {
                for (key, _) in keys.iter() {
                    let (at, key): (usize, &str) = (key.span().start, key.get_ref());
                    note(at, format!("[{name}] {}", clean(key)), rule_for(name, key));
                }
            }
            _ => note(section.span().start, format!("[{name}]"), None),
        }
    }
    if found.is_empty() {
        return None;
    }
    found.sort_by_key(|(at, _)| *at);
    let (n, list) = (found.len(), found.into_iter().map(|(_, f)| f).collect::<Vec<_>>());
    let (these, them) = if n == 1 { ("this is a rule", "it") } else { ("these are rules", "them") };
    Some(format!(
        "{these} of the book now, the same for everyone working it: {}; remove {them} here, and a lead sets {them} with `recoup rules set` (`recoup rules show` lists the rules)",
        list.join(", ")
    ))
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
        if let Some(moved) = moved_rules(text) {
            return Err(moved);
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
    use std::time::Duration;

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
    fn every_moved_key_is_listed_with_its_line_and_column() {
        let text = "agent = \"bob\"\n[priority]\nper_pin = 5\nper_day_oldest = 3\n\n[contact]\nmax_attempts_7d = 9\n[escalation]\ndays_past_due = 60\n";
        let err = Config::parse(text).unwrap_err();
        for part in [
            "these are rules of the book now",
            "[priority] per_pin (line 3, column 1: `recoup rules set priority.per_pin VALUE`)",
            "[priority] per_day_oldest (line 4, column 1: `recoup rules set priority.per_day_oldest VALUE`)",
            "[contact] max_attempts_7d (line 7, column 1: `recoup rules set max_attempts_7d VALUE`)",
            "[escalation] days_past_due (line 9, column 1: `recoup rules set escalation_days VALUE`)",
        ] {
            assert!(err.contains(part), "{part}: {err}");
        }
        // In the order of the file, whatever order the sections sort in.
        let at = |p: &str| err.find(p).unwrap();
        assert!(at("per_pin") < at("per_day_oldest") && at("per_day_oldest") < at("[contact]"));
        let err = Config::parse("[promises]\n").unwrap_err();
        assert!(
            err.contains("this is a rule of the book now")
                && err.contains("[promises] (line 1, column 2)"),
            "{err}"
        );
    }

    #[test]
    fn the_serve_section_has_defaults_and_takes_durations() {
        let c = Config::parse("").unwrap();
        assert_eq!(c.serve.max_sessions, 200);
        assert_eq!(c.serve.idle_timeout, Duration::from_secs(8 * 3600));
        let c = Config::parse("[serve]\nmax_sessions = 3\nidle_timeout = \"90s\"\n").unwrap();
        assert_eq!((c.serve.max_sessions, c.serve.idle_timeout), (3, Duration::from_secs(90)));
        for (text, seconds) in [("8h", 28_800), ("30m", 1_800), ("1h30m", 5_400), (" 2m5s ", 125)] {
            assert_eq!(parse_duration(text), Some(Duration::from_secs(seconds)), "{text}");
        }
        for bad in ["", "0s", "8", "h", "8 h", "1.5h", "8d", "-1m"] {
            assert_eq!(parse_duration(bad), None, "{bad:?}");
        }
        let err = Config::parse("[serve]\nidle_timeout = \"eight hours\"\n").unwrap_err();
        assert!(
            err.starts_with("line 2, column 16: ") && err.contains("is not a duration"),
            "{err}"
        );
        let err = Config::parse("[serve]\nmax_session = 3\n").unwrap_err();
        assert!(err.contains("max_session"), "{err}");
    }

    #[test]
    fn missing_default_file_is_defaults_but_missing_named_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nope.toml");
        assert_eq!(Config::load(&path, false).unwrap(), Config::default());
        assert!(Config::load(&path, true).is_err());
    }
}
