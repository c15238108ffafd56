//! Identities: Users (team accounts, one licence seat while active) and Readers (no seat).

pub use scim_sync_core::api::{IdentityKind, IdentityOrigin as Origin};

/// Why a value is not acceptable, in words an admin can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidValue(pub String);

/// A `userName`: non-empty, at most 256 characters, compared case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserName(String);

impl UserName {
    /// Parses a `userName` as sent by an IdP (surrounding whitespace is dropped).
    pub fn parse(raw: &str) -> Result<UserName, InvalidValue> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(InvalidValue("userName must not be empty".into()));
        }
        if trimmed.chars().count() > 256 {
            return Err(InvalidValue(
                "userName must be at most 256 characters".into(),
            ));
        }
        Ok(UserName(trimmed.to_owned()))
    }

    /// As sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key under which uniqueness is enforced: lower case.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

/// An email address: one `@` with text on both sides, no whitespace, at most 320 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Parses an email address.
    pub fn parse(raw: &str) -> Result<Email, InvalidValue> {
        let trimmed = raw.trim();
        let valid = trimmed.len() <= 320
            && !trimmed.chars().any(char::is_whitespace)
            && matches!(trimmed.split_once('@'), Some((local, domain))
                if !local.is_empty() && !domain.is_empty() && !domain.contains('@'));
        if valid {
            Ok(Email(trimmed.to_owned()))
        } else {
            Err(InvalidValue(format!("{trimmed:?} is not an email address")))
        }
    }

    /// As sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key under which uniqueness is enforced: lower case.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

/// A User or Reader as an IdP asks for it, parsed from its SCIM representation.
#[derive(Debug, Clone, PartialEq)]
pub struct IdentityDraft {
    /// The unique login name.
    pub user_name: UserName,
    /// The IdP's own id for it.
    pub external_id: Option<String>,
    /// The name to show.
    pub display_name: Option<String>,
    /// The primary email.
    pub email: Option<Email>,
    /// Whether the identity may sign in (inactive Users take no seat).
    pub active: bool,
    /// User or Reader.
    pub kind: IdentityKind,
}

impl IdentityDraft {
    /// Whether this identity holds a licence seat.
    pub fn takes_seat(&self) -> bool {
        self.kind == IdentityKind::User && self.active
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_names_are_trimmed_and_keyed_in_lower_case() {
        let name = UserName::parse("  Ada.Lovelace@Example.com ").unwrap();
        assert_eq!(name.as_str(), "Ada.Lovelace@Example.com");
        assert_eq!(name.key(), "ada.lovelace@example.com");
    }

    #[test]
    fn an_empty_or_overlong_user_name_is_refused() {
        assert!(UserName::parse("   ").is_err());
        assert!(UserName::parse(&"a".repeat(257)).is_err());
        assert!(UserName::parse(&"a".repeat(256)).is_ok());
    }

    #[test]
    fn emails_need_one_at_sign_with_text_on_both_sides() {
        assert!(Email::parse("ada@example.com").is_ok());
        for bad in [
            "",
            "ada",
            "@example.com",
            "ada@",
            "a@b@c",
            "ada @example.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn only_active_users_take_a_seat() {
        let draft = |kind, active| IdentityDraft {
            user_name: UserName::parse("a").unwrap(),
            external_id: None,
            display_name: None,
            email: None,
            active,
            kind,
        };
        assert!(draft(IdentityKind::User, true).takes_seat());
        assert!(!draft(IdentityKind::User, false).takes_seat());
        assert!(!draft(IdentityKind::Reader, true).takes_seat());
    }
}
