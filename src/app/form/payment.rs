//! The payment form: money taken by phone.

use chrono::NaiveDate;

use super::field::{Field, FieldId, FieldKind, Fields};
use super::parse;
use crate::app::open::Debtor;
use crate::domain::dates::parse_past_date_input;
use crate::store::PaymentRequest;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pay {
    Amount,
    ReceivedOn,
    Reference,
    Invoice,
}

impl FieldId for Pay {
    fn index(self) -> usize {
        self as usize
    }
}

pub fn fields(today: NaiveDate) -> Fields {
    Fields(vec![
        Field::new("Amount", FieldKind::Amount, "", "e.g. 1,234.56"),
        Field::new(
            "Received on",
            FieldKind::Date,
            &today.format("%Y-%m-%d").to_string(),
            "YYYY-MM-DD, -1 for yesterday, or mon",
        ),
        Field::new("Reference", FieldKind::Text, "", "card or transfer reference"),
        Field::new("Invoice", FieldKind::Text, "", "the invoice it pays, or empty for the oldest"),
    ])
}

pub fn submit(
    f: &mut Fields,
    debtor: &Debtor,
    agent_id: i64,
    today: NaiveDate,
) -> Option<PaymentRequest> {
    let amount = parse::amount(f, Pay::Amount);
    let received = match parse_past_date_input(f.value(Pay::ReceivedOn), today) {
        Ok(d) => Some(d),
        Err(e) => {
            f.refuse(Pay::ReceivedOn, e.to_string());
            None
        }
    };
    if received.is_some_and(|d| d > today) {
        f.refuse(Pay::ReceivedOn, "a payment cannot arrive in the future");
    }
    let invoice = match parse::invoices(f, Pay::Invoice, &debtor.invoices) {
        Some(ids) if ids.len() <= 1 => Some(ids.first().copied()),
        Some(_) => {
            f.refuse(Pay::Invoice, "one invoice at most");
            None
        }
        None => None,
    };
    if f.has_errors() {
        return None;
    }
    Some(PaymentRequest {
        debtor_id: debtor.id,
        agent_id,
        received_on: received?,
        amount: amount?,
        reference: f.value(Pay::Reference).trim().to_owned(),
        invoice_id: invoice?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::form::parse::fixtures::{d, invoice};

    #[test]
    fn a_payment_cannot_come_from_the_future_and_names_one_invoice_at_most() {
        let acme = Debtor {
            id: 1,
            name: "Acme".into(),
            invoices: vec![invoice(7, "INV-7")],
            open_promises: 0,
            interest: false,
        };
        let mut f = fields(d("2026-11-26"));
        f.0[Pay::Amount.index()].input.text = "10".into();
        assert_eq!(submit(&mut f, &acme, 3, d("2026-11-25")), None);
        assert_eq!(f.0[1].error.as_deref(), Some("a payment cannot arrive in the future"));
        let mut f = fields(d("2026-11-25"));
        f.0[Pay::Amount.index()].input.text = "10".into();
        f.0[Pay::Invoice.index()].input.text = "7".into();
        let p = submit(&mut f, &acme, 3, d("2026-11-25")).expect("saved");
        assert_eq!(
            (p.invoice_id, p.amount.cents(), p.received_on),
            (Some(7), 1000, d("2026-11-25"))
        );
    }
}
