-- When a project's connections turn degraded or failing (scim_sync_core::health::Thresholds),
-- set by its admins; the defaults are the core's, which warn well before Entra ID's 40 %.
ALTER TABLE projects ADD COLUMN health_window INTEGER NOT NULL DEFAULT 200
    CHECK (health_window BETWEEN 1 AND 10000);
ALTER TABLE projects ADD COLUMN health_min_requests INTEGER NOT NULL DEFAULT 20
    CHECK (health_min_requests >= 0);
ALTER TABLE projects ADD COLUMN health_degraded_percent INTEGER NOT NULL DEFAULT 10
    CHECK (health_degraded_percent BETWEEN 1 AND 100);
ALTER TABLE projects ADD COLUMN health_failing_percent INTEGER NOT NULL DEFAULT 25
    CHECK (health_failing_percent BETWEEN 1 AND 100);
ALTER TABLE projects ADD COLUMN health_refused_streak INTEGER NOT NULL DEFAULT 3
    CHECK (health_refused_streak BETWEEN 1 AND 1000);
ALTER TABLE projects ADD COLUMN health_silent_after_ms INTEGER NOT NULL DEFAULT 7200000
    CHECK (health_silent_after_ms >= 60000);
