//! SCIM filters (RFC 7644 §3.4.2.2): `?filter=` text → a [`Filter`] → a yes/no per resource.
//!
//! Reading order: [`parse`] turns text into a [`Filter`] (the grammar lives in `parser.rs`, a
//! hand-written recursive-descent parser whose nesting is capped *while* it parses, so hostile
//! input cannot overflow the stack); [`Filter::matches`] evaluates it against a resource as the
//! server renders it (`eval.rs`); [`Filter::equality`] lets the storage layer use an index for
//! the common `userName eq "…"` lookups. [`parse_path`] is the same grammar's PATCH `path`
//! form, used by [`super::patch`].
//!
//! Attribute names, operators and resource keys are case-insensitive; string comparisons are
//! too, except on the case-exact attributes (`id`, `externalId`, `members.value`,
//! `meta.version`, any `$ref`).

mod eval;
mod parser;
#[cfg(test)]
mod tests;

use std::fmt;

use scim_sync_core::scim::{GROUP_SCHEMA, USER_SCHEMA};
use serde_json::Value;

use super::error::ScimError;

/// The longest filter accepted, in characters.
pub const MAX_FILTER_LEN: usize = 4096;

/// The deepest nesting accepted: each `(`, `not` and value-path `[` opens one level.
pub const MAX_DEPTH: usize = 16;

/// Parses a filter expression (RFC 7644 §3.4.2.2).
pub fn parse(input: &str) -> Result<Filter, FilterError> {
    parser::parse_filter(input)
}

/// Parses a PATCH `path` (RFC 7644 §3.5.2): `attr`, `attr.sub`, `urn:…:attr`, `attr[filter]`
/// or `attr[filter].sub`.
pub fn parse_path(input: &str) -> Result<PatchPath, FilterError> {
    parser::parse_patch_path(input)
}

/// Whether `urn` names a core schema (User or Group), whose attributes sit at the top level.
pub fn is_core_urn(urn: &str) -> bool {
    urn.eq_ignore_ascii_case(USER_SCHEMA) || urn.eq_ignore_ascii_case(GROUP_SCHEMA)
}

/// A filter that failed to parse: what went wrong, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Invalid filter at character offset {offset}: {message}.")]
pub struct FilterError {
    message: String,
    offset: usize,
}

impl FilterError {
    fn new(offset: usize, message: impl Into<String>) -> FilterError {
        FilterError {
            message: message.into(),
            offset,
        }
    }

    /// What went wrong, without the position.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The 0-based character (not byte) offset in the input where parsing failed.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl From<FilterError> for ScimError {
    fn from(error: FilterError) -> ScimError {
        ScimError::invalid_filter(error.to_string())
    }
}

/// An attribute path: `userName`, `name.familyName`, `urn:…:User:isTeamAccount`,
/// `urn:…:enterprise:2.0:User:manager.value`. Names are kept as written; compare them
/// case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttrPath {
    /// The schema URN prefix, if the path was written fully qualified.
    pub urn: Option<String>,
    /// The attribute.
    pub name: String,
    /// The sub-attribute of a complex attribute.
    pub sub_attr: Option<String>,
}

impl AttrPath {
    /// A plain top-level attribute with no URN or sub-attribute.
    pub fn plain(name: impl Into<String>) -> AttrPath {
        AttrPath {
            urn: None,
            name: name.into(),
            sub_attr: None,
        }
    }

    /// Whether this is the top-level attribute `name` (any case, no sub-attribute), written
    /// plain or qualified with the core User or Group URN.
    pub fn is(&self, name: &str) -> bool {
        self.sub_attr.is_none()
            && self.extension().is_none()
            && self.name.eq_ignore_ascii_case(name)
    }

    /// The extension schema URN, when the path is qualified with one (not with a core URN).
    pub fn extension(&self) -> Option<&str> {
        self.urn.as_deref().filter(|urn| !is_core_urn(urn))
    }
}

impl fmt::Display for AttrPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(urn) = &self.urn {
            write!(f, "{urn}:")?;
        }
        f.write_str(&self.name)?;
        if let Some(sub) = &self.sub_attr {
            write!(f, ".{sub}")?;
        }
        Ok(())
    }
}

/// A comparison operator (RFC 7644 §3.4.2.2, table 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    /// `eq`: equal.
    Eq,
    /// `ne`: not equal (true when no value is equal, so also when the attribute is absent).
    Ne,
    /// `co`: contains.
    Co,
    /// `sw`: starts with.
    Sw,
    /// `ew`: ends with.
    Ew,
    /// `gt`: greater than.
    Gt,
    /// `ge`: greater than or equal.
    Ge,
    /// `lt`: less than.
    Lt,
    /// `le`: less than or equal.
    Le,
}

impl CompareOp {
    fn from_keyword(word: &str) -> Option<CompareOp> {
        const OPS: [(&str, CompareOp); 9] = [
            ("eq", CompareOp::Eq),
            ("ne", CompareOp::Ne),
            ("co", CompareOp::Co),
            ("sw", CompareOp::Sw),
            ("ew", CompareOp::Ew),
            ("gt", CompareOp::Gt),
            ("ge", CompareOp::Ge),
            ("lt", CompareOp::Lt),
            ("le", CompareOp::Le),
        ];
        OPS.iter()
            .find(|(keyword, _)| word.eq_ignore_ascii_case(keyword))
            .map(|(_, op)| *op)
    }

    fn keyword(self) -> &'static str {
        match self {
            CompareOp::Eq => "eq",
            CompareOp::Ne => "ne",
            CompareOp::Co => "co",
            CompareOp::Sw => "sw",
            CompareOp::Ew => "ew",
            CompareOp::Gt => "gt",
            CompareOp::Ge => "ge",
            CompareOp::Lt => "lt",
            CompareOp::Le => "le",
        }
    }

    fn is_ordering(self) -> bool {
        matches!(
            self,
            CompareOp::Gt | CompareOp::Ge | CompareOp::Lt | CompareOp::Le
        )
    }

    fn is_substring(self) -> bool {
        matches!(self, CompareOp::Co | CompareOp::Sw | CompareOp::Ew)
    }
}

/// The literal on the right of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum CompValue {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A JSON number.
    Number(serde_json::Number),
    /// A JSON string, escapes decoded.
    Str(String),
}

impl CompValue {
    /// The literal as a JSON value.
    pub fn to_json(&self) -> Value {
        match self {
            CompValue::Null => Value::Null,
            CompValue::Bool(b) => Value::Bool(*b),
            CompValue::Number(n) => Value::Number(n.clone()),
            CompValue::Str(s) => Value::String(s.clone()),
        }
    }
}

/// A parsed filter. `and`/`or` chains are flat lists, so a long chain is not a deep tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// `attr pr`: the attribute has a value that is not null, `""` or `[]`.
    Present(AttrPath),
    /// `attr op value`.
    Compare {
        /// The attribute compared.
        attr: AttrPath,
        /// The operator.
        op: CompareOp,
        /// The literal.
        value: CompValue,
    },
    /// `attr[filter]`, optionally followed by `.sub op value` or `.sub pr`: some element of the
    /// multi-valued `attr` satisfies `filter` (and `then`). Both are evaluated against the
    /// element, so their attribute names are the element's sub-attributes.
    ValuePath {
        /// The multi-valued attribute (no sub-attribute).
        attr: AttrPath,
        /// The filter inside the brackets.
        filter: Box<Filter>,
        /// The test on a sub-attribute of the same element, after `].`.
        then: Option<Box<Filter>>,
    },
    /// `not (filter)`.
    Not(Box<Filter>),
    /// `a and b and …` (two or more).
    And(Vec<Filter>),
    /// `a or b or …` (two or more).
    Or(Vec<Filter>),
}

impl Filter {
    /// Whether `resource` (a JSON object as the server renders it) satisfies the filter.
    pub fn matches(&self, resource: &Value) -> bool {
        eval::matches(self, resource, None)
    }

    /// Whether `element`, one value of the multi-valued attribute `attribute`, satisfies the
    /// filter; its attribute names are the element's sub-attributes (as inside `emails[…]`).
    pub fn matches_element(&self, attribute: &str, element: &Value) -> bool {
        eval::matches(self, element, Some(attribute))
    }

    /// `Some((attr, value))` when the whole filter is one `attr eq "string"` comparison, so
    /// the storage layer can answer it from an index.
    pub fn equality(&self) -> Option<(&AttrPath, &str)> {
        match self {
            Filter::Compare {
                attr,
                op: CompareOp::Eq,
                value: CompValue::Str(value),
            } => Some((attr, value)),
            _ => None,
        }
    }

    /// The index (of `indexes`, by attribute name) that answers the filter, with the value to
    /// look up, when the whole filter is one `attr eq "string"` on an indexed attribute.
    pub fn indexed_by<L: Copy>(&self, indexes: &[(&str, L)]) -> Option<(L, &str)> {
        let (attr, value) = self.equality()?;
        indexes
            .iter()
            .find(|(name, _)| attr.is(name))
            .map(|(_, index)| (*index, value))
    }

    /// The `attr eq literal` terms when the filter is one such comparison or an `and` of them,
    /// e.g. `type eq "work" and primary eq true`; `None` for any other shape.
    pub fn equalities(&self) -> Option<Vec<(&AttrPath, &CompValue)>> {
        match self {
            Filter::Compare {
                attr,
                op: CompareOp::Eq,
                value,
            } => Some(vec![(attr, value)]),
            Filter::And(items) => {
                let mut all = Vec::new();
                for item in items {
                    all.extend(item.equalities()?);
                }
                Some(all)
            }
            _ => None,
        }
    }
}

/// A PATCH `path`. For `emails[type eq "work"].value`, `attr` is `emails` with sub-attribute
/// `value` and `filter` is `type eq "work"`; for `name.givenName`, `attr` is `name` with
/// sub-attribute `givenName` and there is no filter.
#[derive(Debug, Clone, PartialEq)]
pub struct PatchPath {
    /// The attribute (and sub-attribute) targeted.
    pub attr: AttrPath,
    /// The value filter selecting elements of a multi-valued attribute.
    pub filter: Option<Filter>,
}
