//! The RFC 7644 §3.4.2.2 grammar, by recursive descent over characters.
//!
//! ```text
//! filter    = and *("or" and)
//! and       = unary *("and" unary)
//! unary     = "not" "(" filter ")" / "(" filter ")" / attrExp
//! attrExp   = attrPath "[" filter "]" ["." subAttr (compareOp value / "pr")]
//!           / attrPath (compareOp value / "pr")
//! attrPath  = [URN ":"] ATTRNAME ["." subAttr]
//! ```
//!
//! Only `(`, `not` and `[` recurse, and each one counts against [`MAX_DEPTH`] before recursing,
//! so the stack is bounded whatever the input. Offsets are in characters.

use serde_json::Number;

use super::{
    AttrPath, CompValue, CompareOp, Filter, FilterError, MAX_DEPTH, MAX_FILTER_LEN, PatchPath,
};

/// Attributes known to be booleans, on which `gt`/`ge`/`lt`/`le` are refused.
const BOOLEAN_ATTRIBUTES: [&str; 3] = ["active", "primary", "isTeamAccount"];

pub(super) fn parse_filter(input: &str) -> Result<Filter, FilterError> {
    let mut parser = Parser::new(input)?;
    parser.skip_ws();
    if parser.at_end() {
        return Err(FilterError::new(0, "the filter is empty"));
    }
    let filter = parser.or_expr(false)?;
    parser.skip_ws();
    if !parser.at_end() {
        return Err(parser.error(format!(
            "expected `and`, `or` or the end of the filter, found {}",
            parser.found()
        )));
    }
    Ok(filter)
}

pub(super) fn parse_patch_path(input: &str) -> Result<PatchPath, FilterError> {
    let mut parser = Parser::new(input)?;
    parser.skip_ws();
    if parser.at_end() {
        return Err(FilterError::new(0, "the path is empty"));
    }
    let mut attr = parser.attr_path()?;
    let mut filter = None;
    if parser.peek() == Some('[') {
        filter = Some(parser.bracket(&attr)?);
        if parser.peek() == Some('.') {
            parser.pos += 1;
            attr.sub_attr = Some(parser.name()?);
        }
    }
    parser.skip_ws();
    if !parser.at_end() {
        return Err(parser.error(format!(
            "expected the end of the path, found {}",
            parser.found()
        )));
    }
    Ok(PatchPath { attr, filter })
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    depth: usize,
}

impl Parser {
    fn new(input: &str) -> Result<Parser, FilterError> {
        let chars: Vec<char> = input.chars().take(MAX_FILTER_LEN + 1).collect();
        if chars.len() > MAX_FILTER_LEN {
            return Err(FilterError::new(
                MAX_FILTER_LEN,
                format!("the input is longer than the maximum of {MAX_FILTER_LEN} characters"),
            ));
        }
        Ok(Parser {
            chars,
            pos: 0,
            depth: 0,
        })
    }

    fn error(&self, message: impl Into<String>) -> FilterError {
        FilterError::new(self.pos, message)
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    /// A description of what is at the cursor, for error messages.
    fn found(&self) -> String {
        match self.peek() {
            None => "the end of the input".to_owned(),
            Some(_) => {
                let end = (self.pos + 1..=self.chars.len())
                    .find(|&end| {
                        end == self.chars.len()
                            || self.chars[end].is_whitespace()
                            || end - self.pos >= 20
                    })
                    .unwrap_or(self.chars.len());
                let text: String = self.chars[self.pos..end].iter().collect();
                format!("`{text}`")
            }
        }
    }

    /// Consumes `keyword` (any case) at the cursor when it stands as a whole word.
    fn keyword(&mut self, keyword: &str) -> bool {
        let len = keyword.chars().count();
        let Some(candidate) = self.chars.get(self.pos..self.pos + len) else {
            return false;
        };
        let matches = candidate
            .iter()
            .zip(keyword.chars())
            .all(|(a, b)| a.eq_ignore_ascii_case(&b));
        let whole = !self
            .chars
            .get(self.pos + len)
            .is_some_and(|&c| is_path_char(c));
        if matches && whole {
            self.pos += len;
        }
        matches && whole
    }

    fn enter(&mut self) -> Result<(), FilterError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(format!(
                "the expression is nested more than {MAX_DEPTH} levels deep"
            )));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn expect(&mut self, wanted: char, context: &str) -> Result<(), FilterError> {
        self.skip_ws();
        if self.peek() == Some(wanted) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(format!(
                "expected `{wanted}` {context}, found {}",
                self.found()
            )))
        }
    }

    fn or_expr(&mut self, in_brackets: bool) -> Result<Filter, FilterError> {
        let mut items = vec![self.and_expr(in_brackets)?];
        loop {
            let save = self.pos;
            self.skip_ws();
            if self.keyword("or") {
                items.push(self.and_expr(in_brackets)?);
            } else {
                self.pos = save;
                break;
            }
        }
        Ok(if items.len() == 1 {
            items.swap_remove(0)
        } else {
            Filter::Or(items)
        })
    }

    fn and_expr(&mut self, in_brackets: bool) -> Result<Filter, FilterError> {
        let mut items = vec![self.unary(in_brackets)?];
        loop {
            let save = self.pos;
            self.skip_ws();
            if self.keyword("and") {
                items.push(self.unary(in_brackets)?);
            } else {
                self.pos = save;
                break;
            }
        }
        Ok(if items.len() == 1 {
            items.swap_remove(0)
        } else {
            Filter::And(items)
        })
    }

    fn unary(&mut self, in_brackets: bool) -> Result<Filter, FilterError> {
        self.skip_ws();
        if self.peek() == Some('(') {
            return self.group(in_brackets);
        }
        let save = self.pos;
        if self.keyword("not") {
            self.skip_ws();
            if self.peek() == Some('(') {
                self.enter()?;
                let inner = self.group(in_brackets)?;
                self.leave();
                return Ok(Filter::Not(Box::new(inner)));
            }
            // Not the operator: an attribute that happens to be called `not`.
            self.pos = save;
        }
        self.attr_exp(in_brackets)
    }

    /// `( filter )`, the cursor on the `(`.
    fn group(&mut self, in_brackets: bool) -> Result<Filter, FilterError> {
        self.enter()?;
        self.pos += 1;
        let inner = self.or_expr(in_brackets)?;
        self.expect(')', "to close the parenthesis")?;
        self.leave();
        Ok(inner)
    }

    fn attr_exp(&mut self, in_brackets: bool) -> Result<Filter, FilterError> {
        let attr = self.attr_path()?;
        if self.peek() == Some('[') {
            if in_brackets {
                return Err(self.error("value paths cannot be nested inside `[…]`"));
            }
            let filter = self.bracket(&attr)?;
            let then = if self.peek() == Some('.') {
                self.pos += 1;
                let sub = AttrPath::plain(self.name()?);
                Some(Box::new(self.test(sub)?))
            } else {
                None
            };
            return Ok(Filter::ValuePath {
                attr,
                filter: Box::new(filter),
                then,
            });
        }
        self.test(attr)
    }

    /// `[ filter ]` after the multi-valued `attr`, the cursor on the `[`.
    fn bracket(&mut self, attr: &AttrPath) -> Result<Filter, FilterError> {
        if attr.sub_attr.is_some() {
            return Err(self.error(format!(
                "a value filter `[…]` must follow a multi-valued attribute, not the sub-attribute `{attr}`"
            )));
        }
        self.enter()?;
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(']') {
            return Err(self.error("the value filter `[]` is empty"));
        }
        let filter = self.or_expr(true)?;
        self.expect(']', "to close the value filter")?;
        self.leave();
        Ok(filter)
    }

    /// `pr`, or an operator and a literal, after `attr`.
    fn test(&mut self, attr: AttrPath) -> Result<Filter, FilterError> {
        self.skip_ws();
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.pos += 1;
        }
        let word: String = self.chars[start..self.pos].iter().collect();
        if word.eq_ignore_ascii_case("pr") {
            return Ok(Filter::Present(attr));
        }
        let Some(op) = CompareOp::from_keyword(&word) else {
            self.pos = start;
            return Err(self.error(format!(
                "expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) after `{attr}`, found {}",
                self.found()
            )));
        };
        self.skip_ws();
        let value_at = self.pos;
        let value = self.value()?;
        check_operands(&attr, op, &value).map_err(|message| FilterError::new(value_at, message))?;
        Ok(Filter::Compare { attr, op, value })
    }

    /// A JSON literal: string, number, `true`, `false` or `null`.
    fn value(&mut self) -> Result<CompValue, FilterError> {
        let start = self.pos;
        match self.peek() {
            Some('"') => {
                self.pos += 1;
                loop {
                    match self.peek() {
                        None => {
                            self.pos = start;
                            return Err(self.error("the string is not closed with `\"`"));
                        }
                        Some('\\') => self.pos += 2,
                        Some('"') => {
                            self.pos += 1;
                            break;
                        }
                        Some(_) => self.pos += 1,
                    }
                }
                let text: String = self.chars[start..self.pos].iter().collect();
                serde_json::from_str::<String>(&text)
                    .map(CompValue::Str)
                    .map_err(|e| {
                        FilterError::new(start, format!("the string {text} is not valid: {e}"))
                    })
            }
            Some(c) if c == '-' || c.is_ascii_digit() => {
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
                {
                    self.pos += 1;
                }
                let text: String = self.chars[start..self.pos].iter().collect();
                serde_json::from_str::<Number>(&text)
                    .map(CompValue::Number)
                    .map_err(|_| FilterError::new(start, format!("`{text}` is not a valid number")))
            }
            Some(c) if c.is_ascii_alphabetic() => {
                while self.peek().is_some_and(|c| c.is_ascii_alphanumeric()) {
                    self.pos += 1;
                }
                let word: String = self.chars[start..self.pos].iter().collect();
                match word.to_ascii_lowercase().as_str() {
                    "true" => Ok(CompValue::Bool(true)),
                    "false" => Ok(CompValue::Bool(false)),
                    "null" => Ok(CompValue::Null),
                    _ => Err(FilterError::new(
                        start,
                        format!(
                            "expected a value (a \"quoted string\", number, true, false or null), found `{word}`"
                        ),
                    )),
                }
            }
            _ => Err(self.error(format!(
                "expected a value (a \"quoted string\", number, true, false or null), found {}",
                self.found()
            ))),
        }
    }

    /// `[URN:]name[.sub]`.
    fn attr_path(&mut self) -> Result<AttrPath, FilterError> {
        let start = self.pos;
        while self.peek().is_some_and(is_path_char) {
            self.pos += 1;
        }
        if self.pos == start {
            return Err(self.error(format!(
                "expected an attribute name, found {}",
                self.found()
            )));
        }
        let raw: String = self.chars[start..self.pos].iter().collect();
        let (urn, rest, rest_at) = match raw.rfind(':') {
            Some(colon) => {
                let urn = &raw[..colon];
                if !urn.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("urn:")) {
                    return Err(FilterError::new(
                        start,
                        format!("`{urn}` in `{raw}` is not a schema URN (they start with `urn:`)"),
                    ));
                }
                let rest = &raw[colon + 1..];
                (Some(urn.to_owned()), rest, start + urn.chars().count() + 1)
            }
            None => (None, raw.as_str(), start),
        };
        let mut segments = rest.split('.');
        let name = segments.next().unwrap_or_default();
        check_name(name, rest_at)?;
        let sub_attr = match segments.next() {
            Some(sub) => {
                check_name(sub, rest_at + name.chars().count() + 1)?;
                Some(sub.to_owned())
            }
            None => None,
        };
        if segments.next().is_some() {
            return Err(FilterError::new(
                rest_at,
                format!("`{rest}` has more than one sub-attribute; SCIM paths go one level deep"),
            ));
        }
        Ok(AttrPath {
            urn,
            name: name.to_owned(),
            sub_attr,
        })
    }

    /// A bare attribute name (after `].`).
    fn name(&mut self) -> Result<String, FilterError> {
        let start = self.pos;
        while self.peek().is_some_and(is_name_char) {
            self.pos += 1;
        }
        let name: String = self.chars[start..self.pos].iter().collect();
        check_name(&name, start)?;
        Ok(name)
    }
}

/// Characters of an attribute path, URN prefix included.
fn is_path_char(c: char) -> bool {
    is_name_char(c) || c == ':' || c == '.'
}

/// RFC 7644 `nameChar`, plus `$` for `$ref`.
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '$')
}

/// `ATTRNAME = ALPHA *(nameChar)`, or `$ref`.
fn check_name(name: &str, at: usize) -> Result<(), FilterError> {
    if name.eq_ignore_ascii_case("$ref") {
        return Ok(());
    }
    match name.chars().next() {
        None => Err(FilterError::new(at, "expected an attribute name")),
        Some(first) if !first.is_ascii_alphabetic() => Err(FilterError::new(
            at,
            format!("the attribute name `{name}` must start with a letter"),
        )),
        Some(_) if name.contains('$') => Err(FilterError::new(
            at,
            format!("the attribute name `{name}` may not contain `$`"),
        )),
        Some(_) => Ok(()),
    }
}

/// Refuses operator/literal pairs that can never be evaluated.
fn check_operands(attr: &AttrPath, op: CompareOp, value: &CompValue) -> Result<(), String> {
    let leaf = attr.sub_attr.as_deref().unwrap_or(&attr.name);
    if op.is_ordering() {
        if matches!(value, CompValue::Bool(_) | CompValue::Null) {
            return Err(format!(
                "`{}` compares only strings, numbers and dates, not booleans or null",
                op.keyword()
            ));
        }
        if BOOLEAN_ATTRIBUTES
            .iter()
            .any(|b| leaf.eq_ignore_ascii_case(b))
        {
            return Err(format!(
                "`{attr}` is a boolean; `{}` cannot compare booleans",
                op.keyword()
            ));
        }
    }
    if op.is_substring() && !matches!(value, CompValue::Str(_)) {
        return Err(format!(
            "`{}` needs a \"quoted string\" to look for",
            op.keyword()
        ));
    }
    Ok(())
}
