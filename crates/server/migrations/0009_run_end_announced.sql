-- When a run's end was announced (its `run.failed` webhook event queued, if it failed): set in
-- the same transaction as the event, once, by whichever notices the end first — the idle timer
-- of the server that recorded its last request, or the periodic sweep that catches the runs a
-- restart left unannounced. Runs that ended before this migration count as announced.
ALTER TABLE sync_runs ADD COLUMN ended_announced_at INTEGER;
UPDATE sync_runs SET ended_announced_at = last_event_at;
CREATE INDEX sync_runs_unannounced ON sync_runs (last_event_at) WHERE ended_announced_at IS NULL;
