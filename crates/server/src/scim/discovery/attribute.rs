//! Attribute definitions (RFC 7643 §7) as data: a small builder whose defaults are the RFC's
//! (`required` false, `caseExact` false, `mutability` readWrite, `returned` default,
//! `uniqueness` none), so each schema states only what differs.

use serde_json::{Map, Value, json};

/// When a client may write an attribute (RFC 7643 §7, `mutability`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutability {
    /// Set by the service provider only.
    ReadOnly,
    /// Set and changed by the client.
    ReadWrite,
    /// Set by the client on creation (or when added to a multi-valued attribute), then fixed.
    Immutable,
    /// Set by the client, never returned.
    WriteOnly,
}

impl Mutability {
    fn as_str(self) -> &'static str {
        match self {
            Mutability::ReadOnly => "readOnly",
            Mutability::ReadWrite => "readWrite",
            Mutability::Immutable => "immutable",
            Mutability::WriteOnly => "writeOnly",
        }
    }
}

/// When an attribute is returned (RFC 7643 §7, `returned`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Returned {
    /// Always, whatever `attributes` or `excludedAttributes` say.
    Always,
    /// Never.
    Never,
    /// Unless excluded.
    Default,
    /// Only when asked for by `attributes`.
    Request,
}

impl Returned {
    fn as_str(self) -> &'static str {
        match self {
            Returned::Always => "always",
            Returned::Never => "never",
            Returned::Default => "default",
            Returned::Request => "request",
        }
    }
}

/// The SCIM data type of an attribute (RFC 7643 §2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Type {
    String,
    Boolean,
    Reference,
    Binary,
    Complex,
}

impl Type {
    fn as_str(self) -> &'static str {
        match self {
            Type::String => "string",
            Type::Boolean => "boolean",
            Type::Reference => "reference",
            Type::Binary => "binary",
            Type::Complex => "complex",
        }
    }
}

/// One attribute definition; [`Attribute::to_json`] writes it in the RFC 7643 §7 form.
#[derive(Debug, Clone)]
pub struct Attribute {
    name: &'static str,
    kind: Type,
    description: &'static str,
    multi_valued: bool,
    required: bool,
    case_exact: bool,
    mutability: Mutability,
    returned: Returned,
    unique_on_server: bool,
    canonical_values: &'static [&'static str],
    reference_types: &'static [&'static str],
    sub_attributes: Vec<Attribute>,
}

impl Attribute {
    fn new(name: &'static str, kind: Type, description: &'static str) -> Attribute {
        Attribute {
            name,
            kind,
            description,
            multi_valued: false,
            required: false,
            case_exact: false,
            mutability: Mutability::ReadWrite,
            returned: Returned::Default,
            unique_on_server: false,
            canonical_values: &[],
            reference_types: &[],
            sub_attributes: Vec::new(),
        }
    }

    /// A string attribute.
    pub fn string(name: &'static str, description: &'static str) -> Attribute {
        Attribute::new(name, Type::String, description)
    }

    /// A boolean attribute.
    pub fn boolean(name: &'static str, description: &'static str) -> Attribute {
        Attribute::new(name, Type::Boolean, description)
    }

    /// A base64 binary attribute.
    pub fn binary(name: &'static str, description: &'static str) -> Attribute {
        Attribute::new(name, Type::Binary, description)
    }

    /// A reference to one of `reference_types` (`external`, `uri`, or a resource type name).
    pub fn reference(
        name: &'static str,
        description: &'static str,
        reference_types: &'static [&'static str],
    ) -> Attribute {
        Attribute {
            reference_types,
            ..Attribute::new(name, Type::Reference, description)
        }
    }

    /// A complex attribute made of `sub_attributes`.
    pub fn complex(
        name: &'static str,
        description: &'static str,
        sub_attributes: Vec<Attribute>,
    ) -> Attribute {
        Attribute {
            sub_attributes,
            ..Attribute::new(name, Type::Complex, description)
        }
    }

    /// Holds a list of values.
    pub fn multi_valued(mut self) -> Attribute {
        self.multi_valued = true;
        self
    }

    /// Must be present.
    pub fn required(mut self) -> Attribute {
        self.required = true;
        self
    }

    /// Compared case-sensitively.
    pub fn case_exact(mut self) -> Attribute {
        self.case_exact = true;
        self
    }

    /// Unique across the service provider.
    pub fn unique_on_server(mut self) -> Attribute {
        self.unique_on_server = true;
        self
    }

    /// Who may write it.
    pub fn mutability(mut self, mutability: Mutability) -> Attribute {
        self.mutability = mutability;
        self
    }

    /// When it is returned.
    pub fn returned(mut self, returned: Returned) -> Attribute {
        self.returned = returned;
        self
    }

    /// The values a client should use (others are still accepted).
    pub fn canonical(mut self, values: &'static [&'static str]) -> Attribute {
        self.canonical_values = values;
        self
    }

    /// The attribute's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The definition as RFC 7643 §7 JSON; `canonicalValues`, `referenceTypes` and
    /// `subAttributes` only where they apply.
    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        out.insert("name".into(), json!(self.name));
        out.insert("type".into(), json!(self.kind.as_str()));
        out.insert("multiValued".into(), json!(self.multi_valued));
        out.insert("description".into(), json!(self.description));
        out.insert("required".into(), json!(self.required));
        out.insert("caseExact".into(), json!(self.case_exact));
        out.insert("mutability".into(), json!(self.mutability.as_str()));
        out.insert("returned".into(), json!(self.returned.as_str()));
        let uniqueness = if self.unique_on_server {
            "server"
        } else {
            "none"
        };
        out.insert("uniqueness".into(), json!(uniqueness));
        if !self.canonical_values.is_empty() {
            out.insert("canonicalValues".into(), json!(self.canonical_values));
        }
        if self.kind == Type::Reference {
            out.insert("referenceTypes".into(), json!(self.reference_types));
        }
        if self.kind == Type::Complex {
            let subs: Vec<Value> = self.sub_attributes.iter().map(Attribute::to_json).collect();
            out.insert("subAttributes".into(), Value::Array(subs));
        }
        Value::Object(out)
    }
}

/// The common shape of a multi-valued attribute (RFC 7643 §2.4): `value`, `display`, `type`
/// (with the given canonical values) and `primary`.
pub fn multi_valued(
    name: &'static str,
    description: &'static str,
    value: Attribute,
    types: &'static [&'static str],
) -> Attribute {
    Attribute::complex(
        name,
        description,
        vec![
            value,
            Attribute::string(
                "display",
                "A human-readable name, primarily used for display.",
            ),
            Attribute::string("type", "A label indicating the attribute's function.")
                .canonical(types),
            Attribute::boolean(
                "primary",
                "Whether this is the preferred value; true for at most one value.",
            ),
        ],
    )
    .multi_valued()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_string_attribute_states_every_rfc_default() {
        let json = Attribute::string("title", "The title.").to_json();

        assert_eq!(
            json,
            json!({
                "name": "title", "type": "string", "multiValued": false,
                "description": "The title.", "required": false, "caseExact": false,
                "mutability": "readWrite", "returned": "default", "uniqueness": "none"
            })
        );
    }

    #[test]
    fn a_reference_names_its_reference_types_and_a_complex_its_sub_attributes() {
        let json = Attribute::complex(
            "manager",
            "The manager.",
            vec![Attribute::reference("$ref", "Where.", &["User"])],
        )
        .to_json();

        assert_eq!(json["subAttributes"][0]["referenceTypes"], json!(["User"]));
        assert!(json["subAttributes"][0].get("subAttributes").is_none());
        assert!(json.get("referenceTypes").is_none());
    }

    #[test]
    fn a_multi_valued_attribute_has_value_display_type_and_primary() {
        let json = multi_valued(
            "emails",
            "Emails.",
            Attribute::string("value", "An email."),
            &["work", "home", "other"],
        )
        .to_json();

        let names: Vec<&str> = json["subAttributes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a["name"].as_str())
            .collect();
        assert_eq!(names, ["value", "display", "type", "primary"]);
        assert_eq!(json["multiValued"], true);
        assert_eq!(
            json["subAttributes"][2]["canonicalValues"],
            json!(["work", "home", "other"])
        );
    }
}
