-- A userName's timeline (a failed create has no target id, only the userName it tried): every
-- request that named it, in any case.
CREATE INDEX sync_events_by_user_name ON sync_events (project_id, lower(target_user_name), id)
    WHERE target_user_name IS NOT NULL;
