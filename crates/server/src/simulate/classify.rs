//! The failure category of an answer, from what the IdP sees: the path, status and `detail`.
//!
//! The server records its own category with every request; the simulator derives the same one
//! from the wire, as an IdP's admin reading the error would (a unit test holds the two together).

use scim_sync_core::category::FailureCategory;

/// The category of a non-success answer to a request on `path`; `None` for a success.
pub fn category(path: &str, status: u16, detail: &str) -> Option<FailureCategory> {
    if (200..300).contains(&status) || status == 304 {
        return None;
    }
    let group = path.starts_with("/Groups");
    let detail = detail.to_ascii_lowercase();
    Some(match status {
        401 => FailureCategory::Auth,
        403 if detail.contains("disabled") => FailureCategory::ScimDisabled,
        403 => FailureCategory::LicenceLimit,
        409 if detail.contains("already available in the project") => {
            FailureCategory::UserAlreadyExists
        }
        409 if group => FailureCategory::Validation,
        409 => FailureCategory::DuplicateUser,
        400 if detail.contains("not provisioned") => FailureCategory::MemberNotProvisioned,
        404 if group && detail.contains("deleted in the project") => {
            FailureCategory::GroupDeletedInProject
        }
        500..=599 => FailureCategory::Internal,
        _ => FailureCategory::Validation,
    })
}

#[cfg(test)]
mod tests {
    use axum::response::IntoResponse;

    use super::*;
    use crate::scim::ScimError;
    use crate::scim::error::Failure;

    /// What the server itself records for an error, and what the simulator reads off the wire.
    async fn both(path: &str, error: ScimError) -> (FailureCategory, Option<FailureCategory>) {
        let response = error.into_response();
        let recorded = response
            .extensions()
            .get::<Failure>()
            .map(|f| f.category)
            .unwrap();
        let status = response.status().as_u16();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let read = category(path, status, body["detail"].as_str().unwrap_or_default());
        (recorded, read)
    }

    #[tokio::test]
    async fn the_simulator_reads_the_same_category_the_server_records() {
        let cases = [
            ("/Users", ScimError::duplicate_user("taken")),
            ("/Users", ScimError::user_already_exists("a@example.com")),
            ("/Users", ScimError::licence_limit(25)),
            ("/Users", ScimError::invalid_value("userName is required.")),
            ("/Users", ScimError::invalid_syntax("nope")),
            ("/Users/x", ScimError::not_found("No User")),
            ("/Users/x", ScimError::precondition_failed()),
            ("/Users", ScimError::method_not_allowed()),
            ("/Users", ScimError::payload_too_large(10)),
            ("/Users", ScimError::unauthorized()),
            ("/Users", ScimError::scim_disabled()),
            ("/Users", ScimError::internal()),
            ("/Groups", ScimError::duplicate_group("Writers")),
            (
                "/Groups/g",
                ScimError::member_not_provisioned(&["u".into()]),
            ),
            ("/Groups/g", ScimError::group_deleted_in_project("g")),
            ("/Groups/g", ScimError::not_found("No Group")),
            ("/Groups", ScimError::scim_disabled()),
        ];
        for (path, error) in cases {
            let shown = error.to_string();
            let (recorded, read) = both(path, error).await;
            assert_eq!(Some(recorded), read, "{path}: {shown}");
        }
    }

    #[test]
    fn successes_have_no_category() {
        assert_eq!(category("/Users", 201, ""), None);
        assert_eq!(category("/Users/x", 304, ""), None);
    }
}
