//! URL query strings: parse, edit and build them, with percent-encoding. Plain Rust, tested.
//!
//! Every filter of every page lives in the query string (`?category=licence_limit&q=ada`), so a
//! view is a link; this is the one place that reads and writes that form.

use std::fmt;

/// Percent-encodes a query component: everything but `A-Z a-z 0-9 - _ . ~` (as
/// `encodeURIComponent` does, except that it also escapes `! ' ( ) *`).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(hex_digit(byte >> 4));
            out.push(hex_digit(byte & 0x0f));
        }
    }
    out
}

fn hex_digit(n: u8) -> char {
    char::from(if n < 10 { b'0' + n } else { b'A' + n - 10 })
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// Decodes a query component: `+` is a space, `%XX` a byte; a malformed escape is kept as is
/// and invalid UTF-8 becomes U+FFFD.
pub fn decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                bytes.get(i + 1).copied().and_then(hex_value),
                bytes.get(i + 2).copied().and_then(hex_value),
            ) {
                (Some(high), Some(low)) => {
                    out.push(high << 4 | low);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An ordered list of `key=value` pairs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Parses `?a=1&b=two` (the leading `?` is optional); empty keys are dropped.
    pub fn parse(query: &str) -> Query {
        let pairs = query
            .trim_start_matches('?')
            .split('&')
            .filter(|pair| !pair.is_empty())
            .filter_map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                let key = decode(key);
                (!key.is_empty()).then(|| (key, decode(value)))
            })
            .collect();
        Query { pairs }
    }

    /// The first value of `key`, if it is there and not empty.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// Sets `key` to `value` (replacing every earlier value); `None` or an empty value removes it.
    pub fn set(&mut self, key: &str, value: Option<&str>) {
        let value = value.map(str::trim).filter(|v| !v.is_empty());
        match (self.pairs.iter().position(|(k, _)| k == key), value) {
            (Some(at), Some(value)) => {
                self.pairs[at].1 = value.to_owned();
                let mut seen = 0;
                self.pairs.retain(|(k, _)| {
                    seen += usize::from(k == key);
                    k != key || seen == 1
                });
            }
            (None, Some(value)) => self.pairs.push((key.to_owned(), value.to_owned())),
            (_, None) => self.pairs.retain(|(k, _)| k != key),
        }
    }

    /// A copy with `key` set (see [`Query::set`]).
    pub fn with(&self, key: &str, value: Option<&str>) -> Query {
        let mut query = self.clone();
        query.set(key, value);
        query
    }

    /// Whether there is no pair.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

/// `?a=1&b=two`, or nothing for an empty query.
impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (key, value)) in self.pairs.iter().enumerate() {
            let separator = if i == 0 { '?' } else { '&' };
            write!(f, "{separator}{}={}", encode(key), encode(value))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn values_with_spaces_and_symbols_survive_a_round_trip() {
        let mut query = Query::default();
        query.set("q", Some("Ada Lovelace & co/é"));
        let text = query.to_string();
        assert_eq!(text, "?q=Ada%20Lovelace%20%26%20co%2F%C3%A9");
        assert_eq!(Query::parse(&text).get("q"), Some("Ada Lovelace & co/é"));
    }

    #[wasm_bindgen_test]
    fn a_plus_reads_as_a_space_and_a_broken_escape_is_kept() {
        assert_eq!(decode("a+b"), "a b");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%4"), "%zz%4");
        assert_eq!(decode("%41%42"), "AB");
    }

    #[wasm_bindgen_test]
    fn setting_a_key_replaces_it_and_none_removes_it() {
        let mut query = Query::parse("?category=auth&q=x&category=internal");
        query.set("category", Some("licence_limit"));
        assert_eq!(query.to_string(), "?category=licence_limit&q=x");
        query.set("q", None);
        query.set("idp", Some("  "));
        assert_eq!(query.to_string(), "?category=licence_limit");
        assert!(Query::parse("").is_empty());
        assert_eq!(Query::parse("?").to_string(), "");
    }

    #[wasm_bindgen_test]
    fn empty_values_read_as_absent() {
        let query = Query::parse("a=&b=2&=3");
        assert_eq!(query.get("a"), None);
        assert_eq!(query.get("b"), Some("2"));
        assert_eq!(query.to_string(), "?a=&b=2");
    }
}
