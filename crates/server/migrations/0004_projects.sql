-- no-transaction
-- One server, many projects. Everything a project owns carries its `project_id`; uniqueness
-- (userName, email, live group displayName) holds per project. A database from before this
-- migration becomes project 1 with its settings, its SCIM tokens become connections of it, and
-- its admin tokens its admins.
--
-- SQLite cannot change a column's UNIQUE constraint in place, so the owned tables are rebuilt
-- (the procedure of SQLite's "ALTER TABLE" page): foreign keys off while the tables are
-- swapped, all of it in one transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

CREATE TABLE projects (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL,
    scim_enabled INTEGER NOT NULL,
    seat_limit   INTEGER NOT NULL CHECK (seat_limit >= 0),
    created_at   INTEGER NOT NULL
);
INSERT INTO projects (id, name, scim_enabled, seat_limit, created_at)
    SELECT 1, 'Default project', scim_enabled, seat_limit, CAST(strftime('%s', 'now') AS INTEGER) * 1000
    FROM settings WHERE id = 1;
DROP TABLE settings;

-- An IdP connection ("Okta production"): what a SCIM token speaks for.
CREATE TABLE connections (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    name       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (project_id, name)
);
INSERT INTO connections (project_id, name, created_at)
    SELECT 1, name, MIN(created_at) FROM tokens WHERE kind = 'scim' GROUP BY name;

-- SCIM tokens belong to a connection, admin tokens to a project. `prefix` is the token's first
-- characters, safe to show (NULL for tokens made before it was kept). A revoked token stays,
-- so that a request with it is attributed to its project and refused there.
CREATE TABLE tokens_new (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id    INTEGER NOT NULL REFERENCES projects (id),
    kind          TEXT NOT NULL CHECK (kind IN ('scim', 'admin')),
    connection_id INTEGER REFERENCES connections (id),
    name          TEXT NOT NULL,
    prefix        TEXT,
    hash          TEXT NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER,
    revoked_at    INTEGER,
    CHECK ((kind = 'scim') = (connection_id IS NOT NULL))
);
INSERT INTO tokens_new (id, project_id, kind, connection_id, name, hash, created_at)
    SELECT t.id, 1, t.kind, c.id, t.name, t.hash, t.created_at
    FROM tokens t LEFT JOIN connections c ON t.kind = 'scim' AND c.name = t.name AND c.project_id = 1;
DROP TABLE tokens;
ALTER TABLE tokens_new RENAME TO tokens;
CREATE INDEX tokens_by_connection ON tokens (connection_id, id);
CREATE INDEX tokens_by_project ON tokens (project_id, kind, id);

CREATE TABLE identities_new (
    id             TEXT PRIMARY KEY,
    project_id     INTEGER NOT NULL REFERENCES projects (id),
    external_id    TEXT,
    user_name      TEXT NOT NULL,
    user_name_key  TEXT NOT NULL,
    email          TEXT,
    email_key      TEXT,
    display_name   TEXT,
    kind           TEXT NOT NULL CHECK (kind IN ('user', 'reader')),
    active         INTEGER NOT NULL,
    origin         TEXT NOT NULL CHECK (origin IN ('scim', 'project')),
    resource       TEXT NOT NULL,
    version        INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    UNIQUE (project_id, user_name_key),
    UNIQUE (project_id, email_key)
);
INSERT INTO identities_new (rowid, id, project_id, external_id, user_name, user_name_key, email,
        email_key, display_name, kind, active, origin, resource, version, created_at, updated_at)
    SELECT rowid, id, 1, external_id, user_name, user_name_key, email, email_key, display_name,
        kind, active, origin, resource, version, created_at, updated_at
    FROM identities;
DROP TABLE identities;
ALTER TABLE identities_new RENAME TO identities;
CREATE INDEX identities_seats ON identities (project_id, kind, active);
CREATE INDEX identities_by_external_id ON identities (project_id, external_id);

CREATE TABLE groups_new (
    id               TEXT PRIMARY KEY,
    project_id       INTEGER NOT NULL REFERENCES projects (id),
    external_id      TEXT,
    display_name     TEXT NOT NULL,
    display_name_key TEXT NOT NULL,
    resource         TEXT NOT NULL,
    version          INTEGER NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('active', 'deleted_in_project', 'deleted_while_scim_disabled')),
    deleted_at       INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
INSERT INTO groups_new (rowid, id, project_id, external_id, display_name, display_name_key,
        resource, version, state, deleted_at, created_at, updated_at)
    SELECT rowid, id, 1, external_id, display_name, display_name_key, resource, version, state,
        deleted_at, created_at, updated_at
    FROM groups;
DROP TABLE groups;
ALTER TABLE groups_new RENAME TO groups;
CREATE UNIQUE INDEX groups_live_display_name ON groups (project_id, display_name_key) WHERE state = 'active';
CREATE INDEX groups_by_external_id ON groups (project_id, external_id);
CREATE INDEX groups_by_project ON groups (project_id, created_at);

-- `connection` keeps the connection's name as it was when the run or request happened;
-- `connection_id` (and an event's `token_id`) is NULL for requests recorded before tokens
-- belonged to connections.
CREATE TABLE sync_runs_new (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id    INTEGER NOT NULL REFERENCES projects (id),
    connection_id INTEGER REFERENCES connections (id),
    connection    TEXT NOT NULL,
    idp           TEXT NOT NULL,
    started_at    INTEGER NOT NULL,
    last_event_at INTEGER NOT NULL,
    requests      INTEGER NOT NULL DEFAULT 0,
    failures      INTEGER NOT NULL DEFAULT 0
);
INSERT INTO sync_runs_new (id, project_id, connection_id, connection, idp, started_at,
        last_event_at, requests, failures)
    SELECT r.id, 1, c.id, r.connection, r.idp, r.started_at, r.last_event_at, r.requests, r.failures
    FROM sync_runs r LEFT JOIN connections c ON c.project_id = 1 AND c.name = r.connection;
DROP TABLE sync_runs;
ALTER TABLE sync_runs_new RENAME TO sync_runs;
CREATE INDEX sync_runs_by_connection ON sync_runs (project_id, connection, last_event_at);
CREATE INDEX sync_runs_by_time ON sync_runs (project_id, last_event_at);
CREATE INDEX sync_runs_by_id ON sync_runs (project_id, id);

CREATE TABLE sync_events_new (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id         INTEGER NOT NULL REFERENCES projects (id),
    run_id             INTEGER NOT NULL REFERENCES sync_runs (id),
    request_id         TEXT NOT NULL,
    occurred_at        INTEGER NOT NULL,
    connection_id      INTEGER REFERENCES connections (id),
    token_id           INTEGER REFERENCES tokens (id),
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
INSERT INTO sync_events_new (id, project_id, run_id, request_id, occurred_at, connection_id,
        connection, idp, user_agent, method, path, resource_type, target_id, target_external_id,
        target_user_name, status, scim_type, category, detail, request_body, duration_us, retry_of)
    SELECT e.id, 1, e.run_id, e.request_id, e.occurred_at, c.id, e.connection, e.idp,
        e.user_agent, e.method, e.path, e.resource_type, e.target_id, e.target_external_id,
        e.target_user_name, e.status, e.scim_type, e.category, e.detail, e.request_body,
        e.duration_us, e.retry_of
    FROM sync_events e LEFT JOIN connections c ON c.project_id = 1 AND c.name = e.connection;
DROP TABLE sync_events;
ALTER TABLE sync_events_new RENAME TO sync_events;
CREATE INDEX sync_events_by_run ON sync_events (run_id, id);
CREATE INDEX sync_events_by_target ON sync_events (project_id, target_id, id) WHERE target_id IS NOT NULL;
CREATE INDEX sync_events_failures_by_id ON sync_events (project_id, id) WHERE category IS NOT NULL;
CREATE INDEX sync_events_failures ON sync_events (project_id, category, id) WHERE category IS NOT NULL;
CREATE INDEX sync_events_failures_by_idp ON sync_events (project_id, idp, id) WHERE category IS NOT NULL;
CREATE INDEX sync_events_failures_by_run ON sync_events (run_id, id) WHERE category IS NOT NULL;
CREATE INDEX sync_events_failed_user_creates ON sync_events (project_id, lower(target_user_name), id)
    WHERE category IS NOT NULL AND resource_type = 'User' AND method = 'POST';
CREATE INDEX sync_events_by_retry ON sync_events (retry_of) WHERE retry_of IS NOT NULL;
CREATE INDEX sync_events_by_time ON sync_events (occurred_at);
CREATE INDEX sync_events_by_connection ON sync_events (connection_id, id) WHERE connection_id IS NOT NULL;

CREATE TABLE audit_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    at         INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    summary    TEXT NOT NULL
);
INSERT INTO audit_new (id, project_id, at, actor, action, summary)
    SELECT id, 1, at, actor, action, summary FROM audit;
DROP TABLE audit;
ALTER TABLE audit_new RENAME TO audit;
CREATE INDEX audit_by_project ON audit (project_id, id);

-- Requests no token of any project authenticated (none, unknown, malformed): counted per
-- source address, never stored one row each, never with their body.
CREATE TABLE refused_sources (
    source        TEXT PRIMARY KEY,
    requests      INTEGER NOT NULL,
    first_at      INTEGER NOT NULL,
    last_at       INTEGER NOT NULL,
    last_method   TEXT NOT NULL,
    last_path     TEXT NOT NULL,
    last_user_agent TEXT,
    last_status   INTEGER NOT NULL
) WITHOUT ROWID;

COMMIT;
PRAGMA foreign_keys = ON;
