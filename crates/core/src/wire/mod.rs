//! A small JSON reader for the wire types: how the dashboard decodes the admin API's answers.
//!
//! # Why, next to serde
//!
//! The server writes every answer with serde and reads every request with serde; the dashboard
//! only sends small bodies (serde's `Serialize`, cheap) and reads the answers. serde's derived
//! `Deserialize` impls are generic over the deserializer: in the browser each one is compiled
//! against serde_json's, together with serde_json's parser, number tables and error formatting.
//! In the dashboard's release build that was about 34 KB of its 233 KB of wasm and JS (brotli;
//! measured by stubbing decoding out) — and the first load's budget is 150 KB. This reader
//! parses once, without generics, into a [`Json`] tree, and each type reads itself from the
//! tree with plain code: one copy per type. With it, the first load went from 232,896 to
//! 212,646 bytes (brotli); the reader and all its impls are about 19 KB of the optimised
//! wasm, uncompressed. Measured again on the 189,053 B first load: decoding with serde's
//! derives and `serde_json` made it 222,985 B (+33,932), and `serde-wasm-bindgen` over the
//! browser's `JSON.parse` 217,374 B (+28,321) — which also rounds ids past 2^53.
//!
//! # What it reads, as serde's derive does
//!
//! Every impl follows the type's serde attributes: `rename_all = "snake_case"` enums are
//! strings ([`one_of`]); `Option` fields may be absent or `null`; fields of other names are
//! ignored and a field given twice is an error ([`Fields`]); internally tagged enums
//! (`tag = "type"`) read the tag and then the variant's fields beside it; externally tagged
//! ones are a string or a one-member object. Integers are exact (an `i64` id or a `u64` count
//! is never rounded through a float); floating point is parsed only for `f64` fields, so
//! its tables stay out of the bundle while no answer has one. Not read: a struct written as
//! an array, which serde accepts and no one sends. The tests of every type serialise a value with serde and assert
//! that this reader reads it back, so the two cannot drift apart silently.
//!
//! Reading order: [`json`] (the parser), [`WireError`], [`FromJson`] with the primitives and
//! helpers, then the impls, one file per module of this crate: `api`, `capacity`, `category`,
//! `health`, `idp`, `remedy`, `seats`, `setup`, `webhooks`.

mod api;
mod capacity;
mod category;
mod error;
mod from_json;
mod health;
mod idp;
pub mod json;
mod remedy;
mod seats;
mod setup;
mod webhooks;

pub use error::WireError;
pub use from_json::{Fields, FromJson, from_str, one_of};
pub use json::Json;

/// Checks shared by the tests of every type.
#[cfg(test)]
pub(crate) mod testing {
    use std::fmt::Debug;

    use serde::Serialize;
    use serde::de::DeserializeOwned;

    use super::{FromJson, from_str};

    /// Serialises `value` with serde (compact and pretty) and asserts that this reader reads it
    /// back equal.
    pub(crate) fn round_trip<T: Serialize + FromJson + PartialEq + Debug>(value: &T) {
        for text in [
            serde_json::to_string(value).expect("serializes"),
            serde_json::to_string_pretty(value).expect("serializes"),
        ] {
            assert_eq!(from_str::<T>(&text).as_ref(), Ok(value), "{text}");
        }
    }

    /// Reads `text` with this reader and with serde; asserts they both read the same value or
    /// both refuse it. Answers this reader's result, its error as text.
    pub(crate) fn agree<T>(text: &str) -> Result<T, String>
    where
        T: DeserializeOwned + FromJson + PartialEq + Debug,
    {
        let ours = from_str::<T>(text).map_err(|e| e.to_string());
        let serde = serde_json::from_str::<T>(text).map_err(|e| e.to_string());
        match (&ours, &serde) {
            (Ok(ours), Ok(serde)) => assert_eq!(ours, serde, "{text}"),
            (Err(_), Err(_)) => {}
            _ => panic!("this reader and serde disagree on {text}: {ours:?} vs {serde:?}"),
        }
        ours
    }
}
