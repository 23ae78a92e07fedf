//! Turning a filled-in form into what to save, or into errors beside the
//! fields that did not parse.

use chrono::NaiveDate;

use super::action::Effect;
use super::form::{Form, Purpose};
use crate::domain::Money;
use crate::domain::dates::{parse_date_input, parse_past_date_input};
use crate::domain::dispute::parse_reason;
use crate::domain::plan::{Frequency, MAX_INSTALMENTS, instalments};
use crate::store::{InvoiceRow, PaymentRequest, PromiseRequest};

/// What a form is checked against.
pub struct Context<'a> {
    pub today: NaiveDate,
    pub agent_id: i64,
    pub invoices: &'a [InvoiceRow],
}

/// Checks every field; on success returns the effect that saves the form.
pub fn submit(form: &mut Form, ctx: &Context<'_>) -> Option<Effect> {
    form.clear_errors();
    let effect = match form.purpose.clone() {
        Purpose::Promise { debtor_id } => promise(form, ctx, debtor_id).map(Effect::SavePromise),
        Purpose::CallPromise { call_id, debtor_id } => {
            promise(form, ctx, debtor_id).map(|mut promise| {
                promise.call_id = Some(call_id);
                Effect::SetPendingPromise { call_id, promise }
            })
        }
        Purpose::CallDispute { .. } => {
            let invoice = match invoice_ids(form.value("Invoice"), ctx.invoices) {
                Ok(ids) if ids.len() == 1 => Some(ids[0]),
                Ok(_) => {
                    form.set_error("Invoice", "one invoice number from this account");
                    None
                }
                Err(e) => {
                    form.set_error("Invoice", e);
                    None
                }
            };
            let reason = parse_reason(form.value("Reason"));
            if reason.is_none() {
                form.set_error("Reason", "pick a reason with ← →, or type one");
            }
            invoice.zip(reason).map(|(invoice_id, reason)| Effect::OpenDispute {
                invoice_id,
                reason: reason.to_owned(),
                note: form.value("Note").trim().to_owned(),
            })
        }
        Purpose::Override => None,
        Purpose::Escalate { ids } => {
            let to = form.value("To").trim().to_owned();
            if to != "agency" && to != "legal" {
                form.set_error("To", "agency or legal");
            }
            let reason = form.value("Reason").trim().to_owned();
            if reason.is_empty() {
                form.set_error("Reason", "say why the account is escalated");
            }
            Some(Effect::Escalate { ids, to, reason })
        }
        Purpose::Payment { debtor_id } => payment(form, ctx, debtor_id).map(Effect::SavePayment),
        Purpose::Dispute { invoice_id, .. } => {
            let reason = parse_reason(form.value("Reason"));
            if reason.is_none() {
                form.set_error("Reason", "pick a reason with ← →, or type one");
            }
            reason.map(|reason| Effect::OpenDispute {
                invoice_id,
                reason: reason.to_owned(),
                note: form.value("Note").trim().to_owned(),
            })
        }
    };
    if form.has_errors() { None } else { effect }
}

/// The invoices a list of numbers names, or the first number that is not
/// on the account.
fn invoice_ids(text: &str, invoices: &[InvoiceRow]) -> Result<Vec<i64>, String> {
    let mut ids = Vec::new();
    for typed in text.split([' ', ',', ';']).filter(|s| !s.is_empty()) {
        let found = find_invoice(typed, invoices)?;
        if !ids.contains(&found.id) {
            ids.push(found.id);
        }
    }
    Ok(ids)
}

/// The invoice a typed number names: the whole number (any case), or the
/// end of exactly one invoice's number (`010` for `INV-10745-010`).
fn find_invoice<'a>(typed: &str, invoices: &'a [InvoiceRow]) -> Result<&'a InvoiceRow, String> {
    if let Some(exact) = invoices.iter().find(|i| i.number.eq_ignore_ascii_case(typed)) {
        return Ok(exact);
    }
    let upper = typed.to_uppercase();
    let ends: Vec<&InvoiceRow> =
        invoices.iter().filter(|i| i.number.to_uppercase().ends_with(&upper)).collect();
    match ends.as_slice() {
        [one] => Ok(one),
        [] => Err(format!("no invoice {typed} on this account")),
        many => Err(format!(
            "{typed} could be {}",
            many.iter().take(4).map(|i| i.number.as_str()).collect::<Vec<_>>().join(" or ")
        )),
    }
}

fn amount(form: &mut Form, label: &str) -> Option<Money> {
    match Money::parse(form.value(label)) {
        Ok(m) if m.cents() > 0 => Some(m),
        Ok(_) => {
            form.set_error(label, "must be above 0.00");
            None
        }
        Err(e) => {
            form.set_error(label, e.to_string());
            None
        }
    }
}

fn date(form: &mut Form, label: &str, today: NaiveDate) -> Option<NaiveDate> {
    match parse_date_input(form.value(label), today) {
        Ok(d) => Some(d),
        Err(e) => {
            form.set_error(label, e.to_string());
            None
        }
    }
}

fn promise(form: &mut Form, ctx: &Context<'_>, debtor_id: i64) -> Option<PromiseRequest> {
    let total = amount(form, "Amount");
    let due = date(form, "Due date", ctx.today);
    if due.is_some_and(|d| d < ctx.today) {
        form.set_error("Due date", "that date has passed");
    }
    let count = match form.value("Instalments").trim().parse::<u32>() {
        Ok(n) if (1..=MAX_INSTALMENTS).contains(&n) => Some(n),
        _ => {
            form.set_error("Instalments", format!("a whole number from 1 to {MAX_INSTALMENTS}"));
            None
        }
    };
    let frequency = match form.value("Frequency").parse::<Frequency>() {
        Ok(f) => Some(f),
        Err(e) if count.is_some_and(|n| n > 1) => {
            form.set_error("Frequency", e);
            None
        }
        Err(_) => Some(Frequency::Monthly),
    };
    let invoices = match invoice_ids(form.value("Invoices"), ctx.invoices) {
        Ok(ids) => Some(ids),
        Err(e) => {
            form.set_error("Invoices", e);
            None
        }
    };
    if let (Some(total), Some(ids)) = (total, &invoices)
        && let Err(e) = promisable(total, ids, ctx.invoices)
    {
        form.set_error(e.0, e.1);
        return None;
    }
    let (total, due, count, frequency, invoice_ids) = (total?, due?, count?, frequency?, invoices?);
    match instalments(total, count, due, frequency) {
        Ok(plan) => Some(PromiseRequest {
            debtor_id,
            agent_id: ctx.agent_id,
            call_id: None,
            instalments: plan,
            frequency: (count > 1).then_some(frequency),
            invoice_ids,
            cancel_open: form.value("Open promises") == "cancel",
        }),
        Err(e) => {
            form.set_error("Instalments", e.to_string());
            None
        }
    }
}

/// A promise must be one that can count: on money still owed and not all
/// in dispute. Returns the field at fault and why.
fn promisable(
    total: Money,
    ids: &[i64],
    invoices: &[InvoiceRow],
) -> Result<(), (&'static str, String)> {
    let named: Vec<&InvoiceRow> = invoices.iter().filter(|i| ids.contains(&i.id)).collect();
    if let Some(paid) = named.iter().find(|i| i.balance.cents() == 0) {
        return Err(("Invoices", format!("{} is already paid", paid.number)));
    }
    if !named.is_empty() && named.iter().all(|i| i.is_disputed()) {
        return Err((
            "Invoices",
            "disputed: a promise on it would not count until the dispute is resolved".into(),
        ));
    }
    let covered: Vec<&InvoiceRow> =
        if named.is_empty() { invoices.iter().collect() } else { named };
    let owed: Money = covered.iter().filter(|i| !i.is_disputed()).map(|i| i.balance).sum();
    if total > owed {
        let on = if ids.is_empty() { "owed (disputes apart)" } else { "open on those invoices" };
        return Err(("Amount", format!("more than the {} {on}", owed.format())));
    }
    Ok(())
}

fn payment(form: &mut Form, ctx: &Context<'_>, debtor_id: i64) -> Option<PaymentRequest> {
    let amount = amount(form, "Amount");
    let received = match parse_past_date_input(form.value("Received on"), ctx.today) {
        Ok(d) => Some(d),
        Err(e) => {
            form.set_error("Received on", e.to_string());
            None
        }
    };
    if received.is_some_and(|d| d > ctx.today) {
        form.set_error("Received on", "a payment cannot arrive in the future");
    }
    let invoice = match invoice_ids(form.value("Invoice"), ctx.invoices) {
        Ok(ids) if ids.len() <= 1 => Some(ids.first().copied()),
        Ok(_) => {
            form.set_error("Invoice", "one invoice at most");
            None
        }
        Err(e) => {
            form.set_error("Invoice", e);
            None
        }
    };
    Some(PaymentRequest {
        debtor_id,
        agent_id: ctx.agent_id,
        received_on: received?,
        amount: amount?,
        reference: form.value("Reference").trim().to_owned(),
        invoice_id: invoice?,
    })
}

/// What a promise form would record, in words, as it is typed.
pub fn preview(form: &Form, today: NaiveDate) -> Vec<String> {
    if !matches!(form.purpose, Purpose::Promise { .. } | Purpose::CallPromise { .. }) {
        return Vec::new();
    }
    let (Ok(total), Ok(due), Ok(count)) = (
        Money::parse(form.value("Amount")),
        parse_date_input(form.value("Due date"), today),
        form.value("Instalments").trim().parse::<u32>(),
    ) else {
        return Vec::new();
    };
    let frequency = form.value("Frequency").parse().unwrap_or(Frequency::Monthly);
    let Ok(plan) = instalments(total, count, due, frequency) else {
        return Vec::new();
    };
    let dates: Vec<String> =
        plan.iter().map(|i| i.due_on.format("%a %d %b %Y").to_string()).collect();
    if plan.len() == 1 {
        vec![format!("{} by {}", total.format(), dates[0])]
    } else {
        let each = plan[0].amount.format();
        let last = plan[plan.len() - 1].amount;
        let tail = if last == plan[0].amount {
            String::new()
        } else {
            format!(" (last {})", last.format())
        };
        vec![
            format!(
                "{} {} instalments of {each}{tail}, total {}",
                plan.len(),
                frequency,
                total.format()
            ),
            format!("{} … {}", dates[0], dates[dates.len() - 1]),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::InvoiceRow;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn invoice(id: i64, number: &str) -> InvoiceRow {
        InvoiceRow {
            id,
            number: number.into(),
            supplied_on: None,
            issued_on: d("2026-10-01"),
            due_on: d("2026-10-31"),
            amount: Money(200_000),
            balance: Money(200_000),
            currency: "USD".into(),
            dispute_reason: None,
        }
    }

    fn fill(form: &mut Form, values: &[(&str, &str)]) {
        for (label, value) in values {
            form.fields.iter_mut().find(|f| f.label == *label).unwrap().value = value.to_string();
        }
    }

    #[test]
    fn a_plan_becomes_instalments_with_invoices() {
        let invoices = [invoice(7, "INV-7"), invoice(8, "INV-8")];
        let ctx = Context { today: d("2026-11-25"), agent_id: 3, invoices: &invoices };
        let mut form = Form::promise(1, "Acme");
        fill(
            &mut form,
            &[
                ("Amount", "3,000"),
                ("Due date", "fri"),
                ("Instalments", "3"),
                ("Frequency", "w"),
                ("Invoices", "inv-8, INV-7"),
            ],
        );
        let Some(Effect::SavePromise(req)) = submit(&mut form, &ctx) else {
            panic!("{:?}", form.fields)
        };
        assert_eq!(req.instalments.len(), 3);
        assert_eq!(req.instalments[0].due_on, d("2026-11-27"));
        assert_eq!(req.instalments[2].due_on, d("2026-12-11"));
        assert_eq!(req.frequency, Some(Frequency::Weekly));
        assert_eq!(req.invoice_ids, vec![8, 7]);
        assert_eq!(
            preview(&form, ctx.today)[0],
            "3 weekly instalments of 1,000.00, total 3,000.00"
        );
    }

    #[test]
    fn a_promise_must_be_one_that_can_count() {
        let mut disputed = invoice(9, "INV-9");
        disputed.dispute_reason = Some("price".into());
        let mut paid = invoice(10, "INV-10");
        paid.balance = Money(0);
        let invoices = [invoice(7, "INV-7"), disputed, paid];
        let ctx = Context { today: d("2026-11-25"), agent_id: 3, invoices: &invoices };
        let refused = |amount: &str, on: &str| {
            let mut form = Form::promise(1, "Acme");
            fill(&mut form, &[("Amount", amount), ("Due date", "+3"), ("Invoices", on)]);
            assert!(submit(&mut form, &ctx).is_none(), "{amount} on {on:?} was accepted");
            form.fields.iter().filter_map(|f| f.error.clone()).collect::<Vec<_>>().join("; ")
        };
        // Owed and undisputed: 2,000.00 on INV-7 only.
        assert_eq!(refused("2,000.01", ""), "more than the 2,000.00 owed (disputes apart)");
        assert_eq!(
            refused("100", "INV-9"),
            "disputed: a promise on it would not count until the dispute is resolved"
        );
        assert_eq!(refused("100", "INV-10"), "INV-10 is already paid");
        assert_eq!(
            refused("2,500", "INV-7 INV-9"),
            "more than the 2,000.00 open on those invoices"
        );
        let mut form = Form::promise(1, "Acme");
        fill(&mut form, &[("Amount", "2,000"), ("Due date", "+3"), ("Invoices", "")]);
        assert!(submit(&mut form, &ctx).is_some(), "{:?}", form.fields);
    }

    #[test]
    fn invoices_can_be_named_by_the_end_of_their_number() {
        let invoices =
            [invoice(1, "INV-10745-010"), invoice(2, "INV-10745-001"), invoice(3, "INV-20001-001")];
        assert_eq!(invoice_ids("010", &invoices), Ok(vec![1]));
        assert_eq!(invoice_ids("inv-10745-001 010", &invoices), Ok(vec![2, 1]));
        assert_eq!(
            invoice_ids("001", &invoices),
            Err("001 could be INV-10745-001 or INV-20001-001".into())
        );
        assert_eq!(invoice_ids("999", &invoices), Err("no invoice 999 on this account".into()));
    }

    #[test]
    fn every_bad_field_says_why_and_nothing_is_saved() {
        let ctx = Context { today: d("2026-11-25"), agent_id: 3, invoices: &[] };
        let mut form = Form::promise(1, "Acme");
        fill(
            &mut form,
            &[
                ("Amount", "12x"),
                ("Due date", "2026-11-01"),
                ("Instalments", "0"),
                ("Invoices", "INV-404"),
            ],
        );
        assert_eq!(submit(&mut form, &ctx), None);
        let errors: Vec<(&str, Option<&str>)> =
            form.fields.iter().map(|f| (f.label, f.error.as_deref())).collect();
        assert_eq!(errors[0], ("Amount", Some("expected an amount like 1234.56 or 1,234.56")));
        assert_eq!(errors[1], ("Due date", Some("that date has passed")));
        assert_eq!(errors[2], ("Instalments", Some("a whole number from 1 to 36")));
        assert_eq!(errors[3], ("Frequency", None));
        assert_eq!(errors[4], ("Invoices", Some("no invoice INV-404 on this account")));
    }

    #[test]
    fn payments_cannot_come_from_the_future_and_disputes_need_a_reason() {
        let ctx = Context { today: d("2026-11-25"), agent_id: 3, invoices: &[] };
        let mut form = Form::payment(1, "Acme", "2026-11-26");
        fill(&mut form, &[("Amount", "10")]);
        assert_eq!(submit(&mut form, &ctx), None);
        assert_eq!(form.fields[1].error.as_deref(), Some("a payment cannot arrive in the future"));
        let mut dispute = Form::dispute(9, "INV-9");
        assert_eq!(submit(&mut dispute, &ctx), None);
        fill(&mut dispute, &[("Reason", "qua")]);
        assert_eq!(
            submit(&mut dispute, &ctx),
            Some(Effect::OpenDispute {
                invoice_id: 9,
                reason: "quantity".into(),
                note: String::new()
            })
        );
    }
}
