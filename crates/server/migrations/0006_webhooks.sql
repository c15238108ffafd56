-- Webhooks: per project, endpoints that receive a signed JSON event when a run ends failed,
-- a connection's health changes or a re-push completes. Deliveries are a queue in the
-- database, so a restart loses none and, on several servers, a lease keeps each attempt to
-- one of them. The signing secret is stored as is: it signs, so it must be readable.
CREATE TABLE webhook_endpoints (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id        INTEGER NOT NULL REFERENCES projects (id),
    url               TEXT NOT NULL,
    secret            TEXT NOT NULL,
    created_at        INTEGER NOT NULL,
    secret_rotated_at INTEGER,
    deleted_at        INTEGER
);
CREATE INDEX webhook_endpoints_by_project ON webhook_endpoints (project_id, id);

CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id     TEXT NOT NULL UNIQUE,
    project_id      INTEGER NOT NULL REFERENCES projects (id),
    endpoint_id     INTEGER NOT NULL REFERENCES webhook_endpoints (id),
    event_type      TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    lease_until     INTEGER,
    last_status     INTEGER,
    last_error      TEXT,
    finished_at     INTEGER
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, id);
