-- recoup schema, version 2: history that no statement can rewrite, and the
-- book's own rules (kept in meta as 'rule.KEY' rows).

-- INSERT OR REPLACE (and REPLACE INTO) deletes the row it collides with
-- without firing DELETE triggers unless recursive_triggers is on, which is a
-- per-connection setting: refuse the insert itself instead.
CREATE TRIGGER notes_no_replace BEFORE INSERT ON notes
WHEN EXISTS (SELECT 1 FROM notes WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'notes are append-only; add an amending note'); END;
CREATE TRIGGER calls_ended_no_replace BEFORE INSERT ON calls
WHEN EXISTS (SELECT 1 FROM calls WHERE id = NEW.id AND ended_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'ended calls are append-only'); END;
CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit_log
WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- The hash chain: each row names the hash of the row before it and carries
-- a hash of its own content and that link (src/domain/audit_chain.rs);
-- `recoup check` walks it. A row that does not extend the chain's end is
-- refused here; one whose hash is wrong is found by the check.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
CREATE TRIGGER audit_chain_link BEFORE INSERT ON audit_log
WHEN length(NEW.hash) <> 64
  OR NEW.id IS NOT (SELECT COALESCE(MAX(id), 0) + 1 FROM audit_log)
  OR NEW.prev_hash IS NOT COALESCE((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '')
BEGIN SELECT RAISE(ABORT, 'audit rows are written by recoup, each extending the hash chain'); END;

-- The queue leaves a debtor called today with its next contact booked
-- (src/domain/queue.rs): the latest call that ended, and the instant a
-- callback booked for later today falls due.
ALTER TABLE debtor_summary ADD COLUMN last_attempt_at TEXT;
ALTER TABLE debtor_summary ADD COLUMN due_from TEXT;
-- Summaries are recomputed by the first process to open the book.
DELETE FROM meta WHERE key = 'summary_as_of';

-- Receivables not yet due at a past date (the KPIs' best possible DSO for a
-- closed period) read one range of this index instead of every invoice.
CREATE INDEX invoices_due ON invoices(due_on, issued_on, amount_cents, paid_cents);

-- Allocations keep a copy of their invoice's due date too, so what was paid
-- after a date toward invoices not yet due then is one index range.
ALTER TABLE allocations ADD COLUMN due_on TEXT NOT NULL DEFAULT '';
UPDATE allocations SET due_on = (SELECT due_on FROM invoices WHERE id = allocations.invoice_id);
DROP INDEX allocations_dates;
CREATE INDEX allocations_dates ON allocations(received_on, issued_on, due_on, amount_cents);
