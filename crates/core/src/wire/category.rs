//! [`FromJson`] for [`crate::category`]'s type.

use super::{FromJson, Json, WireError, one_of};
use crate::category::FailureCategory;

/// Its stable code.
impl FromJson for FailureCategory {
    fn from_json(json: &Json) -> Result<Self, WireError> {
        one_of(json, &FailureCategory::ALL, FailureCategory::code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::testing::{agree, round_trip};

    #[test]
    fn every_category_reads_back_as_serde_writes_it() {
        for category in FailureCategory::ALL {
            round_trip(&category);
        }
    }

    #[test]
    fn an_unknown_code_is_refused_listing_the_known_ones() {
        let error = agree::<FailureCategory>("\"DuplicateUser\"").map(|_| ());

        assert!(error.is_err_and(|e| e.starts_with("expected one of `duplicate_user`, ")));
    }
}
