//! Property-based tests of what an IdP (or anyone) can send SCIM: filters, PATCH paths and
//! operations, User and Group bodies. Whatever arrives, nothing panics, nesting is bounded,
//! and every refusal is a 400 in the SCIM error shape with a `validation` category.
//!
//! `make test` runs proptest's default number of cases per property (256); a longer session
//! sets `PROPTEST_CASES` (see `scripts/fuzz-long.sh`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::body::to_bytes;
use axum::response::IntoResponse;
use futures_util::FutureExt;
use proptest::prelude::*;
use proptest::sample::select;
use scim_sync_core::category::FailureCategory;
use scim_sync_core::scim::{ERROR_SCHEMA, PATCH_OP_SCHEMA, PLATFORM_USER_SCHEMA};
use scim_sync_server::scim::error::Failure;
use scim_sync_server::scim::filter::{self, MAX_DEPTH};
use scim_sync_server::scim::{ScimError, group_body, patch, user_body};
use serde_json::{Map, Value, json};

/// The `scimType`s a malformed request may be refused with.
const SCIM_TYPES: [&str; 6] = [
    "invalidSyntax",
    "invalidValue",
    "invalidFilter",
    "invalidPath",
    "noTarget",
    "mutability",
];

/// Asserts `error` is answered as a 400 in the SCIM error shape, recorded as `validation`.
fn assert_refused_as_400(error: ScimError) -> Result<(), TestCaseError> {
    let response = error.into_response();
    prop_assert_eq!(response.status().as_u16(), 400);
    prop_assert_eq!(
        response.headers()["content-type"].to_str().unwrap(),
        "application/scim+json"
    );
    let failure = response.extensions().get::<Failure>().cloned().unwrap();
    prop_assert_eq!(failure.category, FailureCategory::Validation);
    prop_assert!(
        failure.scim_type.is_some_and(|t| SCIM_TYPES.contains(&t)),
        "{:?}",
        failure.scim_type
    );
    prop_assert!(!failure.detail.is_empty());
    // A full body: its bytes are there at once.
    let bytes = to_bytes(response.into_body(), usize::MAX)
        .now_or_never()
        .unwrap()
        .unwrap();
    let body: Value = serde_json::from_slice(&bytes).unwrap();
    prop_assert_eq!(&body["schemas"], &json!([ERROR_SCHEMA]));
    prop_assert_eq!(&body["status"], "400");
    Ok(())
}

// ---- strategies ----------------------------------------------------------------------------

const NAMES: &[&str] = &[
    "userName",
    "name",
    "givenName",
    "familyName",
    "formatted",
    "emails",
    "value",
    "primary",
    "type",
    "active",
    "displayName",
    "externalId",
    "id",
    "meta",
    "version",
    "schemas",
    "members",
    "display",
    "$ref",
    "title",
    "nickName",
    "password",
    "Operations",
    "op",
    "path",
    "isTeamAccount",
    PLATFORM_USER_SCHEMA,
    "urn:ietf:params:scim:schemas:core:2.0:User",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
    "manager",
    "name.givenName",
    "emails[type eq \"work\"].value",
];

const WORDS: &[&str] = &[
    "",
    "True",
    "False",
    "true",
    "work",
    "home",
    "a@example.com",
    "B@Example.COM",
    "not an email",
    "@",
    " ",
    "00u1",
    "u1",
    "<script>alert(1)</script>",
    "\u{0}",
    "é",
    "\u{1F600}",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(NAMES).prop_map(str::to_owned),
        1 => ".{0,12}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => select(WORDS).prop_map(str::to_owned),
        1 => ".{0,24}",
    ]
}

/// Any JSON value, SCIM-flavoured keys and strings more likely than random ones.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON has no NaN or infinity", |f| f.is_finite())
            .prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// A User as Okta or Entra sends one, then with some attributes replaced by anything.
fn user_like() -> impl Strategy<Value = Value> {
    let base = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", PLATFORM_USER_SCHEMA],
        "userName": "a@example.com",
        "externalId": "00u1",
        "name": {"givenName": "A", "familyName": "B"},
        "emails": [{"primary": true, "value": "a@example.com", "type": "work"}],
        "active": true,
        PLATFORM_USER_SCHEMA: {"isTeamAccount": "True"},
    });
    prop::collection::vec((key(), json_value()), 0..4).prop_map(move |changes| {
        let mut user = base.clone();
        for (name, value) in changes {
            user[name] = value;
        }
        user
    })
}

/// A Group as the IdPs push one, then with some attributes replaced by anything.
fn group_like() -> impl Strategy<Value = Value> {
    let base = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "displayName": "Engineering",
        "externalId": "00g1",
        "members": [{"value": "u1", "display": "A"}],
    });
    prop::collection::vec((key(), json_value()), 0..4).prop_map(move |changes| {
        let mut group = base.clone();
        for (name, value) in changes {
            group[name] = value;
        }
        group
    })
}

const PATHS: &[&str] = &[
    "active",
    "userName",
    "displayName",
    "externalId",
    "nickName",
    "name",
    "name.givenName",
    "emails",
    "emails.value",
    "emails[type eq \"work\"]",
    "emails[type eq \"work\"].value",
    "emails[primary eq true].value",
    "emails[value co \"@\"].primary",
    "members",
    "members[value eq \"u1\"]",
    "members[value eq \"u1\"].display",
    "urn:ietf:params:scim:schemas:extension:document360:2.0:User:isTeamAccount",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
    "urn:ietf:params:scim:schemas:core:2.0:User:userName",
    "id",
    "meta.version",
    "schemas",
    "a.b.c",
    "emails[",
    "emails[type eq]",
    "",
];

fn patch_op() -> impl Strategy<Value = Value> {
    let op = select(
        &[
            "add", "Add", "replace", "Replace", "REMOVE", "remove", "copy", "",
        ][..],
    );
    let path = prop_oneof![
        2 => select(PATHS).prop_map(|p| Some(Value::from(p))),
        1 => ".{0,20}".prop_map(|p| Some(Value::from(p))),
        1 => Just(None),
        1 => json_value().prop_map(Some),
    ];
    let value = prop_oneof![
        3 => json_value().prop_map(Some),
        1 => Just(None),
    ];
    (op, path, value).prop_map(|(op, path, value)| {
        let mut operation = Map::new();
        operation.insert("op".into(), Value::from(op));
        if let Some(path) = path {
            operation.insert("path".into(), path);
        }
        if let Some(value) = value {
            operation.insert("value".into(), value);
        }
        Value::Object(operation)
    })
}

fn patch_body() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => prop::collection::vec(patch_op(), 0..5).prop_map(|ops| json!({
            "schemas": [PATCH_OP_SCHEMA],
            "Operations": ops,
        })),
        1 => json_value(),
    ]
}

/// A User as the server renders it, for PATCH to work on.
fn rendered_user() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", PLATFORM_USER_SCHEMA],
        "id": "2819c223-7f76-453a-919d-413861904646",
        "externalId": "00u1",
        "userName": "a@example.com",
        "name": {"givenName": "A", "familyName": "B"},
        "displayName": "A B",
        "emails": [
            {"value": "a@example.com", "type": "work", "primary": true},
            {"value": "a@home.example", "type": "home"}
        ],
        "active": true,
        PLATFORM_USER_SCHEMA: {"isTeamAccount": false},
        "meta": {"resourceType": "User", "version": "W/\"3\"", "location": "http://x/scim/v2/Users/1"},
    })
}

fn rendered_group() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "id": "g1",
        "displayName": "Engineering",
        "members": [{"value": "u1", "display": "A"}, {"value": "u2"}],
        "meta": {"resourceType": "Group", "version": "W/\"1\""},
    })
}

/// A filter the grammar accepts, nested at most 4 deep (within `MAX_DEPTH`).
fn well_formed_filter() -> impl Strategy<Value = String> {
    let attr = select(
        &[
            "userName",
            "USERNAME",
            "name.familyName",
            "emails.value",
            "externalId",
            "displayName",
            "title",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
        ][..],
    );
    let string = "[a-zA-Z0-9@. _-]{0,12}".prop_map(|s| format!("\"{s}\""));
    let comparison = (
        attr.clone(),
        select(
            &[
                "eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "EQ", "Sw",
            ][..],
        ),
        string,
    )
        .prop_map(|(attr, op, value)| format!("{attr} {op} {value}"));
    let present = attr.prop_map(|attr| format!("{attr} pr"));
    let value_path = select(
        &[
            "emails[type eq \"work\"]",
            "emails[type eq \"work\" and value co \"@\"]",
            "emails[primary eq true]",
            "emails[not (type eq \"home\")]",
        ][..],
    )
    .prop_map(str::to_owned);
    let leaf = prop_oneof![comparison, present, value_path];
    leaf.prop_recursive(4, 24, 2, |inner| {
        prop_oneof![
            (
                inner.clone(),
                select(&["and", "or", "AND", "Or"][..]),
                inner.clone()
            )
                .prop_map(|(l, op, r)| format!("{l} {op} {r}")),
            inner.clone().prop_map(|f| format!("({f})")),
            inner.prop_map(|f| format!("not ({f})")),
        ]
    })
}

/// Text built from the filter grammar's pieces, in any order: near misses of real filters.
fn filter_soup() -> impl Strategy<Value = String> {
    let token = select(
        &[
            "(",
            ")",
            "[",
            "]",
            "not",
            "and",
            "or",
            "eq",
            "pr",
            "gt",
            "co",
            " ",
            "\"",
            "\\",
            "\"x\"",
            "\"a@example.com\"",
            "userName",
            "emails",
            "type",
            ".",
            ":",
            "urn:",
            "$ref",
            "true",
            "null",
            "1",
            "-0",
            "1e999",
            "0.5e-3",
            "\u{0}",
            "é",
            "\u{1F600}",
            "\t",
            "urn:ietf:params:scim:schemas:core:2.0:User:",
        ][..],
    );
    prop::collection::vec(token, 0..40).prop_map(|tokens| tokens.concat())
}

// ---- properties ----------------------------------------------------------------------------

proptest! {
    #[test]
    fn any_filter_text_parses_or_is_refused_as_a_400_invalid_filter(text in prop_oneof![
        ".{0,200}",
        filter_soup(),
    ]) {
        match filter::parse(&text) {
            Ok(filter) => {
                // Evaluating what parsed never panics, whatever the resource.
                filter.matches(&rendered_user());
                filter.matches(&rendered_group());
            }
            Err(error) => {
                prop_assert!(error.offset() <= text.chars().count(), "{error}");
                let refused = ScimError::from(error);
                let response = refused.clone().into_response();
                prop_assert_eq!(
                    response.extensions().get::<Failure>().and_then(|f| f.scim_type),
                    Some("invalidFilter")
                );
                assert_refused_as_400(refused)?;
            }
        }
    }

    #[test]
    fn every_well_formed_filter_parses_and_evaluates_on_any_resource(
        text in well_formed_filter(),
        resource in json_value(),
    ) {
        let parsed = filter::parse(&text);
        prop_assert!(parsed.is_ok(), "{text}: {:?}", parsed.as_ref().err());
        let filter = parsed.unwrap();
        filter.matches(&resource);
        filter.matches(&rendered_user());
        filter.matches_element("emails", &resource);
    }

    #[test]
    fn nesting_past_the_limit_is_refused_without_overflowing_the_stack(
        depth in 0usize..3000,
        opener in select(&["(", "not (", "emails[", "( "][..]),
    ) {
        // `not` and `(` each open a level.
        let levels = if opener == "not (" { 2 * depth } else { depth };
        let closer = if opener.ends_with('[') { "]" } else { ")" };
        let inner = if opener.ends_with('[') { "type eq \"work\"" } else { "userName pr" };
        let text = format!("{}{inner}{}", opener.repeat(depth), closer.repeat(depth));

        let parsed = filter::parse(&text);

        match parsed {
            Err(error) => {
                prop_assert!(
                    levels > MAX_DEPTH || opener == "emails[",
                    "{depth} times {opener}: {error}"
                );
                assert_refused_as_400(error.into())?;
            }
            Ok(_) => prop_assert!(levels <= MAX_DEPTH, "{depth} times {opener} parsed"),
        }
    }

    #[test]
    fn any_patch_path_parses_or_is_refused_as_a_400(path in prop_oneof![
        select(PATHS).prop_map(str::to_owned),
        ".{0,80}",
        filter_soup(),
    ]) {
        if let Err(error) = patch::parse_target(&path) {
            assert_refused_as_400(ScimError::invalid_path(error.to_string()))?;
        }
        if let Err(error) = filter::parse_path(&path) {
            prop_assert!(error.offset() <= path.chars().count(), "{error}");
        }
    }

    #[test]
    fn any_patch_request_applies_or_is_refused_as_a_400(body in patch_body()) {
        let request = match patch::parse(&body) {
            Ok(request) => request,
            Err(error) => return assert_refused_as_400(error),
        };
        for resource in [rendered_user(), rendered_group()] {
            match patch::apply(&resource, &request) {
                // The handler reads the patched User back as a body: that must not panic.
                Ok(patched) => match user_body::parse(&patched) {
                    Ok(_) => {}
                    Err(error) => assert_refused_as_400(error)?,
                },
                Err(error) => assert_refused_as_400(error)?,
            }
        }
    }

    #[test]
    fn a_patch_value_nested_as_deep_as_json_allows_applies_without_overflow(
        depth in 0usize..=127,
        op in select(&["add", "replace"][..]),
    ) {
        // serde_json refuses bodies nested deeper than 128; build one that deep.
        let mut value = json!("leaf");
        for level in 0..depth {
            value = if level % 2 == 0 { json!([value]) } else { json!({"nickName": value}) };
        }
        let body = json!({
            "schemas": [PATCH_OP_SCHEMA],
            "Operations": [{"op": op, "value": {"nickName": value.clone()}},
                           {"op": op, "path": "title", "value": value}],
        });
        let request = patch::parse(&body).unwrap();
        match patch::apply(&rendered_user(), &request) {
            Ok(patched) => {
                let _ = user_body::parse(&patched);
            }
            Err(error) => assert_refused_as_400(error)?,
        }
    }

    #[test]
    fn any_user_body_parses_or_is_refused_as_a_400(body in prop_oneof![
        3 => user_like(),
        1 => json_value(),
    ]) {
        if let Err(error) = user_body::parse(&body) {
            assert_refused_as_400(error)?;
        }
        let stored = user_body::resource_to_store(&body);
        prop_assert!(stored.get("password").is_none());
    }

    #[test]
    fn any_group_body_parses_or_is_refused_as_a_400(body in prop_oneof![
        3 => group_like(),
        1 => json_value(),
    ]) {
        if let Err(error) = group_body::parse(&body) {
            assert_refused_as_400(error)?;
        }
    }
}
