//! SCIM setup's rules and wording: when a connection needs a warning, what a token's state is,
//! what a new token is called, and the sentences the page says after an action. Plain Rust,
//! tested; [`crate::pages::scim_setup`] wires it to the page.

use scim_sync_core::setup::{ConnectionSummary, TokenSummary};

/// Something about a connection the admin should act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warning {
    /// The last request with one of its tokens failed authentication.
    LastRequestRefused,
    /// No request ever came with any of its tokens: the IdP is not set up yet.
    NeverUsed,
    /// Every one of its tokens is revoked: the IdP cannot connect at all.
    NoValidToken,
}

impl Warning {
    /// The warning in words.
    pub fn sentence(self) -> &'static str {
        match self {
            Warning::LastRequestRefused => {
                "The IdP's last request was refused: its token may be revoked or mistyped. \
                 Give it a valid token of this connection."
            }
            Warning::NeverUsed => {
                "No request has used this connection's tokens yet: give your IdP the SCIM base \
                 URL and a token, then test the connection."
            }
            Warning::NoValidToken => {
                "Every token of this connection is revoked: generate one for your IdP."
            }
        }
    }

    /// A stable code, for styling and tests.
    pub fn code(self) -> &'static str {
        match self {
            Warning::LastRequestRefused => "refused",
            Warning::NeverUsed => "never_used",
            Warning::NoValidToken => "no_valid_token",
        }
    }
}

/// The warnings a connection needs, most urgent first.
pub fn warnings(connection: &ConnectionSummary) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if connection.last_request_refused {
        warnings.push(Warning::LastRequestRefused);
    }
    if !connection.tokens.iter().any(|t| t.last_used_at.is_some()) {
        warnings.push(Warning::NeverUsed);
    }
    if !connection.tokens.iter().any(is_valid) {
        warnings.push(Warning::NoValidToken);
    }
    warnings
}

/// Whether a token is still accepted.
pub fn is_valid(token: &TokenSummary) -> bool {
    token.revoked_at.is_none()
}

/// The name of the next token generated for `connection`: "Token 2" after one token.
pub fn next_token_name(connection: &ConnectionSummary) -> String {
    format!("Token {}", connection.tokens.len() + 1)
}

/// A token's short prefix as shown ("ssd_7f3a…"), or "—" for tokens older than prefixes.
pub fn shown_prefix(token: &TokenSummary) -> String {
    token
        .prefix
        .as_deref()
        .map_or_else(|| "—".to_owned(), |p| format!("{p}…"))
}

/// The sentence of the revoke confirmation.
pub fn revoke_sentence(connection: &str, token: &str) -> String {
    format!(
        "From then on, your IdP gets 401 Unauthorized for every request it sends with \
         \u{201C}{token}\u{201D} of {connection}. Revoke it once the IdP uses another token."
    )
}

/// What a rotation asks the admin to do next, once the new token for `connection` is shown.
/// `old_revoked`: whether the token it replaces has been revoked since.
pub fn rotation_sentence(old: &str, old_revoked: bool) -> String {
    if old_revoked {
        format!(
            "\u{201C}{old}\u{201D} is revoked: only the new token works now. If the IdP's \
             requests are refused, paste the new token into it."
        )
    } else {
        format!(
            "Both tokens work now. Paste the new token into your IdP in place of \
             \u{201C}{old}\u{201D} (Okta: API token; Entra ID: Secret token), test the \
             connection, then revoke \u{201C}{old}\u{201D} below."
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn token(used: bool, revoked: bool) -> TokenSummary {
        TokenSummary {
            id: 1,
            name: "first token".to_owned(),
            prefix: Some("ssd_7f3a".to_owned()),
            created_at: "2026-12-01T09:00:00Z".to_owned(),
            last_used_at: used.then(|| "2026-12-01T09:05:00Z".to_owned()),
            revoked_at: revoked.then(|| "2026-12-01T10:00:00Z".to_owned()),
        }
    }

    fn connection(tokens: Vec<TokenSummary>, refused: bool) -> ConnectionSummary {
        ConnectionSummary {
            id: 1,
            name: "Okta production".to_owned(),
            created_at: "2026-12-01T09:00:00Z".to_owned(),
            tokens,
            last_request_refused: refused,
        }
    }

    #[wasm_bindgen_test]
    fn a_connection_whose_token_was_used_and_accepted_needs_no_warning() {
        assert_eq!(warnings(&connection(vec![token(true, false)], false)), []);
    }

    #[wasm_bindgen_test]
    fn a_connection_whose_tokens_were_never_used_is_not_set_up_in_the_idp_yet() {
        let fresh = connection(vec![token(false, false), token(false, false)], false);
        assert_eq!(warnings(&fresh), [Warning::NeverUsed]);
    }

    #[wasm_bindgen_test]
    fn a_refused_last_request_comes_first_and_names_a_revoked_or_mistyped_token() {
        let refused = connection(vec![token(true, true), token(false, false)], true);

        assert_eq!(warnings(&refused), [Warning::LastRequestRefused]);
        assert!(Warning::LastRequestRefused.sentence().starts_with(
            "The IdP's last request was refused: its token may be revoked or mistyped."
        ));
    }

    #[wasm_bindgen_test]
    fn a_connection_with_only_revoked_tokens_asks_for_a_new_one() {
        let revoked = connection(vec![token(true, true)], true);
        assert_eq!(
            warnings(&revoked),
            [Warning::LastRequestRefused, Warning::NoValidToken]
        );
        assert_eq!(
            warnings(&connection(vec![], false)),
            [Warning::NeverUsed, Warning::NoValidToken]
        );
    }

    #[wasm_bindgen_test]
    fn tokens_are_named_by_their_rank_and_shown_by_their_prefix() {
        let two = connection(vec![token(true, false), token(false, true)], false);
        assert_eq!(next_token_name(&two), "Token 3");
        assert_eq!(shown_prefix(&two.tokens[0]), "ssd_7f3a…");
        let old = TokenSummary {
            prefix: None,
            ..token(true, false)
        };
        assert_eq!(shown_prefix(&old), "—");
        assert!(is_valid(&two.tokens[0]) && !is_valid(&two.tokens[1]));
    }

    #[wasm_bindgen_test]
    fn revoking_says_the_idp_then_gets_401_with_that_token() {
        let sentence = revoke_sentence("Okta production", "Token 2");
        assert!(
            sentence.starts_with(
                "From then on, your IdP gets 401 Unauthorized for every request it sends with \u{201C}Token 2\u{201D} of Okta production."
            ),
            "{sentence}"
        );
    }

    #[wasm_bindgen_test]
    fn a_rotation_says_to_paste_the_new_token_then_revoke_the_old_until_it_is_revoked() {
        let pending = rotation_sentence("first token", false);
        assert!(pending.starts_with("Both tokens work now. Paste the new token into your IdP"));
        assert!(pending.ends_with("then revoke \u{201C}first token\u{201D} below."));
        assert!(rotation_sentence("first token", true).contains("only the new token works now"));
    }
}
