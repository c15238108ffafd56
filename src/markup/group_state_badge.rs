//! A group's sync state as a badge (markup), on the Groups page and a group's page.

use scim_sync_core::api::GroupSyncState;

use crate::logic::group_state;
use crate::markup::html::Html;

/// A sync state as a badge.
pub fn state_badge(html: &mut Html, state: GroupSyncState) {
    html.element(
        "span",
        &[
            ("class", Some("ssd-state")),
            ("data-state", Some(group_state::state_code(state))),
        ],
        group_state::state_label(state),
    );
}
