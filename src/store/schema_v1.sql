-- recoup schema, version 1.
-- CHECKs on a list of values are spelled with OR: an IN list makes SQLite build
-- a temporary table on every insert, which a bulk load pays a million times.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE agents (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('agent', 'lead')),
    created_at TEXT NOT NULL
);

CREATE TABLE debtors (
    id                INTEGER PRIMARY KEY,
    ref               TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    timezone          TEXT NOT NULL DEFAULT 'UTC',
    terms_days        INTEGER NOT NULL DEFAULT 30,
    terms_accepted_on TEXT,
    assigned_to       INTEGER REFERENCES agents(id),
    status            TEXT NOT NULL DEFAULT 'active'
                      CHECK (status = 'active' OR status = 'hold' OR status = 'arrangement'
                             OR status = 'escalated' OR status = 'closed'),
    do_not_call       INTEGER NOT NULL DEFAULT 0,
    next_contact_at   TEXT,
    pin               INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX debtors_name ON debtors(name COLLATE NOCASE);
CREATE INDEX debtors_assigned ON debtors(assigned_to);

CREATE TABLE contacts (
    id           INTEGER PRIMARY KEY,
    debtor_id    INTEGER NOT NULL REFERENCES debtors(id),
    name         TEXT NOT NULL,
    role         TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    phone_digits TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    timezone     TEXT,
    is_primary   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX contacts_debtor ON contacts(debtor_id);
CREATE UNIQUE INDEX contacts_natural ON contacts(debtor_id, name);

CREATE TABLE invoices (
    id                  INTEGER PRIMARY KEY,
    debtor_id           INTEGER NOT NULL REFERENCES debtors(id),
    number              TEXT NOT NULL,
    supplied_on         TEXT,
    issued_on           TEXT NOT NULL,
    due_on              TEXT NOT NULL,
    amount_cents        INTEGER NOT NULL CHECK (amount_cents >= 0),
    paid_cents          INTEGER NOT NULL DEFAULT 0,
    currency            TEXT NOT NULL DEFAULT 'USD',
    dispute_reason      TEXT,
    dispute_opened_on   TEXT,
    dispute_resolved_on TEXT,
    UNIQUE (debtor_id, number)
);
CREATE INDEX invoices_number ON invoices(number COLLATE NOCASE);
-- Covering: period sales, invoice lag and receivables at a date read only this index.
CREATE INDEX invoices_issued ON invoices(issued_on, amount_cents, paid_cents, supplied_on);

CREATE TABLE payments (
    id           INTEGER PRIMARY KEY,
    debtor_id    INTEGER NOT NULL REFERENCES debtors(id),
    received_on  TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    invoice_id   INTEGER REFERENCES invoices(id),
    reference    TEXT NOT NULL DEFAULT '',
    recorded_by  INTEGER REFERENCES agents(id),
    created_at   TEXT NOT NULL
);
CREATE INDEX payments_debtor ON payments(debtor_id, received_on);
CREATE INDEX payments_received ON payments(received_on, amount_cents);
CREATE INDEX payments_reference ON payments(reference) WHERE reference <> '';

-- How each payment was spread over invoices. The payment's received date and
-- the invoice's issue date are copied here so that receivables at a past
-- date come from one index range.
CREATE TABLE allocations (
    payment_id   INTEGER NOT NULL REFERENCES payments(id),
    invoice_id   INTEGER NOT NULL REFERENCES invoices(id),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    received_on  TEXT NOT NULL,
    issued_on    TEXT NOT NULL,
    PRIMARY KEY (payment_id, invoice_id)
) WITHOUT ROWID;
CREATE INDEX allocations_invoice ON allocations(invoice_id);
CREATE INDEX allocations_dates ON allocations(received_on, issued_on, amount_cents);

CREATE TABLE calls (
    id              INTEGER PRIMARY KEY,
    debtor_id       INTEGER NOT NULL REFERENCES debtors(id),
    contact_id      INTEGER REFERENCES contacts(id),
    agent_id        INTEGER NOT NULL REFERENCES agents(id),
    started_at      TEXT NOT NULL,
    ended_at        TEXT,
    outcome         TEXT,
    next_contact_at TEXT,
    checklist       TEXT NOT NULL DEFAULT '',
    goal            TEXT NOT NULL DEFAULT '',
    overrides       TEXT NOT NULL DEFAULT '',
    contacted       INTEGER NOT NULL DEFAULT 0,
    -- A promise recorded during the call, written as promises at wrap-up.
    pending_promise TEXT
);
CREATE INDEX calls_contacted ON calls(debtor_id, started_at) WHERE contacted = 1;
CREATE INDEX calls_debtor ON calls(debtor_id, started_at);
CREATE INDEX calls_started ON calls(started_at);
CREATE INDEX calls_agent ON calls(agent_id, started_at, contacted);
CREATE INDEX calls_open ON calls(agent_id) WHERE ended_at IS NULL;

CREATE TABLE promise_plans (
    id          INTEGER PRIMARY KEY,
    debtor_id   INTEGER NOT NULL REFERENCES debtors(id),
    agent_id    INTEGER REFERENCES agents(id),
    instalments INTEGER NOT NULL CHECK (instalments >= 1),
    frequency   TEXT NOT NULL CHECK (frequency = 'weekly' OR frequency = 'fortnightly'
                                 OR frequency = 'monthly'),
    created_at  TEXT NOT NULL
);

CREATE TABLE promises (
    id           INTEGER PRIMARY KEY,
    debtor_id    INTEGER NOT NULL REFERENCES debtors(id),
    agent_id     INTEGER REFERENCES agents(id),
    call_id      INTEGER REFERENCES calls(id),
    plan_id      INTEGER REFERENCES promise_plans(id),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    due_on       TEXT NOT NULL,
    made_on      TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'open'
                 CHECK (status = 'open' OR status = 'kept' OR status = 'partly kept'
                        OR status = 'broken' OR status = 'cancelled'),
    paid_cents   INTEGER NOT NULL DEFAULT 0,
    -- What is still missing, disputed invoices left out; 0 once kept.
    shortfall_cents INTEGER NOT NULL DEFAULT 0,
    -- Set when an agent cancels; the status is then 'cancelled' for good.
    cancelled    INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL
);
CREATE INDEX promises_debtor ON promises(debtor_id, due_on);
CREATE INDEX promises_open ON promises(due_on) WHERE status = 'open';
CREATE INDEX promises_due ON promises(due_on, status, agent_id, amount_cents);

CREATE TABLE promise_invoices (
    promise_id INTEGER NOT NULL REFERENCES promises(id),
    invoice_id INTEGER NOT NULL REFERENCES invoices(id),
    PRIMARY KEY (promise_id, invoice_id)
) WITHOUT ROWID;

CREATE TABLE notes (
    id             INTEGER PRIMARY KEY,
    debtor_id      INTEGER NOT NULL REFERENCES debtors(id),
    agent_id       INTEGER NOT NULL REFERENCES agents(id),
    call_id        INTEGER REFERENCES calls(id),
    amends_note_id INTEGER REFERENCES notes(id),
    created_at     TEXT NOT NULL,
    body           TEXT NOT NULL
);
CREATE INDEX notes_debtor ON notes(debtor_id, created_at);

-- The note being typed, saved as it changes; one per agent and debtor.
CREATE TABLE note_drafts (
    agent_id   INTEGER NOT NULL REFERENCES agents(id),
    debtor_id  INTEGER NOT NULL REFERENCES debtors(id),
    call_id    INTEGER REFERENCES calls(id),
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (agent_id, debtor_id)
);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    agent_id  INTEGER REFERENCES agents(id),
    entity    TEXT NOT NULL,
    entity_id INTEGER,
    action    TEXT NOT NULL,
    before    TEXT NOT NULL DEFAULT '',
    after     TEXT NOT NULL DEFAULT ''
);

-- A debtor on a call is leased to that agent; a lease without a heartbeat
-- for two minutes has expired.
CREATE TABLE leases (
    debtor_id    INTEGER PRIMARY KEY REFERENCES debtors(id),
    agent_id     INTEGER NOT NULL REFERENCES agents(id),
    call_id      INTEGER REFERENCES calls(id),
    heartbeat_at TEXT NOT NULL
);

-- Per-debtor figures kept current in the same transaction as each change,
-- so the queue never aggregates invoices. Amounts exclude disputed invoices
-- except balance_cents and disputed_cents. Date-dependent columns are as of
-- meta 'summary_as_of'.
CREATE TABLE debtor_summary (
    debtor_id          INTEGER PRIMARY KEY REFERENCES debtors(id),
    assigned_to        INTEGER,
    balance_cents      INTEGER NOT NULL DEFAULT 0,
    disputed_cents     INTEGER NOT NULL DEFAULT 0,
    -- Disputed and not yet due (for the KPIs' current receivables).
    disputed_current_cents INTEGER NOT NULL DEFAULT 0,
    overdue_cents      INTEGER NOT NULL DEFAULT 0,
    current_cents      INTEGER NOT NULL DEFAULT 0,
    d1_30_cents        INTEGER NOT NULL DEFAULT 0,
    d31_60_cents       INTEGER NOT NULL DEFAULT 0,
    d61_90_cents       INTEGER NOT NULL DEFAULT 0,
    d90_cents          INTEGER NOT NULL DEFAULT 0,
    open_invoices      INTEGER NOT NULL DEFAULT 0,
    oldest_overdue_on  TEXT,
    next_promise_on    TEXT,
    latest_open_made_on TEXT,
    last_failed_due    TEXT,
    broken_promises    INTEGER NOT NULL DEFAULT 0,
    ptp_due            INTEGER NOT NULL DEFAULT 0,
    ptp_broken         INTEGER NOT NULL DEFAULT 0,
    callback_due       INTEGER NOT NULL DEFAULT 0,
    last_contact_at    TEXT,
    due_now            INTEGER NOT NULL DEFAULT 0,
    score              INTEGER NOT NULL DEFAULT 0,
    sort_key           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX summary_queue_mine ON debtor_summary(assigned_to, sort_key, debtor_id);
CREATE INDEX summary_queue_all ON debtor_summary(sort_key, debtor_id);
CREATE INDEX summary_due_mine ON debtor_summary(assigned_to, due_now, overdue_cents);

-- Substring search over name, ref and phone digits (rowid = debtor id).
CREATE VIRTUAL TABLE debtor_search USING fts5(
    text, tokenize = 'trigram', content = '', contentless_delete = 1
);

-- Append-only records: notes, the audit log, and calls once ended.
CREATE TRIGGER notes_no_update BEFORE UPDATE ON notes
BEGIN SELECT RAISE(ABORT, 'notes are append-only; add an amending note'); END;
CREATE TRIGGER notes_no_delete BEFORE DELETE ON notes
BEGIN SELECT RAISE(ABORT, 'notes are append-only; add an amending note'); END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER calls_ended_no_update BEFORE UPDATE ON calls WHEN OLD.ended_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'ended calls are append-only'); END;
CREATE TRIGGER calls_ended_no_delete BEFORE DELETE ON calls WHEN OLD.ended_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'ended calls are append-only'); END;
