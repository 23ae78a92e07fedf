//! Receivables as of a past date, from invoices and dated payments: what
//! was issued by then and not yet paid by then.

use chrono::NaiveDate;
use rusqlite::params;

use rusqlite::Connection;
use rustc_hash::FxHashMap;

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

/// The columns and table of the aging report's pass, joined as given.
macro_rules! open_items {
    ($join:literal) => {
        concat!(
            " i.due_on, i.amount_cents - i.paid_cents,
               i.dispute_opened_on IS NOT NULL AND i.dispute_opened_on <= ?1
                 AND (i.dispute_resolved_on IS NULL OR i.dispute_resolved_on > ?1),
               i.id
          FROM invoices i NOT INDEXED ",
            $join,
            " WHERE i.issued_on <= ?1"
        )
    };
}

impl Store {
    /// Every invoice open at the end of `as_of`, labelled by group (see
    /// `for_each_open_item`).
    pub fn open_items(&self, as_of: NaiveDate, by: AgingBy) -> Result<Vec<OpenItem>> {
        let mut out = Vec::new();
        self.for_each_open_item(as_of, by, |item| out.push(item))?;
        Ok(out)
    }

    /// Calls `each` with every invoice open at the end of `as_of`, labelled
    /// by group, in table order.
    ///
    /// What was open then is what is unpaid now (`paid_cents`, the sum of
    /// the invoice's allocations) plus what payments received after `as_of`
    /// paid of it: one index range over the payments since (none for
    /// today), then one pass over the invoices in table order
    /// (`NOT INDEXED`: nearly every invoice is issued by an as-of date, and
    /// following the date index fetches rows in random order). No lookup
    /// per invoice: on a book larger than memory's cache, those made the
    /// report grow faster than the book.
    pub fn for_each_open_item(
        &self,
        as_of: NaiveDate,
        by: AgingBy,
        mut each: impl FnMut(OpenItem),
    ) -> Result<()> {
        let day = date_str(as_of);
        let mut paid_since = paid_since(&self.conn, &day)?;
        let agents: FxHashMap<i64, String> = self
            .conn
            .prepare("SELECT id, name FROM agents")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        // The debtor's columns only when the grouping needs them.
        let sql = match by {
            AgingBy::Total => OPEN_ITEMS_TOTAL,
            _ => OPEN_ITEMS_BY_DEBTOR,
        };
        let mut stmt = self.conn.prepare(sql)?;
        let mut rows = stmt.query(params![day])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(6)?;
            let open = r.get::<_, i64>(4)? + paid_since.of(id);
            if open <= 0 {
                continue;
            }
            let group = match by {
                AgingBy::Total => "all".into(),
                AgingBy::Agent => r
                    .get::<_, Option<i64>>(2)?
                    .and_then(|a| agents.get(&a).cloned())
                    .unwrap_or_else(|| "(unassigned)".into()),
                AgingBy::Debtor => {
                    format!("{} {}", r.get::<_, String>(0)?, r.get::<_, String>(1)?)
                }
            };
            let due: String = r.get(3)?;
            each(OpenItem {
                invoice_id: id,
                group,
                due_on: parse_date(&due).unwrap_or_default(),
                open: Money(open),
                disputed: r.get(5)?,
                interest: ItemInterest::None,
            });
        }
        Ok(())
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

/// The invoices issued by `?1`, what is unpaid of each now, and whether it
/// was in dispute then; the debtor's ref, name and agent first.
pub(super) const OPEN_ITEMS_BY_DEBTOR: &str = concat!(
    "SELECT d.ref, d.name, d.assigned_to,",
    open_items!("JOIN debtors d ON d.id = i.debtor_id")
);

/// As `OPEN_ITEMS_BY_DEBTOR`, for the book's total (no debtor read).
pub(super) const OPEN_ITEMS_TOTAL: &str = concat!("SELECT '', '', NULL,", open_items!(""));

/// What payments received after `day` paid of each invoice.
pub(super) fn paid_since(conn: &Connection, day: &str) -> Result<PaidSince> {
    let mut paid: Vec<(i64, i64)> = Vec::new();
    let mut stmt = conn.prepare_cached(PAID_SINCE)?;
    let mut rows = stmt.query([day])?;
    while let Some(r) = rows.next()? {
        paid.push((r.get(0)?, r.get(1)?));
    }
    // By invoice, each invoice's allocations summed: read beside the
    // invoices, which come in id order, rather than looked up in a table of
    // millions at random.
    paid.sort_unstable_by_key(|p| p.0);
    paid.dedup_by(|later, first| {
        let same = later.0 == first.0;
        if same {
            first.1 += later.1;
        }
        same
    });
    Ok(PaidSince { paid, next: 0 })
}

/// What was paid of each invoice since a day, by invoice id.
pub(super) struct PaidSince {
    paid: Vec<(i64, i64)>,
    /// Where the last invoice asked about was: invoices asked about in id
    /// order are a walk through the list.
    next: usize,
}

impl PaidSince {
    /// What was paid of invoice `id` since the day.
    pub(super) fn of(&mut self, id: i64) -> i64 {
        if self.next > 0 && self.paid.get(self.next - 1).is_some_and(|p| p.0 >= id) {
            // Asked out of order: look it up.
            self.next = self.paid.partition_point(|p| p.0 < id);
        }
        while self.paid.get(self.next).is_some_and(|p| p.0 < id) {
            self.next += 1;
        }
        match self.paid.get(self.next) {
            Some(&(found, cents)) if found == id => {
                self.next += 1;
                cents
            }
            _ => 0,
        }
    }
}

/// Allocations of the payments received after `?1`: a range of one
/// covering index (allocations carry their payment's date, and the index its
/// key).
pub(super) const PAID_SINCE: &str = "SELECT invoice_id, amount_cents
   FROM allocations INDEXED BY allocations_dates
  WHERE received_on > ?1";

#[cfg(test)]
mod tests {
    use super::PaidSince;

    #[test]
    fn paid_since_is_found_in_order_and_out_of_it() {
        let mut p = PaidSince { paid: vec![(2, 10), (5, 7), (9, 1)], next: 0 };
        assert_eq!([1, 2, 3, 5, 9, 10].map(|id| p.of(id)), [0, 10, 0, 7, 1, 0]);
        assert_eq!([9, 2, 5, 5, 4].map(|id| p.of(id)), [1, 10, 7, 7, 0]);
    }
}
