-- The live stream's tickets: an `EventSource` cannot send the admin token, so the dashboard
-- trades it for a single-use ticket that opens one project's stream within a minute. Kept in
-- the database rather than in one server's memory, so that a ticket one server issued opens
-- the stream on any other sharing the database. Only a SHA-256 of the ticket is stored.
CREATE TABLE stream_tickets (
    hash       TEXT PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX stream_tickets_by_expiry ON stream_tickets (expires_at);
