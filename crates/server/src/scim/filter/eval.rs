//! Evaluating a [`Filter`] against a resource's JSON.
//!
//! An attribute path selects a list of values: the attribute, or each element's sub-attribute
//! for a multi-valued complex attribute, arrays flattened. A comparison matches when any value
//! matches; `ne` is the negation of `eq`. Values of another type than the literal never match.
//! Recursion follows the filter's own nesting, which the parser caps at [`super::MAX_DEPTH`].

use std::cmp::Ordering;

use serde_json::{Map, Number, Value};

use super::{AttrPath, CompValue, CompareOp, Filter};
use crate::scim::user_body::get;

/// Evaluates `filter` on `node`: a whole resource (`parent` is `None`), or one element of the
/// multi-valued attribute `parent`.
pub(super) fn matches(filter: &Filter, node: &Value, parent: Option<&str>) -> bool {
    match filter {
        Filter::Present(attr) => values(node, attr, parent).into_iter().any(is_present),
        Filter::Compare { attr, op, value } => {
            let exact = is_case_exact(parent, attr);
            compare(&values(node, attr, parent), *op, value, exact)
        }
        Filter::ValuePath { attr, filter, then } => {
            elements(node, attr, parent).into_iter().any(|element| {
                matches(filter, element, Some(&attr.name))
                    && then
                        .as_ref()
                        .is_none_or(|then| matches(then, element, Some(&attr.name)))
            })
        }
        Filter::Not(inner) => !matches(inner, node, parent),
        Filter::And(items) => items.iter().all(|item| matches(item, node, parent)),
        Filter::Or(items) => items.iter().any(|item| matches(item, node, parent)),
    }
}

/// The object holding `attr`: the resource itself, or the extension object its URN names.
fn container<'a>(
    node: &'a Value,
    attr: &AttrPath,
    parent: Option<&str>,
) -> Option<&'a Map<String, Value>> {
    let object = node.as_object()?;
    match (parent, attr.extension()) {
        (None, Some(urn)) => get(object, urn)?.as_object(),
        _ => Some(object),
    }
}

/// The elements of the (multi-valued) attribute `attr`; a single value counts as one element.
fn elements<'a>(node: &'a Value, attr: &AttrPath, parent: Option<&str>) -> Vec<&'a Value> {
    match container(node, attr, parent).and_then(|object| get(object, &attr.name)) {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(single) => vec![single],
    }
}

/// The values `attr` selects in `node`, arrays flattened.
fn values<'a>(node: &'a Value, attr: &AttrPath, parent: Option<&str>) -> Vec<&'a Value> {
    let Some(top) = container(node, attr, parent).and_then(|object| get(object, &attr.name)) else {
        return Vec::new();
    };
    let selected: Vec<&Value> = match &attr.sub_attr {
        None => vec![top],
        Some(sub) => match top {
            Value::Array(items) => items
                .iter()
                .filter_map(|item| item.as_object().and_then(|o| get(o, sub)))
                .collect(),
            Value::Object(object) => get(object, sub).into_iter().collect(),
            _ => Vec::new(),
        },
    };
    let mut flat = Vec::with_capacity(selected.len());
    for value in selected {
        match value {
            Value::Array(items) => flat.extend(items.iter()),
            other => flat.push(other),
        }
    }
    flat
}

/// `pr`: not null, not an empty string, array or object.
fn is_present(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(object) => !object.is_empty(),
        Value::Bool(_) | Value::Number(_) => true,
    }
}

/// `id`, `externalId`, `members.value`, `meta.version` and any `$ref` compare case-exactly.
fn is_case_exact(parent: Option<&str>, attr: &AttrPath) -> bool {
    let (top, sub) = match parent {
        Some(parent) => (parent, Some(attr.name.as_str())),
        None => (attr.name.as_str(), attr.sub_attr.as_deref()),
    };
    let is = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    if is(top, "$ref") || sub.is_some_and(|s| is(s, "$ref")) {
        return true;
    }
    if parent.is_none() && attr.extension().is_some() {
        return false;
    }
    match sub {
        None => is(top, "id") || is(top, "externalId"),
        Some(sub) => {
            (is(top, "members") && is(sub, "value")) || (is(top, "meta") && is(sub, "version"))
        }
    }
}

fn compare(values: &[&Value], op: CompareOp, literal: &CompValue, exact: bool) -> bool {
    match op {
        CompareOp::Eq => is_equal(values, literal, exact),
        CompareOp::Ne => !is_equal(values, literal, exact),
        CompareOp::Co | CompareOp::Sw | CompareOp::Ew => {
            let CompValue::Str(needle) = literal else {
                return false;
            };
            let needle = fold(needle, exact);
            values.iter().filter_map(|v| as_str(v)).any(|hay| {
                let hay = fold(hay, exact);
                match op {
                    CompareOp::Co => hay.contains(needle.as_str()),
                    CompareOp::Sw => hay.starts_with(needle.as_str()),
                    _ => hay.ends_with(needle.as_str()),
                }
            })
        }
        CompareOp::Gt | CompareOp::Ge | CompareOp::Lt | CompareOp::Le => {
            values.iter().any(|v| match order(v, literal, exact) {
                Some(ordering) => match op {
                    CompareOp::Gt => ordering == Ordering::Greater,
                    CompareOp::Ge => ordering != Ordering::Less,
                    CompareOp::Lt => ordering == Ordering::Less,
                    _ => ordering != Ordering::Greater,
                },
                None => false,
            })
        }
    }
}

fn is_equal(values: &[&Value], literal: &CompValue, exact: bool) -> bool {
    if *literal == CompValue::Null {
        return !values.iter().any(|v| is_present(v));
    }
    values.iter().any(|v| equal(v, literal, exact))
}

fn equal(value: &Value, literal: &CompValue, exact: bool) -> bool {
    match (value, literal) {
        (Value::String(s), CompValue::Str(l)) => {
            if exact {
                s == l
            } else {
                s.eq_ignore_ascii_case(l)
                    || ((!s.is_ascii() || !l.is_ascii()) && s.to_lowercase() == l.to_lowercase())
            }
        }
        (Value::Number(n), CompValue::Number(l)) => number_order(n, l) == Some(Ordering::Equal),
        (Value::Bool(b), CompValue::Bool(l)) => b == l,
        // Entra sends booleans as "True"/"False".
        (Value::String(s), CompValue::Bool(l)) => {
            s.eq_ignore_ascii_case(if *l { "true" } else { "false" })
        }
        // A complex value without a sub-attribute compares by its `value`.
        (Value::Object(object), _) => get(object, "value")
            .filter(|inner| !inner.is_object())
            .is_some_and(|inner| equal(inner, literal, exact)),
        _ => false,
    }
}

fn order(value: &Value, literal: &CompValue, exact: bool) -> Option<Ordering> {
    match (value, literal) {
        (Value::String(s), CompValue::Str(l)) => Some(fold(s, exact).cmp(&fold(l, exact))),
        (Value::Number(n), CompValue::Number(l)) => number_order(n, l),
        (Value::Object(object), _) => get(object, "value")
            .filter(|inner| !inner.is_object())
            .and_then(|inner| order(inner, literal, exact)),
        _ => None,
    }
}

fn number_order(a: &Number, b: &Number) -> Option<Ordering> {
    if let (Some(a), Some(b)) = (a.as_i64(), b.as_i64()) {
        return Some(a.cmp(&b));
    }
    if let (Some(a), Some(b)) = (a.as_u64(), b.as_u64()) {
        return Some(a.cmp(&b));
    }
    a.as_f64()?.partial_cmp(&b.as_f64()?)
}

fn as_str(value: &Value) -> Option<&str> {
    match value {
        Value::String(s) => Some(s),
        Value::Object(object) => get(object, "value").and_then(Value::as_str),
        _ => None,
    }
}

fn fold(s: &str, exact: bool) -> String {
    if exact {
        s.to_owned()
    } else {
        s.to_lowercase()
    }
}
