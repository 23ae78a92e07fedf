//! Wrap-up: pick the outcome, confirm the next contact, `Ctrl-S` commits the
//! call, its note, any promise and the next contact in one transaction.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use super::action::Effect;
use super::form::Form;
use super::keymap::Command;
use super::layers::Layer;
use super::model::Model;
use crate::domain::contact_rules::ContactPolicy;
use crate::domain::dates::parse_date_input;
use crate::domain::outcome::{Outcome, Suggestion, suggest};
use crate::store::WrapUp;

/// Contacts are booked at this time, the debtor's, unless the agent types one.
const DEFAULT_TIME: (u32, u32) = (10, 0);

#[derive(Clone, Debug, PartialEq)]
pub struct WrapUpForm {
    pub call_id: i64,
    pub debtor_id: i64,
    pub outcomes: Vec<Outcome>,
    pub selected: usize,
    /// The next contact as typed: a date form, optionally with HH:MM.
    pub next: String,
    /// What the outcome suggests, in words.
    pub hint: String,
    /// The agent has typed over the suggestion.
    pub next_edited: bool,
    pub editing_next: bool,
    pub error: Option<String>,
    /// The next contact as understood: `Mon 30 Nov 10:00`, or why not.
    pub understood: String,
    /// The debtor's time zone: next-contact times are theirs.
    pub timezone: Tz,
}

impl WrapUpForm {
    pub fn new(
        call_id: i64,
        debtor_id: i64,
        outcomes: &[Outcome],
        today: NaiveDate,
        promise_due: Option<NaiveDate>,
        timezone: &str,
    ) -> WrapUpForm {
        let mut f = WrapUpForm {
            call_id,
            debtor_id,
            outcomes: outcomes.to_vec(),
            selected: 0,
            next: String::new(),
            hint: String::new(),
            next_edited: false,
            editing_next: false,
            error: None,
            understood: String::new(),
            timezone: timezone.parse().unwrap_or(Tz::UTC),
        };
        f.suggest(today, promise_due);
        f
    }

    /// Says how the typed next contact is understood.
    pub fn refresh(&mut self, now: &DateTime<FixedOffset>, policy: &ContactPolicy) {
        self.understood = understood(&self.next, now, self.timezone, policy);
    }

    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcomes.get(self.selected)
    }

    /// Fills in the next contact the outcome suggests (unless typed over).
    pub fn suggest(&mut self, today: NaiveDate, promise_due: Option<NaiveDate>) {
        let Some(outcome) = self.outcome() else {
            return;
        };
        let (next, hint) = match suggest(outcome, today, promise_due) {
            Suggestion::On(d) => {
                (d.format("%Y-%m-%d").to_string(), format!("suggested for {}", outcome.code))
            }
            Suggestion::AskAgent if outcome.code == "PTP" => {
                (String::new(), "the day after the promise is due, once it is recorded".into())
            }
            Suggestion::AskAgent => {
                (String::new(), "type the time agreed, e.g. fri 14:30 or 2026-12-01 09:00".into())
            }
            Suggestion::None => (String::new(), "no next contact needed".into()),
            Suggestion::Review(what) => (String::new(), format!("no date: for {what}")),
        };
        self.hint = hint;
        if !self.next_edited {
            self.next = next;
        }
    }
}

/// The next contact in words: the debtor's day and time, the agent's too
/// when they differ, and a warning outside the debtor's calling hours.
pub fn understood(
    text: &str,
    now: &DateTime<FixedOffset>,
    tz: Tz,
    policy: &ContactPolicy,
) -> String {
    match parse_next(text, now, tz) {
        Ok(Some(t)) => {
            let theirs = t.with_timezone(&tz);
            let mine = t.with_timezone(now.offset());
            let mut said = format!("→ {}", theirs.format("%a %d %b %Y %H:%M"));
            if theirs.naive_local() != mine.naive_local() {
                let city = tz.name().rsplit('/').next().unwrap_or("").replace('_', " ");
                said.push_str(&format!(" in {city} ({} here)", mine.format("%a %H:%M")));
            }
            let time = theirs.time();
            if !policy.days.contains(&theirs.weekday()) {
                said.push_str(&format!(" · {} is not a calling day there", theirs.format("%A")));
            } else if time < policy.opens || time >= policy.closes {
                said.push_str(&format!(
                    " · outside calling hours there ({}–{})",
                    policy.opens.format("%H:%M"),
                    policy.closes.format("%H:%M")
                ));
            }
            said
        }
        Ok(None) => "→ no next contact".into(),
        Err(e) => format!("{e} (e.g. fri 14:30, +2, 2026-12-01 09:00)"),
    }
}

/// Parses the next contact: empty for none, else a date form (`2026-12-01`,
/// `+2`, `fri`) and an optional `HH:MM`, in the debtor's time zone (the
/// time agreed with the customer is theirs).
pub fn parse_next(
    text: &str,
    now: &DateTime<FixedOffset>,
    tz: Tz,
) -> Result<Option<DateTime<Utc>>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let (date_part, time_part) = match t.rsplit_once(' ') {
        Some((d, tm)) if tm.contains(':') => (d, Some(tm)),
        _ => (t, None),
    };
    let their_today = now.with_timezone(&tz).date_naive();
    let date = parse_date_input(date_part, their_today).map_err(|e| e.to_string())?;
    let time = match time_part {
        Some(tm) => NaiveTime::parse_from_str(tm, "%H:%M")
            .map_err(|_| format!("{tm:?} is not a time like 14:30"))?,
        None => NaiveTime::from_hms_opt(DEFAULT_TIME.0, DEFAULT_TIME.1, 0).unwrap_or_default(),
    };
    let local = date
        .and_time(time)
        .and_local_timezone(tz)
        .earliest()
        .ok_or("that time does not exist there (the clocks change)")?;
    if local < *now {
        return Err("the next contact is in the past".into());
    }
    Ok(Some(local.with_timezone(&Utc)))
}

fn form(model: &mut Model) -> Option<&mut WrapUpForm> {
    match model.layers.last_mut() {
        Some(Layer::WrapUp(w)) => Some(w),
        _ => None,
    }
}

/// The pending promise's first due date, from the call under the wrap-up.
fn promise_due(model: &Model) -> Option<NaiveDate> {
    model.layers.iter().rev().find_map(|l| match l {
        Layer::Call(c) => c.pending.as_ref().and_then(|p| p.instalments.first()).map(|i| i.due_on),
        _ => None,
    })
}

pub fn command(model: &mut Model, command: Command) -> Vec<Effect> {
    let today = model.today();
    let due = promise_due(model);
    let now = model.now;
    let policy = model.rules.book.contact.clone();
    let agent_id = model.me.id;
    let Some(w) = form(model) else {
        return Vec::new();
    };
    match command {
        Command::Down if !w.editing_next => {
            w.selected = (w.selected + 1).min(w.outcomes.len().saturating_sub(1))
        }
        Command::Up if !w.editing_next => w.selected = w.selected.saturating_sub(1),
        Command::Pick(n) if !w.editing_next => {
            if (1..=w.outcomes.len()).contains(&usize::from(n)) {
                w.selected = usize::from(n) - 1;
            }
        }
        Command::NextField | Command::Accept => {
            w.editing_next = !w.editing_next;
            return Vec::new();
        }
        Command::Cancel if w.editing_next => w.editing_next = false,
        Command::Cancel => {
            model.layers.pop();
            return Vec::new();
        }
        Command::Save => return save(model, now, agent_id, due),
        Command::Quit => {
            model.quit = true;
            return Vec::new();
        }
        _ => return Vec::new(),
    }
    if let Some(w) = form(model) {
        w.error = None;
        w.suggest(today, due);
        w.refresh(&now, &policy);
    }
    Vec::new()
}

fn save(
    model: &mut Model,
    now: DateTime<FixedOffset>,
    agent_id: i64,
    due: Option<NaiveDate>,
) -> Vec<Effect> {
    let (note, promise, debtor_name) = match model.layers.iter().rev().find_map(|l| match l {
        Layer::Call(c) => Some((c.text(), c.pending.clone(), c.debtor_name.clone())),
        _ => None,
    }) {
        Some(x) => x,
        None => return Vec::new(),
    };
    let Some(w) = form(model) else {
        return Vec::new();
    };
    let Some(outcome) = w.outcome().cloned() else {
        return Vec::new();
    };
    if outcome.code == "PTP" && promise.is_none() {
        let (call_id, debtor_id) = (w.call_id, w.debtor_id);
        model.info("PTP needs the promise: record it, then Ctrl-S again");
        let open = model.account.as_ref().map_or(0, |a| a.open_promises());
        let form = Form::call_promise(call_id, debtor_id, &debtor_name).with_open_promises(open);
        model.layers.push(Layer::Form(Box::new(form)));
        return Vec::new();
    }
    if promise.is_some() && !matches!(outcome.code.as_str(), "PTP" | "PAID") {
        let code = outcome.code.clone();
        let why = format!(
            "A promise was recorded on this call, so the outcome is 1 PTP (or 2 PAID), not {code}"
        );
        w.error = Some(why.clone());
        model.error(why);
        return Vec::new();
    }
    let next = match parse_next(&w.next, &now, w.timezone) {
        Ok(n) => n,
        Err(e) => {
            w.error = Some(e.clone());
            model.error(format!("Not saved: next contact: {e}"));
            return Vec::new();
        }
    };
    let _ = due;
    vec![Effect::WrapUp(WrapUp {
        call_id: w.call_id,
        debtor_id: w.debtor_id,
        agent_id,
        outcome: outcome.code.clone(),
        contacted: outcome.contacted,
        next_contact_at: next,
        note,
        promise,
    })]
}

/// Typing into the next-contact field.
pub fn edit(
    w: &mut WrapUpForm,
    key: crossterm::event::KeyEvent,
    now: &DateTime<FixedOffset>,
    policy: &ContactPolicy,
) {
    use crossterm::event::{KeyCode, KeyModifiers};
    if !w.editing_next {
        return;
    }
    // The first key typed replaces the suggestion.
    let fresh = !w.next_edited;
    match key.code {
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
            if fresh {
                w.next.clear();
            }
            w.next.push(c);
        }
        KeyCode::Backspace if fresh => w.next.clear(),
        KeyCode::Backspace => {
            w.next.pop();
        }
        _ => return,
    }
    w.next_edited = true;
    w.error = None;
    w.refresh(now, policy);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::outcome::outcomes;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-27T15:00:00-05:00").unwrap()
    }

    #[test]
    fn next_contact_takes_dates_and_times_in_the_debtors_time() {
        let ny = Tz::America__New_York;
        assert_eq!(parse_next("", &now(), ny), Ok(None));
        let mon = parse_next("mon", &now(), ny).unwrap().unwrap();
        assert_eq!(mon.to_rfc3339(), "2026-11-30T15:00:00+00:00", "10:00 in New York");
        let at = parse_next("+0 16:30", &now(), ny).unwrap().unwrap();
        assert_eq!(at.to_rfc3339(), "2026-11-27T21:30:00+00:00");
        assert!(parse_next("+0 09:00", &now(), ny).unwrap_err().contains("past"));
        assert!(parse_next("fri 25:00", &now(), ny).unwrap_err().contains("25:00"));
        assert!(parse_next("someday", &now(), ny).is_err());
        // Friday 15:00 in New York is already Saturday 05:00 in Tokyo: "mon"
        // there is Monday 10:00 Tokyo time.
        let tokyo = parse_next("mon", &now(), Tz::Asia__Tokyo).unwrap().unwrap();
        assert_eq!(tokyo.to_rfc3339(), "2026-11-30T01:00:00+00:00");
    }

    #[test]
    fn the_booked_time_is_shown_in_both_zones_with_a_calling_hours_warning() {
        let policy = ContactPolicy::default();
        let tokyo = Tz::Asia__Tokyo;
        assert_eq!(
            understood("mon", &now(), tokyo, &policy),
            "→ Mon 30 Nov 2026 10:00 in Tokyo (Sun 20:00 here)"
        );
        assert_eq!(
            understood("mon 21:00", &now(), tokyo, &policy),
            "→ Mon 30 Nov 2026 21:00 in Tokyo (Mon 07:00 here) · outside calling hours there (08:00–18:00)"
        );
        assert_eq!(
            understood("sat", &now(), tokyo, &policy),
            "→ Sat 05 Dec 2026 10:00 in Tokyo (Fri 20:00 here) · Saturday is not a calling day there"
        );
        let ny = Tz::America__New_York;
        assert_eq!(understood("mon", &now(), ny, &policy), "→ Mon 30 Nov 2026 10:00");
    }

    #[test]
    fn the_suggestion_follows_the_outcome_until_typed_over() {
        let today: NaiveDate = "2026-11-27".parse().unwrap();
        let mut w = WrapUpForm::new(1, 2, &outcomes(), today, None, "America/New_York");
        assert_eq!(w.next, "", "PTP without a promise has no date yet");
        w.selected = 3; // LM
        w.suggest(today, None);
        assert_eq!(w.next, "2026-12-01");
        w.next = "fri".into();
        w.next_edited = true;
        w.selected = 4; // NA
        w.suggest(today, None);
        assert_eq!(w.next, "fri");
        assert_eq!(w.hint, "suggested for NA");
    }
}
