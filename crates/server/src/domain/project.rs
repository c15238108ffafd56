//! Projects (tenants) and what speaks for one: every request the server accepts is on behalf
//! of exactly one project, named by the credential it carried, never by the request itself.

/// A project's id. Every store function that reads or writes a project's data takes one
/// (through [`crate::store::ProjectDb`]). The default, 0, names no project: the database's
/// foreign keys refuse a row written with it.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, sqlx::Type, serde::Serialize,
)]
#[sqlx(transparent)]
#[serde(transparent)]
pub struct ProjectId(pub i64);

impl std::fmt::Display for ProjectId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// An IdP connection's id ("Okta production"), unique across projects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, sqlx::Type)]
#[sqlx(transparent)]
pub struct ConnectionId(pub i64);

/// The project a request acts for, set by the SCIM gate or the admin authentication from the
/// credential the request carried. Handlers get their [`crate::store::ProjectDb`] from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tenant(pub ProjectId);

/// The IdP connection whose token authenticated a SCIM request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// Its project.
    pub project: ProjectId,
    /// Its id.
    pub id: ConnectionId,
    /// Its name, as recorded with the request.
    pub name: String,
}
