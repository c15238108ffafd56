//! The only place that talks HTTP: the admin API (`/api/v1`) through gloo-net.
//!
//! Non-2xx answers decode into the shared [`ApiError`]; a request that got no answer at all is
//! [`ApiFailure::Network`].

use gloo_net::http::{Request, Response};
use scim_sync_core::api::{API_PREFIX, ApiError, ApiErrorCode, Status};
use serde::de::DeserializeOwned;

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

    /// A sentence for the admin.
    pub fn message(&self) -> String {
        match self {
            ApiFailure::Api(e) => e.message.clone(),
            ApiFailure::Network(detail) => format!("The server could not be reached ({detail})."),
        }
    }
}

/// A client for one server, authenticated by one admin token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiClient {
    base: String,
    token: String,
}

impl ApiClient {
    /// A client for the server at `base` (empty for same-origin) using `token`.
    pub fn new(base: &str, token: &str) -> ApiClient {
        ApiClient {
            base: base.to_owned(),
            token: token.to_owned(),
        }
    }

    /// `GET /api/v1/status`.
    pub async fn status(&self) -> Result<Status, ApiFailure> {
        self.get("/status").await
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiFailure> {
        let response = Request::get(&format!("{}{API_PREFIX}{path}", self.base))
            .header("Authorization", &format!("Bearer {}", self.token))
            .header("Accept", "application/json")
            .send()
            .await
            .map_err(|e| ApiFailure::Network(e.to_string()))?;
        decode(response).await
    }
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiFailure> {
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|e| ApiFailure::Network(e.to_string()));
    }
    let status = response.status();
    match response.json::<ApiError>().await {
        Ok(error) => Err(ApiFailure::Api(error)),
        Err(_) => Err(ApiFailure::Api(ApiError::new(
            if status == 401 {
                ApiErrorCode::Unauthorized
            } else {
                ApiErrorCode::Internal
            },
            format!("The server answered HTTP {status}."),
        ))),
    }
}
