-- SCIM groups. A group deleted inside the project is kept as a tombstone (same id, externalId,
-- displayName, last member list) so that a re-push can restore it under the same id.
CREATE TABLE groups (
    id               TEXT PRIMARY KEY,
    external_id      TEXT,
    display_name     TEXT NOT NULL,
    display_name_key TEXT NOT NULL,
    resource         TEXT NOT NULL,
    version          INTEGER NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('active', 'deleted_in_project', 'deleted_while_scim_disabled')),
    deleted_at       INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
-- displayName is unique among live groups; a tombstone does not block a fresh push.
CREATE UNIQUE INDEX groups_live_display_name ON groups (display_name_key) WHERE state = 'active';

-- Members linked to a group.
CREATE TABLE group_members (
    group_id    TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    identity_id TEXT NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, identity_id)
) WITHOUT ROWID;
CREATE INDEX group_members_by_identity ON group_members (identity_id);

-- The member list the IdP last pushed for a group, including members that could not be linked
-- (their own provisioning failed): what a re-push re-applies.
CREATE TABLE group_pushed_members (
    group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    value    TEXT NOT NULL,
    display  TEXT,
    PRIMARY KEY (group_id, position)
) WITHOUT ROWID;

CREATE INDEX identities_by_external_id ON identities (external_id);
CREATE INDEX groups_by_external_id ON groups (external_id);
