//! [`FromJson`](crate::wire::FromJson) for [`crate::setup`]'s types that the dashboard reads:
//! the SCIM setup page's connections and tokens, and a token just generated.

use crate::setup::{ConnectionSummary, GeneratedToken, TokenSummary};
use crate::struct_from_json;

struct_from_json!(TokenSummary {
    id,
    name,
    prefix,
    created_at,
    last_used_at,
    revoked_at
});

struct_from_json!(ConnectionSummary {
    id,
    name,
    created_at,
    tokens,
    last_request_refused
});

struct_from_json!(GeneratedToken {
    connection_id,
    summary,
    token
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::testing::{agree, round_trip};

    /// A token with every optional field given (`used`) or none (`!used`).
    fn token(id: i64, used: bool) -> TokenSummary {
        TokenSummary {
            id,
            name: "Okta \u{201C}prod\u{201D} rotated 2026-12".to_owned(),
            prefix: used.then(|| "ssd_7f3a".to_owned()),
            created_at: "2026-12-01T09:00:00Z".to_owned(),
            last_used_at: used.then(|| "2026-12-01T09:04:12.345Z".to_owned()),
            revoked_at: used.then(|| "2026-12-01T10:00:00Z".to_owned()),
        }
    }

    #[test]
    fn tokens_read_back_as_serde_writes_them() {
        round_trip(&token(9_007_199_254_740_993, true));
        round_trip(&token(-1, false));
    }

    #[test]
    fn connections_read_back_as_serde_writes_them() {
        let connection = ConnectionSummary {
            id: 3,
            name: "Entra ID – production".to_owned(),
            created_at: "2026-12-01T08:59:59Z".to_owned(),
            tokens: vec![token(1, true), token(2, false)],
            last_request_refused: true,
        };
        round_trip(&connection);
        round_trip(&ConnectionSummary {
            tokens: vec![],
            last_request_refused: false,
            ..connection.clone()
        });
        round_trip(&vec![connection]);
        round_trip(&Vec::<ConnectionSummary>::new());
    }

    #[test]
    fn a_generated_token_reads_back_as_serde_writes_it() {
        round_trip(&GeneratedToken {
            connection_id: 3,
            summary: token(4, false),
            token: "ssd_7f3a9c0e\"\\/+=".to_owned(),
        });
    }

    #[test]
    fn a_token_without_its_prefix_or_dates_reads_them_as_none() {
        let read = agree::<TokenSummary>(
            r#"{"id":5,"name":"first token","created_at":"2026-12-01T09:00:00Z",
                "prefix":null,"hash":"not for the browser"}"#,
        );

        assert_eq!(
            read.map(|t| (t.prefix, t.last_used_at, t.revoked_at)),
            Ok((None, None, None))
        );
    }

    #[test]
    fn a_connection_whose_refusal_flag_is_missing_or_not_a_boolean_is_refused() {
        let text = r#"{"id":1,"name":"Okta","created_at":"2026-12-01T09:00:00Z","tokens":[]}"#;
        assert_eq!(
            agree::<ConnectionSummary>(text),
            Err("`last_request_refused`: missing field".to_owned())
        );
        assert!(
            agree::<ConnectionSummary>(&text.replace("[]}", "[],\"last_request_refused\":1}"))
                .is_err_and(|e| e.starts_with("`last_request_refused`: expected"))
        );
    }

    #[test]
    fn a_wrong_token_inside_a_connection_is_refused_naming_its_path() {
        let text = r#"{"id":1,"name":"Okta","created_at":"x","last_request_refused":false,
            "tokens":[{"id":1,"name":"a","created_at":"x"},{"id":"2","name":"b","created_at":"x"}]}"#;

        let error = agree::<ConnectionSummary>(text);

        assert!(
            error
                .as_ref()
                .is_err_and(|e| e.starts_with("`tokens[1].id`: expected")),
            "{error:?}"
        );
    }
}
