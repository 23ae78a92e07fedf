-- Schema 7: late-payment interest (issue 13). A debtor's interest regime and
-- rate, the reference rates the statutory regimes follow, and the waivers a
-- lead grants (or an agent offers with a promise).

-- 'none' claims nothing; 'uk' and 'eu' follow the Bank of England base rate
-- and the ECB main refinancing rate; 'contract' the debtor's own rate.
-- `interest_rate` is in basis points: the rate for 'contract', the margin
-- over the reference rate for 'uk' and 'eu' (8% = 800).
ALTER TABLE debtors ADD COLUMN interest TEXT NOT NULL DEFAULT 'none'
    CHECK (interest IN ('none', 'uk', 'eu', 'contract'));
ALTER TABLE debtors ADD COLUMN interest_rate INTEGER NOT NULL DEFAULT 800
    CHECK (interest_rate >= 0 AND interest_rate <= 10000);
-- The debtors with a regime, by ref: the report over them (and `check`'s
-- warning) reads only these, already in order.
CREATE INDEX debtors_interest ON debtors(ref) WHERE interest <> 'none';

-- A reference rate in force from `effective_on` until the next row of its
-- series. `recoup rates import` writes them, all or nothing.
CREATE TABLE reference_rates (
    series       TEXT NOT NULL CHECK (series IN ('boe_base', 'ecb_refi')),
    effective_on TEXT NOT NULL,
    basis_points INTEGER NOT NULL CHECK (basis_points >= 0 AND basis_points <= 10000),
    PRIMARY KEY (series, effective_on)
) WITHOUT ROWID;

-- Interest, compensation or both given up for one invoice (or the whole
-- debtor when `invoice_id` is NULL). With a `promise_id` the waiver takes
-- effect only if that promise is kept. A waiver is withdrawn, never deleted.
CREATE TABLE interest_waivers (
    id           INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: audit rows name it
    debtor_id    INTEGER NOT NULL REFERENCES debtors(id),
    invoice_id   INTEGER REFERENCES invoices(id),
    what         TEXT NOT NULL CHECK (what IN ('interest', 'compensation', 'both')),
    reason       TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    by_agent     INTEGER REFERENCES agents(id),
    at           TEXT NOT NULL,
    promise_id   INTEGER REFERENCES promises(id),
    withdrawn_at TEXT
);
CREATE INDEX interest_waivers_debtor ON interest_waivers(debtor_id, id);
