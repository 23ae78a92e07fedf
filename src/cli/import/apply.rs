//! Writing one imported record, or saying why the row cannot be written.

use super::Tally;
use crate::domain::people::DebtorStatus;
use crate::domain::text::quote;
use crate::import::Record;
use crate::store::{BookWriter, Keep, NewDebtor, StoreError, Upsert};

/// Why a row was not written.
pub(super) enum Stop {
    /// Something wrong with the row, in its column: reported with the rest.
    Row(Option<&'static str>, String),
    /// The database failed (disk full, I/O, lock): the import ends here.
    Database(String),
}

fn store_error(column: Option<&'static str>) -> impl Fn(StoreError) -> Stop {
    move |e| {
        if e.is_database_failure() {
            Stop::Database(e.to_string())
        } else {
            Stop::Row(column, e.to_string())
        }
    }
}

fn debtor_id(
    w: &mut BookWriter<'_>,
    reference: &str,
    create: bool,
    tally: &mut Tally,
) -> Result<i64, Stop> {
    if let Some(id) = w.debtor_id(reference).map_err(store_error(None))? {
        return Ok(id);
    }
    if !create {
        return Err(Stop::Row(
            Some("debtor_ref"),
            format!(
                "no debtor has ref {} (import debtors first, or use --create-debtors)",
                quote(reference)
            ),
        ));
    }
    let (id, _) = w
        .debtor(&NewDebtor {
            reference: reference.to_owned(),
            name: reference.to_owned(),
            timezone: "UTC".into(),
            terms_days: 30,
            terms_accepted_on: None,
            assigned_to: None,
            status: DebtorStatus::Active,
            do_not_call: false,
        })
        .map_err(store_error(None))?;
    tally.debtors_created += 1;
    Ok(id)
}

pub(super) fn apply(
    w: &mut BookWriter<'_>,
    record: Record,
    create_debtors: bool,
    tally: &mut Tally,
) -> Result<(), Stop> {
    match record {
        Record::Debtor(d) => {
            let base = w.existing_debtor(&d.reference).map_err(store_error(None))?;
            let mut new = base.unwrap_or(NewDebtor {
                reference: d.reference.clone(),
                name: d.name.clone(),
                timezone: "UTC".into(),
                terms_days: 30,
                terms_accepted_on: None,
                assigned_to: None,
                status: DebtorStatus::Active,
                do_not_call: false,
            });
            new.name = d.name.clone();
            if let Some(tz) = &d.timezone {
                new.timezone = tz.clone();
            }
            if let Some(t) = d.terms_days {
                new.terms_days = t;
            }
            if let Some(on) = d.terms_accepted_on {
                new.terms_accepted_on = on;
            }
            if let Some(s) = d.status {
                new.status = s;
            }
            if let Some(dnc) = d.do_not_call {
                new.do_not_call = dnc;
            }
            if let Some(assigned) = &d.assigned_to {
                new.assigned_to = match assigned {
                    None => None,
                    Some(name) => {
                        Some(w.agent_id(name).map_err(store_error(None))?.ok_or_else(|| {
                            Stop::Row(
                                Some("assigned_to"),
                                format!("there is no agent called {}", quote(name)),
                            )
                        })?)
                    }
                };
            }
            let (id, what) = w.debtor(&new).map_err(store_error(None))?;
            let mut what = what;
            if let Some(c) = &d.contact {
                let contact = w.contact(id, c).map_err(store_error(Some("contact_name")))?;
                if what == Upsert::Unchanged && contact != Upsert::Unchanged {
                    what = Upsert::Updated;
                }
            }
            tally.add(what);
        }
        Record::Contact(c) => {
            let id = w.debtor_id(&c.debtor_ref).map_err(store_error(None))?.ok_or_else(|| {
                Stop::Row(Some("debtor_ref"), format!("no debtor has ref {}", quote(&c.debtor_ref)))
            })?;
            tally.add(w.contact(id, &c.contact).map_err(store_error(None))?);
        }
        Record::Invoice(i) => {
            let id = debtor_id(w, &i.debtor_ref, create_debtors, tally)?;
            let keep = Keep { supplied_on: !i.has_supplied_on, currency: !i.has_currency };
            let (_, what) = w.upsert_invoice(id, i.invoice, keep).map_err(store_error(None))?;
            tally.add(what);
        }
        Record::Payment(p) => {
            if p.payment.received_on > w.today() {
                return Err(Stop::Row(
                    Some("received_on"),
                    format!(
                        "{} is in the future; a payment is recorded once received",
                        p.payment.received_on
                    ),
                ));
            }
            let id = debtor_id(w, &p.debtor_ref, create_debtors, tally)?;
            let column = if p.payment.invoice_number.is_some() {
                Some("invoice_number")
            } else {
                Some("reference")
            };
            let (_, what) = w.payment(id, &p.payment).map_err(store_error(column))?;
            tally.add(what);
        }
    }
    Ok(())
}
