-- Admin sessions. A cookie session is what signing in with an admin token gives the
-- standalone dashboard (an HttpOnly cookie; state-changing requests echo its CSRF token); an
-- embedded session is minted by the operator for a host platform that signed its admin in,
-- and is sent as a bearer token. Only a SHA-256 of the session secret is stored.
CREATE TABLE sessions (
    hash       TEXT PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    actor      TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('cookie', 'embedded')),
    csrf       TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    CHECK ((kind = 'cookie') = (csrf IS NOT NULL))
) WITHOUT ROWID;
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
