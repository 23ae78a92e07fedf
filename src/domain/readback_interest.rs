//! Interest on a call (issue 13): said in the read-back and on the calm
//! card only when the agent chose to claim it on this call (`Ctrl-T`, or a
//! promise that offers to waive it). Never said as zero, never guessed: an
//! unknown figure is not claimed at all.

use chrono::NaiveDate;

use super::Money;

/// What the agent claims on this call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Claimed {
    /// Interest claimable today, after waivers in effect.
    pub interest: Money,
    /// Compensation claimable today, after waivers in effect.
    pub compensation: Money,
    /// The promise offers to waive the interest if paid in full by then.
    pub waived_if_paid_by: Option<NaiveDate>,
}

fn on_top(c: &Claimed) -> String {
    match (c.interest.cents(), c.compensation.cents()) {
        (_, 0) => format!("late-payment interest of {}", c.interest.format()),
        (0, _) => format!("late-payment compensation of {}", c.compensation.format()),
        _ => format!(
            "late-payment interest of {} and compensation of {}",
            c.interest.format(),
            c.compensation.format()
        ),
    }
}

/// The read-back's sentence on interest, after the agreement: what is owed
/// on top, and the waiver offered if the promise is kept.
pub fn read_back_interest(c: &Claimed, debtor: &str) -> String {
    let owed = format!("On top of the invoices, {} {} owed.", on_top(c), verb(c));
    match c.waived_if_paid_by {
        Some(by) if c.interest.cents() > 0 => format!(
            "{owed} If {debtor} pays in full by {}, the interest of {} is waived.",
            by.format("%A %-d %B %Y"),
            c.interest.format()
        ),
        _ => owed,
    }
}

fn verb(c: &Claimed) -> &'static str {
    if c.interest.cents() > 0 && c.compensation.cents() > 0 { "are" } else { "is" }
}

/// What the calm card's restatement adds: `", and on top of that ... is owed"`.
pub fn restate_interest(c: &Claimed) -> String {
    if c.interest.cents() == 0 && c.compensation.cents() == 0 {
        return String::new();
    }
    format!(", and on top of that {} {} owed", on_top(c), verb(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claimed(interest: i64, compensation: i64) -> Claimed {
        Claimed {
            interest: Money(interest),
            compensation: Money(compensation),
            waived_if_paid_by: None,
        }
    }

    #[test]
    fn the_read_back_says_interest_and_compensation_and_a_waiver_offered() {
        assert_eq!(
            read_back_interest(&claimed(1_234, 7_000), "Acme"),
            "On top of the invoices, late-payment interest of 12.34 and compensation of 70.00 are owed."
        );
        let offered = Claimed { waived_if_paid_by: "2026-12-04".parse().ok(), ..claimed(1_234, 0) };
        assert_eq!(
            read_back_interest(&offered, "Acme"),
            "On top of the invoices, late-payment interest of 12.34 is owed. If Acme pays in full by Friday 4 December 2026, the interest of 12.34 is waived."
        );
    }

    #[test]
    fn the_card_adds_what_is_owed_on_top_and_nothing_when_it_is_nothing() {
        assert_eq!(
            restate_interest(&claimed(0, 4_000)),
            ", and on top of that late-payment compensation of 40.00 is owed"
        );
        assert_eq!(restate_interest(&claimed(0, 0)), "");
    }
}
