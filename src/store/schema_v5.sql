-- Schema 5: the agents' SSH public keys, for the served desk (`recoup serve`).
-- The key a person logs in with decides who they are. A key, named by its
-- SHA-256 fingerprint as `ssh-keygen -l` prints it, belongs to one agent only.
CREATE TABLE agent_keys (
    id          INTEGER PRIMARY KEY,
    agent_id    INTEGER NOT NULL REFERENCES agents(id),
    fingerprint TEXT NOT NULL UNIQUE,
    public_key  TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT '',
    added_at    TEXT NOT NULL
);
CREATE INDEX agent_keys_agent ON agent_keys(agent_id);
