//! SCIM PATCH (RFC 7644 §3.5.2): a `PatchOp` body → a [`PatchRequest`] → a new resource JSON.
//!
//! Reading order: [`parse`] checks the message (schema, `Operations`, op names, paths) and
//! answers 400 `invalidSyntax`/`invalidPath`/`noTarget` for a malformed one; [`apply`]
//! (`apply.rs`) runs the operations in order on a clone of the resource and returns the result,
//! or the first error and no result, so a PATCH is all or nothing.
//!
//! Okta and Entra shapes are accepted: op names in any case, path-less `add`/`replace` whose
//! `value` keys are plain, dotted (`name.givenName`) or URN-qualified attribute names or a
//! schema URN holding an object of extension attributes, and `remove` on `members` with a
//! `value` listing the members to remove. Values are kept as sent (`"False"` stays a string).

mod apply;
#[cfg(test)]
mod tests;

use std::fmt;

use scim_sync_core::scim::PATCH_OP_SCHEMA;
use serde_json::{Map, Value};

pub use self::apply::apply;
use super::error::ScimError;
use super::filter::{self, FilterError, PatchPath};
use super::user_body::get;

/// A parsed PATCH request: its operations, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct PatchRequest {
    /// The operations, applied in order.
    pub operations: Vec<Operation>,
}

/// One PATCH operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `add`, `replace` or `remove`.
    pub op: Op,
    /// The `path` as sent, for messages.
    pub path: Option<String>,
    /// The parsed `path`; `None` for a path-less `add`/`replace` (the resource itself).
    pub target: Option<Target>,
    /// The `value` as sent.
    pub value: Option<Value>,
}

/// A PATCH operation's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Add values (append to multi-valued attributes).
    Add,
    /// Replace values.
    Replace,
    /// Remove values.
    Remove,
}

impl Op {
    fn parse(name: &str) -> Option<Op> {
        [Op::Add, Op::Replace, Op::Remove]
            .into_iter()
            .find(|op| name.eq_ignore_ascii_case(op.name()))
    }

    fn name(self) -> &'static str {
        match self {
            Op::Add => "add",
            Op::Replace => "replace",
            Op::Remove => "remove",
        }
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a `path` (or a path-less `value` key) designates.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A schema URN on its own (`urn:…:enterprise:2.0:User`): that extension's object. The
    /// core User/Group URN designates the resource itself.
    Extension(String),
    /// An attribute, a sub-attribute, or the elements a value filter selects.
    Path(PatchPath),
}

/// Parses a `path`, or an attribute name used as a key of a path-less `value`.
pub fn parse_target(path: &str) -> Result<Target, FilterError> {
    let path = path.trim();
    if is_schema_urn(path) {
        Ok(Target::Extension(path.to_owned()))
    } else {
        filter::parse_path(path).map(Target::Path)
    }
}

/// `urn:…:<version>:<Name>`, e.g. `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`:
/// the segment before the last is a version, so the last is the schema's name, not an attribute.
fn is_schema_urn(path: &str) -> bool {
    let is_urn = path
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case("urn:"));
    let Some((head, _name)) = path.rsplit_once(':') else {
        return false;
    };
    let version = head.rsplit(':').next().unwrap_or_default();
    is_urn
        && !path.contains('[')
        && version.starts_with(|c: char| c.is_ascii_digit())
        && version.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// Parses a PATCH body (RFC 7644 §3.5.2).
pub fn parse(body: &Value) -> Result<PatchRequest, ScimError> {
    let object = body
        .as_object()
        .ok_or_else(|| ScimError::invalid_syntax("A PATCH body must be a JSON object."))?;
    let has_schema = matches!(get(object, "schemas"), Some(Value::Array(schemas))
        if schemas.iter().any(|s| s.as_str().is_some_and(|s| s.eq_ignore_ascii_case(PATCH_OP_SCHEMA))));
    if !has_schema {
        return Err(ScimError::invalid_syntax(format!(
            "A PATCH body must list \"{PATCH_OP_SCHEMA}\" in schemas."
        )));
    }
    let operations = match get(object, "Operations") {
        Some(Value::Array(operations)) if !operations.is_empty() => operations,
        Some(Value::Array(_)) => {
            return Err(ScimError::invalid_syntax(
                "Operations is empty; a PATCH needs at least one operation.",
            ));
        }
        Some(_) => return Err(ScimError::invalid_syntax("Operations must be an array.")),
        None => {
            return Err(ScimError::invalid_syntax(
                "A PATCH body needs an Operations array.",
            ));
        }
    };
    let operations = operations
        .iter()
        .enumerate()
        .map(|(index, raw)| operation(index, raw))
        .collect::<Result<_, _>>()?;
    Ok(PatchRequest { operations })
}

fn operation(index: usize, raw: &Value) -> Result<Operation, ScimError> {
    let object = raw.as_object().ok_or_else(|| {
        ScimError::invalid_syntax(format!("Operations[{index}] must be a JSON object."))
    })?;
    let op = match get(object, "op") {
        Some(Value::String(name)) => Op::parse(name).ok_or_else(|| {
            ScimError::invalid_syntax(format!(
                "Operations[{index}].op \"{name}\" is not add, replace or remove."
            ))
        })?,
        Some(_) => {
            return Err(ScimError::invalid_syntax(format!(
                "Operations[{index}].op must be a string: add, replace or remove."
            )));
        }
        None => {
            return Err(ScimError::invalid_syntax(format!(
                "Operations[{index}] has no op (add, replace or remove)."
            )));
        }
    };
    let path = match get(object, "path") {
        None | Some(Value::Null) => None,
        Some(Value::String(path)) if path.trim().is_empty() => None,
        Some(Value::String(path)) => Some(path.clone()),
        Some(_) => {
            return Err(ScimError::invalid_path(format!(
                "Operations[{index}].path must be a string."
            )));
        }
    };
    let target = match &path {
        None => None,
        Some(path) => Some(parse_target(path).map_err(|e| {
            ScimError::invalid_path(format!(
                "Operations[{index}].path \"{path}\" is not a valid attribute path: {} (at character offset {}).",
                e.message(),
                e.offset()
            ))
        })?),
    };
    let value = get(object, "value").cloned();
    match (op, &target, &value) {
        (Op::Remove, None, _) => Err(ScimError::no_target(format!(
            "Operations[{index}]: remove needs a path saying what to remove."
        ))),
        (Op::Add | Op::Replace, _, None) => Err(ScimError::invalid_syntax(format!(
            "Operations[{index}]: {op} needs a value."
        ))),
        (Op::Add | Op::Replace, None, Some(value)) if !value.is_object() => {
            Err(ScimError::invalid_value(format!(
                "Operations[{index}]: without a path, the value of {op} must be an object of attributes."
            )))
        }
        _ => Ok(Operation {
            op,
            path,
            target,
            value,
        }),
    }
}

/// The existing key of `map` for `name` (exact, else in any case).
fn find_key(map: &Map<String, Value>, name: &str) -> Option<String> {
    if map.contains_key(name) {
        return Some(name.to_owned());
    }
    map.keys()
        .find(|key| key.eq_ignore_ascii_case(name))
        .cloned()
}
