//! Exports: every record of a kind as rows of text, in a stable order.

use super::{Result, Store, StoreError};
use crate::domain::Money;
use crate::domain::csv_columns;
use crate::domain::interest_terms::format_percent;

/// The headers of the kinds an import reads back: its columns, then the
/// derived ones.
const DEBTORS: [&str; csv_columns::DEBTORS.len() + 2] =
    joined(&[&csv_columns::DEBTORS, &["balance", "overdue"]]);
const CONTACTS: [&str; csv_columns::CONTACTS.len() + 1] =
    joined(&[&csv_columns::CONTACTS, &["debtor_name"]]);
const INVOICES: [&str; csv_columns::INVOICES.len() + 1 + csv_columns::INVOICE_DISPUTE_DATES.len()] =
    joined(&[&csv_columns::INVOICES, &["balance"], &csv_columns::INVOICE_DISPUTE_DATES]);
const PAYMENTS: [&str; csv_columns::PAYMENTS.len() + 1] =
    joined(&[&csv_columns::PAYMENTS, &["allocated"]]);

/// `parts` one after the other; `N` is their length in all (checked when
/// compiling).
const fn joined<const N: usize>(parts: &[&[&'static str]]) -> [&'static str; N] {
    let mut out = [""; N];
    let (mut part, mut at) = (0, 0);
    while part < parts.len() {
        let mut i = 0;
        while i < parts[part].len() {
            out[at] = parts[part][i];
            at += 1;
            i += 1;
        }
        part += 1;
    }
    assert!(at == N, "the parts do not fill the header");
    out
}

// What each export reads, in the order of its columns.

const DEBTORS_SQL: &str = "SELECT d.ref, d.name, c.name, c.role, c.phone, c.email, d.timezone,
            d.terms_days, d.terms_accepted_on, a.name, d.status,
            CASE d.do_not_call WHEN 1 THEN 'yes' ELSE 'no' END,
            d.interest, d.interest_rate, replace(d.address, char(10), ' | '),
            COALESCE(d.strategy, ''), s.balance_cents, s.overdue_cents
       FROM debtors d
       LEFT JOIN contacts c ON c.id = (SELECT id FROM contacts
            WHERE debtor_id = d.id ORDER BY is_primary DESC, id LIMIT 1)
       LEFT JOIN agents a ON a.id = d.assigned_to
       LEFT JOIN debtor_summary s ON s.debtor_id = d.id
      ORDER BY d.ref";

/// Every contact, the primary one of each debtor first.
const CONTACTS_SQL: &str = "SELECT d.ref, c.name, c.role, c.phone, c.email, c.timezone,
            CASE c.is_primary WHEN 1 THEN 'yes' ELSE 'no' END, d.name
       FROM contacts c JOIN debtors d ON d.id = c.debtor_id
      ORDER BY d.ref, c.is_primary DESC, c.name";

const INVOICES_SQL: &str =
    "SELECT d.ref, i.number, i.supplied_on, i.issued_on, i.due_on, i.amount_cents,
            i.currency,
            CASE WHEN i.dispute_opened_on IS NOT NULL AND i.dispute_resolved_on IS NULL
                 THEN 'yes' ELSE 'no' END,
            i.dispute_reason, i.amount_cents - i.paid_cents, i.dispute_opened_on,
            i.dispute_resolved_on
       FROM invoices i JOIN debtors d ON d.id = i.debtor_id
      ORDER BY d.ref, i.number";

const PAYMENTS_SQL: &str = "SELECT d.ref, p.received_on, p.amount_cents, i.number, p.reference,
            (SELECT COALESCE(SUM(amount_cents), 0) FROM allocations WHERE payment_id = p.id)
       FROM payments p JOIN debtors d ON d.id = p.debtor_id
       LEFT JOIN invoices i ON i.id = p.invoice_id
      ORDER BY d.ref, p.received_on, p.id";

const PROMISES_SQL: &str = "SELECT d.ref, p.amount_cents, p.due_on, p.made_on, a.name,
            (SELECT group_concat(i.number, ' ') FROM promise_invoices pi
               JOIN invoices i ON i.id = pi.invoice_id WHERE pi.promise_id = p.id),
            p.status, p.paid_cents, p.shortfall_cents
       FROM promises p JOIN debtors d ON d.id = p.debtor_id
       LEFT JOIN agents a ON a.id = p.agent_id
      ORDER BY d.ref, p.due_on, p.id";

const CALLS_SQL: &str = "SELECT d.ref, a.name, c.started_at, c.ended_at,
            CAST(strftime('%s', c.ended_at) - strftime('%s', c.started_at) AS INTEGER),
            c.outcome, c.next_contact_at, c.goal, c.checklist, c.overrides
       FROM calls c JOIN debtors d ON d.id = c.debtor_id
       JOIN agents a ON a.id = c.agent_id
      ORDER BY c.started_at, c.id";

const NOTES_SQL: &str =
    "SELECT n.id, d.ref, n.created_at, a.name, n.call_id, n.amends_note_id, n.body
       FROM notes n JOIN debtors d ON d.id = n.debtor_id
       JOIN agents a ON a.id = n.agent_id
      ORDER BY n.id";

/// The debtor and invoices a row is about, by the names a lead
/// knows them by; `entity_id` stays for machines.
const AUDIT_SQL: &str =
    "SELECT l.id, l.at, a.name, l.entity, l.entity_id, l.action, l.before, l.after,
            CASE l.entity
              WHEN 'debtor' THEN (SELECT ref FROM debtors WHERE id = l.entity_id)
              WHEN 'invoice' THEN (SELECT d.ref FROM invoices i
                   JOIN debtors d ON d.id = i.debtor_id WHERE i.id = l.entity_id)
              WHEN 'promise' THEN (SELECT d.ref FROM promises p
                   JOIN debtors d ON d.id = p.debtor_id WHERE p.id = l.entity_id)
              WHEN 'payment' THEN (SELECT d.ref FROM payments p
                   JOIN debtors d ON d.id = p.debtor_id WHERE p.id = l.entity_id)
              WHEN 'call' THEN (SELECT d.ref FROM calls c
                   JOIN debtors d ON d.id = c.debtor_id WHERE c.id = l.entity_id)
              WHEN 'note' THEN (SELECT d.ref FROM notes n
                   JOIN debtors d ON d.id = n.debtor_id WHERE n.id = l.entity_id)
              WHEN 'waiver' THEN (SELECT d.ref FROM interest_waivers w
                   JOIN debtors d ON d.id = w.debtor_id WHERE w.id = l.entity_id)
            END,
            CASE l.entity
              WHEN 'invoice' THEN (SELECT number FROM invoices WHERE id = l.entity_id)
              WHEN 'promise' THEN (SELECT group_concat(i.number, ' ')
                   FROM promise_invoices pi JOIN invoices i ON i.id = pi.invoice_id
                  WHERE pi.promise_id = l.entity_id)
              WHEN 'payment' THEN (SELECT i.number FROM payments p
                   JOIN invoices i ON i.id = p.invoice_id WHERE p.id = l.entity_id)
              WHEN 'waiver' THEN (SELECT i.number FROM interest_waivers w
                   JOIN invoices i ON i.id = w.invoice_id WHERE w.id = l.entity_id)
            END
       FROM audit_log l LEFT JOIN agents a ON a.id = l.agent_id
      ORDER BY l.id";

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportKind {
    Debtors,
    Contacts,
    Invoices,
    Payments,
    Promises,
    Calls,
    Notes,
    Audit,
}

impl ExportKind {
    pub fn name(self) -> &'static str {
        match self {
            ExportKind::Debtors => "debtors",
            ExportKind::Contacts => "contacts",
            ExportKind::Invoices => "invoices",
            ExportKind::Payments => "payments",
            ExportKind::Promises => "promises",
            ExportKind::Calls => "calls",
            ExportKind::Notes => "notes",
            ExportKind::Audit => "audit",
        }
    }

    /// The header: recoup's own import columns first, then derived ones.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            ExportKind::Debtors => &DEBTORS,
            ExportKind::Contacts => &CONTACTS,
            ExportKind::Invoices => &INVOICES,
            ExportKind::Payments => &PAYMENTS,
            ExportKind::Promises => &[
                "debtor_ref",
                "amount",
                "due_on",
                "made_on",
                "agent",
                "invoices",
                "status",
                "paid",
                "shortfall",
            ],
            ExportKind::Calls => &[
                "debtor_ref",
                "agent",
                "started_at",
                "ended_at",
                "duration_seconds",
                "outcome",
                "next_contact_at",
                "goal",
                "checklist",
                "overrides",
            ],
            ExportKind::Notes => {
                &["id", "debtor_ref", "created_at", "agent", "call_id", "amends_note_id", "body"]
            }
            ExportKind::Audit => &[
                "id",
                "at",
                "agent",
                "entity",
                "entity_id",
                "action",
                "before",
                "after",
                "debtor_ref",
                "invoice_number",
            ],
        }
    }

    fn sql(self) -> &'static str {
        match self {
            ExportKind::Debtors => DEBTORS_SQL,
            ExportKind::Contacts => CONTACTS_SQL,
            ExportKind::Invoices => INVOICES_SQL,
            ExportKind::Payments => PAYMENTS_SQL,
            ExportKind::Promises => PROMISES_SQL,
            ExportKind::Calls => CALLS_SQL,
            ExportKind::Notes => NOTES_SQL,
            ExportKind::Audit => AUDIT_SQL,
        }
    }

    /// Columns holding cents, written as decimal amounts.
    fn money_columns(self) -> &'static [&'static str] {
        match self {
            ExportKind::Debtors => &["balance", "overdue"],
            ExportKind::Invoices => &["amount", "balance"],
            ExportKind::Payments => &["amount", "allocated"],
            ExportKind::Promises => &["amount", "paid", "shortfall"],
            _ => &[],
        }
    }
}

impl Store {
    /// Streams every record of a kind to `row`, in a stable order.
    pub fn export<E: From<StoreError>>(
        &self,
        kind: ExportKind,
        mut row: impl FnMut(&[String]) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let columns = kind.columns();
        let forms: Vec<Form> = columns
            .iter()
            .map(|c| match () {
                _ if kind.money_columns().contains(c) => Form::Money,
                _ if kind == ExportKind::Debtors && *c == "interest_rate" => Form::Percent,
                _ => Form::Plain,
            })
            .collect();
        let mut stmt = self.conn.prepare(kind.sql()).map_err(StoreError::from)?;
        let mut rows = stmt.query([]).map_err(StoreError::from)?;
        let mut values = Vec::with_capacity(columns.len());
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            values.clear();
            for (i, form) in forms.iter().enumerate() {
                values.push(text(r, i, *form)?);
            }
            row(&values)?;
        }
        Ok(())
    }
}

/// How a column's integers are written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Plain,
    /// Cents, as a decimal amount.
    Money,
    /// Basis points, as a percent ("8", "10.5") an import reads back.
    Percent,
}

fn text(r: &rusqlite::Row<'_>, i: usize, form: Form) -> Result<String> {
    use rusqlite::types::ValueRef;
    Ok(match r.get_ref(i)? {
        ValueRef::Null => String::new(),
        ValueRef::Integer(n) if form == Form::Money => Money(n).format_plain(),
        ValueRef::Integer(n) if form == Form::Percent => format_percent(n),
        ValueRef::Integer(n) => n.to_string(),
        ValueRef::Real(f) => f.to_string(),
        ValueRef::Text(t) | ValueRef::Blob(t) => String::from_utf8_lossy(t).into_owned(),
    })
}
