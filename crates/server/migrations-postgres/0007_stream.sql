-- SQLite's 0011_stream_tickets.sql: the live stream's single-use tickets, valid on any server.
CREATE TABLE stream_tickets (
    hash       TEXT PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id),
    expires_at BIGINT NOT NULL
);
CREATE INDEX stream_tickets_by_expiry ON stream_tickets (expires_at);

-- Live messages too large for a NOTIFY payload (PostgreSQL takes under 8000 bytes): the
-- server that publishes one parks it here and notifies its id; every server reads it from
-- here. Rows are only needed for the moment the others take to read them, and each park
-- deletes those older than a minute.
CREATE TABLE stream_parked (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payload    TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX stream_parked_by_age ON stream_parked (created_at);
