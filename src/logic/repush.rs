//! The re-push dialog's logic, plain Rust and tested: the plan from data the browser already
//! holds (each selected group's [`GroupDetail`] and the licence seats) through the shared
//! capacity rule ([`scim_sync_core::capacity`]), and the words the dialog shows for it — counts
//! per member state, seats needed against free, the warning and its options when it does not
//! fit, and the summary of what the server did. Components only wire signals to this.

use scim_sync_core::api::{EventSummary, GroupDetail, RepushOutcome};
use scim_sync_core::capacity::{self, GroupMembers, RepushMode, RepushPlan};
use scim_sync_core::idp::Idp;
use scim_sync_core::remedy;
use scim_sync_core::seats::SeatUsage;

use crate::logic::format::count;

/// The plan for re-pushing `groups` with `seats`, in `mode`: the same function the server runs.
pub fn plan_for(groups: &[GroupDetail], seats: SeatUsage, mode: RepushMode) -> RepushPlan {
    let members: Vec<GroupMembers> = groups.iter().map(|g| g.members.clone()).collect();
    match mode {
        RepushMode::AsPushed => capacity::plan(&members, seats),
        RepushMode::MembersAsReaders => capacity::plan_as_readers(&members, seats),
    }
}

/// The plan's counts, one line per member state that has members: (what, how many).
pub fn plan_counts(plan: &RepushPlan) -> Vec<(&'static str, usize)> {
    [
        (
            "already provisioned: linked only",
            plan.already_provisioned.len(),
        ),
        (
            "to create as Users: one seat each",
            plan.to_create_as_users.len(),
        ),
        (
            "to create as inactive Users: no seat",
            plan.to_create_as_inactive_users.len(),
        ),
        (
            "to create as Readers: no seat",
            plan.to_create_as_readers.len(),
        ),
        (
            "with no stored payload: to push from the identity provider",
            plan.cannot_provision.len(),
        ),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .collect()
}

/// "Needs 3 seats; 5 are free."
pub fn seats_sentence(plan: &RepushPlan) -> String {
    let needed = u64::from(plan.seats_needed);
    let free = match plan.seats_free {
        0 => "none is free".to_owned(),
        1 => "1 is free".to_owned(),
        n => format!("{n} are free"),
    };
    format!("Needs {}; {free}.", count(needed, "seat", "seats"))
}

/// The warning when the plan does not fit: the shared wording, which names the numbers.
pub fn warning(plan: &RepushPlan) -> Option<String> {
    plan.ensure_fits()
        .err()
        .map(|shortfall| shortfall.to_string())
}

/// A way out of a plan that does not fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepushOption {
    /// Deactivate Users or make them Readers (People, active Users).
    FreeSeats,
    /// Raise the seat limit (Settings).
    RaiseLimit,
    /// Create those members as Readers instead (a button that switches the plan).
    AsReaders,
    /// Let the identity provider push them.
    FromIdp,
}

/// The options the warning offers, in order; none when the plan fits.
pub fn options(plan: &RepushPlan) -> Vec<RepushOption> {
    if plan.fits {
        return Vec::new();
    }
    let mut options = vec![RepushOption::FreeSeats, RepushOption::RaiseLimit];
    if plan.mode == RepushMode::AsPushed {
        options.push(RepushOption::AsReaders);
    }
    options.push(RepushOption::FromIdp);
    options
}

/// How to make the identity provider push the members again, in its own words.
pub fn idp_wording(idp: Idp) -> String {
    // "Or let Okta send it again: …" → "Let Okta send it again: …"
    let sentence = remedy::resend_member(idp);
    let mut wording = sentence.strip_prefix("Or ").unwrap_or(&sentence).to_owned();
    if let Some(first) = wording.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    wording
}

/// The IdP that last wrote to the group: its latest timeline event's (the timeline is newest
/// first); [`Idp::Generic`] when nothing was recorded.
pub fn idp_of(timeline: &[EventSummary]) -> Idp {
    timeline.first().map_or(Idp::Generic, |e| e.idp)
}

/// What members the plan leaves to the IdP, when it fits anyway: a note, not a warning.
pub fn left_for_idp_note(plan: &RepushPlan, idp: Idp) -> Option<String> {
    let n = plan.cannot_provision.len() as u64;
    (n > 0).then(|| {
        format!(
            "{} no stored payload: the re-push cannot create {} and leaves {} for {} to push.",
            count(n, "member has", "members have"),
            if n == 1 { "it" } else { "them" },
            if n == 1 { "it" } else { "them" },
            idp.display_name()
        )
    })
}

/// The dialog's heading: the group's name, or how many groups.
pub fn title(names: &[&str]) -> String {
    match names {
        [one] => format!("Re-push {one}"),
        many => format!("Re-push {} groups", many.len()),
    }
}

/// The confirm button's words for the plan.
pub fn confirm_label(plan: &RepushPlan) -> String {
    let groups = count(plan.groups.len() as u64, "group", "groups");
    match plan.mode {
        RepushMode::AsPushed => format!("Re-push {groups}"),
        RepushMode::MembersAsReaders => format!("Re-push {groups}, members as Readers"),
    }
}

/// "3 of 5 members handled".
pub fn progress_text(done: u32, total: u32) -> String {
    format!(
        "{done} of {} handled",
        count(u64::from(total), "member", "members")
    )
}

/// What a re-push did, one sentence per kind of change.
pub fn outcome_lines(outcome: &RepushOutcome, idp: Idp) -> Vec<String> {
    let plan = &outcome.plan;
    let mut lines = Vec::new();
    if !outcome.restored.is_empty() {
        lines.push(format!(
            "Restored {} under {} own id.",
            count(outcome.restored.len() as u64, "group", "groups"),
            if outcome.restored.len() == 1 {
                "its"
            } else {
                "their"
            }
        ));
    }
    let created = [
        (plan.to_create_as_users.len(), "User", "Users"),
        (
            plan.to_create_as_inactive_users.len(),
            "inactive User",
            "inactive Users",
        ),
        (plan.to_create_as_readers.len(), "Reader", "Readers"),
    ];
    for (n, one, many) in created {
        if n > 0 {
            lines.push(format!("Created {}.", count(n as u64, one, many)));
        }
    }
    lines.push(format!(
        "Linked {}.",
        count(plan.to_link.len() as u64, "member", "members")
    ));
    if !plan.cannot_provision.is_empty() {
        lines.push(format!(
            "Left {} for {} to push.",
            count(plan.cannot_provision.len() as u64, "member", "members"),
            idp.display_name()
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use scim_sync_core::api::{GroupSummary, GroupSyncState};
    use scim_sync_core::capacity::{GroupMember, MemberRef, MemberState};
    use wasm_bindgen_test::wasm_bindgen_test;

    const USER: MemberState = MemberState::FailedWithPayload {
        team_account: true,
        active: true,
    };
    const READER: MemberState = MemberState::FailedWithPayload {
        team_account: false,
        active: true,
    };

    fn group(id: &str, members: &[(&str, MemberState)]) -> GroupDetail {
        GroupDetail {
            summary: GroupSummary {
                id: id.into(),
                display_name: format!("Group {id}"),
                external_id: None,
                state: GroupSyncState::Failed,
                member_count: 0,
                pushed_member_count: members.len() as u64,
                last_push_at: None,
            },
            members: GroupMembers {
                group_id: id.into(),
                display_name: format!("Group {id}"),
                members: members
                    .iter()
                    .map(|(key, state)| {
                        GroupMember::new(
                            MemberRef::unprovisioned(key, format!("{key}@example.com")),
                            *state,
                        )
                    })
                    .collect(),
            },
        }
    }

    fn seats(limit: u32, used: u32) -> SeatUsage {
        SeatUsage { limit, used }
    }

    #[wasm_bindgen_test]
    fn a_plan_that_fits_has_no_warning_and_no_options() {
        let groups = [group(
            "a",
            &[("ada", USER), ("bob", MemberState::Provisioned)],
        )];
        let plan = plan_for(&groups, seats(5, 3), RepushMode::AsPushed);
        assert!(plan.fits);
        assert_eq!(warning(&plan), None);
        assert!(options(&plan).is_empty());
        assert_eq!(seats_sentence(&plan), "Needs 1 seat; 2 are free.");
        assert_eq!(
            plan_counts(&plan),
            vec![
                ("already provisioned: linked only", 1),
                ("to create as Users: one seat each", 1)
            ]
        );
        assert_eq!(confirm_label(&plan), "Re-push 1 group");
    }

    #[wasm_bindgen_test]
    fn a_plan_that_does_not_fit_names_the_numbers_and_every_option() {
        let groups = [group("a", &[("ada", USER), ("bob", USER), ("cy", USER)])];
        let plan = plan_for(&groups, seats(5, 4), RepushMode::AsPushed);
        assert!(!plan.fits);
        let text = warning(&plan).unwrap_or_default();
        assert!(text.contains("needs 3 licence seats"), "{text}");
        assert!(text.contains("only 1 seat is free"), "{text}");
        assert!(text.contains("free 2 more seats"), "{text}");
        assert_eq!(
            options(&plan),
            vec![
                RepushOption::FreeSeats,
                RepushOption::RaiseLimit,
                RepushOption::AsReaders,
                RepushOption::FromIdp
            ]
        );
        assert_eq!(seats_sentence(&plan), "Needs 3 seats; 1 is free.");
    }

    #[wasm_bindgen_test]
    fn an_exact_fit_fits() {
        let groups = [group("a", &[("ada", USER), ("bob", USER)])];
        let plan = plan_for(&groups, seats(4, 2), RepushMode::AsPushed);
        assert!(plan.fits);
        assert_eq!(plan.seats_short(), 0);
        assert_eq!(warning(&plan), None);
        assert_eq!(seats_sentence(&plan), "Needs 2 seats; 2 are free.");
    }

    #[wasm_bindgen_test]
    fn a_member_shared_by_two_selected_groups_counts_once() {
        let groups = [
            group("a", &[("ada", USER), ("bob", USER)]),
            group("b", &[("ada", USER), ("cy", READER)]),
        ];
        let plan = plan_for(&groups, seats(2, 0), RepushMode::AsPushed);
        assert_eq!(plan.seats_needed, 2);
        assert!(plan.fits);
        assert_eq!(
            plan_counts(&plan),
            vec![
                ("to create as Users: one seat each", 2),
                ("to create as Readers: no seat", 1)
            ]
        );
        assert_eq!(confirm_label(&plan), "Re-push 2 groups");
        assert_eq!(title(&["Group a", "Group b"]), "Re-push 2 groups");
        assert_eq!(title(&["Sales"]), "Re-push Sales");
    }

    #[wasm_bindgen_test]
    fn readers_only_need_no_seat_even_with_a_full_licence() {
        let groups = [group("a", &[("ada", READER), ("bob", READER)])];
        let plan = plan_for(&groups, seats(3, 3), RepushMode::AsPushed);
        assert!(plan.fits);
        assert_eq!(seats_sentence(&plan), "Needs 0 seats; none is free.");
        assert_eq!(
            plan_counts(&plan),
            vec![("to create as Readers: no seat", 2)]
        );
    }

    #[wasm_bindgen_test]
    fn members_with_no_payload_fit_but_are_left_for_the_idp() {
        let groups = [group(
            "a",
            &[
                ("ada", MemberState::NoPayload),
                ("bob", MemberState::NoPayload),
            ],
        )];
        let plan = plan_for(&groups, seats(0, 0), RepushMode::AsPushed);
        assert!(plan.fits);
        assert_eq!(
            plan_counts(&plan),
            vec![(
                "with no stored payload: to push from the identity provider",
                2
            )]
        );
        assert_eq!(
            left_for_idp_note(&plan, Idp::Okta).as_deref(),
            Some(
                "2 members have no stored payload: the re-push cannot create them and leaves them for Okta to push."
            )
        );
        let outcome = RepushOutcome {
            plan,
            restored: Vec::new(),
        };
        assert_eq!(
            outcome_lines(&outcome, Idp::Okta),
            vec!["Linked 0 members.", "Left 2 members for Okta to push."]
        );
    }

    #[wasm_bindgen_test]
    fn switching_to_readers_makes_a_plan_fit_and_drops_that_option() {
        let groups = [group("a", &[("ada", USER), ("bob", USER)])];
        let as_pushed = plan_for(&groups, seats(1, 1), RepushMode::AsPushed);
        assert!(!as_pushed.fits);
        let as_readers = plan_for(&groups, seats(1, 1), RepushMode::MembersAsReaders);
        assert!(as_readers.fits);
        assert_eq!(as_readers.seats_needed, 0);
        assert_eq!(
            plan_counts(&as_readers),
            vec![("to create as Readers: no seat", 2)]
        );
        assert_eq!(
            confirm_label(&as_readers),
            "Re-push 1 group, members as Readers"
        );
        let mut refused = as_readers.clone();
        refused.fits = false;
        assert!(!options(&refused).contains(&RepushOption::AsReaders));
    }

    #[wasm_bindgen_test]
    fn the_idp_s_own_words_say_how_to_push_again() {
        assert!(idp_wording(Idp::Okta).starts_with("Let Okta send it again"));
        assert!(idp_wording(Idp::Okta).contains("Retry All Groups"));
        assert!(idp_wording(Idp::Entra).contains("Provision on demand"));
        assert_eq!(idp_of(&[]), Idp::Generic);
    }

    #[wasm_bindgen_test]
    fn the_outcome_says_what_was_restored_created_and_linked() {
        let groups = [group("a", &[("ada", USER), ("bob", READER)])];
        let outcome = RepushOutcome {
            plan: plan_for(&groups, seats(5, 0), RepushMode::AsPushed),
            restored: vec!["a".into()],
        };
        assert_eq!(
            outcome_lines(&outcome, Idp::Okta),
            vec![
                "Restored 1 group under its own id.",
                "Created 1 User.",
                "Created 1 Reader.",
                "Linked 2 members."
            ]
        );
        assert_eq!(progress_text(1, 2), "1 of 2 members handled");
    }
}
