//! JSON text (RFC 8259) into a [`Json`] tree: one non-generic parser for every wire type.
//!
//! Complete for what RFC 8259 allows: every escape, `\uXXXX` surrogate pairs (a lone surrogate
//! is refused, as no Rust string can hold it), numbers as written, insignificant whitespace.
//! Anything after the value but whitespace is refused, and nesting deeper than [`MAX_DEPTH`]
//! is answered with an error rather than overflowing the stack.

use super::error::WireError;

/// The deepest nesting of arrays and objects read; deeper texts are refused.
pub const MAX_DEPTH: usize = 128;

/// A JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, exactly as written (its syntax checked): integers stay exact whatever their
    /// size, and floating point is parsed only by the types that want it.
    Number(String),
    /// A string, its escapes resolved.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object's members in the order written (duplicates kept; see
    /// [`Fields`](super::Fields)).
    Object(Vec<(String, Json)>),
}

impl Json {
    /// Parses one JSON text: a value, with only whitespace around it.
    pub fn parse(text: &str) -> Result<Json, WireError> {
        let mut parser = Parser { text, at: 0 };
        let value = parser.value(0)?;
        parser.skip_whitespace();
        if parser.at < text.len() {
            return Err(parser.error("the end of the text"));
        }
        Ok(value)
    }

    /// The value as an error message names what was found instead of what was expected.
    pub fn found(&self) -> String {
        match self {
            Json::Null => "null".to_owned(),
            Json::Bool(true) => "true".to_owned(),
            Json::Bool(false) => "false".to_owned(),
            Json::Number(number) => number.clone(),
            Json::String(string) => format!("\"{string}\""),
            Json::Array(_) => "an array".to_owned(),
            Json::Object(_) => "an object".to_owned(),
        }
    }
}

/// A cursor over the text. It only ever stops on ASCII bytes, so every slice it takes is on
/// character boundaries.
struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Parser<'a> {
    /// A value nested in `depth` arrays and objects.
    fn value(&mut self, depth: usize) -> Result<Json, WireError> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Json::String),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.error("a value")),
        }
    }

    /// An object at nesting level `depth`; the cursor is on its `{`.
    fn object(&mut self, depth: usize) -> Result<Json, WireError> {
        self.enter(depth)?;
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.eat(b'}') {
            return Ok(Json::Object(members));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.error("a member name"));
            }
            let name = self.string()?;
            self.skip_whitespace();
            if !self.eat(b':') {
                return Err(self.error("`:`"));
            }
            members.push((name, self.value(depth)?));
            self.skip_whitespace();
            if self.eat(b'}') {
                return Ok(Json::Object(members));
            }
            if !self.eat(b',') {
                return Err(self.error("`,` or `}`"));
            }
        }
    }

    /// An array at nesting level `depth`; the cursor is on its `[`.
    fn array(&mut self, depth: usize) -> Result<Json, WireError> {
        self.enter(depth)?;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.eat(b']') {
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_whitespace();
            if self.eat(b']') {
                return Ok(Json::Array(items));
            }
            if !self.eat(b',') {
                return Err(self.error("`,` or `]`"));
            }
        }
    }

    /// Steps over an opening bracket, unless it nests too deep.
    fn enter(&mut self, depth: usize) -> Result<(), WireError> {
        if depth > MAX_DEPTH {
            return Err(self.error("no more than 128 nested arrays and objects"));
        }
        self.at += 1;
        Ok(())
    }

    /// A string; the cursor is on its opening quote.
    fn string(&mut self) -> Result<String, WireError> {
        self.at += 1;
        let mut out = String::new();
        let mut start = self.at;
        loop {
            match self.peek() {
                Some(b'"') => {
                    out.push_str(self.since(start)?);
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(self.since(start)?);
                    self.at += 1;
                    out.push(self.escape()?);
                    start = self.at;
                }
                Some(0x20..) => self.at += 1,
                Some(_) => return Err(self.error("a control character to be escaped")),
                None => return Err(self.error("`\"`")),
            }
        }
    }

    /// What an escape stands for; the cursor is after its backslash.
    fn escape(&mut self) -> Result<char, WireError> {
        let Some(letter) = self.peek() else {
            return Err(self.error("an escape"));
        };
        self.at += 1;
        Ok(match letter {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                let code = match first {
                    0xD800..=0xDBFF => {
                        if !(self.eat(b'\\') && self.eat(b'u')) {
                            return Err(self.error("a trailing surrogate after a leading one"));
                        }
                        let second = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&second) {
                            return Err(self.error("a trailing surrogate after a leading one"));
                        }
                        0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                    }
                    0xDC00..=0xDFFF => {
                        return Err(self.error("a leading surrogate before a trailing one"));
                    }
                    code => code,
                };
                char::from_u32(code).ok_or_else(|| self.error("a Unicode scalar value"))?
            }
            _ => {
                self.at -= 1;
                return Err(self.error("an escape"));
            }
        })
    }

    /// Four hex digits.
    fn hex4(&mut self) -> Result<u32, WireError> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|b| char::from(b).to_digit(16))
                .ok_or_else(|| self.error("a hex digit"))?;
            code = code * 16 + digit;
            self.at += 1;
        }
        Ok(code)
    }

    /// A number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn number(&mut self) -> Result<Json, WireError> {
        let start = self.at;
        self.eat(b'-');
        if !self.eat(b'0') && self.digits() == 0 {
            return Err(self.error("a digit"));
        }
        if self.eat(b'.') && self.digits() == 0 {
            return Err(self.error("a digit"));
        }
        if self.eat(b'e') || self.eat(b'E') {
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if self.digits() == 0 {
                return Err(self.error("a digit"));
            }
        }
        Ok(Json::Number(self.since(start)?.to_owned()))
    }

    /// `true`, `false` or `null`.
    fn literal(&mut self, word: &str, value: Json) -> Result<Json, WireError> {
        let rest = self.text.as_bytes().get(self.at..).unwrap_or_default();
        if !rest.starts_with(word.as_bytes()) {
            return Err(self.error(word));
        }
        self.at += word.len();
        Ok(value)
    }

    /// Steps over decimal digits; answers how many.
    fn digits(&mut self) -> usize {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
        self.at - start
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// Steps over `byte` if it is next.
    fn eat(&mut self, byte: u8) -> bool {
        let next = self.peek() == Some(byte);
        if next {
            self.at += 1;
        }
        next
    }

    /// The text from `start` to the cursor.
    fn since(&self, start: usize) -> Result<&'a str, WireError> {
        self.text
            .get(start..self.at)
            .ok_or_else(|| self.error("a character boundary"))
    }

    fn error(&self, expected: &str) -> WireError {
        WireError::syntax(self.at, expected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Json, String> {
        Json::parse(text).map_err(|e| e.to_string())
    }

    fn string(value: &str) -> Json {
        Json::String(value.to_owned())
    }

    fn number(value: &str) -> Json {
        Json::Number(value.to_owned())
    }

    #[test]
    fn every_kind_of_value_parses_with_whitespace_anywhere() {
        let json =
            parse(" {\"a\" :\t[ 1 , -2.5e+3 , true,false ,null ] ,\r\n\"b\":{ } , \"c\":[]} ");

        assert_eq!(
            json,
            Ok(Json::Object(vec![
                (
                    "a".to_owned(),
                    Json::Array(vec![
                        number("1"),
                        number("-2.5e+3"),
                        Json::Bool(true),
                        Json::Bool(false),
                        Json::Null,
                    ])
                ),
                ("b".to_owned(), Json::Object(vec![])),
                ("c".to_owned(), Json::Array(vec![])),
            ]))
        );
    }

    #[test]
    fn every_escape_is_resolved() {
        assert_eq!(
            parse(r#""q\" b\\ s\/ \b\f\n\r\t""#),
            Ok(string("q\" b\\ s/ \u{8}\u{c}\n\r\t"))
        );
        assert_eq!(parse(r#""\u00e9\u00E9\u0000""#), Ok(string("éé\0")));
        assert_eq!(parse(r#""caf\u00e9 ok""#), Ok(string("café ok")));
    }

    #[test]
    fn a_surrogate_pair_is_one_character() {
        assert_eq!(parse(r#""\uD83D\uDE00""#), Ok(string("😀")));
        assert_eq!(parse(r#""a\ud834\udd1eb""#), Ok(string("a𝄞b")));
    }

    #[test]
    fn a_lone_surrogate_is_refused() {
        assert!(parse(r#""\uD83D""#).is_err());
        assert!(parse(r#""\uD83Dx""#).is_err());
        assert!(parse(r#""\uD83D\u0041""#).is_err());
        assert!(parse(r#""\uDE00""#).is_err());
    }

    #[test]
    fn unknown_escapes_and_bad_hex_are_refused() {
        assert!(parse(r#""\x41""#).is_err());
        assert!(parse(r#""\u00g1""#).is_err());
        assert!(parse(r#""\u00e""#).is_err());
        assert_eq!(
            parse(r#""ab\q""#),
            Err("not JSON at byte 4: expected an escape".to_owned())
        );
    }

    #[test]
    fn text_outside_ascii_is_kept_and_control_characters_must_be_escaped() {
        assert_eq!(parse("\"Zoë 日本 😀\""), Ok(string("Zoë 日本 😀")));
        assert!(parse("\"a\nb\"").is_err());
        assert!(parse("\"a\u{1}b\"").is_err());
        assert_eq!(parse("\"a\u{7f}b\""), Ok(string("a\u{7f}b")));
    }

    #[test]
    fn numbers_are_kept_as_written() {
        for text in [
            "0",
            "-0",
            "-12",
            "1.5",
            "1e3",
            "1E+2",
            "-2.5e-10",
            "9223372036854775807",
            "-9223372036854775808",
            "18446744073709551615",
            "123456789012345678901234567890",
        ] {
            assert_eq!(parse(text), Ok(number(text)), "{text}");
        }
    }

    #[test]
    fn malformed_numbers_are_refused() {
        for text in [
            "01", "-", "+1", ".5", "1.", "1.e3", "1e", "1e+", "-a", "0x10", "1_000", "NaN",
            "Infinity", "--1",
        ] {
            assert!(parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn truncated_texts_are_refused() {
        for text in [
            "",
            " ",
            "{",
            "{\"a\"",
            "{\"a\":",
            "{\"a\":1",
            "{\"a\":1,",
            "[",
            "[1",
            "[1,",
            "\"abc",
            "\"abc\\",
            "\"\\u00",
            "tru",
            "nul",
            "f",
        ] {
            assert!(parse(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn anything_after_the_value_is_refused() {
        assert_eq!(parse("{} \n"), Ok(Json::Object(vec![])));
        assert_eq!(
            parse("{} x"),
            Err("not JSON at byte 3: expected the end of the text".to_owned())
        );
        for text in [
            "1 2",
            "[1]]",
            "{}{}",
            "null,",
            "\"a\"\"b\"",
            "truex",
            "[1,]",
            "{\"a\":1,}",
        ] {
            assert!(parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn objects_need_string_names_colons_and_commas() {
        for text in [
            "{a:1}",
            "{\"a\" 1}",
            "{\"a\":1 \"b\":2}",
            "{1:2}",
            "[1 2]",
            "{,}",
            "[,]",
        ] {
            assert!(parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn nesting_up_to_the_cap_is_read() {
        let text = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));

        assert!(parse(&text).is_ok());
    }

    #[test]
    fn nesting_past_the_cap_is_an_error_not_a_stack_overflow() {
        let one_too_deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        let very_deep = "[{\"a\":".repeat(200_000);

        assert_eq!(
            parse(&one_too_deep),
            Err(
                "not JSON at byte 128: expected no more than 128 nested arrays and objects"
                    .to_owned()
            )
        );
        assert!(parse(&very_deep).is_err());
    }

    #[test]
    fn duplicate_member_names_are_kept_in_order() {
        assert_eq!(
            parse("{\"a\":1,\"a\":2}"),
            Ok(Json::Object(vec![
                ("a".to_owned(), number("1")),
                ("a".to_owned(), number("2")),
            ]))
        );
    }
}
