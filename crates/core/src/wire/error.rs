//! [`WireError`]: why a text did not read as the type asked for, and where.

use std::fmt;

use super::json::Json;

/// Why a JSON text did not read as the type asked for: the path to the value at fault (e.g.
/// `items[3].category`) and what was wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireError(Box<Inner>);

/// Boxed, so that a `Result<T, WireError>` is hardly bigger than a `T`: every field read
/// passes one along, and a small one keeps the wasm small.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    /// Innermost step first: steps are added as the error travels out of nested values.
    steps: Vec<Step>,
    problem: String,
}

/// One step of a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Field(&'static str),
    Index(usize),
}

impl WireError {
    /// The text is not JSON: at byte `at`, `expected` was expected.
    pub fn syntax(at: usize, expected: &str) -> WireError {
        WireError::new(format!("not JSON at byte {at}: expected {expected}"))
    }

    /// The value is JSON but not what was expected (`expected` reads "a string", "one of …").
    pub fn expected(expected: &str, found: &Json) -> WireError {
        WireError::new(format!("expected {expected}, found {}", found.found()))
    }

    /// Any other problem with the value.
    pub fn new(problem: impl Into<String>) -> WireError {
        WireError(Box::new(Inner {
            steps: Vec::new(),
            problem: problem.into(),
        }))
    }

    /// The same error, inside the field `name` of an object.
    pub fn in_field(mut self, name: &'static str) -> WireError {
        self.0.steps.push(Step::Field(name));
        self
    }

    /// The same error, inside the item `index` of an array.
    pub fn in_item(mut self, index: usize) -> WireError {
        self.0.steps.push(Step::Index(index));
        self
    }

    /// Where the value at fault is, e.g. `items[3].category`; empty for the whole text.
    pub fn path(&self) -> String {
        let mut path = String::new();
        for step in self.0.steps.iter().rev() {
            match step {
                Step::Field(name) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(name);
                }
                Step::Index(index) => {
                    path.push('[');
                    path.push_str(&index.to_string());
                    path.push(']');
                }
            }
        }
        path
    }

    /// What was wrong.
    pub fn problem(&self) -> &str {
        &self.0.problem
    }
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.steps.is_empty() {
            f.write_str(&self.0.problem)
        } else {
            write!(f, "`{}`: {}", self.path(), self.0.problem)
        }
    }
}

impl std::error::Error for WireError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_reads_outermost_first_with_fields_and_indexes() {
        let error = WireError::expected("a string", &Json::Null)
            .in_field("category")
            .in_item(3)
            .in_field("items");

        assert_eq!(error.path(), "items[3].category");
        assert_eq!(
            error.to_string(),
            "`items[3].category`: expected a string, found null"
        );
    }

    #[test]
    fn an_error_about_the_whole_text_has_no_path() {
        let error = WireError::syntax(0, "a value");

        assert_eq!(error.path(), "");
        assert_eq!(error.to_string(), "not JSON at byte 0: expected a value");
    }

    #[test]
    fn an_array_at_the_top_starts_its_path_with_an_index() {
        let error = WireError::new("missing field").in_field("id").in_item(0);

        assert_eq!(error.to_string(), "`[0].id`: missing field");
        assert_eq!(error.problem(), "missing field");
    }
}
