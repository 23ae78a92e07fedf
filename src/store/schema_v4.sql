-- Schema 4: the "due now" queue lists the debtors callable now first.
-- Whether a debtor may be called changes with the hour in their zone
-- (src/domain/contact_policy.rs), so it is never stored: the summary keeps
-- the debtor's zone, the queue works out which of the book's few zones are
-- callable when it is read, and reads each part along a queue-order index
-- that holds the zone, so a page neither sorts the queue nor reads the
-- table rows of debtors it passes over.
ALTER TABLE debtor_summary ADD COLUMN tz TEXT NOT NULL DEFAULT 'UTC';
UPDATE debtor_summary SET tz = (SELECT timezone FROM debtors WHERE id = debtor_summary.debtor_id);
-- The book's zones, one seek each; and the count of the callable part of
-- everyone's due-now queue, zone by zone.
CREATE INDEX summary_zone ON debtor_summary(tz, due_now, due_from);
-- Counting each part of an agent's due-now queue reads this index alone
-- (the overdue sums it served still do).
DROP INDEX summary_due_mine;
CREATE INDEX summary_due_mine ON debtor_summary(assigned_to, due_now, tz, due_from, overdue_cents);
-- The due-now queue in order, an agent's and everyone's.
CREATE INDEX summary_due_queue_mine
    ON debtor_summary(assigned_to, due_now, sort_key, debtor_id, due_from, tz);
CREATE INDEX summary_due_queue_all ON debtor_summary(due_now, sort_key, debtor_id, due_from, tz);
