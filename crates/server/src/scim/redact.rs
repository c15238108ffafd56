//! What of a request body is stored: everything but secrets.
//!
//! Removed: any attribute named `password` (any case, at any depth), and the `value` of a PATCH
//! operation whose `path` is `password`. A body that is not JSON is stored as at most 4 KiB of
//! its text.

use serde_json::Value;

const REDACTED: &str = "[redacted]";
const MAX_TEXT_BYTES: usize = 4096;

/// The body as it may be stored, or `None` for an empty body.
pub fn for_storage(body: &[u8]) -> Option<String> {
    if body.is_empty() {
        return None;
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(mut json) => {
            redact(&mut json);
            Some(json.to_string())
        }
        Err(_) => {
            let text = String::from_utf8_lossy(body);
            let mut end = text.len().min(MAX_TEXT_BYTES);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            Some(text[..end].to_owned())
        }
    }
}

fn redact(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let patches_password = map.iter().any(|(k, v)| {
                k.eq_ignore_ascii_case("path") && v.as_str().is_some_and(is_password_path)
            });
            for (key, inner) in map.iter_mut() {
                if key.eq_ignore_ascii_case("password")
                    || (patches_password && key.eq_ignore_ascii_case("value"))
                {
                    *inner = Value::String(REDACTED.into());
                } else {
                    redact(inner);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

fn is_password_path(path: &str) -> bool {
    path.rsplit(':')
        .next()
        .unwrap_or(path)
        .eq_ignore_ascii_case("password")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn stored(body: Value) -> Value {
        let text = for_storage(body.to_string().as_bytes()).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn a_password_attribute_is_redacted_at_any_depth_and_case() {
        let out = stored(json!({"userName": "a", "Password": "hunter2", "x": [{"password": "p"}]}));
        assert_eq!(out["userName"], "a");
        assert_eq!(out["Password"], REDACTED);
        assert_eq!(out["x"][0]["password"], REDACTED);
    }

    #[test]
    fn a_patch_of_the_password_has_its_value_redacted() {
        let out = stored(json!({"Operations": [
            {"op": "replace", "path": "password", "value": "hunter2"},
            {"op": "replace", "path": "displayName", "value": "Ada"}
        ]}));
        assert_eq!(out["Operations"][0]["value"], REDACTED);
        assert_eq!(out["Operations"][1]["value"], "Ada");
    }

    #[test]
    fn a_non_json_body_is_kept_as_truncated_text() {
        let body = "x".repeat(10_000);
        assert_eq!(for_storage(body.as_bytes()).unwrap().len(), MAX_TEXT_BYTES);
        assert_eq!(for_storage(b""), None);
    }
}
