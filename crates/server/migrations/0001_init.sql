-- The project's settings: one row.
CREATE TABLE settings (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    scim_enabled INTEGER NOT NULL,
    seat_limit   INTEGER NOT NULL CHECK (seat_limit >= 0)
);

-- Bearer tokens. Only a SHA-256 of each token is stored; the token itself is shown once.
CREATE TABLE tokens (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL CHECK (kind IN ('scim', 'admin')),
    name       TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

-- Users (team accounts, one seat each while active) and Readers (no seat), SCIM-managed or
-- project-native. `resource` is the SCIM representation last accepted, without server-set
-- attributes (id, meta) and without secrets.
CREATE TABLE identities (
    id             TEXT PRIMARY KEY,
    external_id    TEXT,
    user_name      TEXT NOT NULL,
    user_name_key  TEXT NOT NULL UNIQUE,
    email          TEXT,
    email_key      TEXT UNIQUE,
    display_name   TEXT,
    kind           TEXT NOT NULL CHECK (kind IN ('user', 'reader')),
    active         INTEGER NOT NULL,
    origin         TEXT NOT NULL CHECK (origin IN ('scim', 'project')),
    resource       TEXT NOT NULL,
    version        INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX identities_seats ON identities (kind, active);

-- A sync run: one IdP connection's requests with no idle gap longer than the configured one.
CREATE TABLE sync_runs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    connection    TEXT NOT NULL,
    idp           TEXT NOT NULL,
    started_at    INTEGER NOT NULL,
    last_event_at INTEGER NOT NULL,
    requests      INTEGER NOT NULL DEFAULT 0,
    failures      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sync_runs_by_connection ON sync_runs (connection, last_event_at);
CREATE INDEX sync_runs_by_time ON sync_runs (last_event_at);

-- Every SCIM request and its outcome. Times are Unix milliseconds.
CREATE TABLE sync_events (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id             INTEGER NOT NULL REFERENCES sync_runs (id),
    request_id         TEXT NOT NULL,
    occurred_at        INTEGER NOT NULL,
    connection         TEXT NOT NULL,
    idp                TEXT NOT NULL,
    user_agent         TEXT,
    method             TEXT NOT NULL,
    path               TEXT NOT NULL,
    resource_type      TEXT,
    target_id          TEXT,
    target_external_id TEXT,
    target_user_name   TEXT,
    status             INTEGER NOT NULL,
    scim_type          TEXT,
    category           TEXT,
    detail             TEXT,
    request_body       TEXT,
    duration_us        INTEGER NOT NULL,
    retry_of           INTEGER REFERENCES sync_events (id)
);
CREATE INDEX sync_events_by_run ON sync_events (run_id, id);
CREATE INDEX sync_events_failures ON sync_events (category, id) WHERE category IS NOT NULL;
CREATE INDEX sync_events_by_target ON sync_events (target_id, id) WHERE target_id IS NOT NULL;
