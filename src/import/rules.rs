//! What an import fills in and what it accepts, apart from reading the file
//! (`read`) and writing the book (`apply`).

use chrono::NaiveDate;

use super::records::{DebtorRecord, InvoiceRecord, PaymentRecord};
use crate::domain::interest_terms::InterestRegime;
use crate::domain::people::DebtorStatus;
use crate::domain::text::quote;
use crate::store::{Keep, NewDebtor};

/// A debtor's time zone when the file gives none.
pub const DEFAULT_TIMEZONE: &str = "UTC";
/// A debtor's payment terms, in days, when the file gives none.
pub const DEFAULT_TERMS_DAYS: i64 = 30;
/// A debtor's interest rate (or margin), in basis points, when the file
/// gives none: 8%, the statutory margin in the UK and the EU.
pub const DEFAULT_INTEREST_RATE: i64 = 800;

/// A debtor an import creates: the file's ref and name, and the defaults for
/// the rest (UTC, 30 days' terms, active, nobody's, callable).
pub fn new_debtor(reference: &str, name: &str) -> NewDebtor {
    NewDebtor {
        reference: reference.to_owned(),
        name: name.to_owned(),
        timezone: DEFAULT_TIMEZONE.to_owned(),
        terms_days: DEFAULT_TERMS_DAYS,
        terms_accepted_on: None,
        assigned_to: None,
        status: DebtorStatus::Active,
        do_not_call: false,
        interest: InterestRegime::None,
        interest_rate: DEFAULT_INTEREST_RATE,
        address: String::new(),
        strategy: None,
    }
}

/// The debtor `--create-debtors` makes for a ref nobody has: its ref is its
/// name until a debtors file says otherwise.
pub fn placeholder_debtor(reference: &str) -> NewDebtor {
    new_debtor(reference, reference)
}

/// Why a row is refused: its column, and what is wrong.
pub type Refusal = (&'static str, String);

/// A row names a debtor recoup does not have. `creatable`: the row is one
/// `--create-debtors` would create it for (an invoice or a payment), so the
/// message says so.
pub fn unknown_debtor(reference: &str, creatable: bool) -> Refusal {
    let hint = if creatable { " (import debtors first, or use --create-debtors)" } else { "" };
    ("debtor_ref", format!("no debtor has ref {}{hint}", quote(reference)))
}

/// A debtors file names an agent recoup does not have.
pub fn unknown_agent(name: &str) -> Refusal {
    ("assigned_to", format!("there is no agent called {}", quote(name)))
}

impl DebtorRecord {
    /// `base` (the debtor as stored, or a new one) with the file's values; a
    /// column the file does not have leaves its value as it is. The agent it
    /// is assigned to is looked up by the caller.
    pub fn onto(&self, base: NewDebtor) -> NewDebtor {
        let mut new = base;
        new.name.clone_from(&self.name);
        if let Some(tz) = &self.timezone {
            new.timezone.clone_from(tz);
        }
        if let Some(t) = self.terms_days {
            new.terms_days = t;
        }
        if let Some(on) = self.terms_accepted_on {
            new.terms_accepted_on = on;
        }
        if let Some(s) = self.status {
            new.status = s;
        }
        if let Some(dnc) = self.do_not_call {
            new.do_not_call = dnc;
        }
        if let Some(regime) = self.interest {
            new.interest = regime;
        }
        if let Some(rate) = self.interest_rate {
            new.interest_rate = rate;
        }
        if let Some(address) = &self.address {
            new.address.clone_from(address);
        }
        if let Some(strategy) = &self.strategy {
            new.strategy.clone_from(strategy);
        }
        new
    }
}

impl InvoiceRecord {
    /// What an existing invoice keeps because the file has no column for it.
    pub fn keep(&self) -> Keep {
        Keep { supplied_on: !self.has_supplied_on, currency: !self.has_currency }
    }
}

impl PaymentRecord {
    /// A payment is recorded once received: one dated after the book's
    /// today is refused.
    pub fn check_received(&self, today: NaiveDate) -> Result<(), Refusal> {
        let on = self.payment.received_on;
        if on > today {
            return Err((
                "received_on",
                format!("{on} is in the future; a payment is recorded once received"),
            ));
        }
        Ok(())
    }

    /// The column a payment the book refuses is reported in: the invoice it
    /// names, else its reference.
    pub fn column(&self) -> &'static str {
        if self.payment.invoice_number.is_some() { "invoice_number" } else { "reference" }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Money;
    use crate::store::NewPayment;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn a_placeholder_debtor_is_named_by_its_ref_with_the_defaults() {
        let d = placeholder_debtor("A9");
        assert_eq!((d.reference.as_str(), d.name.as_str()), ("A9", "A9"));
        assert_eq!((d.timezone.as_str(), d.terms_days), ("UTC", 30));
        assert_eq!((d.status, d.assigned_to, d.do_not_call), (DebtorStatus::Active, None, false));
        assert_eq!(d.terms_accepted_on, None);
    }

    #[test]
    fn a_debtor_row_changes_only_the_columns_the_file_has() {
        let mut stored = new_debtor("A1", "Acme");
        stored.timezone = "Europe/Paris".into();
        stored.terms_days = 45;
        stored.assigned_to = Some(7);
        let row = DebtorRecord {
            reference: "A1".into(),
            name: "Acme Ltd".into(),
            contact: None,
            timezone: None,
            terms_days: None,
            terms_accepted_on: Some(Some(day(2))),
            assigned_to: None,
            status: Some(DebtorStatus::Hold),
            do_not_call: None,
            interest: Some(InterestRegime::Uk),
            interest_rate: None,
            address: None,
            strategy: None,
        };
        stored.address = "1 Quay St\nBristol".into();
        let new = row.onto(stored);
        assert_eq!(new.address, "1 Quay St\nBristol", "no address column keeps the address");
        assert_eq!((new.name.as_str(), new.timezone.as_str()), ("Acme Ltd", "Europe/Paris"));
        assert_eq!((new.terms_days, new.assigned_to), (45, Some(7)));
        assert_eq!((new.terms_accepted_on, new.status), (Some(day(2)), DebtorStatus::Hold));
        assert_eq!((new.interest, new.interest_rate), (InterestRegime::Uk, 800));
    }

    #[test]
    fn a_payment_dated_after_today_is_refused_in_its_date_column() {
        let payment = |on, invoice: Option<&str>| PaymentRecord {
            debtor_ref: "A1".into(),
            payment: NewPayment {
                received_on: on,
                amount: Money(100),
                invoice_number: invoice.map(str::to_owned),
                reference: String::new(),
            },
        };
        assert_eq!(payment(day(25), None).check_received(day(25)), Ok(()));
        assert_eq!(
            payment(day(26), None).check_received(day(25)),
            Err((
                "received_on",
                "2026-11-26 is in the future; a payment is recorded once received".into()
            ))
        );
        assert_eq!(payment(day(2), None).column(), "reference");
        assert_eq!(payment(day(2), Some("INV-1")).column(), "invoice_number");
    }
}
