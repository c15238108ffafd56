//! The simulator's HTTP side: SCIM requests as an IdP sends them, and the admin API calls that
//! set the stage. Every SCIM answer is counted and categorised here.

use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE, USER_AGENT};
use reqwest::{Method, StatusCode};
use scim_sync_core::api::{
    IdentityKind, IdentitySummary, InviteRequest, Settings, SettingsUpdate, Status,
};
use scim_sync_core::category::FailureCategory;
use scim_sync_core::setup::{GeneratedToken, NewConnectionRequest};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::classify;
use super::dialect::Request;
use super::error::{SimulateError, with_causes};
use super::options::Options;
use super::rate::RateLimit;
use super::report::Counters;

/// Without an admin token, the old IdP connection's token: one the server never knew, so its
/// requests belong to no project and are only counted.
pub const UNKNOWN_TOKEN: &str = "scim-token-of-a-revoked-idp-connection";

/// The IdP connection whose token the simulator revokes before sending a request with it.
pub const OLD_CONNECTION: &str = "Okta (old connection)";

/// The SCIM media type (RFC 7644 §3.1).
const SCIM_JSON: &str = "application/scim+json";

/// A SCIM answer as the IdP reads it.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The JSON body, if there was one.
    pub body: Option<Value>,
    /// The failure category, for a failure.
    pub failure: Option<FailureCategory>,
}

impl Answer {
    /// Whether the request succeeded.
    pub fn ok(&self) -> bool {
        self.failure.is_none()
    }

    /// The `id` of the resource in the body.
    pub fn id(&self) -> Option<String> {
        self.body.as_ref()?.get("id")?.as_str().map(str::to_owned)
    }

    /// The `id` of the first resource of a list response.
    pub fn first_listed_id(&self) -> Option<String> {
        let resources = self.body.as_ref()?.get("Resources")?.as_array()?;
        resources.first()?.get("id")?.as_str().map(str::to_owned)
    }
}

/// Talks to one server.
#[derive(Debug)]
pub struct Client {
    http: reqwest::Client,
    scim_base: String,
    admin_base: String,
    scim_token: String,
    admin_token: Option<String>,
    revoked_token: tokio::sync::OnceCell<String>,
    rate: Option<RateLimit>,
}

impl Client {
    /// A client for the server at `options.url`.
    pub fn new(options: &Options) -> Result<Client, SimulateError> {
        let base = server_base(&options.url)?;
        let scim_token = options
            .scim_token
            .clone()
            .ok_or(SimulateError::NeedsScimToken)?;
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(120))
            .connect_timeout(Duration::from_secs(10))
            .pool_max_idle_per_host(usize::from(options.concurrency))
            .tcp_nodelay(true)
            .build()
            .map_err(|e| SimulateError::Client(with_causes(&e)))?;
        Ok(Client {
            http,
            scim_base: format!("{base}/scim/v2"),
            admin_base: format!("{base}/api/v1"),
            scim_token,
            admin_token: options.admin_token.clone(),
            revoked_token: tokio::sync::OnceCell::new(),
            rate: RateLimit::per_second(options.rate),
        })
    }

    /// Whether admin steps can be taken.
    pub fn has_admin_token(&self) -> bool {
        self.admin_token.is_some()
    }

    /// Sends a SCIM request (after the rate limit allows it), counts and categorises the answer.
    pub async fn scim(
        &self,
        request: &Request,
        counters: &Counters,
    ) -> Result<Answer, SimulateError> {
        if let Some(rate) = &self.rate {
            rate.acquire().await;
        }
        let url = format!("{}{}", self.scim_base, request.path);
        let token = if request.revoked_token {
            self.revoked_token().await?
        } else {
            &self.scim_token
        };
        let mut builder = self
            .http
            .request(request.method.clone(), &url)
            .bearer_auth(token)
            .header(USER_AGENT, request.dialect.user_agent())
            .header(ACCEPT, SCIM_JSON);
        if let Some(body) = &request.body {
            builder = builder
                .header(CONTENT_TYPE, SCIM_JSON)
                .body(body.to_string());
        }
        let response = builder
            .send()
            .await
            .map_err(|e| transport(&request.method, &url, &e))?;
        let status = response.status().as_u16();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| transport(&request.method, &url, &e))?;
        let body: Option<Value> = serde_json::from_slice(&bytes).ok();
        let detail = body
            .as_ref()
            .and_then(|b| b.get("detail"))
            .and_then(Value::as_str)
            .unwrap_or_default();
        let failure = classify::category(&request.path, status, detail);
        counters.answered(failure);
        Ok(Answer {
            status,
            body,
            failure,
        })
    }

    /// The token of an old IdP connection, revoked. With an admin token, a real one: the
    /// simulator adds the connection [`OLD_CONNECTION`] and revokes its first token, so the
    /// server records the requests sent with it as that connection's `auth` failures, as it
    /// would for an IdP still holding a rotated-out secret. Without, [`UNKNOWN_TOKEN`].
    async fn revoked_token(&self) -> Result<&str, SimulateError> {
        let token = self
            .revoked_token
            .get_or_try_init(|| async {
                if !self.has_admin_token() {
                    return Ok(UNKNOWN_TOKEN.to_owned());
                }
                let step = "an old IdP connection with a revoked token";
                let name = NewConnectionRequest {
                    name: OLD_CONNECTION.to_owned(),
                };
                let generated: GeneratedToken = self
                    .admin(Method::POST, "/connections", Some(&name), step)
                    .await?;
                let path = format!(
                    "/connections/{}/tokens/{}",
                    generated.connection_id, generated.summary.id
                );
                self.admin_raw(Method::DELETE, &path, None::<&()>, step)
                    .await?;
                Ok::<_, SimulateError>(generated.token)
            })
            .await?;
        Ok(token)
    }

    /// `GET /api/v1/status`.
    pub async fn status(&self, step: &str) -> Result<Status, SimulateError> {
        self.admin(Method::GET, "/status", None::<&()>, step).await
    }

    /// `PUT /api/v1/settings`.
    pub async fn settings(
        &self,
        change: SettingsUpdate,
        step: &str,
    ) -> Result<Settings, SimulateError> {
        self.admin(Method::PUT, "/settings", Some(&change), step)
            .await
    }

    /// `POST /api/v1/identities`: invites a project-native identity.
    pub async fn invite(
        &self,
        email: &str,
        display_name: String,
        kind: IdentityKind,
        step: &str,
    ) -> Result<IdentitySummary, SimulateError> {
        let invite = InviteRequest {
            email: email.to_owned(),
            display_name: Some(display_name),
            kind,
        };
        self.admin(Method::POST, "/identities", Some(&invite), step)
            .await
    }

    /// `DELETE /api/v1/groups/{id}`: deletes a group in the project.
    pub async fn delete_group(&self, id: &str, step: &str) -> Result<(), SimulateError> {
        let path = format!("/groups/{}", super::dialect::encode(id));
        self.admin_raw(Method::DELETE, &path, None::<&()>, step)
            .await
            .map(|_| ())
    }

    async fn admin<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        step: &str,
    ) -> Result<T, SimulateError> {
        let bytes = self.admin_raw(method, path, body, step).await?;
        serde_json::from_slice(&bytes).map_err(|e| SimulateError::Admin {
            step: step.to_owned(),
            status: 200,
            message: format!("unexpected answer: {e}"),
        })
    }

    async fn admin_raw<B: Serialize>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        step: &str,
    ) -> Result<Vec<u8>, SimulateError> {
        let token = self
            .admin_token
            .as_deref()
            .ok_or_else(|| SimulateError::Admin {
                step: step.to_owned(),
                status: 0,
                message: "no admin token".into(),
            })?;
        let url = format!("{}{path}", self.admin_base);
        let mut builder = self.http.request(method.clone(), &url).bearer_auth(token);
        if let Some(body) = body {
            builder = builder.json(body);
        }
        let response = builder
            .send()
            .await
            .map_err(|e| transport(&method, &url, &e))?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| transport(&method, &url, &e))?;
        if status.is_success() {
            return Ok(bytes.to_vec());
        }
        let message = serde_json::from_slice::<Value>(&bytes)
            .ok()
            .and_then(|b| b.get("message").and_then(Value::as_str).map(str::to_owned))
            .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_owned());
        Err(SimulateError::Admin {
            step: step.to_owned(),
            status: status.as_u16(),
            message: if status == StatusCode::NOT_FOUND && path.starts_with("/groups") {
                format!("{message} (does this server have DELETE /api/v1/groups/{{id}}?)")
            } else {
                message
            },
        })
    }
}

/// The server's base URL: no trailing slash, and `/scim/v2` dropped if it was given.
pub fn server_base(url: &str) -> Result<String, SimulateError> {
    let trimmed = url.trim().trim_end_matches('/');
    let base = trimmed.strip_suffix("/scim/v2").unwrap_or(trimmed);
    match reqwest::Url::parse(base) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.has_host() => {
            Ok(base.to_owned())
        }
        _ => Err(SimulateError::BadUrl(url.to_owned())),
    }
}

fn transport(method: &Method, url: &str, error: &reqwest::Error) -> SimulateError {
    SimulateError::Transport {
        request: format!("{method} {url}"),
        message: with_causes(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_may_name_the_server_or_its_scim_base() {
        assert_eq!(
            server_base("http://127.0.0.1:8080/").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            server_base("http://127.0.0.1:8080/scim/v2").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert!(server_base("127.0.0.1:8080").is_err());
        assert!(server_base("ftp://example.com").is_err());
    }
}
