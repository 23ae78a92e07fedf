//! The rules and texts the workstation runs with: the book's rules (read
//! from the book, the same for everyone), the checklist, outcomes, read-back
//! templates, the calm card, and the agent's own dial command.

use chrono::{DateTime, NaiveDate, Utc};

use crate::clock::Moment;
use crate::domain::book::BookRules;
use crate::domain::checklist::Checklist;
use crate::domain::outcome::{Outcome, outcomes};
use crate::domain::readback::{Card, Templates};

#[derive(Clone, Debug)]
pub struct Rules {
    /// The book's time zone and shared rules; `App` reads them from the
    /// book and again whenever another process commits.
    pub book: BookRules,
    pub checklist: Checklist,
    pub outcomes: Vec<Outcome>,
    pub templates: Templates,
    pub card: Card,
    /// Run with the contact's phone as `{phone}` when a call starts, or on `D`.
    pub dial_command: Option<String>,
}

impl Rules {
    /// The book's date at an instant.
    pub fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        self.book.today(now)
    }

    pub fn moment(&self, now: DateTime<Utc>) -> Moment {
        Moment::in_zone(now, self.book.timezone)
    }
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            book: BookRules::default(),
            checklist: Checklist::default_list(),
            outcomes: outcomes(),
            templates: Templates::default(),
            card: Card::default(),
            dial_command: None,
        }
    }
}
