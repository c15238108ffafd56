//! Stored identities and groups → SCIM representations (RFC 7643 §4) with `meta`.

use scim_sync_core::scim::{
    ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, IS_TEAM_ACCOUNT, PLATFORM_USER_SCHEMA, USER_SCHEMA,
};
use serde_json::{Map, Value, json};

use super::gate::ScimBase;
use super::json::etag;
use crate::domain::identity::IdentityKind;
use crate::store::groups::{Group, Member};
use crate::store::identities::Identity;
use crate::store::rfc3339;

/// Where a User lives.
pub fn user_location(base: &ScimBase, id: &str) -> String {
    format!("{}/Users/{id}", base.0)
}

/// The SCIM representation of a stored identity: what the IdP sent, with the server's own
/// attributes (`id`, `schemas`, `meta`) added and `active` / `isTeamAccount` set from the stored
/// truth wherever the IdP's representation has them (an attribute the IdP removed stays away).
pub fn render_user(identity: &Identity, base: &ScimBase) -> Value {
    let mut object = identity.resource.as_object().cloned().unwrap_or_default();
    let mut schemas = vec![json!(USER_SCHEMA)];
    for extension in [ENTERPRISE_USER_SCHEMA, PLATFORM_USER_SCHEMA] {
        if object.keys().any(|k| k.eq_ignore_ascii_case(extension)) {
            schemas.push(json!(extension));
        }
    }
    for (key, value) in object.iter_mut() {
        if key.eq_ignore_ascii_case("active") {
            *value = json!(identity.active);
        } else if key.eq_ignore_ascii_case(PLATFORM_USER_SCHEMA)
            && let Value::Object(extension) = value
        {
            for (name, flag) in extension.iter_mut() {
                if name.eq_ignore_ascii_case(IS_TEAM_ACCOUNT) {
                    *flag = json!(identity.kind == IdentityKind::User);
                }
            }
        }
    }

    let mut out = Map::new();
    out.insert("schemas".into(), Value::Array(schemas));
    out.insert("id".into(), json!(identity.id));
    out.extend(object);
    out.insert(
        "meta".into(),
        json!({
            "resourceType": "User",
            "created": rfc3339(identity.created_at),
            "lastModified": rfc3339(identity.updated_at),
            "location": user_location(base, &identity.id),
            "version": etag(identity.version),
        }),
    );
    Value::Object(out)
}

/// Where a Group lives.
pub fn group_location(base: &ScimBase, id: &str) -> String {
    format!("{}/Groups/{id}", base.0)
}

/// The SCIM representation of a group; `members` is `None` when they were not asked for.
pub fn render_group(group: &Group, members: Option<&[Member]>, base: &ScimBase) -> Value {
    let mut out = Map::new();
    out.insert("schemas".into(), json!([GROUP_SCHEMA]));
    out.insert("id".into(), json!(group.id));
    if let Some(object) = group.resource.as_object() {
        out.extend(object.clone());
    }
    out.insert("displayName".into(), json!(group.display_name));
    if let Some(members) = members {
        let members: Vec<Value> = members
            .iter()
            .map(|m| {
                let mut member = json!({
                    "value": m.id,
                    "type": "User",
                    "$ref": user_location(base, &m.id),
                });
                if let Some(display) = &m.display {
                    member["display"] = json!(display);
                }
                member
            })
            .collect();
        out.insert("members".into(), Value::Array(members));
    }
    out.insert(
        "meta".into(),
        json!({
            "resourceType": "Group",
            "created": rfc3339(group.created_at),
            "lastModified": rfc3339(group.updated_at),
            "location": group_location(base, &group.id),
            "version": etag(group.version),
        }),
    );
    Value::Object(out)
}
