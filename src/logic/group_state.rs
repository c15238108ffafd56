//! A group's sync state and a member's state: the words the pages show and the stable codes
//! the URL (`?state=`) and the markup (`data-state`) carry. Plain Rust, tested.

use scim_sync_core::api::GroupSyncState;
use scim_sync_core::capacity::MemberState;

/// A group's sync state in words.
pub fn state_label(state: GroupSyncState) -> &'static str {
    match state {
        GroupSyncState::Synced => "Synced",
        GroupSyncState::Failed => "Members not linked",
        GroupSyncState::DeletedInProject => "Deleted in the project",
        GroupSyncState::DeletedWhileScimDisabled => "Deleted while SCIM was off",
    }
}

/// The stable code of a group's sync state, as the URL's `?state=` carries it.
pub fn state_code(state: GroupSyncState) -> &'static str {
    match state {
        GroupSyncState::Synced => "synced",
        GroupSyncState::Failed => "failed",
        GroupSyncState::DeletedInProject => "deleted_in_project",
        GroupSyncState::DeletedWhileScimDisabled => "deleted_while_scim_disabled",
    }
}

/// Every sync state, in the order the filter lists them.
pub const STATES: [GroupSyncState; 4] = [
    GroupSyncState::Synced,
    GroupSyncState::Failed,
    GroupSyncState::DeletedInProject,
    GroupSyncState::DeletedWhileScimDisabled,
];

/// The state named by a `?state=` code; `None` for none or an unknown one (all states).
pub fn parse_state(code: &str) -> Option<GroupSyncState> {
    STATES.into_iter().find(|s| state_code(*s) == code)
}

/// A member's state in words, as the group detail lists it.
pub fn member_state_label(state: MemberState) -> &'static str {
    match state {
        MemberState::Provisioned => "Provisioned (linked on re-push)",
        MemberState::FailedWithPayload {
            team_account: true,
            active: true,
        } => "Failed as User",
        MemberState::FailedWithPayload {
            team_account: true,
            active: false,
        } => "Failed as inactive User",
        MemberState::FailedWithPayload {
            team_account: false,
            ..
        } => "Failed as Reader",
        MemberState::NoPayload => "No stored payload",
    }
}

/// The stable code of a member's state, as the group detail's `data-state` carries it.
pub fn member_state_code(state: MemberState) -> &'static str {
    match state {
        MemberState::Provisioned => "provisioned",
        MemberState::FailedWithPayload {
            team_account: true, ..
        } => "failed_user",
        MemberState::FailedWithPayload { .. } => "failed_reader",
        MemberState::NoPayload => "no_payload",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    const USER: MemberState = MemberState::FailedWithPayload {
        team_account: true,
        active: true,
    };
    const READER: MemberState = MemberState::FailedWithPayload {
        team_account: false,
        active: true,
    };

    #[wasm_bindgen_test]
    fn states_and_member_states_read_as_words_and_codes_round_trip() {
        for state in STATES {
            assert_eq!(parse_state(state_code(state)), Some(state));
        }
        assert_eq!(parse_state("nope"), None);
        assert_eq!(member_state_label(USER), "Failed as User");
        assert_eq!(member_state_label(READER), "Failed as Reader");
        assert_eq!(
            member_state_label(MemberState::NoPayload),
            "No stored payload"
        );
        assert_eq!(member_state_code(USER), "failed_user");
        assert_eq!(member_state_code(READER), "failed_reader");
    }
}
