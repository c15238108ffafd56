//! The schemas this server serves (RFC 7643 §7, §8.7): core User and Group, the Enterprise User
//! extension, and the platform's User extension with `isTeamAccount`.
//!
//! As in RFC 7643 §8.7.1, the common attributes `id`, `externalId` and `meta` (§3.1) are not
//! repeated in each schema.

use scim_sync_core::scim::{
    ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, IS_TEAM_ACCOUNT, PLATFORM_USER_SCHEMA, USER_SCHEMA,
};

use super::attribute::{Attribute, Mutability, Returned, multi_valued};

/// A schema: its URN, short name, description and attributes.
#[derive(Debug, Clone)]
pub struct SchemaDefinition {
    /// The schema URN, its `id`.
    pub id: &'static str,
    /// The short name.
    pub name: &'static str,
    /// What it describes.
    pub description: &'static str,
    /// Its top-level attributes.
    pub attributes: Vec<Attribute>,
}

/// Every schema served, in the order `/Schemas` lists them.
pub fn all() -> Vec<SchemaDefinition> {
    vec![user(), group(), enterprise_user(), platform_user()]
}

/// The core User schema (RFC 7643 §4.1, §8.7.1).
pub fn user() -> SchemaDefinition {
    SchemaDefinition {
        id: USER_SCHEMA,
        name: "User",
        description: "User Account",
        attributes: vec![
            Attribute::string(
                "userName",
                "Unique identifier for the User, typically used by the user to directly \
                 authenticate to the service provider. Unique across the project, compared \
                 case-insensitively.",
            )
            .required()
            .unique_on_server(),
            user_name(),
            Attribute::string(
                "displayName",
                "The name of the User, suitable for display to end-users.",
            ),
            Attribute::string(
                "nickName",
                "The casual way to address the user in real life.",
            ),
            Attribute::reference(
                "profileUrl",
                "A fully qualified URL pointing to a page representing the User's online profile.",
                &["external"],
            ),
            Attribute::string("title", "The user's title, such as \"Vice President\"."),
            Attribute::string(
                "userType",
                "Identifies the relationship between the organization and the user, such as \
                 \"Employee\" or \"Contractor\".",
            ),
            Attribute::string(
                "preferredLanguage",
                "The User's preferred written or spoken language, as an HTTP Accept-Language \
                 value, such as \"en-US\".",
            ),
            Attribute::string(
                "locale",
                "The User's default location for localizing items such as currency and dates, \
                 such as \"en-US\".",
            ),
            Attribute::string(
                "timezone",
                "The User's time zone in the IANA Time Zone database format, such as \
                 \"America/Los_Angeles\".",
            ),
            Attribute::boolean(
                "active",
                "The User's administrative status. An inactive User takes no licence seat.",
            ),
            Attribute::string(
                "password",
                "The User's cleartext password. Accepted for compatibility, never stored and \
                 never returned.",
            )
            .mutability(Mutability::WriteOnly)
            .returned(Returned::Never),
            multi_valued(
                "emails",
                "Email addresses for the user. The primary email identifies the user together \
                 with userName.",
                Attribute::string("value", "An email address, canonicalized per RFC 5321."),
                &["work", "home", "other"],
            ),
            multi_valued(
                "phoneNumbers",
                "Phone numbers for the User.",
                Attribute::string("value", "A phone number, canonicalized per RFC 3966."),
                &["work", "home", "mobile", "fax", "pager", "other"],
            ),
            multi_valued(
                "ims",
                "Instant messaging addresses for the User.",
                Attribute::string("value", "An instant messaging address."),
                &["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"],
            ),
            multi_valued(
                "photos",
                "URLs of photos of the User.",
                Attribute::reference("value", "The URL of a photo of the User.", &["external"]),
                &["photo", "thumbnail"],
            ),
            user_addresses(),
            user_groups(),
            multi_valued(
                "entitlements",
                "A list of entitlements for the User that represent a thing the User has.",
                Attribute::string("value", "The value of an entitlement."),
                &[],
            ),
            multi_valued(
                "roles",
                "A list of roles for the User that collectively represent who the User is.",
                Attribute::string("value", "The value of a role."),
                &[],
            ),
            multi_valued(
                "x509Certificates",
                "A list of certificates issued to the User.",
                Attribute::binary("value", "The value of an X.509 certificate (DER, base64)."),
                &[],
            ),
        ],
    }
}

fn user_name() -> Attribute {
    Attribute::complex(
        "name",
        "The components of the user's real name.",
        vec![
            Attribute::string(
                "formatted",
                "The full name, including all middle names, titles, and suffixes as \
                 appropriate, formatted for display.",
            ),
            Attribute::string("familyName", "The family name of the User."),
            Attribute::string("givenName", "The given name of the User."),
            Attribute::string("middleName", "The middle name(s) of the User."),
            Attribute::string(
                "honorificPrefix",
                "The honorific prefix(es) of the User, such as \"Ms.\".",
            ),
            Attribute::string(
                "honorificSuffix",
                "The honorific suffix(es) of the User, such as \"III\".",
            ),
        ],
    )
}

fn user_addresses() -> Attribute {
    Attribute::complex(
        "addresses",
        "A physical mailing address for this User.",
        vec![
            Attribute::string(
                "formatted",
                "The full mailing address, formatted for display or use with a mailing label.",
            ),
            Attribute::string("streetAddress", "The full street address component."),
            Attribute::string("locality", "The city or locality component."),
            Attribute::string("region", "The state or region component."),
            Attribute::string("postalCode", "The zip code or postal code component."),
            Attribute::string(
                "country",
                "The country name component (ISO 3166-1 alpha-2).",
            ),
            Attribute::string("type", "A label indicating the address's function.")
                .canonical(&["work", "home", "other"]),
            Attribute::boolean(
                "primary",
                "Whether this is the preferred address; true for at most one address.",
            ),
        ],
    )
    .multi_valued()
}

fn user_groups() -> Attribute {
    Attribute::complex(
        "groups",
        "A list of groups to which the user belongs. Read-only: change a membership through \
         the Group resource.",
        vec![
            Attribute::string("value", "The identifier of the User's group.")
                .mutability(Mutability::ReadOnly),
            Attribute::reference(
                "$ref",
                "The URI of the corresponding Group resource.",
                &["User", "Group"],
            )
            .mutability(Mutability::ReadOnly),
            Attribute::string(
                "display",
                "A human-readable name, primarily used for display.",
            )
            .mutability(Mutability::ReadOnly),
            Attribute::string(
                "type",
                "How the membership was derived: direct, or indirect through a nested group.",
            )
            .canonical(&["direct", "indirect"])
            .mutability(Mutability::ReadOnly),
        ],
    )
    .multi_valued()
    .mutability(Mutability::ReadOnly)
}

/// The core Group schema (RFC 7643 §4.2, §8.7.1).
pub fn group() -> SchemaDefinition {
    SchemaDefinition {
        id: GROUP_SCHEMA,
        name: "Group",
        description: "Group",
        attributes: vec![
            Attribute::string("displayName", "A human-readable name for the Group.").required(),
            Attribute::complex(
                "members",
                "A list of members of the Group. Each member must have been provisioned first.",
                vec![
                    Attribute::string("value", "The identifier of the member of this Group.")
                        .mutability(Mutability::Immutable),
                    Attribute::reference(
                        "$ref",
                        "The URI of the corresponding member resource of this Group.",
                        &["User", "Group"],
                    )
                    .mutability(Mutability::Immutable),
                    Attribute::string("type", "The type of the member.")
                        .canonical(&["User", "Group"])
                        .mutability(Mutability::Immutable),
                    Attribute::string(
                        "display",
                        "A human-readable name for the member, primarily used for display.",
                    )
                    .mutability(Mutability::Immutable),
                ],
            )
            .multi_valued(),
        ],
    }
}

/// The Enterprise User extension (RFC 7643 §4.3, §8.7.1).
pub fn enterprise_user() -> SchemaDefinition {
    SchemaDefinition {
        id: ENTERPRISE_USER_SCHEMA,
        name: "EnterpriseUser",
        description: "Enterprise User",
        attributes: vec![
            Attribute::string(
                "employeeNumber",
                "Numeric or alphanumeric identifier assigned to a person, typically based on \
                 order of hire or association with an organization.",
            ),
            Attribute::string("costCenter", "Identifies the name of a cost center."),
            Attribute::string("organization", "Identifies the name of an organization."),
            Attribute::string("division", "Identifies the name of a division."),
            Attribute::string("department", "Identifies the name of a department."),
            Attribute::complex(
                "manager",
                "The User's manager.",
                vec![
                    Attribute::string(
                        "value",
                        "The id of the SCIM resource representing the User's manager.",
                    ),
                    Attribute::reference(
                        "$ref",
                        "The URI of the SCIM resource representing the User's manager.",
                        &["User"],
                    ),
                    Attribute::string("displayName", "The displayName of the User's manager.")
                        .mutability(Mutability::ReadOnly),
                ],
            ),
        ],
    }
}

/// The platform's User extension: `isTeamAccount` decides User (a seat) or Reader (none).
pub fn platform_user() -> SchemaDefinition {
    SchemaDefinition {
        id: PLATFORM_USER_SCHEMA,
        name: "Document360User",
        description: "The documentation platform's User extension: the kind of account.",
        attributes: vec![Attribute::boolean(
            IS_TEAM_ACCOUNT,
            "true = a User (team account) taking one licence seat; false or absent = a Reader \
             taking none. Creating a User, or turning a Reader into one, fails with 403 when \
             no seat is free.",
        )],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_ids_are_distinct_and_attribute_names_unique_within_each() {
        let schemas = all();
        for (i, schema) in schemas.iter().enumerate() {
            assert!(schemas[..i].iter().all(|s| s.id != schema.id));
            let names: Vec<&str> = schema.attributes.iter().map(Attribute::name).collect();
            for (j, name) in names.iter().enumerate() {
                assert!(!names[..j].contains(name), "{name} twice in {}", schema.id);
            }
        }
    }

    #[test]
    fn the_password_is_write_only_and_never_returned() {
        let password = user()
            .attributes
            .iter()
            .find(|a| a.name() == "password")
            .map(Attribute::to_json)
            .expect("the User schema defines password");

        assert_eq!(password["mutability"], "writeOnly");
        assert_eq!(password["returned"], "never");
    }
}
