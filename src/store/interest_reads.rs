//! What the interest figures are computed from, read without scanning the
//! book: for one debtor (the account view), or every debtor with a regime
//! other than `none` in one pass (`report interest`), ordered by debtor ref,
//! then invoice (due date, number). Plain rows; the domain computes.
//!
//! Disputes: the book keeps one dispute period per invoice (the latest:
//! opened, and resolved or not) and no outcome, so `dispute` says only when.

use std::iter::Peekable;

use chrono::NaiveDate;
use rusqlite::{Row, ToSql};

use super::waivers::{WAIVER_COLUMNS, WaiverRow, waiver_row};
use super::{Result, Store, parse_date};
use crate::domain::Money;
use crate::domain::interest_terms::InterestRegime;

/// Money paid towards an invoice on a day (one allocation of a payment).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paid {
    pub payment_id: i64,
    pub received_on: NaiveDate,
    pub amount: Money,
}

/// An invoice's dispute: when it was opened (if known) and resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DisputePeriod {
    pub opened_on: Option<NaiveDate>,
    /// `None`: still in dispute.
    pub resolved_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterestInvoice {
    pub id: i64,
    pub number: String,
    pub amount: Money,
    pub due_on: NaiveDate,
    pub balance: Money,
    pub dispute: Option<DisputePeriod>,
    /// Every allocation to it, oldest first.
    pub paid: Vec<Paid>,
}

/// A payment not tied to an invoice (what `allocation_order` spreads).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UntiedPayment {
    pub id: i64,
    pub received_on: NaiveDate,
    pub amount: Money,
}

/// Everything one debtor's interest is computed from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DebtorInterest {
    pub debtor_id: i64,
    pub debtor_ref: String,
    pub regime: InterestRegime,
    /// Basis points: the contract rate, or the margin for `uk` and `eu`.
    pub rate: i64,
    pub invoices: Vec<InterestInvoice>,
    pub untied_payments: Vec<UntiedPayment>,
    pub waivers: Vec<WaiverRow>,
}

impl Store {
    /// One debtor's interest inputs; `None` when there is no such debtor.
    pub fn debtor_interest(&self, debtor_id: i64) -> Result<Option<DebtorInterest>> {
        let mut found = None;
        self.interest_rows("debtors d", "d.id = ?1", &[&debtor_id], &mut |d| {
            found = Some(d);
            Ok(())
        })?;
        Ok(found)
    }

    /// Every debtor with a regime other than `none`, by ref, handed to `f`
    /// one at a time: five ordered statements read side by side, no query
    /// per debtor.
    pub fn for_each_interest_debtor(
        &self,
        mut f: impl FnMut(DebtorInterest) -> Result<()>,
    ) -> Result<()> {
        // The partial index, named: a book has no statistics, and without
        // them SQLite would walk every debtor by ref instead.
        self.interest_rows(
            "debtors d INDEXED BY debtors_interest",
            "d.interest <> 'none'",
            &[],
            &mut f,
        )
    }

    fn interest_rows(
        &self,
        debtors: &str,
        filter: &str,
        params: &[&dyn ToSql],
        f: &mut dyn FnMut(DebtorInterest) -> Result<()>,
    ) -> Result<()> {
        // Every stream is ordered by debtor ref alone (unique, so a
        // debtor's rows come together, and the index walk needs no sort);
        // within a debtor the rows are put in order here, cheaper than a
        // temporary B-tree per statement.
        let sql = |select: &str, from: &str| {
            format!("SELECT d.id, {select} FROM {debtors} {from} WHERE {filter} ORDER BY d.ref")
        };
        let mut debtors = self.conn.prepare(&sql("d.ref, d.interest, d.interest_rate", ""))?;
        let mut invoices = self.conn.prepare(&sql(
            "i.id, i.number, i.amount_cents, i.due_on, i.amount_cents - i.paid_cents,
             i.dispute_reason IS NOT NULL OR i.dispute_opened_on IS NOT NULL,
             i.dispute_opened_on, i.dispute_resolved_on",
            "JOIN invoices i ON i.debtor_id = d.id",
        ))?;
        let mut paid = self.conn.prepare(&sql(
            "a.invoice_id, a.payment_id, a.received_on, a.amount_cents",
            "JOIN invoices i ON i.debtor_id = d.id
             JOIN allocations a INDEXED BY allocations_paid ON a.invoice_id = i.id",
        ))?;
        let mut untied = self.conn.prepare(&sql(
            "p.id, p.received_on, p.amount_cents",
            "JOIN payments p INDEXED BY payments_untied
               ON p.debtor_id = d.id AND p.invoice_id IS NULL",
        ))?;
        let mut waivers = self.conn.prepare(&sql(
            WAIVER_COLUMNS,
            "JOIN interest_waivers w ON w.debtor_id = d.id
             LEFT JOIN invoices i ON i.id = w.invoice_id
             LEFT JOIN agents a ON a.id = w.by_agent
             LEFT JOIN promises p ON p.id = w.promise_id",
        ))?;
        let mut invoices = invoices.query_map(params, |r| keyed(r, invoice_row))?.peekable();
        let mut paid = paid.query_map(params, |r| keyed(r, paid_row))?.peekable();
        let mut untied = untied.query_map(params, |r| keyed(r, untied_row))?.peekable();
        let mut waivers = waivers.query_map(params, |r| keyed(r, |r| waiver_row(r, 1)))?.peekable();
        let rows = debtors.query_map(params, |r| {
            let regime: String = r.get(2)?;
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, regime, r.get::<_, i64>(3)?))
        })?;
        for row in rows {
            let (debtor_id, debtor_ref, regime, rate) = row?;
            let mut invoices = of_debtor(&mut invoices, debtor_id)?;
            invoices.sort_by(|a, b| (a.due_on, &a.number, a.id).cmp(&(b.due_on, &b.number, b.id)));
            let mut paid = of_debtor(&mut paid, debtor_id)?;
            paid.sort_by_key(|(invoice, p)| (*invoice, p.received_on, p.payment_id));
            for invoice in &mut invoices {
                let from = paid.partition_point(|(id, _)| *id < invoice.id);
                let to = paid.partition_point(|(id, _)| *id <= invoice.id);
                invoice.paid = paid[from..to].iter().map(|(_, p)| *p).collect();
            }
            let mut untied_payments = of_debtor(&mut untied, debtor_id)?;
            untied_payments.sort_by_key(|p| (p.received_on, p.id));
            let mut waivers = of_debtor(&mut waivers, debtor_id)?;
            waivers.sort_by_key(|w| w.id);
            f(DebtorInterest {
                debtor_id,
                debtor_ref,
                // The table's CHECK keeps the regime to the four words.
                regime: regime.parse().unwrap_or_default(),
                rate,
                invoices,
                untied_payments,
                waivers,
            })?;
        }
        Ok(())
    }
}

/// A row of a stream with its debtor id (column 0) first.
fn keyed<T>(
    r: &Row<'_>,
    f: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<(i64, T)> {
    Ok((r.get(0)?, f(r)?))
}

/// The stream's rows for this debtor (all next in it: every stream is in
/// the same debtor order).
fn of_debtor<T>(
    rows: &mut Peekable<impl Iterator<Item = rusqlite::Result<(i64, T)>>>,
    debtor_id: i64,
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    while let Some(next) = rows.next_if(|r| r.as_ref().map_or(true, |(id, _)| *id == debtor_id)) {
        out.push(next?.1);
    }
    Ok(out)
}

/// A date column the store wrote; a bad one reads as an error, not a guess.
fn date(r: &Row<'_>, i: usize) -> rusqlite::Result<NaiveDate> {
    let text: String = r.get(i)?;
    parse_date(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("{text:?} is not a YYYY-MM-DD date").into(),
        )
    })
}

fn optional_date(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    Ok(r.get::<_, Option<String>>(i)?.as_deref().and_then(parse_date))
}

fn invoice_row(r: &Row<'_>) -> rusqlite::Result<InterestInvoice> {
    let disputed: bool = r.get(6)?;
    Ok(InterestInvoice {
        id: r.get(1)?,
        number: r.get(2)?,
        amount: Money(r.get(3)?),
        due_on: date(r, 4)?,
        balance: Money(r.get(5)?),
        dispute: if disputed {
            Some(DisputePeriod {
                opened_on: optional_date(r, 7)?,
                resolved_on: optional_date(r, 8)?,
            })
        } else {
            None
        },
        paid: Vec::new(),
    })
}

fn paid_row(r: &Row<'_>) -> rusqlite::Result<(i64, Paid)> {
    let paid = Paid { payment_id: r.get(2)?, received_on: date(r, 3)?, amount: Money(r.get(4)?) };
    Ok((r.get(1)?, paid))
}

fn untied_row(r: &Row<'_>) -> rusqlite::Result<UntiedPayment> {
    Ok(UntiedPayment { id: r.get(1)?, received_on: date(r, 2)?, amount: Money(r.get(3)?) })
}
