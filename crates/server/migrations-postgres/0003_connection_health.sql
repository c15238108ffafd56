-- SQLite's 0007_connection_health.sql. Each IdP connection's health as last judged, so that a
-- change (and only a change) becomes a `health.changed` webhook event. A connection without a
-- row was never judged other than healthy.
CREATE TABLE connection_health (
    connection_id BIGINT PRIMARY KEY REFERENCES connections (id),
    project_id    BIGINT NOT NULL REFERENCES projects (id),
    state         TEXT NOT NULL CHECK (state IN ('healthy', 'degraded', 'failing')),
    changed_at    BIGINT NOT NULL
);
CREATE INDEX connection_health_by_project ON connection_health (project_id);
