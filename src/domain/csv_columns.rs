//! recoup's own CSV columns for each kind of record: the one list an import
//! reads and an export writes first (an export's derived columns follow).

pub const DEBTORS: [&str; 16] = [
    "ref",
    "name",
    "contact_name",
    "contact_role",
    "phone",
    "email",
    "timezone",
    "terms_days",
    "terms_accepted_on",
    "assigned_to",
    "status",
    "do_not_call",
    "interest",
    "interest_rate",
    "address",
    "strategy",
];

pub const CONTACTS: [&str; 7] =
    ["debtor_ref", "name", "role", "phone", "email", "timezone", "primary"];

pub const INVOICES: [&str; 9] = [
    "debtor_ref",
    "number",
    "supplied_on",
    "issued_on",
    "due_on",
    "amount",
    "currency",
    "disputed",
    "dispute_reason",
];

/// The dispute's dates, which an invoice export carries after its derived
/// `balance` and an import reads when present, so that the export imports
/// back as it was.
pub const INVOICE_DISPUTE_DATES: [&str; 2] = ["dispute_opened_on", "dispute_resolved_on"];

pub const PAYMENTS: [&str; 5] =
    ["debtor_ref", "received_on", "amount", "invoice_number", "reference"];
