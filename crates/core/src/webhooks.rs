//! Webhooks as the admin API shows them: a project's endpoints, their recent deliveries, and
//! the event types a delivery carries.

use serde::{Deserialize, Serialize};

/// A run ended with failures.
pub const RUN_FAILED: &str = "run.failed";
/// A connection's health changed.
pub const HEALTH_CHANGED: &str = "health.changed";
/// A re-push completed.
pub const REPUSH_COMPLETED: &str = "repush.completed";
/// Sent by the admin's "send test event".
pub const TEST: &str = "test";

/// `POST /api/v1/webhooks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewWebhookRequest {
    /// Where deliveries go: HTTPS.
    pub url: String,
}

/// An endpoint, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookEndpoint {
    /// Its id.
    pub id: i64,
    /// Where deliveries go.
    pub url: String,
    /// RFC 3339.
    pub created_at: String,
    /// When its secret was last rotated, RFC 3339.
    pub secret_rotated_at: Option<String>,
    /// Its latest deliveries, newest first.
    pub deliveries: Vec<DeliverySummary>,
}

/// An endpoint with its signing secret in clear: answered once, when it is created or its
/// secret rotated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookSecret {
    /// The endpoint.
    pub endpoint: WebhookEndpoint,
    /// The secret deliveries are signed with (HMAC-SHA256, see the README).
    pub secret: String,
}

/// Pending, delivered or failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Waiting for its next attempt.
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// Every attempt failed (or its endpoint was deleted).
    Failed,
}

impl DeliveryState {
    /// Its stored code.
    pub fn code(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Delivered => "delivered",
            DeliveryState::Failed => "failed",
        }
    }

    /// From its stored code.
    pub fn from_code(code: &str) -> DeliveryState {
        match code {
            "delivered" => DeliveryState::Delivered,
            "failed" => DeliveryState::Failed,
            _ => DeliveryState::Pending,
        }
    }
}

/// One delivery of one event to one endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliverySummary {
    /// Its id, the same on every attempt (`X-SSD-Delivery`).
    pub delivery_id: String,
    /// The event's type.
    pub event_type: String,
    /// Pending, delivered or failed.
    pub state: DeliveryState,
    /// Attempts made.
    pub attempts: u32,
    /// The receiver's latest status, if it answered.
    pub last_status: Option<u16>,
    /// Why the latest attempt failed.
    pub last_error: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    /// The next attempt, RFC 3339, while pending.
    pub next_attempt_at: Option<String>,
}
