//! A letter put together: the template's prose inside the parts every
//! letter lays out the same way (sender, recipient, date, the table of open
//! invoices, totals, the remittance slip), and the plain text of it that
//! the preview shows and the email carries.

use super::context::{LetterContext, long_date};
use super::facts::LetterFacts;
use super::template::{LetterTemplate, TemplateError};
use super::{LetterInvoice, Remittance, Rendered};
use crate::domain::Money;
use crate::domain::aging::days_past_due;

/// Renders `template` for the debtor the facts describe.
pub fn compose(template: &LetterTemplate, facts: &LetterFacts) -> Result<Rendered, TemplateError> {
    let figures = facts.figures();
    let prose = template.render(&LetterContext::new(facts, &figures))?;
    let mut recipient = vec![facts.debtor.name.clone()];
    if let Some(c) = facts.contact.as_ref().filter(|c| !c.name.trim().is_empty()) {
        recipient.push(format!("Attn: {}", c.name));
    }
    recipient.extend(facts.debtor.address.iter().cloned());
    let mut sender = vec![facts.sender.name.clone()];
    sender.extend(facts.sender.address.iter().cloned());
    sender.extend([&facts.sender.email, &facts.sender.phone].into_iter().cloned());
    sender.retain(|l| !l.trim().is_empty());
    let (invoices, totals) = if template.table {
        let invoices = facts
            .invoices
            .iter()
            .map(|i| LetterInvoice {
                number: i.number.clone(),
                issued: i.issued.to_string(),
                due: i.due.to_string(),
                days_overdue: days_past_due(i.due, facts.today),
                amount: i.amount,
                open: i.open,
                disputed: i.dispute.is_some(),
            })
            .collect();
        let mut totals = vec![("Total open".to_owned(), figures.open)];
        if figures.not_yet_due.cents() > 0 {
            totals.push(("Not yet due".to_owned(), figures.not_yet_due));
        }
        if figures.disputed.cents() > 0 {
            totals.push(("In dispute (not asked for)".to_owned(), figures.disputed));
        }
        if facts.claims.is_some() {
            totals.push(("Late-payment interest".to_owned(), figures.interest));
            totals.push(("Compensation".to_owned(), figures.compensation));
        }
        totals.push(("Amount due now".to_owned(), figures.due_now));
        (invoices, totals)
    } else {
        (Vec::new(), Vec::new())
    };
    let remittance = template.remittance.then(|| Remittance {
        reference: facts.debtor.reference.clone(),
        amount_due: figures.due_now,
        bank: facts.sender.bank.clone(),
    });
    Ok(Rendered {
        template: template.name.clone(),
        title: template.title.clone(),
        subject: prose.subject,
        channel: template.channel,
        sender,
        recipient,
        date: long_date(facts.today),
        reference: facts.debtor.reference.clone(),
        body: prose.body,
        invoices,
        totals,
        remittance,
    })
}

/// The letter as plain text: the email's body and the preview.
pub fn plain_text(letter: &Rendered) -> String {
    let mut out = String::new();
    let mut line = |s: &str| {
        out.push_str(s.trim_end());
        out.push('\n');
    };
    for s in &letter.sender {
        line(s);
    }
    line("");
    for r in &letter.recipient {
        line(r);
    }
    line("");
    line(&letter.date);
    line(&format!("Reference: {}", letter.reference));
    line("");
    line(&letter.subject);
    line("");
    for l in letter.body.lines() {
        line(l);
    }
    if !letter.invoices.is_empty() {
        line("");
        line(&format!(
            "{:<14} {:<10} {:<10} {:>5} {:>13} {:>13}",
            "Invoice", "Issued", "Due", "Days", "Amount", "Open"
        ));
        for i in &letter.invoices {
            let days = if i.days_overdue > 0 { i.days_overdue.to_string() } else { "-".into() };
            let mark = if i.disputed { "  in dispute" } else { "" };
            line(&format!(
                "{:<14} {:<10} {:<10} {:>5} {:>13} {:>13}{mark}",
                i.number,
                i.issued,
                i.due,
                days,
                i.amount.format(),
                i.open.format()
            ));
        }
    }
    if !letter.totals.is_empty() {
        line("");
        for (label, amount) in &letter.totals {
            line(&format!("{label:>54} {:>13}", amount.format()));
        }
    }
    if let Some(r) = &letter.remittance {
        line("");
        line(&"- ".repeat(34));
        line("Remittance advice");
        line(&format!("Please quote: {}", r.reference));
        line(&format!("Amount due:   {}", r.amount_due.format()));
        for b in &r.bank {
            line(b);
        }
    }
    out
}

/// The sum of the letter's open invoices (what its table adds up to).
pub fn table_total(letter: &Rendered) -> Money {
    letter.invoices.iter().map(|i| i.open).sum()
}
