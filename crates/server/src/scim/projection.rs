//! `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5): which attributes a response shows.
//! `id` and `schemas` are always returned.

use serde::Deserialize;
use serde_json::{Map, Value};

const ALWAYS: [&str; 2] = ["id", "schemas"];
const CORE_PREFIXES: [&str; 2] = [
    "urn:ietf:params:scim:schemas:core:2.0:User:",
    "urn:ietf:params:scim:schemas:core:2.0:Group:",
];

/// The two query parameters, as sent.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Projection {
    /// Comma-separated attributes to return (and nothing else).
    pub attributes: Option<String>,
    /// Comma-separated attributes to leave out.
    #[serde(rename = "excludedAttributes")]
    pub excluded_attributes: Option<String>,
}

/// One attribute path: top-level key (an attribute or an extension URN) and an optional
/// sub-attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Path {
    key: String,
    sub: Option<String>,
}

impl Projection {
    /// Whether the response will show the top-level attribute `name` (so it is worth loading).
    pub fn shows(&self, name: &str) -> bool {
        let listed = |list: &Option<String>| {
            paths(list.as_deref())
                .iter()
                .any(|p| p.key.eq_ignore_ascii_case(name) && p.sub.is_none())
        };
        let included = match &self.attributes {
            Some(_) => paths(self.attributes.as_deref())
                .iter()
                .any(|p| p.key.eq_ignore_ascii_case(name)),
            None => true,
        };
        included && !listed(&self.excluded_attributes)
    }

    /// The resource as the client asked to see it.
    pub fn apply(&self, resource: Value) -> Value {
        let Value::Object(object) = resource else {
            return resource;
        };
        let object = match self.attributes.as_deref() {
            Some(list) => keep_only(object, &paths(Some(list))),
            None => object,
        };
        let object = match self.excluded_attributes.as_deref() {
            Some(list) => remove(object, &paths(Some(list))),
            None => object,
        };
        Value::Object(object)
    }
}

fn paths(list: Option<&str>) -> Vec<Path> {
    list.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(parse_path)
        .collect()
}

fn parse_path(raw: &str) -> Path {
    let raw = CORE_PREFIXES
        .iter()
        .find_map(|prefix| {
            raw.get(..prefix.len())
                .filter(|head| head.eq_ignore_ascii_case(prefix))
                .map(|_| &raw[prefix.len()..])
        })
        .unwrap_or(raw);
    if raw.to_ascii_lowercase().starts_with("urn:") {
        // urn:…:User:attr[.sub] → key = urn:…:User, sub = attr (extension attributes).
        return match raw.rsplit_once(':') {
            Some((urn, attr)) => Path {
                key: urn.to_owned(),
                sub: Some(attr.split('.').next().unwrap_or(attr).to_owned()),
            },
            None => Path {
                key: raw.to_owned(),
                sub: None,
            },
        };
    }
    match raw.split_once('.') {
        Some((key, sub)) => Path {
            key: key.to_owned(),
            sub: Some(sub.to_owned()),
        },
        None => Path {
            key: raw.to_owned(),
            sub: None,
        },
    }
}

fn keep_only(object: Map<String, Value>, wanted: &[Path]) -> Map<String, Value> {
    object
        .into_iter()
        .filter_map(|(key, value)| {
            if ALWAYS.iter().any(|a| key.eq_ignore_ascii_case(a)) {
                return Some((key, value));
            }
            let matching: Vec<&Path> = wanted
                .iter()
                .filter(|p| p.key.eq_ignore_ascii_case(&key))
                .collect();
            if matching.is_empty() {
                return None;
            }
            if matching.iter().any(|p| p.sub.is_none()) {
                return Some((key, value));
            }
            let subs: Vec<&str> = matching.iter().filter_map(|p| p.sub.as_deref()).collect();
            Some((key, keep_subs(value, &subs)))
        })
        .collect()
}

fn keep_subs(value: Value, subs: &[&str]) -> Value {
    let keep = |object: Map<String, Value>| -> Map<String, Value> {
        object
            .into_iter()
            .filter(|(k, _)| subs.iter().any(|s| k.eq_ignore_ascii_case(s)))
            .collect()
    };
    match value {
        Value::Object(object) => Value::Object(keep(object)),
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|item| match item {
                    Value::Object(object) => Value::Object(keep(object)),
                    other => other,
                })
                .collect(),
        ),
        other => other,
    }
}

fn remove(mut object: Map<String, Value>, unwanted: &[Path]) -> Map<String, Value> {
    for path in unwanted {
        if ALWAYS.iter().any(|a| path.key.eq_ignore_ascii_case(a)) {
            continue;
        }
        let Some(key) = object
            .keys()
            .find(|k| k.eq_ignore_ascii_case(&path.key))
            .cloned()
        else {
            continue;
        };
        match &path.sub {
            None => {
                object.remove(&key);
            }
            Some(sub) => {
                let strip =
                    |o: &mut Map<String, Value>| o.retain(|k, _| !k.eq_ignore_ascii_case(sub));
                match object.get_mut(&key) {
                    Some(Value::Object(inner)) => strip(inner),
                    Some(Value::Array(items)) => items.iter_mut().for_each(|item| {
                        if let Value::Object(inner) = item {
                            strip(inner);
                        }
                    }),
                    _ => {}
                }
            }
        }
    }
    object
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn user() -> Value {
        json!({
            "schemas": ["s"], "id": "1", "userName": "ada",
            "name": {"givenName": "Ada", "familyName": "Lovelace"},
            "emails": [{"value": "a@x", "type": "work"}],
            "urn:ietf:params:scim:schemas:extension:document360:2.0:User": {"isTeamAccount": true, "x": 1},
            "meta": {"resourceType": "User"}
        })
    }

    fn projection(attributes: Option<&str>, excluded: Option<&str>) -> Projection {
        Projection {
            attributes: attributes.map(str::to_owned),
            excluded_attributes: excluded.map(str::to_owned),
        }
    }

    #[test]
    fn attributes_keeps_only_the_listed_ones_plus_id_and_schemas() {
        let out = projection(Some("userName,name.givenName"), None).apply(user());
        assert_eq!(
            out,
            json!({"schemas": ["s"], "id": "1", "userName": "ada", "name": {"givenName": "Ada"}})
        );
    }

    #[test]
    fn excluded_attributes_removes_entras_members_and_sub_attributes() {
        let group = json!({"id": "g", "displayName": "G", "members": [{"value": "1"}]});
        let out = projection(None, Some("members")).apply(group);
        assert_eq!(out, json!({"id": "g", "displayName": "G"}));
        let out = projection(None, Some("emails.type,id")).apply(user());
        assert_eq!(out["emails"], json!([{"value": "a@x"}]));
        assert_eq!(out["id"], "1", "id is always returned");
    }

    #[test]
    fn urn_qualified_paths_select_extension_and_core_attributes() {
        let out = projection(
            Some("urn:ietf:params:scim:schemas:extension:document360:2.0:User:isTeamAccount,urn:ietf:params:scim:schemas:core:2.0:User:userName"),
            None,
        )
        .apply(user());
        assert_eq!(out["userName"], "ada");
        assert_eq!(
            out["urn:ietf:params:scim:schemas:extension:document360:2.0:User"],
            json!({"isTeamAccount": true})
        );
        assert!(out.get("name").is_none());
    }

    #[test]
    fn shows_tells_whether_members_are_worth_loading() {
        assert!(projection(None, None).shows("members"));
        assert!(!projection(None, Some("members")).shows("members"));
        assert!(!projection(Some("displayName"), None).shows("members"));
        assert!(projection(Some("members.value"), None).shows("members"));
    }
}
