-- Schema 10: collection strategies (issue 15). The debtor's strategy (NULL:
-- the book's default), strategies a lead stored in the book, where each
-- debtor stands in its strategy, every step taken, and each day's run.

-- `debtors.strategy` is added by migrations.rs, only where it is missing.

CREATE TABLE IF NOT EXISTS strategies (
    name     TEXT PRIMARY KEY,
    body     TEXT NOT NULL,
    added_by INTEGER NOT NULL REFERENCES agents(id),
    added_at TEXT NOT NULL
);

-- Where a debtor stands: the last step taken in this cycle (a cycle ends
-- when the debtor owes nothing; new debt starts the strategy again), and
-- the tasks a step left open: a call for the assigned agent (closed by the
-- next call that ends) and a review for the lead (closed by a note).
CREATE TABLE IF NOT EXISTS strategy_position (
    debtor_id     INTEGER PRIMARY KEY REFERENCES debtors(id),
    strategy      TEXT NOT NULL,
    cycle         INTEGER NOT NULL DEFAULT 1,
    step          INTEGER,
    reached_on    TEXT,
    call_on       TEXT,
    call_reason   TEXT,
    review_on     TEXT,
    review_reason TEXT
);
CREATE INDEX IF NOT EXISTS strategy_position_review ON strategy_position(review_on)
    WHERE review_on IS NOT NULL;
CREATE INDEX IF NOT EXISTS strategy_position_step ON strategy_position(strategy, step);

-- Every step taken, once: the unique key is what makes a second run of the
-- same day (or two processes at once) take nothing twice.
CREATE TABLE IF NOT EXISTS strategy_steps (
    id        INTEGER PRIMARY KEY,
    debtor_id INTEGER NOT NULL REFERENCES debtors(id),
    strategy  TEXT NOT NULL,
    cycle     INTEGER NOT NULL,
    step      INTEGER NOT NULL,
    name      TEXT NOT NULL,
    action    TEXT NOT NULL,
    due_on    TEXT NOT NULL,
    taken_on  TEXT NOT NULL,
    taken_at  TEXT NOT NULL,
    taken_by  INTEGER NOT NULL REFERENCES agents(id),
    -- 'done', or 'failed' with why in `detail` (a review task is opened).
    outcome   TEXT NOT NULL CHECK (outcome IN ('done', 'failed')),
    detail    TEXT NOT NULL DEFAULT '',
    UNIQUE (debtor_id, strategy, cycle, step)
);
CREATE INDEX IF NOT EXISTS strategy_steps_day ON strategy_steps(taken_on, outcome);
CREATE TRIGGER IF NOT EXISTS strategy_steps_no_update BEFORE UPDATE ON strategy_steps
BEGIN SELECT RAISE(ABORT, 'steps taken are history'); END;
CREATE TRIGGER IF NOT EXISTS strategy_steps_no_delete BEFORE DELETE ON strategy_steps
BEGIN SELECT RAISE(ABORT, 'steps taken are history'); END;

-- Each book day's run: started, and finished with its counts.
CREATE TABLE IF NOT EXISTS strategy_runs (
    day         TEXT PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    taken       INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0,
    run_by      INTEGER NOT NULL REFERENCES agents(id)
);
