//! Bearer tokens: generated once, shown once, stored only as a SHA-256 hash.

use sha2::{Digest, Sha256};

/// What a token grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Sends SCIM requests (an IdP connection).
    Scim,
    /// Calls the admin API (the dashboard).
    Admin,
}

impl TokenKind {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            TokenKind::Scim => "scim",
            TokenKind::Admin => "admin",
        }
    }

    /// From the stored code (the table's CHECK allows only the two).
    pub fn from_code(code: &str) -> TokenKind {
        match code {
            "admin" => TokenKind::Admin,
            _ => TokenKind::Scim,
        }
    }
}

/// How many leading characters of a token [`Token::prefix`] keeps (`ssd_scim_` and four).
const PREFIX_CHARS: usize = 13;

/// A token in clear: exists only to be shown once or compared by hash.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(…)")
    }
}

impl Token {
    /// A new random token: 32 bytes from the OS, hex-encoded, with a prefix telling its kind.
    pub fn generate(kind: TokenKind) -> Result<Token, getrandom::Error> {
        Token::random(kind.code())
    }

    /// A new random secret named by `what` (`ssd_{what}_…`): 32 bytes from the OS, hex-encoded.
    pub fn random(what: &str) -> Result<Token, getrandom::Error> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)?;
        Ok(Token(format!("ssd_{what}_{}", hex(&bytes))))
    }

    /// A token given by the operator (for example from a secret store).
    pub fn from_operator(value: String) -> Token {
        Token(value)
    }

    /// The clear text, to print once.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Its first characters, kept to tell tokens apart in lists: the kind and four hex digits
    /// (16 of its 256 random bits), not enough to guess it. None for a token the operator
    /// chose, whose first characters may be most of it.
    pub fn prefix(&self) -> Option<String> {
        let generated = self.0.starts_with("ssd_") && self.0.len() >= 64;
        generated.then(|| self.0.chars().take(PREFIX_CHARS).collect())
    }

    /// The hash under which it is stored.
    pub fn hash(&self) -> TokenHash {
        TokenHash::of(&self.0)
    }
}

/// The hex SHA-256 of a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenHash(String);

impl TokenHash {
    /// Hashes a presented bearer value.
    pub fn of(presented: &str) -> TokenHash {
        TokenHash(hex(&Sha256::digest(presented.as_bytes())))
    }

    /// The stored form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_tokens_differ_and_hash_to_64_hex_digits() {
        let a = Token::generate(TokenKind::Scim).unwrap();
        let b = Token::generate(TokenKind::Scim).unwrap();
        assert_ne!(a, b);
        assert!(a.expose().starts_with("ssd_scim_"));
        assert_eq!(a.hash().as_str().len(), 64);
        assert_eq!(a.hash(), TokenHash::of(a.expose()));
        let prefix = a.prefix().unwrap();
        assert_eq!(prefix.len(), 13);
        assert!(a.expose().starts_with(&prefix));
        assert_eq!(Token::from_operator("e2e-scim-token".into()).prefix(), None);
    }
}
