//! [`FromJson`] for [`crate::webhooks`]'s types that the dashboard reads: the webhooks page's
//! endpoints with their recent deliveries, and a secret just made.

use super::{FromJson, Json, WireError, one_of};
use crate::struct_from_json;
use crate::webhooks::{DeliveryState, DeliverySummary, WebhookEndpoint, WebhookSecret};

impl FromJson for DeliveryState {
    fn from_json(json: &Json) -> Result<Self, WireError> {
        use DeliveryState::*;
        one_of(json, &[Pending, Delivered, Failed], |s| s.code())
    }
}

struct_from_json!(DeliverySummary {
    delivery_id,
    event_type,
    state,
    attempts,
    last_status,
    last_error,
    created_at,
    next_attempt_at
});

struct_from_json!(WebhookEndpoint {
    id,
    url,
    created_at,
    secret_rotated_at,
    deliveries
});

struct_from_json!(WebhookSecret { endpoint, secret });

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::testing::{agree, round_trip};

    fn delivery(state: DeliveryState, tried: bool) -> DeliverySummary {
        DeliverySummary {
            delivery_id: "6f1c…".to_owned(),
            event_type: "health.changed".to_owned(),
            state,
            attempts: u32::from(tried) * 3,
            last_status: tried.then_some(500),
            last_error: tried.then(|| "answered 500 \u{201C}oops\u{201D}".to_owned()),
            created_at: "2026-12-02T01:00:00Z".to_owned(),
            next_attempt_at: tried.then(|| "2026-12-02T01:02:00.5Z".to_owned()),
        }
    }

    #[test]
    fn endpoints_and_secrets_read_back_as_serde_writes_them() {
        let endpoint = WebhookEndpoint {
            id: 9_007_199_254_740_993,
            url: "https://hooks.example.com/ssd?x=1&y=\"2\"".to_owned(),
            created_at: "2026-12-02T00:00:00Z".to_owned(),
            secret_rotated_at: None,
            deliveries: vec![
                delivery(DeliveryState::Pending, false),
                delivery(DeliveryState::Failed, true),
                delivery(DeliveryState::Delivered, true),
            ],
        };
        round_trip(&endpoint);
        round_trip(&WebhookSecret {
            endpoint,
            secret: "whsec_abc".to_owned(),
        });
    }

    #[test]
    fn an_unknown_delivery_state_is_refused_like_serde_refuses_it() {
        assert!(agree::<DeliveryState>("\"lost\"").is_err());
        assert_eq!(
            agree::<DeliveryState>("\"failed\""),
            Ok(DeliveryState::Failed)
        );
    }
}
