//! Failure categories: one per failed sync request, with a stable machine code.

use serde::{Deserialize, Serialize};

/// Why a sync request failed. The serialized form (`duplicate_user`, …) is a stable code that
/// the admin API, the stored events and the dashboard's URLs all use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureCategory {
    /// The `userName` or primary email already belongs to a SCIM-managed identity.
    DuplicateUser,
    /// No licence seat is free for a User.
    LicenceLimit,
    /// A Reader was pushed whose email belongs to a project-native User.
    UserAlreadyExists,
    /// The request itself is malformed: body, filter, PATCH path, attribute value.
    Validation,
    /// The group was deleted inside the project.
    GroupDeletedInProject,
    /// A group member whose own provisioning failed cannot be linked.
    MemberNotProvisioned,
    /// SCIM provisioning is turned off for the project.
    ScimDisabled,
    /// Missing or wrong bearer token.
    Auth,
    /// A fault on our side.
    Internal,
}

impl FailureCategory {
    /// Every category, in the order the dashboard lists them.
    pub const ALL: [FailureCategory; 9] = [
        FailureCategory::DuplicateUser,
        FailureCategory::LicenceLimit,
        FailureCategory::UserAlreadyExists,
        FailureCategory::Validation,
        FailureCategory::GroupDeletedInProject,
        FailureCategory::MemberNotProvisioned,
        FailureCategory::ScimDisabled,
        FailureCategory::Auth,
        FailureCategory::Internal,
    ];

    /// The stable machine code, as stored and as sent over the wire.
    pub fn code(self) -> &'static str {
        match self {
            FailureCategory::DuplicateUser => "duplicate_user",
            FailureCategory::LicenceLimit => "licence_limit",
            FailureCategory::UserAlreadyExists => "user_already_exists",
            FailureCategory::Validation => "validation",
            FailureCategory::GroupDeletedInProject => "group_deleted_in_project",
            FailureCategory::MemberNotProvisioned => "member_not_provisioned",
            FailureCategory::ScimDisabled => "scim_disabled",
            FailureCategory::Auth => "auth",
            FailureCategory::Internal => "internal",
        }
    }

    /// A short title an admin reads in a badge or a heading.
    pub fn title(self) -> &'static str {
        match self {
            FailureCategory::DuplicateUser => "Duplicate user",
            FailureCategory::LicenceLimit => "Licence limit reached",
            FailureCategory::UserAlreadyExists => "User already available in the project",
            FailureCategory::Validation => "Validation error",
            FailureCategory::GroupDeletedInProject => "Group deleted in the project",
            FailureCategory::MemberNotProvisioned => "Member not provisioned",
            FailureCategory::ScimDisabled => "SCIM disabled",
            FailureCategory::Auth => "Authentication failed",
            FailureCategory::Internal => "Internal error",
        }
    }

    /// Parses a stable code back into its category.
    pub fn from_code(code: &str) -> Option<FailureCategory> {
        FailureCategory::ALL.into_iter().find(|c| c.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_through_from_code() {
        for category in FailureCategory::ALL {
            assert_eq!(FailureCategory::from_code(category.code()), Some(category));
        }
        assert_eq!(FailureCategory::from_code("nope"), None);
    }

    #[test]
    fn the_serialized_form_is_the_stable_code() {
        for category in FailureCategory::ALL {
            let json = serde_json::to_string(&category).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", category.code()));
        }
    }
}
