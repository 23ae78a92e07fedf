//! Debtors and their contacts in a bulk write: found by ref, inserted or
//! updated, each change to an existing debtor audited with before and after.

use rusqlite::{OptionalExtension, params};

use super::bulk::{BookWriter, NewContact, NewDebtor, Upsert};
use super::{Result, audit, date_str};
use crate::domain::interest_terms::format_percent;
use crate::domain::people::DebtorStatus;

impl BookWriter<'_> {
    pub fn debtor_id(&mut self, reference: &str) -> Result<Option<i64>> {
        if let Some(id) = self.refs.get(reference) {
            return Ok(Some(*id));
        }
        if self.refs_complete {
            return Ok(None);
        }
        let id: Option<i64> = self
            .tx
            .prepare_cached("SELECT id FROM debtors WHERE ref = ?1")?
            .query_row([reference], |r| r.get(0))
            .optional()?;
        if let Some(id) = id {
            self.refs.insert(reference.to_owned(), id);
        }
        Ok(id)
    }

    pub fn agent_id(&self, name: &str) -> Result<Option<i64>> {
        Ok(self
            .tx
            .prepare_cached("SELECT id FROM agents WHERE name = ?1")?
            .query_row([name], |r| r.get(0))
            .optional()?)
    }

    /// The stored debtor with this ref, as an upsert would write it.
    pub fn existing_debtor(&mut self, reference: &str) -> Result<Option<NewDebtor>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT ref, name, timezone, terms_days, terms_accepted_on, assigned_to, status,
                        do_not_call, interest, interest_rate, address, strategy
                   FROM debtors WHERE ref = ?1",
            )?
            .query_row([reference], |r| {
                let accepted: Option<String> = r.get(4)?;
                let status: String = r.get(6)?;
                let interest: String = r.get(8)?;
                Ok(NewDebtor {
                    reference: r.get(0)?,
                    name: r.get(1)?,
                    timezone: r.get(2)?,
                    terms_days: r.get(3)?,
                    terms_accepted_on: accepted.as_deref().and_then(super::parse_date),
                    assigned_to: r.get(5)?,
                    status: status.parse().unwrap_or(DebtorStatus::Active),
                    do_not_call: r.get(7)?,
                    interest: interest.parse().unwrap_or_default(),
                    interest_rate: r.get(9)?,
                    address: r.get(10)?,
                    strategy: r.get(11)?,
                })
            })
            .optional()?)
    }

    /// Inserts or updates a debtor by ref.
    pub fn debtor(&mut self, d: &NewDebtor) -> Result<(i64, Upsert)> {
        let values = params![
            d.reference,
            d.name,
            d.timezone,
            d.terms_days,
            d.terms_accepted_on.map(date_str),
            d.assigned_to,
            d.status.as_str(),
            d.do_not_call,
            d.interest.as_str(),
            d.interest_rate,
            d.address,
            d.strategy
        ];
        let existing = self.debtor_id(&d.reference)?;
        let (id, what) = match existing {
            None => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO debtors (ref, name, timezone, terms_days, terms_accepted_on,
                                              assigned_to, status, do_not_call, interest,
                                              interest_rate, address, strategy)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                    )?
                    .execute(values)?;
                let id = self.tx.last_insert_rowid();
                self.refs.insert(d.reference.clone(), id);
                self.created.insert(id);
                (id, Upsert::New)
            }
            Some(id) => {
                let before = match self.acting {
                    Some(_) => self.existing_debtor(&d.reference)?,
                    None => None,
                };
                let changed = self
                    .tx
                    .prepare_cached(
                        "UPDATE debtors SET name = ?2, timezone = ?3, terms_days = ?4,
                                terms_accepted_on = ?5, assigned_to = ?6, status = ?7,
                                do_not_call = ?8, interest = ?9, interest_rate = ?10,
                                address = ?11, strategy = ?12
                         WHERE ref = ?1 AND (name IS NOT ?2 OR timezone IS NOT ?3
                               OR terms_days IS NOT ?4 OR terms_accepted_on IS NOT ?5
                               OR assigned_to IS NOT ?6 OR status IS NOT ?7
                               OR do_not_call IS NOT ?8 OR interest IS NOT ?9
                               OR interest_rate IS NOT ?10 OR address IS NOT ?11
                               OR strategy IS NOT ?12)",
                    )?
                    .execute(values)?;
                if let (Some(before), true) = (before, changed > 0) {
                    self.audit_debtor_change(id, &before, d)?;
                }
                (id, if changed > 0 { Upsert::Updated } else { Upsert::Unchanged })
            }
        };
        if what != Upsert::Unchanged {
            self.touch(id);
        }
        Ok((id, what))
    }

    /// One audit row for a debtor an import changed: the fields that
    /// changed, before and after, agents by name.
    fn audit_debtor_change(&mut self, id: i64, old: &NewDebtor, new: &NewDebtor) -> Result<()> {
        let agent = |id: Option<i64>| -> Result<String> {
            Ok(match id {
                None => "(unassigned)".to_owned(),
                Some(id) => self
                    .tx
                    .prepare_cached("SELECT name FROM agents WHERE id = ?1")?
                    .query_row([id], |r| r.get(0))
                    .optional()?
                    .unwrap_or_else(|| format!("agent {id}")),
            })
        };
        let date = |d: Option<chrono::NaiveDate>| d.map(date_str).unwrap_or_default();
        let fields = [
            ("name", old.name.clone(), new.name.clone()),
            ("timezone", old.timezone.clone(), new.timezone.clone()),
            ("terms_days", old.terms_days.to_string(), new.terms_days.to_string()),
            ("terms_accepted_on", date(old.terms_accepted_on), date(new.terms_accepted_on)),
            ("assigned_to", agent(old.assigned_to)?, agent(new.assigned_to)?),
            ("status", old.status.as_str().to_owned(), new.status.as_str().to_owned()),
            ("do_not_call", yes_no(old.do_not_call), yes_no(new.do_not_call)),
            ("interest", old.interest.as_str().to_owned(), new.interest.as_str().to_owned()),
            ("interest_rate", format_percent(old.interest_rate), format_percent(new.interest_rate)),
            ("address", old.address.replace('\n', " | "), new.address.replace('\n', " | ")),
            (
                "strategy",
                old.strategy.clone().unwrap_or_default(),
                new.strategy.clone().unwrap_or_default(),
            ),
        ];
        let changed: Vec<_> = fields.iter().filter(|(_, a, b)| a != b).collect();
        let side = |after: bool| {
            let value = |f: &(&str, String, String)| if after { f.2.clone() } else { f.1.clone() };
            changed.iter().map(|f| format!("{}={}", f.0, value(f))).collect::<Vec<_>>().join("; ")
        };
        audit::record(
            &self.tx,
            self.at.now,
            self.acting,
            audit::Change {
                entity: "debtor",
                entity_id: Some(id),
                action: "import",
                before: &side(false),
                after: &side(true),
            },
        )
    }

    /// Inserts or updates a contact by (debtor, name).
    pub fn contact(&mut self, debtor_id: i64, c: &NewContact) -> Result<Upsert> {
        let digits: String = c.phone.chars().filter(|ch| ch.is_ascii_digit()).collect();
        let values =
            params![debtor_id, c.name, c.role, c.phone, digits, c.email, c.timezone, c.primary];
        let exists: bool = self
            .tx
            .prepare_cached("SELECT 1 FROM contacts WHERE debtor_id = ?1 AND name = ?2")?
            .query_row(params![debtor_id, c.name], |_| Ok(()))
            .optional()?
            .is_some();
        let what = if exists {
            let n = self
                .tx
                .prepare_cached(
                    "UPDATE contacts SET role = ?3, phone = ?4, phone_digits = ?5, email = ?6,
                            timezone = ?7, is_primary = ?8
                     WHERE debtor_id = ?1 AND name = ?2 AND (role IS NOT ?3 OR phone IS NOT ?4
                           OR email IS NOT ?6 OR timezone IS NOT ?7 OR is_primary IS NOT ?8)",
                )?
                .execute(values)?;
            if n > 0 { Upsert::Updated } else { Upsert::Unchanged }
        } else {
            self.tx
                .prepare_cached(
                    "INSERT INTO contacts (debtor_id, name, role, phone, phone_digits, email,
                                           timezone, is_primary)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(values)?;
            Upsert::New
        };
        if what != Upsert::Unchanged {
            self.touch(debtor_id);
        }
        Ok(what)
    }
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_owned()
}
