//! The SQL of the figures that grow with the book (triage, `report kpi`,
//! `report agents`): kept here, one statement each, so that a test can
//! check that each reads an index range or one pass, never a lookup per row.

/// What is unpaid of invoices issued after `?1`.
pub(super) const ISSUED_LATER: &str =
    "SELECT COALESCE(SUM(amount_cents - paid_cents), 0) FROM invoices WHERE issued_on > ?1";

/// What payments received after `?1` paid of invoices issued by then.
pub(super) const PAID_LATER: &str = "SELECT COALESCE(SUM(amount_cents), 0) FROM allocations
    WHERE received_on > ?1 AND issued_on <= ?1";

/// As `PAID_LATER`, of invoices not yet due on `?1`.
pub(super) const PAID_LATER_CURRENT: &str = "SELECT COALESCE(SUM(amount_cents), 0) FROM allocations
    WHERE received_on > ?1 AND issued_on <= ?1 AND due_on >= ?1";

/// Promises due between `?1` and `?2`, kept and settled, per agent.
pub(super) const KEPT_BY_AGENT: &str = "SELECT agent_id, COALESCE(SUM(status = 'kept'), 0),
    COALESCE(SUM(status IN ('kept', 'partly kept', 'broken')), 0)
    FROM promises WHERE due_on BETWEEN ?1 AND ?2 GROUP BY agent_id";

/// The book's buckets now, from the summaries (one pass over them).
pub(super) const BOOK_TOTALS: &str =
    "SELECT COALESCE(SUM(current_cents), 0), COALESCE(SUM(d1_30_cents), 0),
    COALESCE(SUM(d31_60_cents), 0), COALESCE(SUM(d61_90_cents), 0),
    COALESCE(SUM(d90_cents), 0), COALESCE(SUM(disputed_cents), 0),
    COALESCE(SUM(disputed_current_cents), 0)
    FROM debtor_summary";

/// Invoiced between `?1` and `?2`, and the days from supply to invoice.
pub(super) const SALES: &str = "SELECT COALESCE(SUM(amount_cents), 0),
    COALESCE(SUM(CASE WHEN supplied_on IS NOT NULL
    THEN julianday(issued_on) - julianday(supplied_on) END), 0),
    COUNT(supplied_on)
    FROM invoices WHERE issued_on BETWEEN ?1 AND ?2";

/// Received between `?1` and `?2`.
pub(super) const COLLECTED: &str =
    "SELECT COALESCE(SUM(amount_cents), 0) FROM payments WHERE received_on BETWEEN ?1 AND ?2";

/// Open promises due on `?1`, and what they ask for in all.
pub(super) const DUE_TODAY: &str =
    "SELECT COUNT(*), COALESCE(SUM(paid_cents + shortfall_cents), 0) FROM promises
    WHERE status = 'open' AND due_on = ?1";

/// Promises broken (or partly kept) due between `?1` and `?2`.
pub(super) const BROKEN: &str =
    "SELECT COUNT(*) FROM promises WHERE status IN ('broken', 'partly kept')
    AND due_on BETWEEN ?1 AND ?2";

/// Promises due between `?1` and `?2`: kept, and settled.
pub(super) const KEPT: &str = "SELECT COALESCE(SUM(status = 'kept'), 0),
    COALESCE(SUM(status IN ('kept', 'partly kept', 'broken')), 0)
    FROM promises WHERE due_on BETWEEN ?1 AND ?2";

/// Every agent's line: accounts and overdue now, calls between `?1` and `?2`, promises due between `?3` and `?4`.
pub(super) const AGENT_ROWS: &str = "SELECT a.id, a.name, a.role,
    (SELECT COUNT(*) FROM debtor_summary s WHERE s.assigned_to = a.id),
    (SELECT COALESCE(SUM(overdue_cents), 0) FROM debtor_summary s
    WHERE s.assigned_to = a.id),
    (SELECT COUNT(*) FROM calls c WHERE c.agent_id = a.id
    AND c.started_at >= ?1 AND c.started_at < ?2),
    (SELECT COUNT(*) FROM calls c WHERE c.agent_id = a.id AND c.contacted = 1
    AND c.started_at >= ?1 AND c.started_at < ?2),
    (SELECT COUNT(*) FROM promises p WHERE p.agent_id = a.id
    AND p.status = 'kept' AND p.due_on BETWEEN ?3 AND ?4),
    (SELECT COUNT(*) FROM promises p WHERE p.agent_id = a.id
    AND p.status IN ('kept', 'partly kept', 'broken')
    AND p.due_on BETWEEN ?3 AND ?4)
    FROM agents a ORDER BY a.name";

/// Invoices not yet due on each of `n` days (`?1`..`?n`) and issued by
/// then, unpaid now; `?n+1` and `?n+2` are the first and last day. One range
/// of the due-date index; the issue-date index is kept out of it
/// (`+issued_on`): nearly every invoice is issued by then, and following
/// that index fetches the rows at random.
pub(super) fn current_on(n: usize) -> String {
    let sums: Vec<String> = (1..=n)
        .map(|i| {
            format!(
                "COALESCE(SUM(CASE WHEN due_on >= ?{i} AND issued_on <= ?{i}
                              THEN amount_cents - paid_cents END), 0)"
            )
        })
        .collect();
    format!(
        "SELECT {} FROM invoices WHERE due_on >= ?{} AND +issued_on <= ?{}",
        sums.join(", "),
        n + 1,
        n + 2
    )
}
