-- Schema 6: import maps kept in the book by name (`recoup map add NAME FILE`,
-- `import KIND FILE --map NAME`), since a desk imports the same accounting
-- export every day. The text is kept as given, so `map show` gives it back
-- to be edited and added again. Adding, replacing and removing are audited
-- with the text's SHA-256; `added_by` is the lead (NULL: the service
-- account at the desk's command line).
CREATE TABLE import_maps (
    id       INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: audit rows name it
    name     TEXT NOT NULL UNIQUE,
    text     TEXT NOT NULL,
    added_by INTEGER REFERENCES agents(id),
    added_at TEXT NOT NULL
);

-- INSERT OR REPLACE would swap a map for another without the audit row
-- `map add --replace` writes: refuse the insert itself (see schema 2).
CREATE TRIGGER import_maps_no_replace BEFORE INSERT ON import_maps
WHEN EXISTS (SELECT 1 FROM import_maps WHERE name = NEW.name OR id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'a map is replaced by `recoup map add --replace`, which audits it'); END;
