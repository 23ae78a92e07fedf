//! `w`: why the selected debtor is where it is in the queue, term by term.

use super::layers::{Layer, WhyView};
use super::model::Model;
use crate::domain::priority::terms;
use crate::domain::queue::{DebtorFacts, place, score_inputs};
use crate::store::DebtorHeader;

fn facts(d: &DebtorHeader) -> DebtorFacts {
    DebtorFacts {
        status: d.status.parse().unwrap_or(crate::domain::people::DebtorStatus::Active),
        overdue: d.overdue,
        oldest_overdue_on: d.oldest_overdue_on,
        next_promise_on: d.next_promise_on,
        broken_promises: d.broken_promises,
        last_failed_due: d.last_failed_due,
        latest_open_made_on: d.latest_open_made_on,
        last_contact_on: d.last_contact_at.map(|t| t.date_naive()),
        next_contact_on: d.next_contact_at.map(|t| t.date_naive()),
        pin: d.pin,
        disputed: d.disputed,
    }
}

pub fn open(model: &mut Model) {
    let Some(account) = &model.account else {
        model.error("Select a debtor first");
        return;
    };
    let d = &account.debtor;
    let today = model.now.date_naive();
    let f = facts(d);
    let weights = &model.rules.policy.weights;
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
    model.layers.push(Layer::Why(WhyView { title: format!("Why {} is here", d.name), lines }));
}
