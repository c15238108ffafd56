//! Property-based tests of the dashboard's JSON reader ([`scim_sync_core::wire`]): whatever
//! text an answer carries, reading it never panics, nesting is bounded, a refusal says where
//! the text went wrong, and every JSON text serde writes reads back as the same tree.
//!
//! `make test` runs proptest's default number of cases per property (256); a longer session
//! sets `PROPTEST_CASES` (see `scripts/fuzz-long.sh`). Native only: proptest is not built for
//! the browser.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use proptest::sample::select;
use scim_sync_core::api::{EventDetail, EventSummary, GroupDetail, Page, Status};
use scim_sync_core::wire::json::MAX_DEPTH;
use scim_sync_core::wire::{self, Json};
use serde_json::Value;

/// Any JSON value serde can write.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON has no NaN or infinity", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,16}".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(".{0,8}", inner, 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// Whether the reader's tree is the value serde wrote (numbers compared as written).
fn same(json: &Json, value: &Value) -> bool {
    match (json, value) {
        (Json::Null, Value::Null) => true,
        (Json::Bool(a), Value::Bool(b)) => a == b,
        (Json::Number(a), Value::Number(b)) => *a == b.to_string(),
        (Json::String(a), Value::String(b)) => a == b,
        (Json::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Json::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|((ka, va), (kb, vb))| ka == kb && same(va, vb))
        }
        _ => false,
    }
}

/// Text built from JSON's pieces, in any order: near misses of real answers.
fn json_soup() -> impl Strategy<Value = String> {
    let token = select(
        &[
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"",
            "\\",
            "\\u",
            "\\ud800",
            "\\udc00",
            "\\u00e9",
            "\"items\"",
            "\"next_cursor\"",
            "\"id\"",
            "\"scim_enabled\"",
            "\"seats\"",
            "1",
            "-",
            "0",
            "-0",
            "1e999",
            "0.5e-3",
            ".5",
            "01",
            "true",
            "tru",
            "null",
            " ",
            "\n",
            "\u{0}",
            "é",
            "\u{1F600}",
            "\"x\"",
        ][..],
    );
    prop::collection::vec(token, 0..48).prop_map(|tokens| tokens.concat())
}

proptest! {
    #[test]
    fn any_text_reads_as_json_or_is_refused_naming_a_byte_within_it(text in prop_oneof![
        ".{0,200}",
        json_soup(),
    ]) {
        if let Err(error) = Json::parse(&text) {
            let message = error.to_string();
            prop_assert!(!message.is_empty());
            if let Some(at) = message
                .split("at byte ")
                .nth(1)
                .and_then(|rest| rest.split(':').next())
            {
                prop_assert!(at.parse::<usize>().unwrap() <= text.len(), "{message}");
            }
        }
    }

    #[test]
    fn every_json_text_serde_writes_reads_back_as_the_same_tree(value in json_value()) {
        for text in [
            serde_json::to_string(&value).unwrap(),
            serde_json::to_string_pretty(&value).unwrap(),
        ] {
            let read = Json::parse(&text);
            prop_assert!(read.is_ok(), "{text}: {:?}", read.as_ref().err());
            prop_assert!(same(&read.unwrap(), &value), "{text}");
        }
    }

    #[test]
    fn nesting_past_the_limit_is_refused_without_overflowing_the_stack(
        depth in 0usize..20_000,
        opener in select(&["[", "{\"a\":"][..]),
    ) {
        let closer = if opener == "[" { "]" } else { "}" };
        let text = format!("{}0{}", opener.repeat(depth), closer.repeat(depth));

        let read = Json::parse(&text);

        prop_assert_eq!(read.is_ok(), depth <= MAX_DEPTH, "{} levels", depth);
    }

    #[test]
    fn any_json_reads_as_an_answer_or_is_refused_without_panicking(
        value in json_value(),
        text in json_soup(),
    ) {
        let written = value.to_string();
        for text in [written.as_str(), text.as_str()] {
            let _ = wire::from_str::<Status>(text);
            let _ = wire::from_str::<Page<EventSummary>>(text);
            let _ = wire::from_str::<EventDetail>(text);
            let _ = wire::from_str::<GroupDetail>(text);
        }
    }
}
