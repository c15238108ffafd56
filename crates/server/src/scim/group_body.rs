//! A SCIM Group body → a [`GroupDraft`].

use serde_json::Value;

use super::error::ScimError;
use super::user_body::get;
use crate::store::groups::{GroupDraft, MemberRef};

/// Parses a Group body for create or replace.
pub fn parse(body: &Value) -> Result<GroupDraft, ScimError> {
    let object = body
        .as_object()
        .ok_or_else(|| ScimError::invalid_syntax("A Group must be a JSON object."))?;
    let display_name = match get(object, "displayName") {
        Some(Value::String(name)) if !name.trim().is_empty() => name.trim().to_owned(),
        Some(Value::String(_)) => {
            return Err(ScimError::invalid_value("displayName must not be empty."));
        }
        Some(_) => return Err(ScimError::invalid_value("displayName must be a string.")),
        None => return Err(ScimError::invalid_value("displayName is required.")),
    };
    let external_id = match get(object, "externalId") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(ScimError::invalid_value("externalId must be a string.")),
    };
    let members = match get(object, "members") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.iter().map(member).collect::<Result<_, _>>()?,
        Some(_) => return Err(ScimError::invalid_value("members must be an array.")),
    };
    let mut resource = object.clone();
    resource.retain(|key, _| {
        !["id", "meta", "schemas", "members"]
            .iter()
            .any(|drop| key.eq_ignore_ascii_case(drop))
    });
    Ok(GroupDraft {
        display_name,
        external_id,
        resource: Value::Object(resource),
        members,
    })
}

fn member(item: &Value) -> Result<MemberRef, ScimError> {
    let object = item
        .as_object()
        .ok_or_else(|| ScimError::invalid_value("Each member must be an object with a value."))?;
    let value = match get(object, "value") {
        Some(Value::String(v)) if !v.is_empty() => v.clone(),
        _ => {
            return Err(ScimError::invalid_value(
                "Each member needs a value: the member's SCIM id.",
            ));
        }
    };
    let display = get(object, "display")
        .and_then(Value::as_str)
        .map(str::to_owned);
    Ok(MemberRef { value, display })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_okta_group_push_with_members_parses() {
        let draft = parse(&json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "displayName": "Writers",
            "members": [{"value": "u1", "display": "ada@example.com"}]
        }))
        .unwrap();
        assert_eq!(draft.display_name, "Writers");
        assert_eq!(draft.members[0].display.as_deref(), Some("ada@example.com"));
        assert_eq!(draft.resource, json!({"displayName": "Writers"}));
    }

    #[test]
    fn a_group_without_display_name_or_with_bad_members_is_refused() {
        assert!(parse(&json!({"members": []})).is_err());
        assert!(parse(&json!({"displayName": "x", "members": [{"display": "no value"}]})).is_err());
        assert!(parse(&json!({"displayName": "x", "members": "u1"})).is_err());
    }
}
