//! The book's rules: one time zone and one set of rules that shape shared
//! figures (DESIGN.md §5), stored in the book and changed only by a lead.
//! Each rule is a key with a text value, so `recoup rules show|set` and the
//! store speak the same words.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;

use super::Policy;
use super::contact_rules::ContactPolicy;
use super::priority::Weights;

/// Every rule's key, in the order `rules show` lists them.
pub const KEYS: [&str; 13] = [
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
}

impl Default for BookRules {
    fn default() -> Self {
        BookRules {
            timezone: Tz::UTC,
            policy: Policy::default(),
            escalation_days: 90,
            contact: ContactPolicy::default(),
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
            "calling_hours" => format!("{}-{}", hhmm(c.opens), hhmm(c.closes)),
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
            _ => return None,
        })
    }

    /// Sets one rule from text; says what was expected when it does not parse.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let value = value.trim();
        let w = &mut self.policy.weights;
        match key {
            "timezone" => {
                self.timezone = value.parse().map_err(|_| {
                    format!("{value:?} is not an IANA time zone (like Europe/London)")
                })?;
            }
            "grace_days" => self.policy.grace_days = number(value, 0, 60)? as u32,
            "escalation_days" => self.escalation_days = number(value, 1, 3650)? as u32,
            "calling_hours" => {
                let (opens, closes) = value
                    .split_once('-')
                    .ok_or_else(|| format!("{value:?} is not a range of hours like 08:00-18:00"))?;
                let hours = [opens.to_owned(), closes.to_owned()];
                let days: Vec<String> =
                    self.contact.days.iter().map(|d| weekday_short(*d)).collect();
                self.contact =
                    ContactPolicy::from_config(&hours, &days, self.contact.max_attempts_7d)?;
            }
            "calling_days" => {
                let days: Vec<String> = value
                    .split(',')
                    .map(|d| d.trim().to_owned())
                    .filter(|d| !d.is_empty())
                    .collect();
                if days.is_empty() {
                    return Err("calling_days needs at least one day, like Mon,Tue,Wed".into());
                }
                let hours = [hhmm(self.contact.opens), hhmm(self.contact.closes)];
                self.contact =
                    ContactPolicy::from_config(&hours, &days, self.contact.max_attempts_7d)?;
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
            _ => {
                return Err(format!("there is no rule {key:?}; the rules are {}", KEYS.join(", ")));
            }
        }
        Ok(())
    }

    /// Rules from stored (key, value) pairs over the defaults. A stored value
    /// that no longer parses is reported, not silently replaced.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<BookRules, String> {
        let mut rules = BookRules::default();
        for (key, value) in pairs {
            rules.set(key, value).map_err(|e| format!("the book's rule {key}: {e}"))?;
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

fn hhmm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

fn number(text: &str, min: i64, max: i64) -> Result<i64, String> {
    match text.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!("{text:?} is not a whole number from {min} to {max}")),
    }
}

/// `Mon`, `Tue`...: chrono's own short names, which `parse_weekday` reads.
fn weekday_short(d: Weekday) -> String {
    d.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_reads_back_what_was_set() {
        let mut r = BookRules::default();
        let values = [
            ("timezone", "America/New_York"),
            ("grace_days", "5"),
            ("escalation_days", "60"),
            ("calling_hours", "09:00-17:30"),
            ("calling_days", "Mon,Wed,Sat"),
            ("max_attempts_7d", "4"),
            ("priority.per_100_overdue", "2"),
            ("priority.per_day_oldest", "3"),
            ("priority.per_broken_promise", "100"),
            ("priority.per_day_since_contact", "4"),
            ("priority.per_pin", "500"),
            ("priority.promise_due", "250"),
            ("priority.callback_due", "300"),
        ];
        assert_eq!(values.len(), KEYS.len());
        for (k, v) in values {
            r.set(k, v).unwrap();
            assert_eq!(r.get(k).as_deref(), Some(v), "{k}");
        }
        let again = BookRules::from_pairs(values).unwrap();
        assert_eq!(again, r);
        assert_eq!(r.pairs().len(), KEYS.len());
    }

    #[test]
    fn bad_values_say_what_was_expected() {
        let mut r = BookRules::default();
        let err = r.set("priority.per_pin", "-1000").unwrap_err();
        assert!(err.contains("from 0 to"), "{err}");
        assert!(r.set("timezone", "Olympus").unwrap_err().contains("IANA"));
        assert!(r.set("calling_hours", "18:00-08:00").unwrap_err().contains("not after"));
        assert!(r.set("calling_days", "Funday").unwrap_err().contains("weekday"));
        assert!(r.set("colour", "red").unwrap_err().contains("no rule"));
        assert_eq!(r, BookRules::default(), "nothing changed by a refused value");
    }

    #[test]
    fn today_is_the_books_date_whatever_the_agent() {
        let now: DateTime<Utc> = "2026-11-25T23:30:00Z".parse().unwrap();
        let london = BookRules::in_zone(chrono_tz::Europe::London);
        let tokyo = BookRules::in_zone(chrono_tz::Asia::Tokyo);
        assert_eq!(london.today(now).to_string(), "2026-11-25");
        assert_eq!(tokyo.today(now).to_string(), "2026-11-26");
    }
}
