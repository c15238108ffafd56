-- Every admin action: who, when, what.
CREATE TABLE audit (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      INTEGER NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    summary TEXT NOT NULL
);

-- Failure pages filter by these and page by id (keyset): each has id last.
CREATE INDEX sync_events_failures_by_id ON sync_events (id) WHERE category IS NOT NULL;
CREATE INDEX sync_events_failures_by_idp ON sync_events (idp, id) WHERE category IS NOT NULL;
CREATE INDEX sync_events_failures_by_run ON sync_events (run_id, id) WHERE category IS NOT NULL;
-- The IdP's last payload of a User whose creation failed, found by its userName (re-push).
CREATE INDEX sync_events_failed_user_creates ON sync_events (lower(target_user_name), id)
    WHERE category IS NOT NULL AND resource_type = 'User' AND method = 'POST';
CREATE INDEX sync_events_by_retry ON sync_events (retry_of) WHERE retry_of IS NOT NULL;

-- A member's label as the IdP last pushed it, echoed in the group's representation.
CREATE INDEX group_pushed_members_by_value ON group_pushed_members (group_id, value);
