//! A SCIM User body as the IdPs send it → an [`IdentityDraft`].
//!
//! Attribute names are matched case-insensitively (RFC 7643 §2.1); booleans may arrive as the
//! strings `"True"`/`"False"` (Entra). `isTeamAccount` lives in the platform extension and
//! defaults to false (a Reader).

use scim_sync_core::scim::{IS_TEAM_ACCOUNT, PLATFORM_USER_SCHEMA};
use serde_json::{Map, Value};

use super::error::ScimError;
use crate::domain::identity::{Email, IdentityDraft, IdentityKind, UserName};

/// Parses a User body for create or replace.
pub fn parse(body: &Value) -> Result<IdentityDraft, ScimError> {
    let object = body
        .as_object()
        .ok_or_else(|| ScimError::invalid_syntax("A User must be a JSON object."))?;
    let user_name = match get(object, "userName") {
        Some(Value::String(raw)) => {
            UserName::parse(raw).map_err(|e| ScimError::invalid_value(e.to_string()))?
        }
        Some(_) => return Err(ScimError::invalid_value("userName must be a string.")),
        None => return Err(ScimError::invalid_value("userName is required.")),
    };
    let is_team_account = match get(object, PLATFORM_USER_SCHEMA)
        .and_then(Value::as_object)
        .and_then(|ext| get(ext, IS_TEAM_ACCOUNT))
    {
        None | Some(Value::Null) => false,
        Some(value) => boolean(value, IS_TEAM_ACCOUNT)?,
    };
    let active = match get(object, "active") {
        None | Some(Value::Null) => true,
        Some(value) => boolean(value, "active")?,
    };
    Ok(IdentityDraft {
        user_name,
        external_id: optional_string(object, "externalId")?,
        display_name: display_name(object)?,
        email: primary_email(object)?,
        active,
        kind: IdentityKind::from_team_account(is_team_account),
    })
}

/// The stored form of a body: what the client sent, less server-set and secret attributes.
pub fn resource_to_store(body: &Value) -> Value {
    let mut stored = body.clone();
    if let Some(object) = stored.as_object_mut() {
        object.retain(|key, _| {
            !["id", "meta", "schemas", "password"]
                .iter()
                .any(|drop| key.eq_ignore_ascii_case(drop))
        });
    }
    stored
}

/// The attribute named `name`, in any case.
pub fn get<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object.get(name).or_else(|| {
        object
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    })
}

/// A SCIM boolean: `true`/`false`, or the strings `"True"`/`"False"` in any case.
pub fn boolean(value: &Value, attribute: &str) -> Result<bool, ScimError> {
    match value {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(false),
        _ => Err(ScimError::invalid_value(format!(
            "{attribute} must be a boolean."
        ))),
    }
}

fn optional_string(object: &Map<String, Value>, name: &str) -> Result<Option<String>, ScimError> {
    match get(object, name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ScimError::invalid_value(format!(
            "{name} must be a string."
        ))),
    }
}

fn display_name(object: &Map<String, Value>) -> Result<Option<String>, ScimError> {
    if let Some(name) = optional_string(object, "displayName")? {
        return Ok(Some(name));
    }
    let Some(name) = get(object, "name").and_then(Value::as_object) else {
        return Ok(None);
    };
    if let Some(formatted) = optional_string(name, "formatted")? {
        return Ok(Some(formatted));
    }
    let parts: Vec<String> = [
        optional_string(name, "givenName")?,
        optional_string(name, "familyName")?,
    ]
    .into_iter()
    .flatten()
    .collect();
    Ok((!parts.is_empty()).then(|| parts.join(" ")))
}

/// The primary email, or the first when none is marked primary.
fn primary_email(object: &Map<String, Value>) -> Result<Option<Email>, ScimError> {
    let emails = match get(object, "emails") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Array(emails)) => emails,
        Some(_) => return Err(ScimError::invalid_value("emails must be an array.")),
    };
    let mut chosen = None;
    for email in emails {
        let entry = email
            .as_object()
            .ok_or_else(|| ScimError::invalid_value("Each email must be an object."))?;
        let primary = match get(entry, "primary") {
            None | Some(Value::Null) => false,
            Some(value) => boolean(value, "emails.primary")?,
        };
        if primary || chosen.is_none() {
            chosen = optional_string(entry, "value")?;
        }
        if primary {
            break;
        }
    }
    chosen
        .map(|value| Email::parse(&value).map_err(|e| ScimError::invalid_value(e.to_string())))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_okta_user_with_is_team_account_true_is_a_user() {
        let draft = parse(&json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", PLATFORM_USER_SCHEMA],
            "userName": "ada@example.com",
            "name": {"givenName": "Ada", "familyName": "Lovelace"},
            "emails": [{"primary": true, "value": "ada@example.com", "type": "work"}],
            "active": true,
            PLATFORM_USER_SCHEMA: {"isTeamAccount": true}
        }))
        .unwrap();
        assert_eq!(draft.kind, IdentityKind::User);
        assert_eq!(draft.display_name.as_deref(), Some("Ada Lovelace"));
        assert_eq!(draft.email.unwrap().as_str(), "ada@example.com");
    }

    #[test]
    fn without_the_extension_the_identity_is_a_reader() {
        let draft = parse(&json!({"userName": "r@example.com"})).unwrap();
        assert_eq!(draft.kind, IdentityKind::Reader);
        assert!(draft.active);
    }

    #[test]
    fn entra_string_booleans_are_accepted() {
        let draft = parse(&json!({
            "UserName": "e@example.com",
            "active": "False",
            PLATFORM_USER_SCHEMA: {"isTeamAccount": "True"}
        }))
        .unwrap();
        assert_eq!(draft.kind, IdentityKind::User);
        assert!(!draft.active);
    }

    #[test]
    fn the_primary_email_wins_over_the_first() {
        let draft = parse(&json!({"userName": "x", "emails": [
            {"value": "home@example.com"}, {"value": "work@example.com", "primary": true}
        ]}))
        .unwrap();
        assert_eq!(draft.email.unwrap().as_str(), "work@example.com");
    }

    #[test]
    fn a_missing_user_name_or_bad_boolean_is_invalid_value() {
        assert!(parse(&json!({"displayName": "x"})).is_err());
        assert!(parse(&json!({"userName": "x", "active": "maybe"})).is_err());
        assert!(parse(&json!({"userName": "x", "emails": [{"value": "nope"}]})).is_err());
        assert!(parse(&json!([1, 2])).is_err());
    }

    #[test]
    fn stored_resources_drop_server_set_and_secret_attributes() {
        let stored =
            resource_to_store(&json!({"id": "1", "Password": "p", "userName": "x", "meta": {}}));
        assert_eq!(stored, json!({"userName": "x"}));
    }
}
