//! Who a SCIM request is from: the bearer token names one IdP connection of one project.
//!
//! A token no project knows (or none, or an admin token) is refused without being attributed
//! to anybody: see [`super::refusals`]. A revoked token is still attributed to its project, so
//! the refusal is recorded where its admins look. "Last used" is written at most once a minute
//! per token, not on every request. The token's lookup also reads its project's SCIM switch,
//! so a request costs one query before its handler.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, header};

use crate::domain::project::Connection;
use crate::domain::secret::{TokenHash, TokenKind};
use crate::store::{self, Db, StoreError};

/// How stale a token's "last used" may be.
pub const LAST_USED_EVERY_MS: i64 = 60_000;

/// The connection a request's token speaks for, and that token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The connection (and through it the project).
    pub connection: Connection,
    /// The token's id.
    pub token_id: i64,
}

/// What the bearer token says about a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Authenticated {
    /// A valid SCIM token, and whether its project accepts SCIM requests now.
    Valid {
        /// Who sent it.
        caller: Caller,
        /// The project's SCIM switch, read with the token.
        scim_enabled: bool,
    },
    /// A SCIM token its project revoked.
    Revoked(Caller),
    /// No token, or one that is no project's SCIM token.
    Unknown,
}

/// Looks the request's bearer token up.
pub async fn authenticate(db: &Db, headers: &HeaderMap) -> Result<Authenticated, StoreError> {
    let Some(token) = bearer_token(headers) else {
        return Ok(Authenticated::Unknown);
    };
    let Some(credential) = store::tokens::find(db, &TokenHash::of(token)).await? else {
        return Ok(Authenticated::Unknown);
    };
    let (TokenKind::Scim, Some(connection)) = (credential.kind, credential.connection) else {
        return Ok(Authenticated::Unknown);
    };
    let caller = Caller {
        connection,
        token_id: credential.id,
    };
    Ok(if credential.revoked {
        Authenticated::Revoked(caller)
    } else {
        Authenticated::Valid {
            caller,
            scim_enabled: credential.scim_enabled,
        }
    })
}

/// A caller recorded earlier (a replayed request's), as its token and connection stand now.
pub async fn recheck(db: &Db, caller: &Caller) -> Result<Authenticated, StoreError> {
    let Some(credential) = store::tokens::find_by_id(db, caller.token_id).await? else {
        return Ok(Authenticated::Unknown);
    };
    let current = match credential.connection {
        Some(connection) if connection.id == caller.connection.id => Caller {
            connection,
            token_id: credential.id,
        },
        _ => return Ok(Authenticated::Unknown),
    };
    Ok(if credential.revoked {
        Authenticated::Revoked(current)
    } else {
        Authenticated::Valid {
            caller: current,
            scim_enabled: credential.scim_enabled,
        }
    })
}

/// The token of an `Authorization: Bearer …` header (the scheme in any case).
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// When each token's "last used" was last written, so that a busy token costs one write a
/// minute, not one per request.
#[derive(Debug, Clone, Default)]
pub struct LastUsed {
    written: Arc<Mutex<HashMap<i64, i64>>>,
}

impl LastUsed {
    /// Writes the token's "last used" if the stored one is more than a minute old.
    pub async fn touch(&self, db: &Db, token_id: i64, now: i64) {
        let due = self.written.lock().is_ok_and(|mut written| {
            let due = written
                .get(&token_id)
                .is_none_or(|at| now - *at >= LAST_USED_EVERY_MS);
            if due {
                written.insert(token_id, now);
            }
            due
        });
        if due && let Err(error) = store::tokens::touch(db, token_id, now).await {
            tracing::warn!(%error, token_id, "cannot record when a token was last used");
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn the_bearer_scheme_is_case_insensitive() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("bearer abc"),
        );
        assert_eq!(bearer_token(&headers), Some("abc"));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(bearer_token(&headers), None);
    }
}
