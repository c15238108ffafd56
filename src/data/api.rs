//! The only place that talks HTTP: the admin API (`/api/v1`) through gloo-net, and its live
//! stream ([`stream`], an `EventSource`).
//!
//! Every call is an [`ApiRequest`] (method, path from [`paths`], optional JSON body) sent by
//! [`ApiClient::send`], which answers the body's text; [`decode`] turns JSON text into the shared
//! wire types with the core's small reader ([`scim_sync_core::wire`]), not serde_json, whose
//! deserializers cost the wasm tens of kilobytes. One request future for the whole app, rather
//! than one per endpoint and answer type, keeps the wasm small too (each async type costs
//! kilobytes). Non-2xx answers decode into the shared [`ApiError`]; a request that got no
//! answer at all, or an answer that does not read, is [`ApiFailure::Network`].

pub mod stream;

use gloo_net::http::{Request, RequestBuilder, Response};
use scim_sync_core::api::{API_PREFIX, ApiError, ApiErrorCode};
use scim_sync_core::wire::{self, FromJson, WireError};
use serde::Serialize;

/// Why an admin API call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiFailure {
    /// The server answered with an error.
    Api(ApiError),
    /// No answer: the server is unreachable or the answer was unreadable.
    Network(String),
}

impl ApiFailure {
    /// Whether the admin token was refused (the session must sign in again).
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, ApiFailure::Api(e) if e.code == ApiErrorCode::Unauthorized)
    }

    /// The API's error code, if the server answered.
    pub fn code(&self) -> Option<ApiErrorCode> {
        match self {
            ApiFailure::Api(e) => Some(e.code),
            ApiFailure::Network(_) => None,
        }
    }

    /// A sentence for the admin.
    pub fn message(&self) -> String {
        match self {
            ApiFailure::Api(e) => e.message.clone(),
            ApiFailure::Network(detail) => format!("The server could not be reached ({detail})."),
        }
    }
}

/// An HTTP method of the admin API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Read.
    Get,
    /// Create or act.
    Post,
    /// Replace.
    Put,
    /// Remove.
    Delete,
}

/// One call of the admin API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiRequest {
    /// The method.
    pub method: Method,
    /// The path under `/api/v1`, with its query.
    pub path: String,
    /// The JSON body, if any.
    pub body: Option<String>,
}

impl ApiRequest {
    /// `GET path`.
    pub fn get(path: impl Into<String>) -> ApiRequest {
        ApiRequest {
            method: Method::Get,
            path: path.into(),
            body: None,
        }
    }

    /// `POST path` with no body.
    pub fn post(path: impl Into<String>) -> ApiRequest {
        ApiRequest {
            method: Method::Post,
            ..ApiRequest::get(path)
        }
    }

    /// `method path` with `body` as JSON.
    pub fn with_json(method: Method, path: impl Into<String>, body: &impl Serialize) -> ApiRequest {
        ApiRequest {
            method,
            path: path.into(),
            body: serde_json::to_string(body).ok(),
        }
    }
}

/// The admin API's paths (under `/api/v1`).
pub mod paths {
    use scim_sync_core::api::FailureFilter;

    use crate::logic::filters::{self, PeopleFilter};
    use crate::logic::query::{Query, encode};

    /// `GET` status.
    pub const STATUS: &str = "/status";
    /// `GET` each connection's health.
    pub const HEALTH: &str = "/health";
    /// `GET`/`PUT` settings.
    pub const SETTINGS: &str = "/settings";
    /// `POST` an invitation.
    pub const IDENTITIES: &str = "/identities";
    /// `POST` a re-push of groups.
    pub const REPUSH: &str = "/repush";
    /// `POST` for a stream ticket.
    pub const STREAM_TICKET: &str = "/stream/ticket";
    /// `POST`: sign in (an admin token for a session cookie).
    pub const SESSIONS: &str = "/sessions";
    /// `DELETE`: sign out.
    pub const SESSION: &str = "/session";
    /// `GET`: the session this browser's cookie opens (204 if none).
    pub const CURRENT_SESSION: &str = "/sessions/current";

    /// A page of runs, newest first.
    pub fn runs(cursor: Option<&str>, limit: u32) -> String {
        let limit = limit.to_string();
        let query = Query::default()
            .with("cursor", cursor)
            .with("limit", Some(&limit));
        format!("/runs{query}")
    }

    /// One run.
    pub fn run(id: i64) -> String {
        format!("/runs/{id}")
    }

    /// A page of failures matching `filter`, newest first.
    pub fn failures(filter: &FailureFilter, cursor: Option<&str>, limit: u32) -> String {
        format!(
            "/failures{}",
            filters::failures_api_query(filter, cursor, Some(limit))
        )
    }

    /// Every failure matching `filter`, as CSV.
    pub fn failures_csv(filter: &FailureFilter) -> String {
        format!(
            "/failures.csv{}",
            filters::failures_api_query(filter, None, None)
        )
    }

    /// One recorded request.
    pub fn event(id: i64) -> String {
        format!("/events/{id}")
    }

    /// `POST`: retry a recorded request.
    pub fn retry(id: i64) -> String {
        format!("/events/{id}/retry")
    }

    /// The requests about a user (`resource_type` "User") or a group ("Group"), newest first.
    pub fn timeline(resource_type: &str, id: &str) -> String {
        let collection = if resource_type == "Group" {
            "groups"
        } else {
            "identities"
        };
        format!("/{collection}/{}/timeline", encode(id))
    }

    /// The requests about a userName, newest first (a failed create has no id to ask by).
    pub fn user_name_timeline(user_name: &str) -> String {
        format!("/timeline?user_name={}", encode(user_name))
    }

    /// Every SCIM group, newest first, only those in the sync state `state` if given.
    pub fn groups(state: Option<&str>) -> String {
        format!("/groups{}", Query::default().with("state", state))
    }

    /// One group with its members' states.
    pub fn group(id: &str) -> String {
        format!("/groups/{}", encode(id))
    }

    /// A page of Users and Readers.
    pub fn identities(filter: &PeopleFilter, cursor: Option<&str>, limit: u32) -> String {
        format!(
            "/identities{}",
            filters::people_api_query(filter, cursor, limit)
        )
    }

    /// A page of the audited admin actions the page's URL `query` filters for.
    pub fn audit(query: &Query, cursor: Option<&str>, limit: u32) -> String {
        format!(
            "/audit{}",
            filters::activity_api_query(query, cursor, limit)
        )
    }

    /// `GET` the IdP connections with their SCIM tokens; `POST` a connection (with its first
    /// token).
    pub const CONNECTIONS: &str = "/connections";

    /// `GET` the webhook endpoints, `POST` a new one.
    pub const WEBHOOKS: &str = "/webhooks";

    /// `DELETE` a webhook endpoint.
    pub fn webhook(id: i64) -> String {
        format!("/webhooks/{id}")
    }

    /// `POST` a new secret for a webhook endpoint.
    pub fn webhook_secret(id: i64) -> String {
        format!("/webhooks/{id}/secret")
    }

    /// `POST` a test event to a webhook endpoint.
    pub fn webhook_test(id: i64) -> String {
        format!("/webhooks/{id}/test")
    }

    /// `POST`: generate another SCIM token for a connection (to rotate, or after a revoke).
    pub fn connection_tokens(connection: i64) -> String {
        format!("/connections/{connection}/tokens")
    }

    /// `DELETE`: revoke one of a connection's SCIM tokens.
    pub fn connection_token(connection: i64, token: i64) -> String {
        format!("/connections/{connection}/tokens/{token}")
    }

    /// The SCIM base URL an IdP is given: the server's `/scim/v2`, where the admin API's base
    /// (`api_base`, empty for this page's `origin`) points.
    pub fn scim_base(api_base: &str, origin: &str) -> String {
        let server = if api_base.is_empty() {
            origin
        } else {
            api_base
        };
        format!("{}/scim/v2", server.trim_end_matches('/'))
    }
}

/// Turns an answer's JSON text into `T`.
pub fn decode<T: FromJson>(text: &str) -> Result<T, ApiFailure> {
    wire::from_str(text).map_err(unreadable)
}

fn unreadable(error: WireError) -> ApiFailure {
    ApiFailure::Network(format!("unreadable answer: {error}"))
}

/// How a client's requests are signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Credential {
    /// The browser's session cookie (HttpOnly: this page never sees it); state-changing
    /// requests echo the session's CSRF token. Before signing in, no token yet.
    Cookie { csrf: Option<String> },
    /// A bearer token: a session the embedding host minted (or an admin token, in tests).
    Bearer(String),
}

/// A client for one server, signed in one way (see [`Credential`]). Nothing secret that it
/// holds is ever written to web storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiClient {
    base: String,
    credential: Credential,
}

impl ApiClient {
    /// A client for the server at `base` (empty for same-origin) sending `token` as a bearer.
    pub fn new(base: &str, token: &str) -> ApiClient {
        ApiClient {
            base: base.to_owned(),
            credential: Credential::Bearer(token.to_owned()),
        }
    }

    /// A client that sends the browser's session cookie, if any: to sign in, or to find out
    /// whether a session survived a reload.
    pub fn cookie(base: &str) -> ApiClient {
        ApiClient {
            base: base.to_owned(),
            credential: Credential::Cookie { csrf: None },
        }
    }

    /// This cookie client once signed in to a session with this CSRF token.
    pub fn with_csrf(&self, csrf: Option<String>) -> ApiClient {
        ApiClient {
            base: self.base.clone(),
            credential: match &self.credential {
                Credential::Cookie { .. } => Credential::Cookie { csrf },
                bearer => bearer.clone(),
            },
        }
    }

    /// Sends `request`; answers the body's text (empty for 204).
    pub async fn send(&self, request: &ApiRequest) -> Result<String, ApiFailure> {
        let url = format!("{}{API_PREFIX}{}", self.base, request.path);
        let builder = match request.method {
            Method::Get => Request::get(&url),
            Method::Post => Request::post(&url),
            Method::Put => Request::put(&url),
            Method::Delete => Request::delete(&url),
        };
        let builder: RequestBuilder = match &self.credential {
            Credential::Bearer(token) => {
                builder.header("Authorization", &format!("Bearer {token}"))
            }
            Credential::Cookie { csrf } => {
                let builder = builder.credentials(web_sys::RequestCredentials::Include);
                match csrf {
                    Some(csrf) if request.method != Method::Get => {
                        builder.header("X-CSRF-Token", csrf)
                    }
                    _ => builder,
                }
            }
        }
        .header("Accept", "application/json, text/csv");
        let sent = match &request.body {
            Some(body) => {
                builder
                    .header("Content-Type", "application/json")
                    .body(body.as_str())
                    .map_err(network)?
                    .send()
                    .await
            }
            None => builder.send().await,
        };
        let response = sent.map_err(network)?;
        if !response.ok() {
            return Err(error_of(response).await);
        }
        response.text().await.map_err(network)
    }

    /// The SCIM base URL of this client's server, for the admin to give their IdP.
    pub fn scim_base_url(&self) -> String {
        let origin = leptos::prelude::window()
            .location()
            .origin()
            .unwrap_or_default();
        paths::scim_base(&self.base, &origin)
    }

    /// The live stream's URL for a ticket.
    pub fn stream_url(&self, ticket: &str) -> String {
        format!(
            "{}{API_PREFIX}/stream?ticket={}",
            self.base,
            crate::logic::query::encode(ticket)
        )
    }
}

/// Sends `request` and hands its answer to `done`, in the one future type every such call
/// shares (each distinct async type costs the wasm hundreds of bytes).
pub fn send_then(
    client: &ApiClient,
    request: ApiRequest,
    done: Box<dyn FnOnce(Result<String, ApiFailure>)>,
) {
    let client = client.clone();
    leptos::task::spawn_local(async move { done(client.send(&request).await) });
}

fn network(error: gloo_net::Error) -> ApiFailure {
    ApiFailure::Network(error.to_string())
}

async fn error_of(response: Response) -> ApiFailure {
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    match wire::from_str::<ApiError>(&text) {
        Ok(error) => ApiFailure::Api(error),
        Err(_) => ApiFailure::Api(ApiError::new(
            match status {
                401 => ApiErrorCode::Unauthorized,
                404 => ApiErrorCode::NotFound,
                _ => ApiErrorCode::Internal,
            },
            format!("The server answered HTTP {status}."),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scim_sync_core::api::{FailureFilter, SettingsUpdate};
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn paths_carry_their_ids_filters_and_pages() {
        assert_eq!(paths::runs(Some("c"), 50), "/runs?cursor=c&limit=50");
        assert_eq!(paths::timeline("Group", "a b"), "/groups/a%20b/timeline");
        assert_eq!(paths::timeline("User", "x"), "/identities/x/timeline");
        assert_eq!(
            paths::failures_csv(&FailureFilter::default()),
            "/failures.csv"
        );
        assert_eq!(paths::retry(3), "/events/3/retry");
        assert_eq!(paths::groups(None), "/groups");
        assert_eq!(
            paths::groups(Some("deleted_in_project")),
            "/groups?state=deleted_in_project"
        );
        assert_eq!(paths::group("a/b"), "/groups/a%2Fb");
    }

    #[wasm_bindgen_test]
    fn a_json_body_is_serialised_once_with_the_request() {
        let request = ApiRequest::with_json(
            Method::Put,
            paths::SETTINGS,
            &SettingsUpdate {
                scim_enabled: Some(false),
                seat_limit: None,
            },
        );
        assert_eq!(
            request.body.as_deref(),
            Some(r#"{"scim_enabled":false,"seat_limit":null}"#)
        );
    }

    #[wasm_bindgen_test]
    fn an_unreadable_answer_is_a_failure_not_a_panic() {
        let result: Result<scim_sync_core::api::Settings, _> = decode("<html>");
        assert!(matches!(result, Err(ApiFailure::Network(_))));
    }

    #[wasm_bindgen_test]
    fn an_answer_of_the_wrong_shape_says_which_field_is_wrong() {
        let result: Result<scim_sync_core::api::Settings, _> =
            decode(r#"{"scim_enabled":true,"seat_limit":"ten"}"#);
        assert_eq!(
            result,
            Err(ApiFailure::Network(
                "unreadable answer: `seat_limit`: expected an integer from 0 to 4294967295, \
                 found \"ten\""
                    .to_owned()
            ))
        );
    }

    #[wasm_bindgen_test]
    fn an_answer_decodes_into_the_shared_types() {
        let result: Result<scim_sync_core::api::Settings, _> =
            decode(r#"{"seat_limit":25,"scim_enabled":false}"#);
        assert_eq!(
            result,
            Ok(scim_sync_core::api::Settings {
                scim_enabled: false,
                seat_limit: 25,
            })
        );
    }

    #[wasm_bindgen_test]
    fn scim_setup_paths_name_the_connection_and_the_token() {
        assert_eq!(paths::connection_tokens(3), "/connections/3/tokens");
        assert_eq!(paths::connection_token(3, 12), "/connections/3/tokens/12");
    }

    #[wasm_bindgen_test]
    fn the_scim_base_url_is_the_api_s_server_or_this_page_s_origin() {
        assert_eq!(
            paths::scim_base("", "http://127.0.0.1:8080"),
            "http://127.0.0.1:8080/scim/v2"
        );
        assert_eq!(
            paths::scim_base("https://sync.example/tenant", "https://host.example"),
            "https://sync.example/tenant/scim/v2"
        );
    }
}
