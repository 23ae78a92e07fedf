//! `recoup check`: SQLite's own integrity checks plus recoup's invariants.

use super::{Result, Store};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckReport {
    pub problems: Vec<String>,
    pub debtors: i64,
    pub invoices: i64,
    pub payments: i64,
    pub notes: i64,
}

impl Store {
    pub fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        let integrity: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if integrity != ["ok"] {
            report.problems.extend(integrity.into_iter().map(|p| format!("integrity: {p}")));
        }
        // A bulk load drops indexes and builds them again before it commits.
        let present = super::migrations::schema_objects(&self.conn)?;
        for (kind, name) in super::migrations::expected_objects()? {
            if !present.iter().any(|(k, n)| *k == kind && *n == name) {
                report.problems.push(format!("the {kind} {name} is missing"));
            }
        }
        let fk: i64 =
            self.conn
                .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
        if fk > 0 {
            report.problems.push(format!("{fk} rows break foreign keys"));
        }
        let checks: [(&str, &str); 5] = [
            (
                "allocations whose copied dates differ from their payment or invoice",
                "SELECT COUNT(*) FROM allocations al
                   JOIN payments p ON p.id = al.payment_id JOIN invoices i ON i.id = al.invoice_id
                  WHERE al.received_on <> p.received_on OR al.issued_on <> i.issued_on",
            ),
            (
                "invoices whose paid amount differs from their allocations",
                "SELECT COUNT(*) FROM invoices i WHERE i.paid_cents <>
                   (SELECT COALESCE(SUM(amount_cents), 0) FROM allocations WHERE invoice_id = i.id)",
            ),
            (
                "invoices paid more than their amount",
                "SELECT COUNT(*) FROM invoices WHERE paid_cents > amount_cents",
            ),
            (
                "payments allocated more than their amount",
                "SELECT COUNT(*) FROM payments p WHERE p.amount_cents <
                   (SELECT COALESCE(SUM(amount_cents), 0) FROM allocations WHERE payment_id = p.id)",
            ),
            (
                "debtors without a summary row, or summaries whose balance is stale",
                "SELECT COUNT(*) FROM debtors d LEFT JOIN debtor_summary s ON s.debtor_id = d.id
                  WHERE s.debtor_id IS NULL OR s.balance_cents <>
                   (SELECT COALESCE(SUM(amount_cents - paid_cents), 0) FROM invoices
                     WHERE debtor_id = d.id)",
            ),
        ];
        for (what, sql) in checks {
            let n: i64 = self.conn.query_row(sql, [], |r| r.get(0))?;
            if n > 0 {
                report.problems.push(format!("{n} {what}"));
            }
        }
        let count = |table: &str| -> Result<i64> {
            Ok(self.conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?)
        };
        report.debtors = count("debtors")?;
        report.invoices = count("invoices")?;
        report.payments = count("payments")?;
        report.notes = count("notes")?;
        Ok(report)
    }
}
