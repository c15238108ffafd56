//! [`FromJson`] for [`crate::remedy`]'s types (a failure's explanation comes with its detail).

use super::{FromJson, Json, WireError, one_of};
use crate::remedy::{Explanation, ProjectAction};
use crate::struct_from_json;

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

struct_from_json!(Explanation {
    category,
    idp,
    title,
    what_happened,
    steps,
    alternatives,
    actions
});

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
