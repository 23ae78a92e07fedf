//! Reading a form's fields into values, or into the reason beside the
//! field why not.

use chrono::NaiveDate;

use super::field::{FieldId, Fields};
use crate::domain::Money;
use crate::domain::dates::parse_date_input;
use crate::store::InvoiceRow;

pub fn amount<F: FieldId>(fields: &mut Fields, id: F) -> Option<Money> {
    match Money::parse(fields.value(id)) {
        Ok(m) if m.cents() > 0 => Some(m),
        Ok(_) => {
            fields.refuse(id, "must be above 0.00");
            None
        }
        Err(e) => {
            fields.refuse(id, e.to_string());
            None
        }
    }
}

pub fn date<F: FieldId>(fields: &mut Fields, id: F, today: NaiveDate) -> Option<NaiveDate> {
    match parse_date_input(fields.value(id), today) {
        Ok(d) => Some(d),
        Err(e) => {
            fields.refuse(id, e.to_string());
            None
        }
    }
}

/// The invoices a list of numbers names, or why one does not fit.
pub fn invoices<F: FieldId>(fields: &mut Fields, id: F, on: &[InvoiceRow]) -> Option<Vec<i64>> {
    match invoice_ids(fields.value(id), on) {
        Ok(ids) => Some(ids),
        Err(e) => {
            fields.refuse(id, e);
            None
        }
    }
}

/// The invoices a list of numbers names, or the first number that is not
/// on the account.
pub fn invoice_ids(text: &str, invoices: &[InvoiceRow]) -> Result<Vec<i64>, String> {
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

#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;

    pub fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    pub fn invoice(id: i64, number: &str) -> InvoiceRow {
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
}

#[cfg(test)]
mod tests {
    use super::fixtures::invoice;
    use super::*;

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
}
