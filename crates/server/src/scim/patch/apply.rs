//! Applying a [`PatchRequest`] to a resource's JSON, all or nothing.
//!
//! Semantics (RFC 7644 §3.5.2.1–3): `add` appends to a multi-valued attribute (skipping values
//! already present; `members` compare by `value`), sets a single-valued one and merges into a
//! complex one; `replace` overwrites a multi-valued attribute, merges into a complex one, and
//! with a value filter rewrites the matching elements (none matching is `noTarget`); `remove`
//! deletes the attribute, sub-attribute or matching elements and is a no-op when there is
//! nothing to delete. `id`, `meta` and `schemas` are read-only. An element added or replaced
//! with `primary: true` takes `primary` from the others.
//!
//! Duplicate checks use hash sets, so adding or removing n members of an m-member group costs
//! O(n + m).

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::{Op, Operation, PatchRequest, Target, find_key, parse_target};
use crate::scim::error::ScimError;
use crate::scim::filter::{AttrPath, CompValue, Filter, PatchPath, is_core_urn};
use crate::scim::user_body::get;

/// Attributes the client may not change.
const READ_ONLY: [&str; 3] = ["id", "meta", "schemas"];

/// Multi-valued attributes of the core User and Group schemas.
const MULTI_VALUED: [&str; 10] = [
    "emails",
    "phoneNumbers",
    "ims",
    "photos",
    "addresses",
    "groups",
    "entitlements",
    "roles",
    "x509Certificates",
    "members",
];

/// The spelling used when a PATCH creates an attribute named in another case.
const CANONICAL_NAMES: [&str; 45] = [
    "userName",
    "displayName",
    "nickName",
    "profileUrl",
    "title",
    "userType",
    "preferredLanguage",
    "locale",
    "timezone",
    "active",
    "externalId",
    "name",
    "formatted",
    "familyName",
    "givenName",
    "middleName",
    "honorificPrefix",
    "honorificSuffix",
    "emails",
    "phoneNumbers",
    "ims",
    "photos",
    "addresses",
    "groups",
    "entitlements",
    "roles",
    "x509Certificates",
    "members",
    "value",
    "display",
    "type",
    "primary",
    "streetAddress",
    "locality",
    "region",
    "postalCode",
    "country",
    "employeeNumber",
    "costCenter",
    "organization",
    "division",
    "department",
    "manager",
    "isTeamAccount",
    "$ref",
];

/// Why an operation failed, before it is attributed to its operation.
enum Fault {
    NoTarget(String),
    Mutability(String),
    InvalidPath(String),
    InvalidValue(String),
}

impl Fault {
    fn into_error(self, index: usize, operation: &Operation) -> ScimError {
        let path = operation.path.as_deref().unwrap_or("without a path");
        let at = format!("Operations[{index}] ({} {path})", operation.op);
        match self {
            Fault::NoTarget(detail) => ScimError::no_target(format!("{at}: {detail}")),
            Fault::Mutability(detail) => ScimError::mutability(format!("{at}: {detail}")),
            Fault::InvalidPath(detail) => ScimError::invalid_path(format!("{at}: {detail}")),
            Fault::InvalidValue(detail) => ScimError::invalid_value(format!("{at}: {detail}")),
        }
    }
}

type Applied = Result<(), Fault>;

/// Applies `request` to `resource` (a JSON object) and returns the patched copy; on error the
/// caller still has `resource` untouched and no partial result exists.
pub fn apply(resource: &Value, request: &PatchRequest) -> Result<Value, ScimError> {
    let mut patched = resource.clone();
    let Some(root) = patched.as_object_mut() else {
        return Err(ScimError::invalid_value(
            "The resource to patch is not a JSON object.",
        ));
    };
    for (index, operation) in request.operations.iter().enumerate() {
        apply_operation(root, operation).map_err(|fault| fault.into_error(index, operation))?;
    }
    Ok(patched)
}

fn apply_operation(root: &mut Map<String, Value>, operation: &Operation) -> Applied {
    match (&operation.target, operation.op) {
        (None, Op::Remove) => Err(Fault::NoTarget(
            "remove needs a path saying what to remove".to_owned(),
        )),
        (None, op) => {
            let Some(Value::Object(attributes)) = &operation.value else {
                return Err(Fault::InvalidValue(
                    "without a path, the value must be an object of attributes".to_owned(),
                ));
            };
            for (key, value) in attributes {
                let target = parse_target(key).map_err(|e| {
                    Fault::InvalidPath(format!(
                        "the attribute name \"{key}\" is not valid: {}",
                        e.message()
                    ))
                })?;
                if is_unchanged_id(root, &target, value) {
                    // Okta sends the group's own id along with a rename.
                    continue;
                }
                write(root, op, &target, value)?;
            }
            Ok(())
        }
        (Some(target), Op::Remove) => remove(root, target, operation.value.as_ref()),
        (Some(target), op) => {
            let Some(value) = &operation.value else {
                return Err(Fault::InvalidValue(format!("{op} needs a value")));
            };
            write(root, op, target, value)
        }
    }
}

fn is_unchanged_id(root: &Map<String, Value>, target: &Target, value: &Value) -> bool {
    matches!(target, Target::Path(PatchPath { attr, filter: None }) if attr.is("id"))
        && get(root, "id") == Some(value)
}

fn check_mutable(attr: &AttrPath) -> Applied {
    match READ_ONLY
        .iter()
        .find(|name| attr.extension().is_none() && attr.name.eq_ignore_ascii_case(name))
    {
        Some(name) => Err(Fault::Mutability(format!(
            "`{name}` is read-only and cannot be changed"
        ))),
        None => Ok(()),
    }
}

/// `add` or `replace` `value` at `target`.
fn write(root: &mut Map<String, Value>, op: Op, target: &Target, value: &Value) -> Applied {
    match target {
        Target::Extension(urn) => {
            let Value::Object(attributes) = value else {
                return Err(Fault::InvalidValue(format!(
                    "the value for the schema {urn} must be an object of its attributes"
                )));
            };
            for (key, value) in attributes {
                let mut path = match parse_target(key) {
                    Ok(Target::Path(path)) => path,
                    Ok(Target::Extension(_)) | Err(_) => {
                        return Err(Fault::InvalidPath(format!(
                            "\"{key}\" in {urn} is not an attribute name"
                        )));
                    }
                };
                path.attr.urn = Some(urn.clone());
                write(root, op, &Target::Path(path), value)?;
            }
            Ok(())
        }
        Target::Path(path) => {
            check_mutable(&path.attr)?;
            let container = match path.attr.extension() {
                Some(urn) => extension(root, urn)?,
                None => root,
            };
            write_path(container, op, path, value)
        }
    }
}

/// The extension object `urn` of `root`, created when absent.
fn extension<'a>(
    root: &'a mut Map<String, Value>,
    urn: &str,
) -> Result<&'a mut Map<String, Value>, Fault> {
    let key = find_key(root, urn).unwrap_or_else(|| urn.to_owned());
    let slot = root.entry(key).or_insert(Value::Null);
    if slot.is_null() {
        *slot = Value::Object(Map::new());
    }
    match slot {
        Value::Object(object) => Ok(object),
        _ => Err(Fault::InvalidValue(format!(
            "the resource's {urn} is not an object"
        ))),
    }
}

fn write_path(
    container: &mut Map<String, Value>,
    op: Op,
    path: &PatchPath,
    value: &Value,
) -> Applied {
    let attr = &path.attr;
    if let Some(filter) = &path.filter {
        return write_filtered(container, op, attr, filter, value);
    }
    let Some(sub) = &attr.sub_attr else {
        return write_attribute(container, &attr.name, op, value);
    };
    let key = key_for(container, &attr.name);
    let parent = container.entry(key).or_insert(Value::Null);
    if parent.is_null() {
        *parent = Value::Object(Map::new());
    }
    match parent {
        Value::Object(object) => write_attribute(object, sub, op, value),
        Value::Array(items) => {
            for item in items.iter_mut() {
                if let Value::Object(object) = item {
                    write_attribute(object, sub, op, value)?;
                }
            }
            Ok(())
        }
        _ => Err(Fault::InvalidValue(format!(
            "`{}` is not a complex attribute, so it has no `{sub}`",
            attr.name
        ))),
    }
}

/// `add`/`replace` of the attribute `name` of `map`.
fn write_attribute(map: &mut Map<String, Value>, name: &str, op: Op, value: &Value) -> Applied {
    let key = key_for(map, name);
    let multi =
        is_multi_valued(name) || value.is_array() || matches!(map.get(&key), Some(Value::Array(_)));
    if !multi {
        match (map.get_mut(&key), value) {
            (Some(Value::Object(existing)), Value::Object(incoming)) => merge(existing, incoming),
            _ => {
                map.insert(key, value.clone());
            }
        }
        return Ok(());
    }
    let items: Vec<Value> = match value {
        Value::Array(items) => items.clone(),
        Value::Null => Vec::new(),
        single => vec![single.clone()],
    };
    match op {
        Op::Replace => {
            let mut items = items;
            keep_last_primary(&mut items, 0);
            map.insert(key, Value::Array(items));
        }
        _ => {
            let slot = map.entry(key).or_insert(Value::Null);
            let existing = match std::mem::take(slot) {
                Value::Array(existing) => existing,
                Value::Null => Vec::new(),
                single => vec![single],
            };
            let mut existing = existing;
            let start = existing.len();
            append_unique(name, &mut existing, items);
            keep_last_primary(&mut existing, start);
            *slot = Value::Array(existing);
        }
    }
    Ok(())
}

/// `add`/`replace` on the elements of `attr` that `filter` selects.
fn write_filtered(
    container: &mut Map<String, Value>,
    op: Op,
    attr: &AttrPath,
    filter: &Filter,
    value: &Value,
) -> Applied {
    let key = key_for(container, &attr.name);
    let matched: Vec<usize> = match container.get(&key) {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter(|(_, element)| {
                element.is_object() && filter.matches_element(&attr.name, element)
            })
            .map(|(index, _)| index)
            .collect(),
        _ => Vec::new(),
    };
    if matched.is_empty() {
        if op == Op::Replace {
            return Err(no_match(attr));
        }
        // Entra adds `emails[type eq "work"].value` for a user without a work email: create the
        // element the filter describes.
        let Some(mut element) = seed(filter) else {
            return Err(no_match(attr));
        };
        match (&attr.sub_attr, value) {
            (Some(sub), _) => {
                element.insert(key_for(&element, sub), value.clone());
            }
            (None, Value::Object(incoming)) => merge(&mut element, incoming),
            (None, _) => {
                return Err(Fault::InvalidValue(format!(
                    "the value for an element of `{}` must be an object",
                    attr.name
                )));
            }
        }
        return write_attribute(
            container,
            &attr.name,
            Op::Add,
            &Value::Array(vec![Value::Object(element)]),
        );
    }
    let Some(Value::Array(items)) = container.get_mut(&key) else {
        return Ok(());
    };
    let mut primary = None;
    for index in matched {
        let Some(element) = items.get_mut(index) else {
            continue;
        };
        match (&attr.sub_attr, op, &mut *element, value) {
            (Some(sub), _, Value::Object(object), _) => write_attribute(object, sub, op, value)?,
            (None, Op::Add, Value::Object(object), Value::Object(incoming)) => {
                merge(object, incoming)
            }
            (None, _, _, Value::Object(_)) => *element = value.clone(),
            (None, _, _, _) => {
                return Err(Fault::InvalidValue(format!(
                    "the value for an element of `{}` must be an object",
                    attr.name
                )));
            }
            _ => {}
        }
        if is_primary(element) {
            primary = Some(index);
        }
    }
    if let Some(keep) = primary {
        clear_other_primaries(items, keep);
    }
    Ok(())
}

fn no_match(attr: &AttrPath) -> Fault {
    Fault::NoTarget(format!("no value of `{}` matches the filter", attr.name))
}

/// The element a filter of `eq` terms describes: `type eq "work"` → `{"type": "work"}`.
fn seed(filter: &Filter) -> Option<Map<String, Value>> {
    let mut element = Map::new();
    for (attr, literal) in filter.equalities()? {
        if attr.sub_attr.is_some() || attr.urn.is_some() || *literal == CompValue::Null {
            return None;
        }
        element.insert(canonical(&attr.name), literal.to_json());
    }
    Some(element)
}

fn remove(root: &mut Map<String, Value>, target: &Target, value: Option<&Value>) -> Applied {
    match target {
        Target::Extension(urn) if is_core_urn(urn) => Err(Fault::Mutability(format!(
            "the core schema {urn} cannot be removed"
        ))),
        Target::Extension(urn) => {
            if let Some(key) = find_key(root, urn) {
                root.remove(&key);
            }
            Ok(())
        }
        Target::Path(path) => {
            check_mutable(&path.attr)?;
            let container = match path.attr.extension() {
                Some(urn) => match find_key(root, urn).and_then(|key| root.get_mut(&key)) {
                    Some(Value::Object(object)) => object,
                    _ => return Ok(()),
                },
                None => root,
            };
            remove_path(container, path, value);
            Ok(())
        }
    }
}

fn remove_path(container: &mut Map<String, Value>, path: &PatchPath, value: Option<&Value>) {
    let attr = &path.attr;
    let Some(key) = find_key(container, &attr.name) else {
        return;
    };
    let mut now_empty = false;
    match (&path.filter, &attr.sub_attr, container.get_mut(&key)) {
        (None, None, Some(Value::Array(items))) if value.is_some_and(|v| !v.is_null()) => {
            // Entra: `remove members` with a `value` listing the members to remove.
            let listed = match value {
                Some(Value::Array(listed)) => listed.as_slice(),
                Some(single) => std::slice::from_ref(single),
                None => &[],
            };
            let drop = Identities::of(&attr.name, listed);
            items.retain(|item| !drop.contains(&attr.name, item));
            now_empty = items.is_empty();
        }
        (None, None, _) => {
            container.remove(&key);
        }
        (None, Some(sub), Some(Value::Object(object))) => remove_key(object, sub),
        (None, Some(sub), Some(Value::Array(items))) => {
            for item in items.iter_mut() {
                if let Value::Object(object) = item {
                    remove_key(object, sub);
                }
            }
        }
        (Some(filter), None, Some(Value::Array(items))) => {
            items.retain(|element| !filter.matches_element(&attr.name, element));
            now_empty = items.is_empty();
        }
        (Some(filter), Some(sub), Some(Value::Array(items))) => {
            for element in items.iter_mut() {
                if filter.matches_element(&attr.name, element)
                    && let Value::Object(object) = element
                {
                    remove_key(object, sub);
                }
            }
        }
        _ => {}
    }
    if now_empty {
        container.remove(&key);
    }
}

fn remove_key(map: &mut Map<String, Value>, name: &str) {
    if let Some(key) = find_key(map, name) {
        map.remove(&key);
    }
}

/// The key to write `name` under: the existing one in any case, else the canonical spelling.
fn key_for(map: &Map<String, Value>, name: &str) -> String {
    find_key(map, name).unwrap_or_else(|| canonical(name))
}

fn canonical(name: &str) -> String {
    CANONICAL_NAMES
        .iter()
        .find(|known| known.eq_ignore_ascii_case(name))
        .map_or_else(|| name.to_owned(), |known| (*known).to_owned())
}

fn is_multi_valued(name: &str) -> bool {
    MULTI_VALUED
        .iter()
        .any(|multi| multi.eq_ignore_ascii_case(name))
}

/// Sets each of `incoming`'s sub-attributes on `existing`, matching names in any case.
fn merge(existing: &mut Map<String, Value>, incoming: &Map<String, Value>) {
    for (name, value) in incoming {
        existing.insert(key_for(existing, name), value.clone());
    }
}

/// Appends the `items` not already in `existing` (nor earlier in `items`).
fn append_unique(name: &str, existing: &mut Vec<Value>, items: Vec<Value>) {
    let mut seen = Identities::of(name, existing);
    for item in items {
        if seen.insert(name, &item) {
            existing.push(item);
        }
    }
}

/// Identities of multi-valued attribute values, for O(1) "is it already there?".
///
/// `members` compare by `value` (the member's id, case-exact), as does any element given as
/// just `{"value": …}` (Entra's removal list); other values compare whole, attribute names in
/// any case.
struct Identities {
    values: HashSet<String>,
    wholes: HashSet<String>,
}

impl Identities {
    fn of(name: &str, items: &[Value]) -> Identities {
        let mut identities = Identities {
            values: HashSet::new(),
            wholes: HashSet::new(),
        };
        for item in items {
            identities.insert(name, item);
        }
        identities
    }

    /// Records `item`; false when it was already there.
    fn insert(&mut self, name: &str, item: &Value) -> bool {
        match by_value(name, item) {
            Some(value) => self.values.insert(value.to_owned()),
            None => self.wholes.insert(canonical_json(item)),
        }
    }

    fn contains(&self, name: &str, item: &Value) -> bool {
        item_value(item).is_some_and(|value| self.values.contains(value))
            || (by_value(name, item).is_none() && self.wholes.contains(&canonical_json(item)))
    }
}

/// The `value` an element is identified by, when it is identified by its `value`.
fn by_value<'a>(name: &str, item: &'a Value) -> Option<&'a str> {
    let only_value = item.as_object().is_some_and(|object| object.len() == 1);
    if name.eq_ignore_ascii_case("members") || only_value {
        item_value(item)
    } else {
        None
    }
}

fn item_value(item: &Value) -> Option<&str> {
    item.as_object()
        .and_then(|object| get(object, "value"))
        .and_then(Value::as_str)
}

/// A JSON rendering with keys lowercased and sorted, so equal values render equally.
fn canonical_json(value: &Value) -> String {
    fn write(value: &Value, out: &mut String) {
        match value {
            Value::Object(object) => {
                let mut entries: Vec<(String, &Value)> = object
                    .iter()
                    .map(|(key, value)| (key.to_lowercase(), value))
                    .collect();
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                out.push('{');
                for (key, value) in entries {
                    out.push_str(&Value::String(key).to_string());
                    out.push(':');
                    write(value, out);
                    out.push(',');
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for item in items {
                    write(item, out);
                    out.push(',');
                }
                out.push(']');
            }
            scalar => out.push_str(&scalar.to_string()),
        }
    }
    let mut out = String::new();
    write(value, &mut out);
    out
}

/// `primary` is `true` (or Entra's `"True"`).
fn is_primary(item: &Value) -> bool {
    match item.as_object().and_then(|object| get(object, "primary")) {
        Some(Value::Bool(primary)) => *primary,
        Some(Value::String(primary)) => primary.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// When an element at or after `from` is primary, the last such keeps `primary`, others lose it.
fn keep_last_primary(items: &mut [Value], from: usize) {
    let keep = items
        .get(from..)
        .and_then(|tail| tail.iter().rposition(is_primary))
        .map(|offset| from + offset);
    if let Some(keep) = keep {
        clear_other_primaries(items, keep);
    }
}

fn clear_other_primaries(items: &mut [Value], keep: usize) {
    for (index, item) in items.iter_mut().enumerate() {
        if index != keep
            && is_primary(item)
            && let Value::Object(object) = item
        {
            object.insert(key_for(object, "primary"), Value::Bool(false));
        }
    }
}
