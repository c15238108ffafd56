//! [`FromJson`] for [`crate::remedy`]'s types (a failure's explanation comes with its detail).

use super::{Fields, FromJson, Json, WireError, one_of};
use crate::remedy::{Explanation, ProjectAction};

/// Its snake_case name.
impl FromJson for ProjectAction {
    fn from_json(json: &Json) -> Result<Self, WireError> {
        one_of(json, &ProjectAction::ALL, |action| match action {
            ProjectAction::FreeSeats => "free_seats",
            ProjectAction::RaiseSeatLimit => "raise_seat_limit",
            ProjectAction::RepushGroup => "repush_group",
            ProjectAction::EnableScim => "enable_scim",
            ProjectAction::Retry => "retry",
        })
    }
}

impl FromJson for Explanation {
    fn from_json(json: &Json) -> Result<Self, WireError> {
        let fields = Fields::of(json)?;
        Ok(Explanation {
            category: fields.get("category")?,
            idp: fields.get("idp")?,
            title: fields.get("title")?,
            what_happened: fields.get("what_happened")?,
            steps: fields.get("steps")?,
            alternatives: fields.get("alternatives")?,
            actions: fields.get("actions")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::category::FailureCategory;
    use crate::idp::Idp;
    use crate::remedy::{ProjectAction, explain};
    use crate::wire::testing::round_trip;

    #[test]
    fn every_explanation_and_action_reads_back_as_serde_writes_it() {
        for category in FailureCategory::ALL {
            for idp in [Idp::Okta, Idp::Entra, Idp::OneLogin, Idp::Generic] {
                round_trip(&explain(category, idp));
            }
        }
        for action in ProjectAction::ALL {
            round_trip(&action);
        }
    }
}
