-- SQLite's 0010_events_by_user_name.sql: a userName's timeline, in any case.
CREATE INDEX sync_events_by_user_name ON sync_events (project_id, lower(target_user_name), id)
    WHERE target_user_name IS NOT NULL;
