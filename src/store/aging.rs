//! Receivables as of a past date, from invoices and dated payments: what
//! was issued by then and not yet paid by then.

use chrono::NaiveDate;
use rusqlite::params;

use super::{Result, Store, date_str, parse_date};
use crate::domain::Money;
use crate::domain::aging_report::{ItemInterest, OpenItem};

/// How the aging report groups invoices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum AgingBy {
    // The report without --by, not a value of it.
    #[value(skip)]
    Total,
    Agent,
    Debtor,
}

impl Store {
    /// Every invoice open at the end of `as_of`, labelled by group.
    ///
    /// Both queries here read the invoices in table order (`NOT INDEXED`):
    /// nearly every invoice is issued by an as-of date, and following the
    /// date index fetches the rows, their debtors and their allocations in
    /// random order, about nine times slower on a million invoices.
    pub fn open_items(&self, as_of: NaiveDate, by: AgingBy) -> Result<Vec<OpenItem>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.ref, d.name, a.name, i.due_on,
                    i.amount_cents - COALESCE((SELECT SUM(al.amount_cents) FROM allocations al
                        JOIN payments p ON p.id = al.payment_id
                       WHERE al.invoice_id = i.id AND p.received_on <= ?1), 0),
                    i.dispute_opened_on IS NOT NULL AND i.dispute_opened_on <= ?1
                      AND (i.dispute_resolved_on IS NULL OR i.dispute_resolved_on > ?1),
                    i.id
               FROM invoices i NOT INDEXED JOIN debtors d ON d.id = i.debtor_id
               LEFT JOIN agents a ON a.id = d.assigned_to
              WHERE i.issued_on <= ?1",
        )?;
        let rows = stmt.query_map(params![date_str(as_of)], |r| {
            let reference: String = r.get(0)?;
            let name: String = r.get(1)?;
            let agent: Option<String> = r.get(2)?;
            let due: String = r.get(3)?;
            Ok(OpenItem {
                invoice_id: r.get(6)?,
                group: match by {
                    AgingBy::Total => "all".into(),
                    AgingBy::Agent => agent.unwrap_or_else(|| "(unassigned)".into()),
                    AgingBy::Debtor => format!("{reference} {name}"),
                },
                due_on: parse_date(&due).unwrap_or_default(),
                open: Money(r.get(4)?),
                disputed: r.get(5)?,
                interest: ItemInterest::None,
            })
        })?;
        let mut out = Vec::new();
        for row in rows {
            let item = row?;
            if item.open.cents() > 0 {
                out.push(item);
            }
        }
        Ok(out)
    }

    /// Total and not-yet-due receivables at the end of `as_of`.
    pub fn receivables_as_of(&self, as_of: NaiveDate) -> Result<(Money, Money)> {
        let (total, current): (i64, i64) = self.conn.query_row(
            "SELECT COALESCE(SUM(open), 0), COALESCE(SUM(CASE WHEN due_on > ?1 THEN open ELSE 0 END), 0)
               FROM (SELECT i.due_on,
                            i.amount_cents - COALESCE((SELECT SUM(al.amount_cents) FROM allocations al
                                JOIN payments p ON p.id = al.payment_id
                               WHERE al.invoice_id = i.id AND p.received_on <= ?1), 0) AS open
                       FROM invoices i NOT INDEXED WHERE i.issued_on <= ?1)
              WHERE open > 0",
            params![date_str(as_of)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((Money(total), Money(current)))
    }
}
