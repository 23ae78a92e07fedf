//! `w`: why the selected debtor is where it is in the queue, term by term.

use chrono::{DateTime, NaiveDate, Utc};

use super::cx::Cx;
use super::keymap::{Command, Scope};
use super::screen::{Handled, Input, Screen};

use crate::domain::book::BookRules;
use crate::domain::priority::terms;
use crate::domain::queue::{DebtorFacts, place, score_inputs};
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
    }
}

/// Why the debtor is where it is, in words: the title and the lines.
pub fn explain(account: &Account, today: NaiveDate, rules: &BookRules) -> (String, Vec<String>) {
    let d = &account.debtor;
    let f = facts(d, rules);
    let weights = &rules.policy.weights;
    let placed = place(&f, today, weights);
    let mut lines = vec![if placed.callback_due {
        "In the first group, with callbacks and promises due: the agreed callback time has come."
            .to_owned()
    } else if placed.ptp_due {
        "In the first group, with callbacks and promises due: a promise is due.".to_owned()
    } else if placed.ptp_broken {
        "Next after callbacks and promises due: the last promise was broken.".to_owned()
    } else {
        "Ordered by score among the rest.".to_owned()
    }];
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
    use crate::app::fixtures::{account, day};
    use crate::domain::people::Role;

    #[test]
    fn the_score_is_explained_term_by_term_and_esc_closes() {
        let (title, lines) = explain(&account(3, "Acme"), day("2026-11-25"), &BookRules::default());
        assert_eq!(title, "Why Acme is here");
        assert!(lines[0].starts_with("Ordered by score"), "{lines:?}");
        assert!(lines.iter().any(|l| l == "   +30  overdue 3,000.00"), "{lines:?}");
        assert!(lines.last().unwrap().ends_with("points in all"));
        let mut fx = Fixture::new(Role::Agent);
        let mut view = WhyView { title, lines };
        assert!(view.handle(Input::Command(Command::Cancel), &mut fx.cx()).is_close());
    }
}
