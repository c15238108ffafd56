//! Identity providers, recognised from the User-Agent of their SCIM requests.

use serde::{Deserialize, Serialize};

/// The identity provider that sent a request; decides the wording of remedies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Idp {
    /// Okta (its SCIM client names itself "Okta SCIM Client").
    Okta,
    /// Microsoft Entra ID (formerly Azure AD).
    Entra,
    /// OneLogin.
    OneLogin,
    /// Any other SCIM client.
    Generic,
}

impl Idp {
    /// Recognises the IdP from a User-Agent header; anything unknown is [`Idp::Generic`].
    pub fn from_user_agent(user_agent: &str) -> Idp {
        let agent = user_agent.to_ascii_lowercase();
        if agent.contains("okta") {
            Idp::Okta
        } else if agent.contains("azure") || agent.contains("microsoft") || agent.contains("entra")
        {
            Idp::Entra
        } else if agent.contains("onelogin") {
            Idp::OneLogin
        } else {
            Idp::Generic
        }
    }

    /// The stable code, as stored and sent over the wire.
    pub fn code(self) -> &'static str {
        match self {
            Idp::Okta => "okta",
            Idp::Entra => "entra",
            Idp::OneLogin => "one_login",
            Idp::Generic => "generic",
        }
    }

    /// Parses a stable code; unknown codes read as [`Idp::Generic`].
    pub fn from_code(code: &str) -> Idp {
        [Idp::Okta, Idp::Entra, Idp::OneLogin]
            .into_iter()
            .find(|idp| idp.code() == code)
            .unwrap_or(Idp::Generic)
    }

    /// The product name an admin knows.
    pub fn display_name(self) -> &'static str {
        match self {
            Idp::Okta => "Okta",
            Idp::Entra => "Microsoft Entra ID",
            Idp::OneLogin => "OneLogin",
            Idp::Generic => "your identity provider",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_agents_of_the_big_three_are_recognised() {
        assert_eq!(Idp::from_user_agent("Okta SCIM Client 1.0.0"), Idp::Okta);
        assert_eq!(
            Idp::from_user_agent("Microsoft Azure AD SCIM Client"),
            Idp::Entra
        );
        assert_eq!(Idp::from_user_agent("OneLogin SCIM"), Idp::OneLogin);
        assert_eq!(Idp::from_user_agent("curl/8.5.0"), Idp::Generic);
    }

    #[test]
    fn codes_round_trip() {
        for idp in [Idp::Okta, Idp::Entra, Idp::OneLogin, Idp::Generic] {
            assert_eq!(Idp::from_code(idp.code()), idp);
        }
    }
}
