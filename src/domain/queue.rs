//! Which debtors are due now, in what order, and with which flags.

use chrono::{DateTime, NaiveDate, Utc};

use super::aging::{Bucket, days_past_due};
use super::contact_policy::ContactPolicy;
use super::money::Money;
use super::people::DebtorStatus;
use super::priority::{ScoreInputs, Weights, score};

/// Which debtors a list shows. The workstation's `f` cycles through the
/// first five; triage has its own list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum QueueFilter {
    #[default]
    DueNow,
    All,
    BrokenPromises,
    Over90,
    Disputed,
    Unassigned,
    /// Owes money in this aging bucket.
    Bucket(Bucket),
    /// No right-party contact for this many days.
    NotContacted(u32),
    NoNextContact,
    /// The oldest overdue invoice is at least this many days past due.
    Escalation(u32),
    /// A collection strategy asked the lead to review it (a review step,
    /// an escalation to confirm, a step that failed).
    ToReview,
}

impl QueueFilter {
    pub const ALL: [QueueFilter; 5] = [
        QueueFilter::DueNow,
        QueueFilter::All,
        QueueFilter::BrokenPromises,
        QueueFilter::Over90,
        QueueFilter::Disputed,
    ];

    pub fn label(self) -> String {
        match self {
            QueueFilter::DueNow => "due now".into(),
            QueueFilter::All => "all".into(),
            QueueFilter::BrokenPromises => "broken promises".into(),
            QueueFilter::Over90 => "90+ days".into(),
            QueueFilter::Disputed => "disputed".into(),
            QueueFilter::Unassigned => "unassigned".into(),
            QueueFilter::Bucket(b) => format!("owing {}", b.label()),
            QueueFilter::NotContacted(days) => format!("not contacted in {days} days"),
            QueueFilter::NoNextContact => "no next contact set".into(),
            QueueFilter::Escalation(days) => format!("escalation candidates ({days}+ days)"),
            QueueFilter::ToReview => "to review".into(),
        }
    }

    /// Triage's filters, in the order `f` cycles through them.
    pub fn triage(escalation_days: u32) -> Vec<QueueFilter> {
        let mut all = vec![QueueFilter::All, QueueFilter::Unassigned];
        all.extend(Bucket::ALL.into_iter().map(QueueFilter::Bucket));
        all.extend([
            QueueFilter::BrokenPromises,
            QueueFilter::NotContacted(14),
            QueueFilter::NoNextContact,
            QueueFilter::Escalation(escalation_days),
            QueueFilter::ToReview,
        ]);
        all
    }

    pub fn next(self) -> QueueFilter {
        let i = Self::ALL.iter().position(|f| *f == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }

    pub fn previous(self) -> QueueFilter {
        let i = Self::ALL.iter().position(|f| *f == self).unwrap_or(0);
        Self::ALL[(i + Self::ALL.len() - 1) % Self::ALL.len()]
    }
}

/// How the "due now" queue is split at an instant: debtors in the zones
/// where calling is open come first, the others after them (still listed).
/// Callability changes with the hour, so it is worked out per zone when the
/// queue is read, never stored in a debtor's sort key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallingSplit {
    /// The debtors' time zones in the book.
    pub zones: Vec<String>,
    /// Those of them where calling is open.
    pub callable: Vec<String>,
}

impl CallingSplit {
    pub fn at(zones: Vec<String>, now: DateTime<Utc>, policy: &ContactPolicy) -> CallingSplit {
        let callable = policy.callable_zones(now, &zones);
        CallingSplit { zones, callable }
    }

    /// Calling has opened or closed in one of the zones since the split was
    /// made: the queue is to be read again.
    pub fn stale(&self, now: DateTime<Utc>, policy: &ContactPolicy) -> bool {
        policy.callable_zones(now, &self.zones) != self.callable
    }
}

/// Facts about one debtor, aggregated by the store.
#[derive(Clone, Debug, PartialEq)]
pub struct DebtorFacts {
    pub status: DebtorStatus,
    pub overdue: Money,
    pub oldest_overdue_on: Option<NaiveDate>,
    /// Earliest due date among open promises.
    pub next_promise_on: Option<NaiveDate>,
    pub broken_promises: i64,
    /// Due date of the latest settled promise, if it was broken or partly kept.
    pub last_failed_due: Option<NaiveDate>,
    /// When the most recent of the open promises was made.
    pub latest_open_made_on: Option<NaiveDate>,
    pub last_contact_on: Option<NaiveDate>,
    /// The book's date of the latest call that ended (any outcome).
    pub last_attempt_on: Option<NaiveDate>,
    /// The booked next contact, and its date in the book.
    pub next_contact_at: Option<DateTime<Utc>>,
    pub next_contact_on: Option<NaiveDate>,
    pub pin: i64,
    pub disputed: Money,
    /// The day a collection strategy's call step asked for a call (open
    /// until a call ends).
    pub strategy_call_on: Option<NaiveDate>,
}

/// Where a debtor sits in the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    pub due_now: bool,
    pub ptp_due: bool,
    pub ptp_broken: bool,
    /// The agreed time to call back has come.
    pub callback_due: bool,
    /// A collection strategy's call step asks for a call.
    pub strategy_call: bool,
    /// When set, the debtor is due only from this instant (a callback booked
    /// for later today by a call made today).
    pub due_from: Option<DateTime<Utc>>,
    pub score: i64,
    /// Ascending order of the queue: callbacks and promises due first,
    /// then broken promises, then highest score.
    pub sort_key: i64,
}

const TIER_SPAN: i64 = 1_000_000_000;

/// The score inputs of a debtor as of `today` (for `w`).
pub fn score_inputs(f: &DebtorFacts, today: NaiveDate) -> ScoreInputs {
    ScoreInputs {
        overdue: f.overdue,
        oldest_overdue_days: f.oldest_overdue_on.map_or(0, |d| days_past_due(d, today).max(0)),
        broken_promises: f.broken_promises,
        days_since_contact: f.last_contact_on.map(|d| (today - d).num_days().max(0)),
        pin: f.pin,
        promise_due: f.next_promise_on.is_some_and(|d| d <= today),
        callback_due: f.next_contact_on.is_some_and(|d| d <= today),
        disputed: f.disputed,
    }
}

/// Whether the debtor's last promise is broken: the latest settled one
/// failed (due `last_failed_due`) and no open promise was made after it.
pub fn promise_broken(
    last_failed_due: Option<NaiveDate>,
    latest_open_made_on: Option<NaiveDate>,
) -> bool {
    last_failed_due.is_some_and(|due| latest_open_made_on.is_none_or(|made| made <= due))
}

/// A broken promise counts unless a promise was made after it broke (the
/// customer has since agreed something new); then the new promise decides.
pub fn place(f: &DebtorFacts, today: NaiveDate, weights: &Weights) -> Placement {
    let ptp_due = f.next_promise_on.is_some_and(|d| d <= today);
    let ptp_broken = promise_broken(f.last_failed_due, f.latest_open_made_on);
    let promise_pending = !ptp_broken && f.next_promise_on.is_some_and(|d| d > today);
    let callback_due = f.next_contact_on.is_some_and(|d| d <= today);
    let contact_deferred = f.next_contact_on.is_some_and(|d| d > today);
    let workable = f.status.is_workable();
    let owes = f.overdue.cents() > 0;
    // A call today that booked the next contact settles today's chasing: the
    // debtor is back at that contact, or tomorrow when a promise is due or
    // broken, rather than at the top of the queue again the same morning.
    let attempted_today = f.last_attempt_on == Some(today);
    let booked_by_todays_call = attempted_today && f.next_contact_on.is_some_and(|d| d >= today);
    let chase_promise = (ptp_due || ptp_broken) && !booked_by_todays_call;
    let strategy_call = owes && f.strategy_call_on.is_some_and(|d| d <= today);
    let due_now = workable
        && ((!promise_pending && (callback_due || chase_promise || (owes && !contact_deferred)))
            || strategy_call);
    let due_from = if booked_by_todays_call && callback_due { f.next_contact_at } else { None };
    let inputs = score_inputs(f, today);
    let score = score(&inputs, weights).min(TIER_SPAN - 1);
    let tier = if callback_due || ptp_due || strategy_call {
        0
    } else if ptp_broken {
        1
    } else {
        2
    };
    Placement {
        due_now,
        ptp_due,
        ptp_broken,
        callback_due,
        strategy_call,
        due_from,
        score,
        sort_key: tier * TIER_SPAN - score,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn facts() -> DebtorFacts {
        DebtorFacts {
            status: DebtorStatus::Active,
            overdue: Money(50_000),
            oldest_overdue_on: Some(d("2026-10-01")),
            next_promise_on: None,
            broken_promises: 0,
            last_failed_due: None,
            latest_open_made_on: None,
            last_contact_on: None,
            last_attempt_on: None,
            next_contact_at: None,
            next_contact_on: None,
            pin: 0,
            disputed: Money::ZERO,
            strategy_call_on: None,
        }
    }

    const TODAY: &str = "2026-11-25";

    #[test]
    fn overdue_debtor_is_due_now() {
        let p = place(&facts(), d(TODAY), &Weights::default());
        assert!(p.due_now);
        assert!(!p.ptp_due && !p.ptp_broken);
    }

    #[test]
    fn open_promise_not_yet_due_leaves_due_now() {
        let f = DebtorFacts { next_promise_on: Some(d("2026-11-30")), ..facts() };
        assert!(!place(&f, d(TODAY), &Weights::default()).due_now);
    }

    #[test]
    fn promise_due_today_is_first_tier() {
        let due = DebtorFacts { next_promise_on: Some(d(TODAY)), ..facts() };
        let broken = DebtorFacts {
            last_failed_due: Some(d("2026-11-20")),
            overdue: Money(99_999_999),
            ..facts()
        };
        let w = Weights::default();
        let (pd, pb, plain) = (
            place(&due, d(TODAY), &w),
            place(&broken, d(TODAY), &w),
            place(&facts(), d(TODAY), &w),
        );
        assert!(pd.ptp_due && pd.due_now);
        assert!(pb.ptp_broken && pb.due_now);
        assert!(pd.sort_key < pb.sort_key, "promise due before broken");
        assert!(pb.sort_key < plain.sort_key, "broken before score");
    }

    #[test]
    fn scheduled_next_contact_defers_and_then_calls_back() {
        let later = DebtorFacts { next_contact_on: Some(d("2026-11-27")), ..facts() };
        assert!(!place(&later, d(TODAY), &Weights::default()).due_now);
        let callback = place(&later, d("2026-11-27"), &Weights::default());
        assert!(callback.due_now && callback.callback_due);
        assert!(callback.sort_key < 0, "callbacks are in the first tier");
    }

    #[test]
    fn a_broken_promise_is_due_even_with_a_later_contact_planned() {
        let f = DebtorFacts {
            last_failed_due: Some(d("2026-11-20")),
            next_contact_on: Some(d("2026-12-01")),
            ..facts()
        };
        let p = place(&f, d(TODAY), &Weights::default());
        assert!(p.due_now && p.ptp_broken);
    }

    #[test]
    fn a_new_promise_after_a_broken_one_decides_but_an_older_one_does_not() {
        let renegotiated = DebtorFacts {
            last_failed_due: Some(d("2026-11-10")),
            latest_open_made_on: Some(d("2026-11-12")),
            next_promise_on: Some(d("2026-12-01")),
            ..facts()
        };
        let p = place(&renegotiated, d(TODAY), &Weights::default());
        assert!(!p.ptp_broken && !p.due_now);
        // A plan whose second instalment broke while the third is still open.
        let plan_in_default =
            DebtorFacts { latest_open_made_on: Some(d("2026-11-01")), ..renegotiated };
        let p = place(&plan_in_default, d(TODAY), &Weights::default());
        assert!(p.ptp_broken && p.due_now);
    }

    #[test]
    fn a_call_today_that_booked_the_next_contact_takes_a_promise_due_off_the_top_until_tomorrow() {
        let w = Weights::default();
        let due = DebtorFacts { next_promise_on: Some(d(TODAY)), ..facts() };
        let called = DebtorFacts {
            last_attempt_on: Some(d(TODAY)),
            next_contact_on: Some(d("2026-11-27")),
            next_contact_at: Some("2026-11-27T10:00:00Z".parse().unwrap()),
            ..due.clone()
        };
        let p = place(&called, d(TODAY), &w);
        assert!(!p.due_now, "called this morning, next contact booked");
        assert!(p.ptp_due, "the flag still says a promise is due");
        let tomorrow = place(&called, d("2026-11-26"), &w);
        assert!(tomorrow.due_now && tomorrow.ptp_due, "back tomorrow for the promise");
        // A call today that booked nothing leaves it due; so does yesterday's call.
        let no_booking = DebtorFacts { last_attempt_on: Some(d(TODAY)), ..due.clone() };
        assert!(place(&no_booking, d(TODAY), &w).due_now);
        let yesterday = DebtorFacts { last_attempt_on: Some(d("2026-11-24")), ..called.clone() };
        assert!(place(&yesterday, d(TODAY), &w).due_now);
        // A broken promise likewise.
        let broken = DebtorFacts {
            next_promise_on: None,
            last_failed_due: Some(d("2026-11-20")),
            ..called.clone()
        };
        assert!(!place(&broken, d(TODAY), &w).due_now);
        assert!(place(&broken, d("2026-11-26"), &w).due_now);
    }

    #[test]
    fn a_callback_booked_for_later_today_is_due_from_its_time() {
        let at: DateTime<Utc> = "2026-11-25T16:00:00Z".parse().unwrap();
        let f = DebtorFacts {
            last_attempt_on: Some(d(TODAY)),
            next_contact_on: Some(d(TODAY)),
            next_contact_at: Some(at),
            ..facts()
        };
        let p = place(&f, d(TODAY), &Weights::default());
        assert!(p.due_now && p.callback_due);
        assert_eq!(p.due_from, Some(at));
        // Booked by an earlier day's call: due all day, as before.
        let old = DebtorFacts { last_attempt_on: Some(d("2026-11-23")), ..f };
        assert_eq!(place(&old, d(TODAY), &Weights::default()).due_from, None);
    }

    #[test]
    fn held_accounts_are_never_due() {
        let f = DebtorFacts { status: DebtorStatus::Hold, ..facts() };
        assert!(!place(&f, d(TODAY), &Weights::default()).due_now);
    }

    #[test]
    fn the_split_goes_stale_when_calling_opens_or_closes_in_a_zone() {
        let p = ContactPolicy::default();
        let zones = vec!["America/New_York".to_owned(), "Europe/Paris".to_owned()];
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        // 12:30 UTC: 07:30 in New York, 13:30 in Paris.
        let split = CallingSplit::at(zones, at("2026-11-25T12:30:00Z"), &p);
        assert_eq!(split.callable, ["Europe/Paris"]);
        assert!(!split.stale(at("2026-11-25T12:59:59Z"), &p));
        assert!(split.stale(at("2026-11-25T13:00:00Z"), &p), "08:00 in New York");
    }

    #[test]
    fn filters_cycle_both_ways() {
        let mut f = QueueFilter::DueNow;
        for _ in 0..QueueFilter::ALL.len() {
            f = f.next();
        }
        assert_eq!(f, QueueFilter::DueNow);
        assert_eq!(QueueFilter::DueNow.previous(), QueueFilter::Disputed);
    }
}
