-- Schema 3: the "due now" queue counts and pages without reading table rows.
-- Schema 2 made a debtor due only from `due_from` (a call-back time, a
-- promise's grace): the count of an agent's due-now queue then read every
-- due row's table page (about 65 ms on a 100,000-debtor book read cold).
-- The index now holds due_from too; the overdue sums it served still use it.
DROP INDEX summary_due_mine;
CREATE INDEX summary_due_mine ON debtor_summary(assigned_to, due_now, due_from, overdue_cents);
