-- SQLite's 0008_health_thresholds.sql. When a project's connections turn degraded or failing
-- (scim_sync_core::health::Thresholds), set by its admins; the defaults are the core's.
ALTER TABLE projects
    ADD COLUMN health_window BIGINT NOT NULL DEFAULT 200
        CHECK (health_window BETWEEN 1 AND 10000),
    ADD COLUMN health_min_requests BIGINT NOT NULL DEFAULT 20
        CHECK (health_min_requests >= 0),
    ADD COLUMN health_degraded_percent BIGINT NOT NULL DEFAULT 10
        CHECK (health_degraded_percent BETWEEN 1 AND 100),
    ADD COLUMN health_failing_percent BIGINT NOT NULL DEFAULT 25
        CHECK (health_failing_percent BETWEEN 1 AND 100),
    ADD COLUMN health_refused_streak BIGINT NOT NULL DEFAULT 3
        CHECK (health_refused_streak BETWEEN 1 AND 1000),
    ADD COLUMN health_silent_after_ms BIGINT NOT NULL DEFAULT 7200000
        CHECK (health_silent_after_ms >= 60000);
