-- Schema 9: letters and email (issue 14). A debtor's postal address, and
-- the outbox every letter goes through: a message is written here, with
-- its rendered text and PDF, before anything is sent, so that a crash or a
-- kill never loses one.

-- The debtor's `address` (lines separated by newlines, '' when unknown) is
-- added by migrations.rs, only where the column is missing.

-- 'queued' waits for `next_attempt_at`; 'sending' is claimed by the one
-- sender holding the book's outbox lock (a sender that dies leaves it
-- 'sending', and the next one to take the lock queues it again: each
-- attempt sends at most once, and the Message-ID lets a duplicate be
-- recognised). 'sent' was accepted by the mail server; 'printed' was
-- saved as a PDF; 'failed' gave up until a lead retries or cancels it.
CREATE TABLE IF NOT EXISTS outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: notes name it
    message_id      TEXT NOT NULL UNIQUE,
    debtor_id       INTEGER NOT NULL REFERENCES debtors(id),
    template        TEXT NOT NULL,
    -- The template's title when it was written ("Statement of account").
    title           TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('email', 'pdf')),
    to_address      TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    attachment_name TEXT,
    attachment      BLOB,
    created_at      TEXT NOT NULL,
    created_by      INTEGER NOT NULL REFERENCES agents(id),
    -- The book's date it was written on: a bulk run does not write twice
    -- to a debtor on one day unless told to.
    book_day        TEXT NOT NULL,
    status          TEXT NOT NULL
        CHECK (status IN ('queued', 'sending', 'sent', 'printed', 'failed', 'cancelled')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error      TEXT,
    done_at         TEXT
);
CREATE INDEX IF NOT EXISTS outbox_waiting ON outbox(status, next_attempt_at)
    WHERE status IN ('queued', 'sending', 'failed');
CREATE INDEX IF NOT EXISTS outbox_debtor ON outbox(debtor_id, template, book_day);
