//! `recoup check`: SQLite's own integrity checks plus recoup's invariants.

use std::path::Path;

use chrono_tz::Tz;
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::check_audit::{self, AuditEnd};
use super::{Result, Store, StoreError, audit, book, migrations};
use crate::domain::Money;
use crate::domain::text::quote;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckReport {
    pub problems: Vec<String>,
    pub debtors: i64,
    pub invoices: i64,
    pub payments: i64,
    pub notes: i64,
    /// The book's time zone: its name, or what is stored and why it cannot
    /// be read.
    pub timezone: String,
    /// How long the audit log is and its last row, for a lead to note.
    pub audit: AuditEnd,
}

/// Looks at a file without opening it as a book (nothing is written, no
/// migration runs): whether it is a recoup book of a known version, and
/// SQLite's own integrity check line by line. An empty list means the
/// file can be opened and checked further.
pub fn inspect(path: &Path) -> Result<Vec<String>> {
    super::book_file(path)?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    match migrations::identify(&conn, path) {
        Ok(_) => {}
        Err(e @ (StoreError::UnknownVersion { .. } | StoreError::NotABook { .. })) => {
            return Ok(vec![e.to_string()]);
        }
        Err(e) => return Err(e),
    }
    // integrity_check stops with "malformed" on some damage that
    // quick_check still describes page by page: say what either can.
    let lines = integrity_lines(&conn, "integrity_check")
        .or_else(|first| integrity_lines(&conn, "quick_check").map_err(|_| first));
    Ok(match lines {
        Ok(lines) if lines == ["ok"] => Vec::new(),
        // One line per problem; a row may hold several.
        Ok(lines) => lines
            .iter()
            .flat_map(|l| l.lines())
            .filter(|l| !l.starts_with("***") && !l.trim().is_empty())
            .map(|l| format!("integrity: {l}"))
            .collect(),
        Err(e) => vec![format!("integrity: {}", StoreError::from(e))],
    })
}

fn integrity_lines(conn: &Connection, pragma: &str) -> rusqlite::Result<Vec<String>> {
    conn.prepare(&format!("PRAGMA {pragma}"))?.query_map([], |r| r.get::<_, String>(0))?.collect()
}

/// The book's time zone as `check` prints it: the zone's name, or, when
/// what is stored cannot be read, that value and why.
fn zone_as_stored(conn: &Connection) -> Result<String> {
    let stored: Option<Value> = conn
        .query_row("SELECT value FROM meta WHERE key = 'rule.timezone'", [], |r| r.get(0))
        .optional()?;
    let unreadable = |shown: String, why: &str| format!("{shown} as stored, unreadable: {why}");
    Ok(match stored {
        None => "UTC (the default: the book stores no time zone)".to_owned(),
        Some(Value::Text(text)) => match text.trim().parse::<Tz>() {
            Ok(zone) => zone.name().to_owned(),
            Err(_) => unreadable(quote(&text), "not an IANA time zone (like Europe/London)"),
        },
        Some(Value::Blob(bytes)) => {
            unreadable(format!("{} bytes of binary data", bytes.len()), "a time zone is text")
        }
        Some(other) => unreadable(format!("{other:?}"), "a time zone is text"),
    })
}

/// recoup's invariants, each a count of the rows that break it.
const INVARIANTS: [(&str, &str); 5] = [
    (
        "allocations whose copied dates differ from their payment or invoice",
        "SELECT COUNT(*) FROM allocations al
               JOIN payments p ON p.id = al.payment_id JOIN invoices i ON i.id = al.invoice_id
              WHERE al.received_on <> p.received_on OR al.issued_on <> i.issued_on
                 OR al.due_on <> i.due_on",
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

impl Store {
    /// SQLite's integrity check, the audit chain, the schema, recoup's
    /// invariants and limits; and how much the book holds.
    pub fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        self.check_file(&mut report)?;
        self.check_time_zones(&mut report)?;
        self.check_schema(&mut report)?;
        self.check_invariants(&mut report)?;
        let count = |table: &str| -> Result<i64> {
            Ok(self.conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?)
        };
        report.debtors = count("debtors")?;
        report.invoices = count("invoices")?;
        report.payments = count("payments")?;
        report.notes = count("notes")?;
        report.audit = check_audit::end(&self.conn)?;
        Ok(report)
    }

    /// SQLite's integrity check, the book's rules (its time zone), the audit
    /// chain and the notes against the audit rows that recorded them.
    fn check_file(&self, report: &mut CheckReport) -> Result<()> {
        let integrity: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if integrity != ["ok"] {
            report.problems.extend(integrity.into_iter().map(|p| format!("integrity: {p}")));
        }
        match book::rules(&self.conn) {
            Ok(_) => {}
            Err(e @ StoreError::Refused(_)) => report.problems.push(e.to_string()),
            Err(e) => report.problems.push(format!("the book's rules cannot be read: {e}")),
        }
        report.timezone = zone_as_stored(&self.conn)?;
        if let Some(broken) = audit::first_break(&self.conn)? {
            report.problems.push(broken);
        }
        report.problems.extend(check_audit::notes_against_audit(&self.conn)?);
        report.problems.extend(super::maps::maps_against_audit(&self.conn)?);
        Ok(())
    }

    /// Every table, index and trigger there (a bulk load drops indexes and
    /// builds them again before it commits), and no broken foreign key.
    fn check_schema(&self, report: &mut CheckReport) -> Result<()> {
        let present = migrations::schema_objects(&self.conn)?;
        for (kind, name) in migrations::expected_objects()? {
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
        Ok(())
    }

    /// recoup's invariants over the figures, and amounts within the cap.
    fn check_invariants(&self, report: &mut CheckReport) -> Result<()> {
        for (what, sql) in INVARIANTS {
            let n: i64 = self.conn.query_row(sql, [], |r| r.get(0))?;
            if n > 0 {
                report.problems.push(format!("{n} {what}"));
            }
        }
        // Amounts from before the cap (or written around recoup) can make
        // sums overflow.
        let over: i64 = self.conn.query_row(
            "SELECT (SELECT COUNT(*) FROM invoices WHERE amount_cents > ?1)
                  + (SELECT COUNT(*) FROM payments WHERE amount_cents > ?1)",
            [Money::MAX.cents()],
            |r| r.get(0),
        )?;
        if over > 0 {
            report.problems.push(format!(
                "{over} invoice or payment amounts above {}, the largest recoup takes",
                Money::MAX.format()
            ));
        }
        Ok(())
    }

    /// Debtors and contacts whose time zone is not an IANA zone: the calling
    /// hours check cannot be made for them. One line per bad zone.
    fn check_time_zones(&self, report: &mut CheckReport) -> Result<()> {
        let zones: Vec<(String, String, i64, String)> = self
            .conn
            .prepare(
                "SELECT timezone, 'debtor', COUNT(*), MIN(ref) FROM debtors GROUP BY timezone
                 UNION ALL
                 SELECT c.timezone, 'contact', COUNT(*), MIN(d.ref)
                   FROM contacts c JOIN debtors d ON d.id = c.debtor_id
                  WHERE c.timezone IS NOT NULL AND c.timezone <> '' GROUP BY c.timezone",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (zone, what, n, example) in zones {
            if zone.parse::<Tz>().is_err() {
                let who = match n {
                    1 => format!("{what} {example:?} has"),
                    n => format!("{n} {what}s (e.g. {example:?}) have"),
                };
                report.problems.push(format!(
                    "{who} time zone {zone:?}, which is not an IANA zone (like Europe/London): calling hours cannot be checked"
                ));
            }
        }
        Ok(())
    }
}
