//! What every screen may read (the time, the book's date, who is working,
//! the rules, the keys) and the one thing it may write besides itself: the
//! status line. Lent to a screen for one input; nothing is cloned per key.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use super::keymap::Keymap;
use super::rules::Rules;
use crate::domain::people::Agent;

/// A message in the status line until the next key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
    /// Named after the text, as many as the line holds, then `+N more`.
    pub items: Vec<String>,
}

pub struct Cx<'a> {
    /// The agent's clock, in the agent's offset.
    pub now: DateTime<FixedOffset>,
    /// The book's date now.
    pub today: NaiveDate,
    pub me: &'a Agent,
    pub rules: &'a Rules,
    pub keymap: &'a Keymap,
    /// List rows that fit on screen (a page).
    pub page: usize,
    /// The terminal's width, for screens laid out by it (help).
    pub columns: u16,
    pub status: &'a mut Option<Status>,
}

impl Cx<'_> {
    pub fn now_utc(&self) -> DateTime<Utc> {
        self.now.with_timezone(&Utc)
    }

    pub fn info(&mut self, text: impl Into<String>) {
        *self.status = Some(Status { text: text.into(), error: false, items: Vec::new() });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        *self.status = Some(Status { text: text.into(), error: true, items: Vec::new() });
    }

    /// An error naming things (`Not started, still to do: A · B · +2 more`):
    /// the status line shows as many of `items` as fit.
    pub fn error_naming(&mut self, text: impl Into<String>, items: Vec<String>) {
        *self.status = Some(Status { text: text.into(), error: true, items });
    }

    pub fn clear_status(&mut self) {
        *self.status = None;
    }
}

/// A context for unit tests of a screen: no store, a fixed time.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::domain::people::Role;

    pub struct Fixture {
        pub me: Agent,
        pub rules: Rules,
        pub keymap: Keymap,
        pub status: Option<Status>,
        pub now: DateTime<FixedOffset>,
    }

    impl Fixture {
        pub fn new(role: Role) -> Fixture {
            Fixture {
                me: Agent { id: 1, name: "alice".into(), role },
                rules: Rules::default(),
                keymap: Keymap::default(),
                status: None,
                now: DateTime::parse_from_rfc3339("2026-11-25T15:00:00+00:00").unwrap(),
            }
        }

        pub fn cx(&mut self) -> Cx<'_> {
            Cx {
                now: self.now,
                today: self.now.date_naive(),
                me: &self.me,
                rules: &self.rules,
                keymap: &self.keymap,
                page: 10,
                columns: 140,
                status: &mut self.status,
            }
        }

        pub fn message(&self) -> &str {
            self.status.as_ref().map_or("", |s| s.text.as_str())
        }
    }
}
