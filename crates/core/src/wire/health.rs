//! [`FromJson`] for [`crate::health`]'s types that the dashboard reads: each connection's
//! health, from `GET /api/v1/health` and the live stream's `health` message.

use super::{Fields, FromJson, Json, WireError, one_of};
use crate::health::{ConnectionHealth, HealthCause, HealthState};
use crate::struct_from_json;

impl FromJson for HealthState {
    fn from_json(json: &Json) -> Result<Self, WireError> {
        use HealthState::*;
        one_of(json, &[Healthy, Degraded, Failing], |s| s.code())
    }
}

/// Internally tagged, as serde writes it: the variant's name in `kind`, its fields beside it.
impl FromJson for HealthCause {
    fn from_json(json: &Json) -> Result<Self, WireError> {
        let fields = Fields::of(json)?;
        let kind: String = fields.get("kind")?;
        match kind.as_str() {
            "no_request_yet" => Ok(HealthCause::NoRequestYet),
            "working" => Ok(HealthCause::Working),
            "few_requests" => Ok(HealthCause::FewRequests {
                failed: fields.get("failed")?,
                of: fields.get("of")?,
            }),
            "failure_rate" => Ok(HealthCause::FailureRate {
                failed: fields.get("failed")?,
                of: fields.get("of")?,
                top: fields.get("top")?,
            }),
            "token_refused" => Ok(HealthCause::TokenRefused {
                streak: fields.get("streak")?,
            }),
            "silent" => Ok(HealthCause::Silent {
                quiet_ms: fields.get("quiet_ms")?,
            }),
            _ => Err(WireError::new(format!("unknown health cause \"{kind}\"")).in_field("kind")),
        }
    }
}

struct_from_json!(ConnectionHealth {
    connection_id,
    connection,
    idp,
    state,
    cause,
    summary,
    next_step,
    last_request_at
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::category::FailureCategory;
    use crate::idp::Idp;
    use crate::wire::testing::{agree, round_trip};

    fn health(state: HealthState, cause: HealthCause) -> ConnectionHealth {
        ConnectionHealth {
            connection_id: 7,
            connection: "Entra ID \u{2013} production".to_owned(),
            idp: Idp::Entra,
            state,
            cause,
            summary: "12 of the latest 200 requests failed.".to_owned(),
            next_step: "In Entra ID, open Provisioning logs.".to_owned(),
            last_request_at: Some("2026-12-02T01:00:00.5Z".to_owned()),
        }
    }

    #[test]
    fn every_cause_reads_back_as_serde_writes_it() {
        for cause in [
            HealthCause::NoRequestYet,
            HealthCause::Working,
            HealthCause::FewRequests { failed: 1, of: 2 },
            HealthCause::FailureRate {
                failed: 12,
                of: 200,
                top: FailureCategory::LicenceLimit,
            },
            HealthCause::TokenRefused { streak: 3 },
            HealthCause::Silent {
                quiet_ms: 9_000_000,
            },
        ] {
            round_trip(&cause);
        }
        round_trip(&health(
            HealthState::Degraded,
            HealthCause::Silent { quiet_ms: 1 },
        ));
        let mut never = health(HealthState::Healthy, HealthCause::NoRequestYet);
        never.last_request_at = None;
        round_trip(&never);
    }

    #[test]
    fn an_unknown_state_or_cause_is_refused_like_serde_refuses_it() {
        assert!(agree::<HealthState>("\"sick\"").is_err());
        assert!(agree::<HealthCause>(r#"{"kind":"weather"}"#).is_err());
        assert!(agree::<HealthCause>(r#"{"kind":"token_refused"}"#).is_err());
    }
}
