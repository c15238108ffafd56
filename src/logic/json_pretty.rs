//! Indents a compact JSON text for reading (the redacted request body), without parsing it into
//! values: strings are copied verbatim, structure gets newlines and two-space indents. Text
//! that is not JSON comes back unchanged in substance. Plain Rust, tested.
//!
//! Kept for correctness, not size: `JSON.stringify(JSON.parse(body), null, 2)` would be the
//! idiom, and it is 86 B brotli smaller in the first load (189,738 → 189,652 B, measured with
//! `scripts/size-check.mjs`). But a troubleshooter must see the IdP's body as it was sent, and a
//! `JSON.parse` round trip rounds integers past 2^53 and collapses duplicate keys to the last
//! one — both things that explain a failed request. This keeps every byte of every token.

/// `{"a":[1,2]}` → `{\n  "a": [\n    1,\n    2\n  ]\n}`.
pub fn pretty(json: &str) -> String {
    let mut out = String::with_capacity(json.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = json.trim().chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                // An empty object or array stays on one line.
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                if matches!(chars.peek(), Some('}' | ']')) {
                    if let Some(close) = chars.next() {
                        out.push(close);
                    }
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn objects_and_arrays_are_indented() {
        assert_eq!(
            pretty(r#"{"a":[1,2],"b":{"c":true}}"#),
            "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {\n    \"c\": true\n  }\n}"
        );
    }

    #[wasm_bindgen_test]
    fn strings_keep_their_commas_braces_and_escaped_quotes() {
        assert_eq!(
            pretty(r#"{"d":"a, {b}: \"c\"","e":[]}"#),
            "{\n  \"d\": \"a, {b}: \\\"c\\\"\",\n  \"e\": []\n}"
        );
    }

    #[wasm_bindgen_test]
    fn big_integers_and_repeated_keys_are_shown_as_sent() {
        let shown = pretty(r#"{"id":9007199254740993,"a":1,"a":2}"#);
        assert!(shown.contains("\"id\": 9007199254740993"), "{shown}");
        assert!(
            shown.contains("\"a\": 1") && shown.contains("\"a\": 2"),
            "{shown}"
        );
    }

    #[wasm_bindgen_test]
    fn already_indented_json_is_reindented_the_same_way() {
        assert_eq!(pretty("{ \"a\" : 1 }\n"), "{\n  \"a\": 1\n}");
        assert_eq!(pretty("{ }"), "{}");
    }
}
