-- SQLite's 0009_run_end_announced.sql. When a run's end was announced (its `run.failed` webhook
-- event queued, if it failed), once; runs that ended before this migration count as announced.
ALTER TABLE sync_runs ADD COLUMN ended_announced_at BIGINT;
UPDATE sync_runs SET ended_announced_at = last_event_at;
CREATE INDEX sync_runs_unannounced ON sync_runs (last_event_at) WHERE ended_announced_at IS NULL;
