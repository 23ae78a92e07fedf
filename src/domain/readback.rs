//! The read-back and the de-escalation card, from `assets/` templates.

use serde::Deserialize;

use super::Money;
use super::plan::Instalment;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Templates {
    pub single: String,
    pub plan: String,
    pub invoices: String,
    pub invoices_many: String,
    pub confirm: String,
    pub none: String,
}

pub const READBACK_TOML: &str = include_str!("../../assets/readback.toml");

impl Default for Templates {
    fn default() -> Self {
        toml::from_str(READBACK_TOML).unwrap_or(Templates {
            single: "{debtor} will pay {amount} by {date}{invoices}.".into(),
            plan: "{debtor} will pay {total} in {count} {frequency} instalments.".into(),
            invoices: ", for invoice {numbers}".into(),
            invoices_many: ", for invoices {numbers}".into(),
            confirm: "Is that right?".into(),
            none: "No promise recorded yet.".into(),
        })
    }
}

/// What was agreed on the call.
pub struct Agreement<'a> {
    pub debtor: &'a str,
    pub contact: &'a str,
    pub instalments: &'a [Instalment],
    pub frequency: Option<&'a str>,
    pub invoices: &'a [String],
}

fn long_date(d: chrono::NaiveDate) -> String {
    d.format("%A %-d %B %Y").to_string()
}

fn join_words(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The agreement in full sentences, to read to the customer.
pub fn read_back(t: &Templates, a: Option<&Agreement<'_>>) -> Vec<String> {
    let Some(a) = a.filter(|a| !a.instalments.is_empty()) else {
        return vec![t.none.clone()];
    };
    let invoices = match a.invoices.len() {
        0 => String::new(),
        1 => t.invoices.replace("{numbers}", &a.invoices[0]),
        _ => t.invoices_many.replace("{numbers}", &join_words(a.invoices)),
    };
    let total = super::plan::total(a.instalments);
    let first = a.instalments[0];
    let last = a.instalments[a.instalments.len() - 1];
    // Odd cents go on the last instalment: say so, the customer hears every figure.
    let each = if last.amount == first.amount {
        first.amount.format()
    } else {
        format!("{} (the last {})", first.amount.format(), last.amount.format())
    };
    let template = if a.instalments.len() == 1 { &t.single } else { &t.plan };
    let sentence = template
        .replace("{debtor}", a.debtor)
        .replace("{contact}", a.contact)
        .replace("{amount}", &total.format())
        .replace("{date}", &long_date(first.due_on))
        .replace("{total}", &total.format())
        .replace("{count}", &a.instalments.len().to_string())
        .replace("{frequency}", a.frequency.unwrap_or(""))
        .replace("{each}", &each)
        .replace("{first}", &long_date(first.due_on))
        .replace("{last}", &long_date(last.due_on))
        .replace("{invoices}", &invoices);
    vec![sentence, t.confirm.clone()]
}

/// The de-escalation card.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    pub title: String,
    pub steps: Vec<String>,
}

pub const CARD_TOML: &str = include_str!("../../assets/deescalation.toml");

impl Default for Card {
    fn default() -> Self {
        toml::from_str(CARD_TOML).unwrap_or(Card {
            title: "If it gets heated".into(),
            steps: vec![
                "Pause.".into(),
                "Breathe.".into(),
                "Acknowledge.".into(),
                "Restate.".into(),
            ],
        })
    }
}

impl Card {
    /// The steps with what is owed restated (`{restate}`, see `restate`).
    pub fn steps_for(&self, restate: &str) -> Vec<String> {
        self.steps.iter().map(|s| s.replace("{restate}", restate)).collect()
    }
}

/// An open invoice as the calm card restates it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpenInvoice<'a> {
    pub number: &'a str,
    pub open: Money,
    pub due_on: chrono::NaiveDate,
}

/// What is owed, said aloud: the total overdue and the oldest overdue
/// invoice, its due date with the year (a customer of many invoices must
/// hear which February). `oldest` is the oldest open undisputed invoice;
/// when none is overdue yet it is the next one due.
pub fn restate(
    overdue: Money,
    oldest: Option<OpenInvoice<'_>>,
    today: chrono::NaiveDate,
) -> String {
    let said = |i: &OpenInvoice<'_>| {
        format!("{} for {}, due on {}", i.number, i.open.format(), i.due_on.format("%-d %B %Y"))
    };
    match oldest {
        Some(i) if overdue.cents() > 0 && i.due_on < today => {
            format!(
                "the total overdue is {}, and the oldest invoice is {}",
                overdue.format(),
                said(&i)
            )
        }
        Some(i) => format!("nothing is overdue yet; the next invoice is {}", said(&i)),
        None if overdue.cents() > 0 => format!("the total overdue is {}", overdue.format()),
        None => "nothing is owed on the account today".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::plan::{Frequency, instalments};

    #[test]
    fn a_single_promise_reads_back_with_amount_date_and_invoice() {
        let plan =
            instalments(Money(200_000), 1, "2026-11-27".parse().unwrap(), Frequency::Monthly)
                .unwrap();
        let a = Agreement {
            debtor: "Northwind Traders",
            contact: "Jane",
            instalments: &plan,
            frequency: None,
            invoices: &["INV-10023".into()],
        };
        let lines = read_back(&Templates::default(), Some(&a));
        assert_eq!(
            lines[0],
            "So that we both have the same note, Jane: Northwind Traders will pay 2,000.00 by Friday 27 November 2026, for invoice INV-10023."
        );
        assert_eq!(lines[1], "Have I got that right?");
    }

    #[test]
    fn a_plan_reads_back_every_figure() {
        let plan =
            instalments(Money(300_000), 3, "2026-12-04".parse().unwrap(), Frequency::Monthly)
                .unwrap();
        let invoices = ["INV-1".to_owned(), "INV-2".to_owned(), "INV-3".to_owned()];
        let a = Agreement {
            debtor: "Acme",
            contact: "Li",
            instalments: &plan,
            frequency: Some("monthly"),
            invoices: &invoices,
        };
        assert_eq!(
            read_back(&Templates::default(), Some(&a))[0],
            "So that we both have the same note, Li: Acme will pay 3,000.00 in 3 monthly instalments of 1,000.00, the first by Friday 4 December 2026 and the last by Thursday 4 February 2027, for invoices INV-1, INV-2 and INV-3."
        );
        assert!(read_back(&Templates::default(), None)[0].starts_with("No promise"));
    }

    #[test]
    fn an_uneven_plan_reads_back_its_last_instalment_too() {
        let plan = crate::domain::plan::instalments(
            Money(205_000),
            3,
            chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
            crate::domain::plan::Frequency::Weekly,
        )
        .unwrap();
        let a = Agreement {
            debtor: "Acme",
            contact: "Li",
            instalments: &plan,
            frequency: Some("weekly"),
            invoices: &[],
        };
        let said = &read_back(&Templates::default(), Some(&a))[0];
        assert!(said.contains("3 weekly instalments of 683.33 (the last 683.34)"), "{said}");
    }

    #[test]
    fn the_card_restates_the_total_overdue_and_the_oldest_invoice_with_its_year() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let oldest = OpenInvoice {
            number: "INV-10182-005",
            open: Money(17_300),
            due_on: chrono::NaiveDate::from_ymd_opt(2026, 2, 15).unwrap(),
        };
        let said = restate(Money(3_904_100), Some(oldest), today);
        assert_eq!(
            said,
            "the total overdue is 39,041.00, and the oldest invoice is INV-10182-005 for 173.00, due on 15 February 2026"
        );
        let steps = Card::default().steps_for(&said);
        assert_eq!(steps.len(), 4);
        assert!(steps[0].starts_with("Pause"));
        assert_eq!(
            steps[3],
            "Restate: \"So the total overdue is 39,041.00, and the oldest invoice is INV-10182-005 for 173.00, due on 15 February 2026. What can we agree today?\""
        );
        assert!(steps.iter().all(|s| !s.contains('{')), "{steps:?}");
        // Nothing overdue yet: the next invoice, still with its year.
        let next =
            OpenInvoice { due_on: chrono::NaiveDate::from_ymd_opt(2027, 1, 4).unwrap(), ..oldest };
        assert_eq!(
            restate(Money::ZERO, Some(next), today),
            "nothing is overdue yet; the next invoice is INV-10182-005 for 173.00, due on 4 January 2027"
        );
        assert_eq!(restate(Money::ZERO, None, today), "nothing is owed on the account today");
    }
}
