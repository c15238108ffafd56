//! [`FromJson`] for [`crate::api`]'s types: every answer of the admin API and its live stream.

use super::{Fields, FromJson, Json, WireError, one_of};
use crate::api::{
    ApiError, ApiErrorCode, AuditEntry, CategoryCount, EventDetail, EventSummary, GroupDetail,
    GroupSummary, GroupSyncState, IdentityKind, IdentityOrigin, IdentitySummary, Page,
    RepushOutcome, RetryOutcome, RunStatus, RunSummary, SessionInfo, Settings, Status,
    StreamMessage, StreamTicket,
};
use crate::struct_from_json;

impl FromJson for ApiErrorCode {
    fn from_json(json: &Json) -> Result<Self, WireError> {
        use ApiErrorCode::*;
        one_of(
            json,
            &[
                Unauthorized,
                Forbidden,
                BadRequest,
                NotFound,
                Conflict,
                LicenceLimit,
                Internal,
            ],
            |code| match code {
                Unauthorized => "unauthorized",
                Forbidden => "forbidden",
                BadRequest => "bad_request",
                NotFound => "not_found",
                Conflict => "conflict",
                LicenceLimit => "licence_limit",
                Internal => "internal",
            },
        )
    }
}

struct_from_json!(ApiError {
    code,
    message,
    plan
});

impl FromJson for RunStatus {
    fn from_json(json: &Json) -> Result<Self, WireError> {
        one_of(
            json,
            &[RunStatus::Running, RunStatus::Succeeded, RunStatus::Failed],
            |status| match status {
                RunStatus::Running => "running",
                RunStatus::Succeeded => "succeeded",
                RunStatus::Failed => "failed",
            },
        )
    }
}

struct_from_json!(CategoryCount { category, count });

struct_from_json!(RunSummary {
    id,
    connection,
    idp,
    status,
    started_at,
    last_event_at,
    requests,
    failures,
    failures_by_category,
    duration_ms
});

struct_from_json!(Status {
    scim_enabled,
    seats,
    readers,
    last_run,
    last_run_ends_in_ms
});

impl FromJson for IdentityKind {
    fn from_json(json: &Json) -> Result<Self, WireError> {
        one_of(
            json,
            &[IdentityKind::User, IdentityKind::Reader],
            IdentityKind::code,
        )
    }
}

impl FromJson for IdentityOrigin {
    fn from_json(json: &Json) -> Result<Self, WireError> {
        one_of(
            json,
            &[IdentityOrigin::Scim, IdentityOrigin::Project],
            IdentityOrigin::code,
        )
    }
}

struct_from_json!(IdentitySummary {
    id,
    user_name,
    email,
    display_name,
    kind,
    active,
    origin
});

struct_from_json!(Settings {
    scim_enabled,
    seat_limit
});

struct_from_json!(SessionInfo {
    project_id,
    project_name,
    actor,
    csrf_token,
    expires_at
});

impl<T: FromJson> FromJson for Page<T> {
    fn from_json(json: &Json) -> Result<Self, WireError> {
        let fields = Fields::of(json)?;
        Ok(Page {
            items: fields.get("items")?,
            next_cursor: fields.get("next_cursor")?,
            total: fields.get("total")?,
        })
    }
}

struct_from_json!(EventSummary {
    id,
    run_id,
    occurred_at,
    idp,
    connection,
    method,
    path,
    resource_type,
    target_id,
    target_external_id,
    target_name,
    status,
    scim_type,
    category,
    detail,
    retry_of
});

struct_from_json!(EventDetail {
    summary,
    user_agent,
    request_body,
    request_id,
    retries,
    explanation
});

impl FromJson for GroupSyncState {
    fn from_json(json: &Json) -> Result<Self, WireError> {
        use GroupSyncState::*;
        one_of(
            json,
            &[Synced, Failed, DeletedInProject, DeletedWhileScimDisabled],
            |state| match state {
                Synced => "synced",
                Failed => "failed",
                DeletedInProject => "deleted_in_project",
                DeletedWhileScimDisabled => "deleted_while_scim_disabled",
            },
        )
    }
}

struct_from_json!(GroupSummary {
    id,
    display_name,
    external_id,
    state,
    member_count,
    pushed_member_count,
    last_push_at
});

struct_from_json!(GroupDetail { summary, members });

struct_from_json!(RepushOutcome { plan, restored });

struct_from_json!(RetryOutcome { event });

struct_from_json!(AuditEntry {
    id,
    at,
    actor,
    action,
    summary
});

/// Internally tagged, as serde writes it: the variant's name in `type`, its fields beside it.
impl FromJson for StreamMessage {
    fn from_json(json: &Json) -> Result<Self, WireError> {
        let fields = Fields::of(json)?;
        let tag: String = fields.get("type")?;
        match tag.as_str() {
            "sync_event" => Ok(StreamMessage::SyncEvent {
                event: fields.get("event")?,
            }),
            "run" => Ok(StreamMessage::Run {
                run: fields.get("run")?,
            }),
            "health" => Ok(StreamMessage::Health {
                connection: fields.get("connection")?,
            }),
            "repush_progress" => Ok(StreamMessage::RepushProgress {
                done: fields.get("done")?,
                total: fields.get("total")?,
            }),
            "activity" => Ok(StreamMessage::Activity),
            _ => Err(WireError::new(format!(
                "expected one of `sync_event`, `run`, `health`, `repush_progress`, `activity`, found \"{tag}\""
            ))
            .in_field("type")),
        }
    }
}

struct_from_json!(StreamTicket { ticket });

#[cfg(test)]
mod tests {
    use super::*;
    use crate::category::FailureCategory;
    use crate::idp::Idp;
    use crate::seats::SeatUsage;
    use crate::wire::capacity::tests::{group_members, repush_plan};
    use crate::wire::testing::{agree, round_trip};

    fn run_summary(status: RunStatus) -> RunSummary {
        RunSummary {
            id: 9_007_199_254_740_993,
            connection: "okta-prod".to_owned(),
            idp: Idp::Okta,
            status,
            started_at: "2025-03-01T09:00:00Z".to_owned(),
            last_event_at: "2025-03-01T09:04:12.345Z".to_owned(),
            requests: 1_204,
            failures: 3,
            failures_by_category: vec![
                CategoryCount {
                    category: FailureCategory::LicenceLimit,
                    count: 2,
                },
                CategoryCount {
                    category: FailureCategory::DuplicateUser,
                    count: 1,
                },
            ],
            duration_ms: 252_345,
        }
    }

    /// A failed request with every optional field given.
    fn failed_event() -> EventSummary {
        EventSummary {
            id: 41,
            run_id: 7,
            occurred_at: "2025-03-01T09:04:12Z".to_owned(),
            idp: Idp::Entra,
            connection: "entra".to_owned(),
            method: "PATCH".to_owned(),
            path: "/scim/v2/Groups/5f0c?attributes=members".to_owned(),
            resource_type: Some("Group".to_owned()),
            target_id: Some("5f0c".to_owned()),
            target_external_id: Some("ext-\u{1F600}".to_owned()),
            target_name: Some("Ingénierie".to_owned()),
            status: 409,
            scim_type: Some("uniqueness".to_owned()),
            category: Some(FailureCategory::MemberNotProvisioned),
            detail: Some("Member \"ann@example.com\" is not provisioned.\n".to_owned()),
            retry_of: Some(40),
        }
    }

    /// A successful request with no optional field.
    fn bare_event() -> EventSummary {
        EventSummary {
            id: -1,
            run_id: 0,
            occurred_at: "2025-03-01T09:00:00Z".to_owned(),
            idp: Idp::Generic,
            connection: String::new(),
            method: "GET".to_owned(),
            path: "/scim/v2/ServiceProviderConfig".to_owned(),
            resource_type: None,
            target_id: None,
            target_external_id: None,
            target_name: None,
            status: 200,
            scim_type: None,
            category: None,
            detail: None,
            retry_of: None,
        }
    }

    fn identity(kind: IdentityKind, origin: IdentityOrigin, named: bool) -> IdentitySummary {
        IdentitySummary {
            id: "2819c223-7f76-453a-919d-413861904646".to_owned(),
            user_name: "bjensen@example.com".to_owned(),
            email: named.then(|| "bjensen@example.com".to_owned()),
            display_name: named.then(|| "Barbara Jensen".to_owned()),
            kind,
            active: named,
            origin,
        }
    }

    fn group_summary(state: GroupSyncState, external: bool) -> GroupSummary {
        GroupSummary {
            id: "5f0c-grp-1".to_owned(),
            display_name: "Engineering".to_owned(),
            external_id: external.then(|| "00g1emaKYZTWRYYRRTSK".to_owned()),
            state,
            member_count: 12,
            pushed_member_count: 14,
            last_push_at: external.then(|| "2025-03-01T09:04:12Z".to_owned()),
        }
    }

    #[test]
    fn every_api_error_reads_back_as_serde_writes_it() {
        use ApiErrorCode::*;
        for code in [
            Unauthorized,
            Forbidden,
            BadRequest,
            NotFound,
            Conflict,
            LicenceLimit,
            Internal,
        ] {
            round_trip(&code);
            round_trip(&ApiError::new(code, "Sign in again."));
        }
        round_trip(&ApiError {
            plan: Some(repush_plan()),
            ..ApiError::new(LicenceLimit, "This re-push needs 1 licence seat.")
        });
    }

    #[test]
    fn runs_and_status_read_back_as_serde_writes_them() {
        for status in [RunStatus::Running, RunStatus::Succeeded, RunStatus::Failed] {
            round_trip(&status);
            round_trip(&run_summary(status));
        }
        round_trip(&CategoryCount {
            category: FailureCategory::Auth,
            count: u64::MAX,
        });
        round_trip(&RunSummary {
            failures_by_category: vec![],
            ..run_summary(RunStatus::Succeeded)
        });
        round_trip(&Status {
            scim_enabled: true,
            seats: SeatUsage { limit: 10, used: 7 },
            readers: 5,
            last_run: Some(run_summary(RunStatus::Running)),
            last_run_ends_in_ms: Some(u64::MAX),
        });
        round_trip(&Status {
            scim_enabled: false,
            seats: SeatUsage { limit: 0, used: 0 },
            readers: 0,
            last_run: None,
            last_run_ends_in_ms: None,
        });
    }

    #[test]
    fn identities_and_settings_read_back_as_serde_writes_them() {
        for kind in [IdentityKind::User, IdentityKind::Reader] {
            round_trip(&kind);
            for origin in [IdentityOrigin::Scim, IdentityOrigin::Project] {
                round_trip(&origin);
                round_trip(&identity(kind, origin, true));
                round_trip(&identity(kind, origin, false));
            }
        }
        round_trip(&SessionInfo {
            project_id: 3,
            project_name: "Docs \"EU\"".into(),
            actor: "admin".into(),
            csrf_token: Some("ssd_csrf_ab".into()),
            expires_at: "2026-12-01T20:00:00Z".into(),
        });
        round_trip(&SessionInfo {
            project_id: 1,
            project_name: String::new(),
            actor: "ada@platform.example".into(),
            csrf_token: None,
            expires_at: String::new(),
        });
        round_trip(&Settings {
            scim_enabled: true,
            seat_limit: 25,
        });
        round_trip(&Settings {
            scim_enabled: false,
            seat_limit: 0,
        });
    }

    #[test]
    fn events_read_back_as_serde_writes_them() {
        round_trip(&failed_event());
        round_trip(&bare_event());
        round_trip(&vec![failed_event(), bare_event()]);
        round_trip(&EventDetail {
            summary: failed_event(),
            user_agent: Some("Okta SCIM Client 1.0.0".to_owned()),
            request_body: Some(r#"{"schemas":["urn:x"],"password":"[redacted]"}"#.to_owned()),
            request_id: "req-7f3a".to_owned(),
            retries: vec![bare_event(), failed_event()],
            explanation: Some(crate::remedy::explain(
                FailureCategory::LicenceLimit,
                Idp::Okta,
            )),
        });
        round_trip(&EventDetail {
            summary: bare_event(),
            user_agent: None,
            request_body: None,
            request_id: String::new(),
            retries: vec![],
            explanation: None,
        });
        round_trip(&RetryOutcome {
            event: failed_event(),
        });
    }

    #[test]
    fn pages_read_back_as_serde_writes_them() {
        round_trip(&Page {
            items: vec![run_summary(RunStatus::Running)],
            next_cursor: Some("eyJpZCI6NDF9".to_owned()),
            total: Some(120),
        });
        round_trip(&Page {
            items: vec![failed_event(), bare_event()],
            next_cursor: None,
            total: None,
        });
        round_trip(&Page::<IdentitySummary> {
            items: vec![],
            next_cursor: None,
            total: Some(0),
        });
        round_trip(&Page {
            items: vec![identity(IdentityKind::User, IdentityOrigin::Scim, true)],
            next_cursor: Some("c".to_owned()),
            total: None,
        });
    }

    #[test]
    fn groups_read_back_as_serde_writes_them() {
        use GroupSyncState::*;
        for state in [Synced, Failed, DeletedInProject, DeletedWhileScimDisabled] {
            round_trip(&state);
            round_trip(&group_summary(state, true));
            round_trip(&group_summary(state, false));
        }
        round_trip(&vec![
            group_summary(Synced, true),
            group_summary(Failed, false),
        ]);
        round_trip(&GroupDetail {
            summary: group_summary(Failed, true),
            members: group_members(),
        });
    }

    #[test]
    fn repush_outcomes_read_back_as_serde_writes_them() {
        round_trip(&RepushOutcome {
            plan: repush_plan(),
            restored: vec!["5f0c-grp-1".to_owned()],
        });
        round_trip(&RepushOutcome {
            plan: repush_plan(),
            restored: vec![],
        });
    }

    fn health_message() -> StreamMessage {
        StreamMessage::Health {
            connection: crate::health::ConnectionHealth {
                connection_id: 2,
                connection: "Okta production".into(),
                idp: Idp::Okta,
                state: crate::health::HealthState::Failing,
                cause: crate::health::HealthCause::TokenRefused { streak: 3 },
                summary: "The latest 3 requests were refused.".into(),
                next_step: String::new(),
                last_request_at: None,
            },
        }
    }

    #[test]
    fn every_stream_message_is_sent_under_its_type_tag_and_every_tag_is_listed() {
        let messages = [
            StreamMessage::SyncEvent {
                event: bare_event(),
            },
            StreamMessage::Run {
                run: run_summary(RunStatus::Running),
            },
            health_message(),
            StreamMessage::RepushProgress { done: 3, total: 40 },
            StreamMessage::Activity,
        ];
        let names: Vec<&str> = messages.iter().map(StreamMessage::event_name).collect();
        assert_eq!(names, StreamMessage::EVENT_NAMES);
        for message in &messages {
            let json = serde_json::to_value(message).unwrap();
            assert_eq!(json["type"], message.event_name());
        }
    }

    #[test]
    fn every_stream_message_reads_back_as_serde_writes_it() {
        round_trip(&StreamMessage::SyncEvent {
            event: failed_event(),
        });
        round_trip(&StreamMessage::SyncEvent {
            event: bare_event(),
        });
        round_trip(&StreamMessage::Run {
            run: run_summary(RunStatus::Running),
        });
        round_trip(&StreamMessage::RepushProgress { done: 3, total: 40 });
        round_trip(&StreamMessage::Activity);
        round_trip(&Page {
            items: vec![AuditEntry {
                id: 4,
                at: "2025-03-01T09:00:00Z".to_owned(),
                actor: "ada".to_owned(),
                action: "repush".to_owned(),
                summary: "re-pushed \"Docs\"".to_owned(),
            }],
            next_cursor: Some("4".to_owned()),
            total: Some(1),
        });
        round_trip(&health_message());
        round_trip(&StreamTicket {
            ticket: "tk_2b9f".to_owned(),
        });
    }

    #[test]
    fn a_stream_message_may_carry_its_tag_anywhere_and_unknown_fields() {
        assert_eq!(
            agree::<StreamMessage>(
                r#"{"total":40,"extra":[{}],"done":3,"type":"repush_progress"}"#
            ),
            Ok(StreamMessage::RepushProgress { done: 3, total: 40 })
        );
    }

    #[test]
    fn a_stream_message_without_a_known_tag_or_its_fields_is_refused() {
        assert_eq!(
            agree::<StreamMessage>(r#"{"type":"audit","done":1}"#),
            Err(
                "`type`: expected one of `sync_event`, `run`, `health`, `repush_progress`, `activity`, found \"audit\""
                    .to_owned()
            )
        );
        assert_eq!(
            agree::<StreamMessage>(r#"{"done":1,"total":2}"#),
            Err("`type`: missing field".to_owned())
        );
        assert_eq!(
            agree::<StreamMessage>(r#"{"type":"run"}"#),
            Err("`run`: missing field".to_owned())
        );
    }

    #[test]
    fn optional_fields_may_be_absent_or_null_and_unknown_fields_are_ignored() {
        let text = r#"{"items":[{"id":"x","user_name":"u","kind":"reader","active":false,
            "origin":"project","email":null,"avatar":{"url":"…"}}],"next_cursor":null}"#;

        let page = agree::<Page<IdentitySummary>>(text);

        assert_eq!(
            page.map(|p| (
                p.items[0].email.clone(),
                p.items[0].display_name.clone(),
                p.total
            )),
            Ok((None, None, None))
        );
        assert_eq!(
            agree::<ApiError>(r#"{"code":"not_found","message":"No such run."}"#),
            Ok(ApiError::new(ApiErrorCode::NotFound, "No such run."))
        );
    }

    #[test]
    fn a_wrong_value_deep_inside_is_refused_naming_its_path() {
        let mut run = serde_json::to_value(Page {
            items: vec![
                run_summary(RunStatus::Running),
                run_summary(RunStatus::Failed),
            ],
            next_cursor: None,
            total: None,
        })
        .unwrap_or_default();
        run["items"][1]["failures_by_category"][0]["category"] = "licence".into();

        let error = agree::<Page<RunSummary>>(&run.to_string());

        assert!(
            error.as_ref().is_err_and(|e| e.starts_with(
                "`items[1].failures_by_category[0].category`: expected one of `duplicate_user`, \
                 `licence_limit`, "
            ) && e.ends_with(", found \"licence\"")),
            "{error:?}"
        );
    }

    #[test]
    fn numbers_of_the_wrong_kind_or_range_are_refused_naming_the_field() {
        let mut event = serde_json::to_value(bare_event()).unwrap_or_default();
        event["status"] = 70_000.into();
        assert_eq!(
            agree::<EventSummary>(&event.to_string()),
            Err("`status`: expected an integer from 0 to 65535, found 70000".to_owned())
        );
        event["status"] = 200.into();
        event["id"] = 1.5.into();
        assert!(
            agree::<EventSummary>(&event.to_string())
                .is_err_and(|e| e.starts_with("`id`: expected an integer"))
        );
        event["id"] = "41".into();
        assert!(agree::<EventSummary>(&event.to_string()).is_err());
    }

    #[test]
    fn a_non_object_or_truncated_answer_is_refused() {
        assert!(agree::<Status>("<html>").is_err());
        assert!(agree::<Status>("[]").is_err());
        assert!(agree::<Status>("null").is_err());
        let text = serde_json::to_string(&Settings {
            scim_enabled: true,
            seat_limit: 3,
        })
        .unwrap_or_default();
        assert!(agree::<Settings>(&text[..text.len() - 1]).is_err());
        assert!(agree::<Settings>(&format!("{text}{text}")).is_err());
    }
}
