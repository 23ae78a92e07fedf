//! `w`: why the selected debtor is where it is in the queue, term by term.

use chrono::{DateTime, Utc};

use super::cx::Cx;
use super::keymap::{Command, Scope};
use super::screen::{Handled, Input, Screen};

use crate::domain::book::BookRules;
use crate::domain::contact_policy::{CallingTime, ContactPolicy};
use crate::domain::priority::terms;
use crate::domain::queue::{DebtorFacts, place, score_inputs};
use crate::domain::text::quote;
use crate::store::{Account, DebtorHeader};

/// The facts the store placed the debtor by; dates are the book's.
fn facts(d: &DebtorHeader, rules: &BookRules) -> DebtorFacts {
    let on = |t: Option<DateTime<Utc>>| t.map(|t| rules.today(t));
    DebtorFacts {
        status: d.status,
        overdue: d.overdue,
        oldest_overdue_on: d.oldest_overdue_on,
        next_promise_on: d.next_promise_on,
        broken_promises: d.broken_promises,
        last_failed_due: d.last_failed_due,
        latest_open_made_on: d.latest_open_made_on,
        last_contact_on: on(d.last_contact_at),
        last_attempt_on: on(d.last_attempt_at),
        next_contact_at: d.next_contact_at,
        next_contact_on: on(d.next_contact_at),
        pin: d.pin,
        disputed: d.disputed,
        strategy_call_on: d.strategy_call.as_ref().map(|(on, _)| *on),
    }
}

/// Whether the debtor may be called now, in a sentence; in the due-now
/// queue (`split`), why it is listed after the callable debtors.
pub fn calling_line(zone: &str, now: DateTime<Utc>, policy: &ContactPolicy, split: bool) -> String {
    let (opens, closes) = policy.hours_text();
    let hours = format!("calling hours {opens}–{closes}");
    let why = match policy.calling_time(now, zone) {
        CallingTime::Open(local) => {
            return format!(
                "Callable now: it is {} in {zone}, inside {hours}.",
                local.format("%H:%M")
            );
        }
        CallingTime::OutOfHours(local) => {
            format!("it is {} in {zone}, outside {hours}.", local.format("%H:%M"))
        }
        CallingTime::NotACallingDay(local) => format!(
            "it is {} in {zone}, not a calling day ({}).",
            local.format("%a %H:%M"),
            policy.days_text()
        ),
        CallingTime::UnknownZone => {
            format!(
                "its time zone {} is not a real zone, so its local time is unknown.",
                quote(zone)
            )
        }
    };
    if split {
        format!("Listed after the debtors callable now: {why}")
    } else {
        format!("Not callable now: {why}")
    }
}

/// Why the debtor is where it is, in words: the title and the lines.
/// `split`: the list is the due-now queue, callable debtors first.
pub fn explain(account: &Account, cx: &Cx<'_>, split: bool) -> (String, Vec<String>) {
    let (today, rules) = (cx.today, &cx.rules.book);
    let d = &account.debtor;
    let f = facts(d, rules);
    let weights = &rules.policy.weights;
    let placed = place(&f, today, weights);
    let mut lines = vec![if placed.callback_due {
        "In the first group, with callbacks and promises due: the agreed callback time has come."
            .to_owned()
    } else if placed.ptp_due {
        "In the first group, with callbacks and promises due: a promise is due.".to_owned()
    } else if let (true, Some((on, why))) = (placed.strategy_call, &d.strategy_call) {
        format!(
            "In the first group, with callbacks and promises due: a call is due since {on} ({why})."
        )
    } else if placed.ptp_broken {
        "Next after callbacks and promises due: the last promise was broken.".to_owned()
    } else {
        "Ordered by score among the rest.".to_owned()
    }];
    if let (true, Some((on, why))) = (placed.strategy_call, &d.strategy_call)
        && !lines[0].contains("a call is due")
    {
        lines.push(format!("A call is also due since {on} ({why})."));
    }
    lines.push(calling_line(&d.timezone, cx.now_utc(), &rules.contact, split));
    lines.push("Within a group, the higher score comes first.".into());
    if !placed.due_now {
        lines.push(
            "Not due now: a promise is pending, a later contact is set, or the account is on hold."
                .into(),
        );
    }
    lines.push(String::new());
    for term in terms(&score_inputs(&f, today), weights) {
        lines.push(format!("{:>+6}  {}", term.points, term.label));
    }
    lines.push(format!("{:>6}  points in all", placed.score));
    (format!("Why {} is here", d.name), lines)
}

/// `w`: the explanation over the workstation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WhyView {
    pub title: String,
    pub lines: Vec<String>,
}

impl Screen for WhyView {
    fn scopes(&self) -> &'static [Scope] {
        &[Scope::Why, Scope::Global]
    }

    fn handle(&mut self, input: Input, _cx: &mut Cx<'_>) -> Handled {
        match input {
            Input::Command(Command::Cancel) => Handled::close(),
            _ => Handled::done(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::cx::testing::Fixture;
    use crate::app::fixtures::account;
    use crate::domain::people::Role;

    #[test]
    fn the_score_is_explained_term_by_term_and_esc_closes() {
        let mut fx = Fixture::new(Role::Agent);
        fx.now = DateTime::parse_from_rfc3339("2026-11-26T04:10:00+00:00").unwrap();
        let (title, lines) = explain(&account(3, "Acme"), &fx.cx(), true);
        assert_eq!(title, "Why Acme is here");
        assert!(lines[0].starts_with("Ordered by score"), "{lines:?}");
        assert_eq!(
            lines[1],
            "Listed after the debtors callable now: it is 23:10 in America/New_York, outside calling hours 08:00–18:00."
        );
        assert!(lines.iter().any(|l| l == "   +30  overdue 3,000.00"), "{lines:?}");
        assert!(lines.last().unwrap().ends_with("points in all"));
        let mut view = WhyView { title, lines };
        assert!(view.handle(Input::Command(Command::Cancel), &mut fx.cx()).is_close());
    }

    #[test]
    fn the_calling_line_says_why_in_the_debtors_time() {
        let policy = ContactPolicy::default();
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        // Saturday 28 November 2026, 01:05 UTC: 10:05 in Tokyo.
        assert_eq!(
            calling_line("Asia/Tokyo", at("2026-11-28T01:05:00Z"), &policy, true),
            "Listed after the debtors callable now: it is Sat 10:05 in Asia/Tokyo, not a calling day (Mon–Fri)."
        );
        assert_eq!(
            calling_line("Asia/Tokyo", at("2026-11-27T01:05:00Z"), &policy, true),
            "Callable now: it is 10:05 in Asia/Tokyo, inside calling hours 08:00–18:00."
        );
        assert_eq!(
            calling_line("Mars/Olympus", at("2026-11-27T01:05:00Z"), &policy, false),
            "Not callable now: its time zone \"Mars/Olympus\" is not a real zone, so its local time is unknown."
        );
    }
}
