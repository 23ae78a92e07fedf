//! Writing one imported record through the store's `BookWriter`, or saying
//! why the row cannot be written.

use super::records::{ContactRecord, DebtorRecord, InvoiceRecord, PaymentRecord, Record};
use super::rules::{self, Refusal};
use crate::store::{BookWriter, StoreError, Upsert};

/// What an import changed, by record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub debtors_created: usize,
}

impl Tally {
    fn add(&mut self, u: Upsert) {
        match u {
            Upsert::New => self.new += 1,
            Upsert::Updated => self.updated += 1,
            Upsert::Unchanged => self.unchanged += 1,
        }
    }
}

/// Why a row was not written.
pub(super) enum Stop {
    /// Something wrong with the row, in its column: reported with the rest.
    Row(Option<&'static str>, String),
    /// The database failed (disk full, I/O, lock): the import ends here.
    Database(String),
}

impl From<Refusal> for Stop {
    fn from((column, message): Refusal) -> Self {
        Stop::Row(Some(column), message)
    }
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

/// Writes one record, counting what it changed in `tally`.
pub(super) fn apply(
    w: &mut BookWriter<'_>,
    record: Record,
    create_debtors: bool,
    tally: &mut Tally,
) -> Result<(), Stop> {
    let what = match record {
        Record::Debtor(d) => debtor(w, &d)?,
        Record::Contact(c) => contact(w, &c)?,
        Record::Invoice(i) => invoice(w, i, create_debtors, tally)?,
        Record::Payment(p) => payment(w, &p, create_debtors, tally)?,
    };
    tally.add(what);
    Ok(())
}

fn debtor(w: &mut BookWriter<'_>, d: &DebtorRecord) -> Result<Upsert, Stop> {
    let base = w.existing_debtor(&d.reference).map_err(store_error(None))?;
    let mut new = d.onto(base.unwrap_or_else(|| rules::new_debtor(&d.reference, &d.name)));
    if let Some(assigned) = &d.assigned_to {
        new.assigned_to = match assigned {
            None => None,
            Some(name) => Some(
                w.agent_id(name)
                    .map_err(store_error(None))?
                    .ok_or_else(|| rules::unknown_agent(name))?,
            ),
        };
    }
    let (id, mut what) = w.debtor(&new).map_err(store_error(None))?;
    if let Some(c) = &d.contact {
        let contact = w.contact(id, c).map_err(store_error(Some("contact_name")))?;
        if what == Upsert::Unchanged && contact != Upsert::Unchanged {
            what = Upsert::Updated;
        }
    }
    Ok(what)
}

fn contact(w: &mut BookWriter<'_>, c: &ContactRecord) -> Result<Upsert, Stop> {
    let id = w
        .debtor_id(&c.debtor_ref)
        .map_err(store_error(None))?
        .ok_or_else(|| rules::unknown_debtor(&c.debtor_ref, false))?;
    w.contact(id, &c.contact).map_err(store_error(None))
}

fn invoice(
    w: &mut BookWriter<'_>,
    i: InvoiceRecord,
    create_debtors: bool,
    tally: &mut Tally,
) -> Result<Upsert, Stop> {
    let id = debtor_id(w, &i.debtor_ref, create_debtors, tally)?;
    let keep = i.keep();
    let (_, what) = w.upsert_invoice(id, i.invoice, keep).map_err(store_error(None))?;
    Ok(what)
}

fn payment(
    w: &mut BookWriter<'_>,
    p: &PaymentRecord,
    create_debtors: bool,
    tally: &mut Tally,
) -> Result<Upsert, Stop> {
    p.check_received(w.today())?;
    let id = debtor_id(w, &p.debtor_ref, create_debtors, tally)?;
    let (_, what) = w.payment(id, &p.payment).map_err(store_error(Some(p.column())))?;
    Ok(what)
}

/// The debtor an invoice or payment names, created as a placeholder with
/// `--create-debtors` when there is none.
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
        return Err(rules::unknown_debtor(reference, true).into());
    }
    let (id, _) = w.debtor(&rules::placeholder_debtor(reference)).map_err(store_error(None))?;
    tally.debtors_created += 1;
    Ok(id)
}
