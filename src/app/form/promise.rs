//! The promise form: a single promise or a plan of instalments.

use chrono::NaiveDate;

use super::field::{Field, FieldId, FieldKind, Fields};
use super::parse;
use crate::app::open::Debtor;
use crate::domain::Money;
use crate::domain::dates::parse_date_input;
use crate::domain::plan::{Frequency, MAX_INSTALMENTS, instalments};
use crate::domain::promisable::{Fault, Owed, promisable};
use crate::store::{InvoiceRow, PromiseRequest};

/// DESIGN.md §3.1: amount, due date, number of instalments, frequency,
/// invoices it covers; then, when some are open, what becomes of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum P {
    Amount,
    Due,
    Instalments,
    Frequency,
    Invoices,
    OpenPromises,
}

impl FieldId for P {
    fn index(self) -> usize {
        self as usize
    }
}

const FREQUENCIES: &[&str] = &["weekly", "fortnightly", "monthly"];

/// What becomes of the debtor's open promises: no default, the agent says.
const KEEP_OR_REPLACE: &[&str] = &["keep", "replace"];

/// What each choice means, in one line.
pub const KEEP_OR_REPLACE_MEANS: &str = "keep: both promises stay expected; replace: the open \
                                         promises are cancelled and this one is expected instead";

pub fn fields(debtor: &Debtor) -> Fields {
    let mut fields = vec![
        Field::new("Amount", FieldKind::Amount, "", "the total, e.g. 1,234.56"),
        Field::new("Due date", FieldKind::Date, "", "YYYY-MM-DD, +7 or fri; the first instalment"),
        Field::new("Instalments", FieldKind::Count, "1", "1 for a single payment"),
        Field::new(
            "Frequency",
            FieldKind::Choice(FREQUENCIES),
            Frequency::Monthly.as_str(),
            "← → to change; used when there are instalments",
        ),
        Field::new("Invoices", FieldKind::Text, "", "invoice numbers it covers, or empty"),
    ];
    if debtor.open_promises > 0 {
        fields.push(Field::new(
            OPEN_PROMISES,
            FieldKind::Choice(KEEP_OR_REPLACE),
            "",
            KEEP_OR_REPLACE_MEANS,
        ));
    }
    if debtor.interest {
        fields.push(Field::new(
            WAIVE,
            FieldKind::Choice(NO_YES),
            "no",
            "yes: interest is waived if the promise is kept (paid in full by the date)",
        ));
    }
    Fields(fields)
}

const OPEN_PROMISES: &str = "Open promises";

/// The label of the field that offers a conditional waiver of interest
/// (only for a debtor with a regime).
pub const WAIVE: &str = "Waive interest";
const NO_YES: &[&str] = &["no", "yes"];

/// Whether the agent offered to waive interest if the promise is kept.
fn waive_interest(f: &mut Fields) -> Option<bool> {
    let field = f.0.iter_mut().find(|x| x.label == WAIVE)?;
    let typed = field.value().trim().to_ascii_lowercase();
    match NO_YES.iter().position(|o| !typed.is_empty() && o.starts_with(&typed)) {
        Some(i) => Some(i == 1),
        None => {
            field.error = Some("no or yes (← →)".into());
            Some(false)
        }
    }
}

pub fn title(debtor: &Debtor) -> String {
    match debtor.open_promises {
        0 => format!("Promise to pay · {}", debtor.name),
        n => format!("Promise to pay · {} · {n} open already", debtor.name),
    }
}

/// The promise the fields describe, or `None` with the reasons beside them.
pub fn submit(
    f: &mut Fields,
    debtor: &Debtor,
    agent_id: i64,
    call_id: Option<i64>,
    today: NaiveDate,
) -> Option<PromiseRequest> {
    let total = parse::amount(f, P::Amount);
    let due = parse::date(f, P::Due, today);
    if due.is_some_and(|d| d < today) {
        f.refuse(P::Due, "that date has passed");
    }
    let count = match f.value(P::Instalments).trim().parse::<u32>() {
        Ok(n) if (1..=MAX_INSTALMENTS).contains(&n) => Some(n),
        _ => {
            f.refuse(P::Instalments, format!("a whole number from 1 to {MAX_INSTALMENTS}"));
            None
        }
    };
    let frequency = match f.value(P::Frequency).parse::<Frequency>() {
        Ok(fr) => Some(fr),
        Err(e) if count.is_some_and(|n| n > 1) => {
            f.refuse(P::Frequency, e);
            None
        }
        Err(_) => Some(Frequency::Monthly),
    };
    let ids = parse::invoices(f, P::Invoices, &debtor.invoices);
    let cancel_open = keep_or_replace(f);
    let waive_interest = waive_interest(f).unwrap_or(false);
    if let (Some(total), Some(ids)) = (total, &ids)
        && let Err((fault, why)) = promisable(total, ids, &owed(&debtor.invoices))
    {
        f.refuse(if fault == Fault::Amount { P::Amount } else { P::Invoices }, why);
        return None;
    }
    let (total, due, count, frequency, invoice_ids, cancel_open) =
        (total?, due?, count?, frequency?, ids?, cancel_open?);
    if f.has_errors() {
        return None;
    }
    match instalments(total, count, due, frequency) {
        Ok(plan) => Some(PromiseRequest {
            debtor_id: debtor.id,
            agent_id,
            call_id,
            instalments: plan,
            frequency: (count > 1).then_some(frequency),
            invoice_ids,
            cancel_open,
            waive_interest,
        }),
        Err(e) => {
            f.refuse(P::Instalments, e.to_string());
            None
        }
    }
}

/// Whether the new promise replaces the open ones (`None`, refused, until
/// the agent chooses; a prefix will do). Without open promises, nothing to
/// replace.
fn keep_or_replace(f: &mut Fields) -> Option<bool> {
    // The field is there only with open promises (else `Waive interest`
    // may stand in its place).
    if !f.has(P::OpenPromises) || f.0[P::OpenPromises.index()].label != OPEN_PROMISES {
        return Some(false);
    }
    let typed = f.value(P::OpenPromises).trim().to_ascii_lowercase();
    match KEEP_OR_REPLACE.iter().position(|o| !typed.is_empty() && o.starts_with(&typed)) {
        Some(i) => Some(i == 1),
        None => {
            f.refuse(P::OpenPromises, format!("choose one; {KEEP_OR_REPLACE_MEANS}"));
            None
        }
    }
}

fn owed(invoices: &[InvoiceRow]) -> Vec<Owed<'_>> {
    invoices
        .iter()
        .map(|i| Owed {
            id: i.id,
            number: &i.number,
            balance: i.balance,
            disputed: i.is_disputed(),
        })
        .collect()
}

/// What the form would record, in words, as it is typed.
pub fn preview(f: &Fields, today: NaiveDate) -> Vec<String> {
    let (Ok(total), Ok(due), Ok(count)) = (
        Money::parse(f.value(P::Amount)),
        parse_date_input(f.value(P::Due), today),
        f.value(P::Instalments).trim().parse::<u32>(),
    ) else {
        return Vec::new();
    };
    let frequency = f.value(P::Frequency).parse().unwrap_or(Frequency::Monthly);
    let Ok(plan) = instalments(total, count, due, frequency) else {
        return Vec::new();
    };
    let dates: Vec<String> =
        plan.iter().map(|i| i.due_on.format("%a %d %b %Y").to_string()).collect();
    let offered = f.0.iter().any(|x| x.label == WAIVE && x.value().trim().starts_with('y'));
    let mut lines = plan_lines(&plan, &dates, total, frequency);
    if offered {
        lines.push(format!("Interest waived if paid in full by {}", dates[dates.len() - 1]));
    }
    lines
}

fn plan_lines(
    plan: &[crate::domain::plan::Instalment],
    dates: &[String],
    total: Money,
    frequency: Frequency,
) -> Vec<String> {
    if plan.len() == 1 {
        return vec![format!("{} by {}", total.format(), dates[0])];
    }
    let each = plan[0].amount;
    let last = plan[plan.len() - 1].amount;
    let tail = if last == each { String::new() } else { format!(" (last {})", last.format()) };
    vec![
        format!(
            "{} {} instalments of {}{tail}, total {}",
            plan.len(),
            frequency,
            each.format(),
            total.format()
        ),
        format!("{} … {}", dates[0], dates[dates.len() - 1]),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::form::parse::fixtures::{d, invoice};

    fn debtor(invoices: Vec<InvoiceRow>, open_promises: usize) -> Debtor {
        Debtor { id: 1, name: "Acme".into(), invoices, open_promises, interest: false }
    }

    fn fill(f: &mut Fields, values: &[(P, &str)]) {
        for (id, value) in values {
            f.0[id.index()].input.text = (*value).to_owned();
        }
    }

    #[test]
    fn a_debtor_with_a_regime_may_be_offered_a_waiver_of_interest_if_kept() {
        let none = debtor(vec![invoice(7, "INV-7")], 0);
        assert!(fields(&none).0.iter().all(|f| f.label != WAIVE));
        let uk = Debtor { interest: true, ..none };
        let mut f = fields(&uk);
        fill(&mut f, &[(P::Amount, "100"), (P::Due, "fri")]);
        let today = d("2026-11-25");
        assert!(!submit(&mut f, &uk, 3, None, today).expect("saved").waive_interest);
        f.0.last_mut().unwrap().input.text = "y".into();
        assert_eq!(preview(&f, today)[1], "Interest waived if paid in full by Fri 27 Nov 2026");
        assert!(submit(&mut f, &uk, 3, None, today).expect("saved").waive_interest);
        f.0.last_mut().unwrap().input.text = "maybe".into();
        assert_eq!(submit(&mut f, &uk, 3, None, today), None);
        // With open promises too: both choices are asked, each its own.
        let both = Debtor { open_promises: 1, ..uk };
        let mut f = fields(&both);
        fill(&mut f, &[(P::Amount, "100"), (P::Due, "fri"), (P::OpenPromises, "r")]);
        f.0.last_mut().unwrap().input.text = "yes".into();
        let req = submit(&mut f, &both, 3, None, today).expect("saved");
        assert!(req.cancel_open && req.waive_interest);
    }

    #[test]
    fn a_plan_becomes_instalments_with_invoices() {
        let acme = debtor(vec![invoice(7, "INV-7"), invoice(8, "INV-8")], 0);
        let mut f = fields(&acme);
        fill(
            &mut f,
            &[
                (P::Amount, "3,000"),
                (P::Due, "fri"),
                (P::Instalments, "3"),
                (P::Frequency, "w"),
                (P::Invoices, "inv-8, INV-7"),
            ],
        );
        let req = submit(&mut f, &acme, 3, None, d("2026-11-25")).expect("saved");
        assert_eq!(req.instalments.len(), 3);
        assert_eq!(req.instalments[0].due_on, d("2026-11-27"));
        assert_eq!(req.instalments[2].due_on, d("2026-12-11"));
        assert_eq!(req.frequency, Some(Frequency::Weekly));
        assert_eq!(req.invoice_ids, vec![8, 7]);
        assert!(!req.cancel_open);
        assert_eq!(
            preview(&f, d("2026-11-25"))[0],
            "3 weekly instalments of 1,000.00, total 3,000.00"
        );
    }

    #[test]
    fn every_bad_field_says_why_and_nothing_is_saved() {
        let none = debtor(Vec::new(), 0);
        let mut f = fields(&none);
        fill(
            &mut f,
            &[
                (P::Amount, "12x"),
                (P::Due, "2026-11-01"),
                (P::Instalments, "0"),
                (P::Invoices, "INV-404"),
            ],
        );
        assert_eq!(submit(&mut f, &none, 3, None, d("2026-11-25")), None);
        let errors: Vec<Option<&str>> = f.0.iter().map(|f| f.error.as_deref()).collect();
        assert_eq!(errors[0], Some("expected an amount like 1234.56 or 1,234.56"));
        assert_eq!(errors[1], Some("that date has passed"));
        assert_eq!(errors[2], Some("a whole number from 1 to 36"));
        assert_eq!(errors[3], None);
        assert_eq!(errors[4], Some("no invoice INV-404 on this account"));
    }

    #[test]
    fn a_promise_above_what_is_owed_is_refused_beside_the_amount() {
        let acme = debtor(vec![invoice(7, "INV-7")], 1);
        let mut f = fields(&acme);
        assert_eq!(f.0.len(), 6, "asks about the open promise");
        fill(&mut f, &[(P::Amount, "2,000.01"), (P::Due, "+3"), (P::OpenPromises, "replace")]);
        assert_eq!(submit(&mut f, &acme, 3, None, d("2026-11-25")), None);
        assert_eq!(f.0[0].error.as_deref(), Some("more than the 2,000.00 owed (disputes apart)"));
        fill(&mut f, &[(P::Amount, "2,000")]);
        f.clear_errors();
        let req = submit(&mut f, &acme, 3, Some(9), d("2026-11-25")).expect("saved");
        assert!(req.cancel_open);
        assert_eq!(req.call_id, Some(9));
    }

    #[test]
    fn with_open_promises_nothing_is_saved_until_keep_or_replace_is_chosen() {
        let acme = debtor(vec![invoice(7, "INV-7")], 1);
        let mut f = fields(&acme);
        assert_eq!(f.value(P::OpenPromises), "", "no default");
        fill(&mut f, &[(P::Amount, "1,000"), (P::Due, "+3")]);
        assert_eq!(submit(&mut f, &acme, 3, None, d("2026-11-25")), None);
        assert_eq!(
            f.0[P::OpenPromises.index()].error.as_deref(),
            Some(
                "choose one; keep: both promises stay expected; replace: the open promises are \
                 cancelled and this one is expected instead"
            )
        );
        for (choice, replaces) in [("keep", false), ("replace", true), ("r", true), ("K", false)] {
            f.clear_errors();
            fill(&mut f, &[(P::OpenPromises, choice)]);
            let req = submit(&mut f, &acme, 3, None, d("2026-11-25")).expect(choice);
            assert_eq!(req.cancel_open, replaces, "{choice}");
        }
        f.clear_errors();
        fill(&mut f, &[(P::OpenPromises, "cancel")]);
        assert_eq!(submit(&mut f, &acme, 3, None, d("2026-11-25")), None);
    }
}
