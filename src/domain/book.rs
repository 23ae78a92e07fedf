//! The book's rules: one time zone and one set of rules that shape shared
//! figures (DESIGN.md §5), stored in the book and changed only by a lead.
//! Each rule is a key with a text value, so `recoup rules show|set` and the
//! store speak the same words.

use chrono::{DateTime, NaiveDate, Utc, Weekday};
use chrono_tz::Tz;

use super::Policy;
use super::contact_rules::ContactPolicy;
use super::email::email_address;
use super::interest_terms::AllocationOrder;
use super::letters::Paper;
use super::letters::facts::Sender;
use super::priority::Weights;
use super::text::quote;

/// Every rule's key, in the order `rules show` lists them.
pub const KEYS: [&str; 22] = [
    "timezone",
    "grace_days",
    "escalation_days",
    "calling_hours",
    "calling_days",
    "max_attempts_7d",
    "priority.per_100_overdue",
    "priority.per_day_oldest",
    "priority.per_broken_promise",
    "priority.per_day_since_contact",
    "priority.per_pin",
    "priority.promise_due",
    "priority.callback_due",
    "allocation_order",
    "sender.name",
    "sender.address",
    "sender.email",
    "sender.phone",
    "sender.bank",
    "letters.paper",
    "strategies",
    "strategy.default",
];

/// The largest weight a lead may give a score term.
const MAX_WEIGHT: i64 = 100_000;

#[derive(Clone, Debug, PartialEq)]
pub struct BookRules {
    /// "Today" for summaries, promise states and the daily rollover is this
    /// zone's date, whatever each agent's own zone.
    pub timezone: Tz,
    pub policy: Policy,
    /// Days past due from which a debtor is an escalation candidate.
    pub escalation_days: u32,
    pub contact: ContactPolicy,
    /// How a payment not tied to an invoice pays compensation, interest and
    /// principal (issue 13).
    pub allocation_order: AllocationOrder,
    /// The letterhead letters carry (issue 14); address and bank lines are
    /// set as one value with ` | ` between lines.
    pub sender: Sender,
    /// The paper a letter's PDF is laid out on.
    pub paper: Paper,
    /// The kill switch of collection strategies (issue 15): off, no step
    /// is taken (a new book starts off; nothing reaches a customer until a
    /// lead turns them on).
    pub strategies: bool,
    /// The strategy of a debtor that names none.
    pub default_strategy: String,
}

impl Default for BookRules {
    fn default() -> Self {
        BookRules {
            timezone: Tz::UTC,
            policy: Policy::default(),
            escalation_days: 90,
            contact: ContactPolicy::default(),
            allocation_order: AllocationOrder::default(),
            sender: Sender::default(),
            paper: Paper::A4,
            strategies: false,
            default_strategy: "standard".into(),
        }
    }
}

impl BookRules {
    /// A new book's rules: the defaults in the given zone.
    pub fn in_zone(timezone: Tz) -> BookRules {
        BookRules { timezone, ..BookRules::default() }
    }

    /// The book's date at an instant.
    pub fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.timezone).date_naive()
    }

    /// Whether setting this key changes figures already computed (scores,
    /// promise states, "today"), so every summary must be recomputed.
    pub fn reshapes_figures(key: &str) -> bool {
        matches!(key, "timezone" | "grace_days") || key.starts_with("priority.")
    }

    /// The rule's value as `rules show` prints it and the store keeps it.
    pub fn get(&self, key: &str) -> Option<String> {
        let w = &self.policy.weights;
        let c = &self.contact;
        Some(match key {
            "timezone" => self.timezone.name().to_owned(),
            "grace_days" => self.policy.grace_days.to_string(),
            "escalation_days" => self.escalation_days.to_string(),
            "calling_hours" => {
                let (opens, closes) = c.hours_text();
                format!("{opens}-{closes}")
            }
            "calling_days" => {
                c.days.iter().map(|d| weekday_short(*d)).collect::<Vec<_>>().join(",")
            }
            "max_attempts_7d" => c.max_attempts_7d.to_string(),
            "priority.per_100_overdue" => w.per_100_overdue.to_string(),
            "priority.per_day_oldest" => w.per_day_oldest.to_string(),
            "priority.per_broken_promise" => w.per_broken_promise.to_string(),
            "priority.per_day_since_contact" => w.per_day_since_contact.to_string(),
            "priority.per_pin" => w.per_pin.to_string(),
            "priority.promise_due" => w.promise_due.to_string(),
            "priority.callback_due" => w.callback_due.to_string(),
            "allocation_order" => self.allocation_order.as_str().to_owned(),
            "sender.name" => self.sender.name.clone(),
            "sender.address" => self.sender.address.join(" | "),
            "sender.email" => self.sender.email.clone(),
            "sender.phone" => self.sender.phone.clone(),
            "sender.bank" => self.sender.bank.join(" | "),
            "letters.paper" => self.paper.as_str().to_owned(),
            "strategies" => if self.strategies { "on" } else { "off" }.to_owned(),
            "strategy.default" => self.default_strategy.clone(),
            _ => return None,
        })
    }

    /// Sets one rule from text; says which rule and what was expected when
    /// it does not parse.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let value = value.trim();
        self.apply(key, value).map_err(|e| match e {
            Bad::NoRule => no_rule(key),
            Bad::Value(why) => format!("{key} {} {why}", quote(value)),
        })
    }

    /// Sets one rule; the error says what is wrong with the value, to follow
    /// it in a sentence ("is not a whole number from 0 to 60").
    fn apply(&mut self, key: &str, value: &str) -> Result<(), Bad> {
        let w = &mut self.policy.weights;
        match key {
            "timezone" => {
                self.timezone = value.parse().map_err(|_| {
                    Bad::Value("is not an IANA time zone (like Europe/London)".into())
                })?;
            }
            "grace_days" => self.policy.grace_days = number(value, 0, 60)? as u32,
            "escalation_days" => self.escalation_days = number(value, 1, 3650)? as u32,
            "calling_hours" => {
                (self.contact.opens, self.contact.closes) =
                    ContactPolicy::parse_hours(value).map_err(Bad::Value)?;
            }
            "calling_days" => {
                self.contact.days = ContactPolicy::parse_days(value).map_err(Bad::Value)?;
            }
            "max_attempts_7d" => self.contact.max_attempts_7d = number(value, 1, 1000)? as u32,
            "priority.per_100_overdue" => w.per_100_overdue = number(value, 0, MAX_WEIGHT)?,
            "priority.per_day_oldest" => w.per_day_oldest = number(value, 0, MAX_WEIGHT)?,
            "priority.per_broken_promise" => w.per_broken_promise = number(value, 0, MAX_WEIGHT)?,
            "priority.per_day_since_contact" => {
                w.per_day_since_contact = number(value, 0, MAX_WEIGHT)?;
            }
            "priority.per_pin" => w.per_pin = number(value, 0, MAX_WEIGHT)?,
            "priority.promise_due" => w.promise_due = number(value, 0, MAX_WEIGHT)?,
            "priority.callback_due" => w.callback_due = number(value, 0, MAX_WEIGHT)?,
            "allocation_order" => self.allocation_order = value.parse().map_err(Bad::Value)?,
            "sender.name" => self.sender.name = one_line(value)?,
            "sender.address" => self.sender.address = lines(value)?,
            "sender.email" => {
                self.sender.email = if value.is_empty() {
                    String::new()
                } else {
                    email_address(value).map_err(Bad::Value)?
                };
            }
            "sender.phone" => self.sender.phone = one_line(value)?,
            "sender.bank" => self.sender.bank = lines(value)?,
            "letters.paper" => self.paper = value.parse().map_err(Bad::Value)?,
            "strategies" => {
                self.strategies = match value {
                    "on" => true,
                    "off" => false,
                    _ => return Err(Bad::Value("is not on or off".into())),
                };
            }
            "strategy.default" => {
                self.default_strategy =
                    crate::domain::strategy::valid_name(value).map_err(Bad::Value)?;
            }
            _ => return Err(Bad::NoRule),
        }
        Ok(())
    }

    /// Rules from stored (key, value) pairs over the defaults. A stored value
    /// that no longer parses is reported, not silently replaced.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<BookRules, String> {
        BookRules::from_pairs_except(pairs, None)
    }

    /// Like `from_pairs`, leaving out the rule `except` (the one a lead is
    /// setting), so a stored value that no longer parses can be set right.
    /// Any other such value is refused, naming the rule and how to fix it.
    pub fn from_pairs_except<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        except: Option<&str>,
    ) -> Result<BookRules, String> {
        let mut rules = BookRules::default();
        for (key, value) in pairs.into_iter().filter(|(k, _)| Some(*k) != except) {
            match rules.apply(key, value.trim()) {
                Ok(()) => {}
                Err(Bad::NoRule) => {
                    return Err(format!(
                        "the book holds a rule {} that this recoup does not know; {}",
                        quote(key),
                        known_rules()
                    ));
                }
                Err(Bad::Value(why)) => {
                    return Err(format!(
                        "the book's rule {key} cannot be used: {} {why}; a lead can set it right with `recoup rules set {key} VALUE`",
                        quote(value)
                    ));
                }
            }
        }
        Ok(rules)
    }

    /// Every rule as (key, value), in `KEYS` order.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        KEYS.iter().map(|k| (*k, self.get(k).unwrap_or_default())).collect()
    }

    pub fn weights(&self) -> &Weights {
        &self.policy.weights
    }
}

/// Why a rule cannot be set: there is no such rule, or what is wrong with
/// the value.
enum Bad {
    NoRule,
    Value(String),
}

fn no_rule(key: &str) -> String {
    format!("there is no rule {}; {}", quote(key), known_rules())
}

fn known_rules() -> String {
    format!("the rules are {}", KEYS.join(", "))
}

/// Text on one line, at most 200 characters.
fn one_line(text: &str) -> Result<String, Bad> {
    if text.chars().count() > 200 || text.chars().any(char::is_control) {
        return Err(Bad::Value("is not one line of at most 200 characters".into()));
    }
    Ok(text.to_owned())
}

/// Lines given as one value with ` | ` between them.
fn lines(text: &str) -> Result<Vec<String>, Bad> {
    let lines: Vec<String> =
        text.split('|').map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect();
    if lines.len() > 8 {
        return Err(Bad::Value("has more than 8 lines (lines are separated by |)".into()));
    }
    lines.iter().try_for_each(|l| one_line(l).map(|_| ()))?;
    Ok(lines)
}

fn number(text: &str, min: i64, max: i64) -> Result<i64, Bad> {
    match text.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(Bad::Value(format!("is not a whole number from {min} to {max}"))),
    }
}

/// `Mon`, `Tue`...: chrono's own short names, which `parse_weekday` reads.
fn weekday_short(d: Weekday) -> String {
    d.to_string()
}

#[cfg(test)]
#[path = "book_tests.rs"]
mod tests;
