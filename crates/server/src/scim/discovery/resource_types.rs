//! The resource types this server serves (RFC 7643 §6, §8.6): User, with the Enterprise and the
//! platform extensions, and Group.

use scim_sync_core::scim::{
    ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, PLATFORM_USER_SCHEMA, USER_SCHEMA,
};

/// A resource type: its name (also its `id`), endpoint, core schema and extensions.
#[derive(Debug, Clone, Copy)]
pub struct ResourceTypeDefinition {
    /// The name, also used as the `id`.
    pub name: &'static str,
    /// The endpoint, relative to the SCIM base.
    pub endpoint: &'static str,
    /// What it is.
    pub description: &'static str,
    /// The core schema URN.
    pub schema: &'static str,
    /// The extension schema URNs, each with whether a resource must carry it.
    pub extensions: &'static [(&'static str, bool)],
}

/// Every resource type served, in the order `/ResourceTypes` lists them.
pub const ALL: [ResourceTypeDefinition; 2] = [
    ResourceTypeDefinition {
        name: "User",
        endpoint: "/Users",
        description: "User Account: a User (team account, one licence seat) or a Reader (none), \
                      as the platform extension's isTeamAccount says.",
        schema: USER_SCHEMA,
        extensions: &[
            (ENTERPRISE_USER_SCHEMA, false),
            (PLATFORM_USER_SCHEMA, false),
        ],
    },
    ResourceTypeDefinition {
        name: "Group",
        endpoint: "/Groups",
        description: "Group",
        schema: GROUP_SCHEMA,
        extensions: &[],
    },
];
