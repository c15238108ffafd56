//! The re-push plan: what re-pushing groups from the project side would do, and whether it fits
//! in the free licence seats.
//!
//! A re-push re-applies, inside the project, the last state the IdP pushed for each group: it
//! restores the group, provisions each member whose own provisioning failed from the IdP's last
//! payload for that member, and links every member. The dashboard runs [`plan`] in the browser
//! before the admin confirms; the server runs the same function again inside the re-push's
//! transaction and refuses with a licence error ([`SeatShortfall`]) if the plan no longer fits.
//!
//! Rules:
//! - a member is identified by [`MemberRef::key`]; a member of several groups counts once (one
//!   seat at most) and appears at most once in every list;
//! - every list keeps the order of first appearance (groups in the order given, members in each
//!   group's order), so the plan is deterministic;
//! - only members to create as **active Users** need a seat; inactive Users and Readers need none,
//!   and members already provisioned need no seat change;
//! - members with no stored payload cannot be provisioned from the project side: they are listed
//!   in [`RepushPlan::cannot_provision`] (they must be pushed from the IdP) but never make the
//!   plan not fit; they are not linked.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::seats::SeatUsage;

/// A group member as the plan names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MemberRef {
    /// Stable identity key: the member's SCIM id if provisioned, else the lower-cased
    /// `userName` (or email) the IdP last sent. Compared exactly: build it with
    /// [`MemberRef::provisioned`] or [`MemberRef::unprovisioned`] so both sides agree.
    pub key: String,
    /// What the admin reads: a display name or email.
    pub display: String,
}

impl MemberRef {
    /// A member that exists in the project, keyed by its SCIM id (kept as is).
    pub fn provisioned(scim_id: impl Into<String>, display: impl Into<String>) -> MemberRef {
        MemberRef {
            key: scim_id.into(),
            display: display.into(),
        }
    }

    /// A member that does not exist in the project, keyed by the `userName` (or email) the IdP
    /// last sent, lower-cased as the server's identity keys are.
    pub fn unprovisioned(user_name: &str, display: impl Into<String>) -> MemberRef {
        MemberRef {
            key: user_name.to_lowercase(),
            display: display.into(),
        }
    }
}

/// Where a member stands before the re-push.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberState {
    /// Exists in the project: only needs linking, no seat change.
    Provisioned,
    /// Its own provisioning failed and the IdP's last payload for it is stored: the re-push
    /// creates it as a User (`team_account`, needs a seat if `active`) or a Reader (no seat).
    FailedWithPayload {
        /// `isTeamAccount` of the stored payload: true = User, false = Reader.
        team_account: bool,
        /// `active` of the stored payload; an inactive User takes no seat.
        active: bool,
    },
    /// Nothing is stored for it: only the IdP can push it.
    NoPayload,
}

impl MemberState {
    /// How much a state says: when groups disagree about a member, the higher rank wins
    /// (provisioned beats a stored payload, which beats nothing); on a tie, the first seen.
    fn rank(self) -> u8 {
        match self {
            MemberState::Provisioned => 2,
            MemberState::FailedWithPayload { .. } => 1,
            MemberState::NoPayload => 0,
        }
    }
}

/// One member of a group's last pushed member list, with its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupMember {
    /// Who.
    pub member: MemberRef,
    /// Where they stand.
    pub state: MemberState,
}

impl GroupMember {
    /// A member in the given state.
    pub fn new(member: MemberRef, state: MemberState) -> GroupMember {
        GroupMember { member, state }
    }
}

/// A group to re-push, with the member list the IdP last pushed for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupMembers {
    /// The group's SCIM id (kept when a group deleted in the project is restored).
    pub group_id: String,
    /// The group's display name.
    pub display_name: String,
    /// The last pushed members, in the IdP's order.
    pub members: Vec<GroupMember>,
}

/// How the re-push treats members whose stored payload says User.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RepushMode {
    /// As the IdP pushed them: `isTeamAccount` true creates a User.
    #[default]
    AsPushed,
    /// Every member to create is created as a Reader, whatever its payload says: the
    /// "push those members as Readers" option, which needs no seat.
    MembersAsReaders,
}

/// What a re-push would do, and whether it fits in the free seats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepushPlan {
    /// The mode the plan was made for.
    pub mode: RepushMode,
    /// The ids of the groups to re-push, each once, in the order given.
    pub groups: Vec<String>,
    /// Every member that will end up linked: the already provisioned ones and the ones to create
    /// (as active Users, inactive Users or Readers). Excludes [`RepushPlan::cannot_provision`].
    pub to_link: Vec<MemberRef>,
    /// Members that already exist in the project: linked only, no seat change.
    pub already_provisioned: Vec<MemberRef>,
    /// Members to create as active Users: one seat each.
    pub to_create_as_users: Vec<MemberRef>,
    /// Members to create as inactive Users: no seat.
    pub to_create_as_inactive_users: Vec<MemberRef>,
    /// Members to create as Readers: no seat.
    pub to_create_as_readers: Vec<MemberRef>,
    /// Members with no stored payload: not provisioned nor linked here; push them from the IdP.
    pub cannot_provision: Vec<MemberRef>,
    /// Seats the plan takes: the number of [`RepushPlan::to_create_as_users`].
    pub seats_needed: u32,
    /// Seats free now (zero when the limit was lowered below usage).
    pub seats_free: u32,
    /// Whether `seats_needed <= seats_free`.
    pub fits: bool,
}

impl RepushPlan {
    /// Seats missing for the plan to fit; zero when it fits.
    pub fn seats_short(&self) -> u32 {
        self.seats_needed.saturating_sub(self.seats_free)
    }

    /// The plan's outcome as a result: the server refuses a re-push that does not fit with
    /// this error (a licence error, HTTP 403).
    pub fn ensure_fits(&self) -> Result<(), SeatShortfall> {
        if self.fits {
            Ok(())
        } else {
            Err(SeatShortfall {
                needed: self.seats_needed,
                free: self.seats_free,
            })
        }
    }

    /// Whether the re-push would change nothing but restoring and linking: no member to create.
    pub fn creates_nobody(&self) -> bool {
        self.to_create_as_users.is_empty()
            && self.to_create_as_inactive_users.is_empty()
            && self.to_create_as_readers.is_empty()
    }
}

/// A re-push needs more seats than are free.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}", describe_shortfall(*needed, *free))]
pub struct SeatShortfall {
    /// Seats the re-push needs.
    pub needed: u32,
    /// Seats free.
    pub free: u32,
}

impl SeatShortfall {
    /// Seats missing.
    pub fn short(self) -> u32 {
        self.needed.saturating_sub(self.free)
    }
}

fn seats_word(n: u32) -> &'static str {
    if n == 1 { "seat" } else { "seats" }
}

fn describe_shortfall(needed: u32, free: u32) -> String {
    let short = needed.saturating_sub(free);
    let free_part = match free {
        0 => "no seat is free".to_owned(),
        1 => "only 1 seat is free".to_owned(),
        n => format!("only {n} seats are free"),
    };
    format!(
        "This re-push needs {needed} licence {} but {free_part}: free {short} more {}, raise the \
         seat limit, or push those members as Readers.",
        seats_word(needed),
        seats_word(short),
    )
}

/// The re-push plan for `groups`, creating members as the IdP pushed them.
pub fn plan(groups: &[GroupMembers], seats: SeatUsage) -> RepushPlan {
    plan_with(groups, seats, RepushMode::AsPushed)
}

/// The re-push plan for `groups` if every member to create were created as a Reader: the
/// "push those members as Readers" option. It needs no seat, so it always fits.
pub fn plan_as_readers(groups: &[GroupMembers], seats: SeatUsage) -> RepushPlan {
    plan_with(groups, seats, RepushMode::MembersAsReaders)
}

/// The re-push plan for `groups` in the given mode; see the module docs for the rules.
pub fn plan_with(groups: &[GroupMembers], seats: SeatUsage, mode: RepushMode) -> RepushPlan {
    let mut group_ids: Vec<String> = Vec::new();
    let mut members: Vec<(MemberRef, MemberState)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();

    for group in groups {
        if !group_ids.contains(&group.group_id) {
            group_ids.push(group.group_id.clone());
        }
        for GroupMember { member, state } in &group.members {
            match index.get(member.key.as_str()) {
                Some(&at) => {
                    if let Some(seen) = members.get_mut(at)
                        && state.rank() > seen.1.rank()
                    {
                        seen.1 = *state;
                    }
                }
                None => {
                    index.insert(member.key.as_str(), members.len());
                    members.push((member.clone(), *state));
                }
            }
        }
    }

    let mut plan = RepushPlan {
        mode,
        groups: group_ids,
        to_link: Vec::new(),
        already_provisioned: Vec::new(),
        to_create_as_users: Vec::new(),
        to_create_as_inactive_users: Vec::new(),
        to_create_as_readers: Vec::new(),
        cannot_provision: Vec::new(),
        seats_needed: 0,
        seats_free: seats.free(),
        fits: true,
    };
    for (member, state) in members {
        match state {
            MemberState::Provisioned => {
                plan.already_provisioned.push(member.clone());
                plan.to_link.push(member);
            }
            MemberState::FailedWithPayload {
                team_account,
                active,
            } => {
                let as_user = team_account && mode == RepushMode::AsPushed;
                let list = match (as_user, active) {
                    (true, true) => &mut plan.to_create_as_users,
                    (true, false) => &mut plan.to_create_as_inactive_users,
                    (false, _) => &mut plan.to_create_as_readers,
                };
                list.push(member.clone());
                plan.to_link.push(member);
            }
            MemberState::NoPayload => plan.cannot_provision.push(member),
        }
    }
    plan.seats_needed = u32::try_from(plan.to_create_as_users.len()).unwrap_or(u32::MAX);
    plan.fits = seats.fits(plan.seats_needed);
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTIVE_USER: MemberState = MemberState::FailedWithPayload {
        team_account: true,
        active: true,
    };
    const INACTIVE_USER: MemberState = MemberState::FailedWithPayload {
        team_account: true,
        active: false,
    };
    const READER: MemberState = MemberState::FailedWithPayload {
        team_account: false,
        active: true,
    };

    fn member(key: &str) -> MemberRef {
        MemberRef {
            key: key.to_owned(),
            display: format!("{key}@example.com"),
        }
    }

    fn group(id: &str, members: &[(&str, MemberState)]) -> GroupMembers {
        GroupMembers {
            group_id: id.to_owned(),
            display_name: format!("Group {id}"),
            members: members
                .iter()
                .map(|(key, state)| GroupMember::new(member(key), *state))
                .collect(),
        }
    }

    fn keys(members: &[MemberRef]) -> Vec<&str> {
        members.iter().map(|m| m.key.as_str()).collect()
    }

    fn seats(limit: u32, used: u32) -> SeatUsage {
        SeatUsage { limit, used }
    }

    #[test]
    fn a_member_shared_by_two_groups_needs_one_seat() {
        let groups = [
            group("g1", &[("ann", ACTIVE_USER)]),
            group("g2", &[("ann", ACTIVE_USER)]),
        ];

        let plan = plan(&groups, seats(10, 9));

        assert_eq!(plan.seats_needed, 1);
        assert_eq!(keys(&plan.to_create_as_users), ["ann"]);
        assert_eq!(keys(&plan.to_link), ["ann"]);
        assert!(plan.fits);
    }

    #[test]
    fn a_shared_member_is_listed_once_in_every_list() {
        let groups = [
            group("g1", &[("ann", MemberState::Provisioned), ("bob", READER)]),
            group(
                "g2",
                &[
                    ("bob", READER),
                    ("ann", MemberState::Provisioned),
                    ("cy", MemberState::NoPayload),
                ],
            ),
            group("g3", &[("cy", MemberState::NoPayload)]),
        ];

        let plan = plan(&groups, seats(1, 1));

        assert_eq!(keys(&plan.to_link), ["ann", "bob"]);
        assert_eq!(keys(&plan.already_provisioned), ["ann"]);
        assert_eq!(keys(&plan.to_create_as_readers), ["bob"]);
        assert_eq!(keys(&plan.cannot_provision), ["cy"]);
    }

    #[test]
    fn inactive_users_to_create_need_no_seat() {
        let groups = [group(
            "g1",
            &[("ann", INACTIVE_USER), ("bob", INACTIVE_USER)],
        )];

        let plan = plan(&groups, seats(3, 3));

        assert_eq!(plan.seats_needed, 0);
        assert!(plan.fits);
        assert_eq!(keys(&plan.to_create_as_inactive_users), ["ann", "bob"]);
        assert!(plan.to_create_as_users.is_empty());
        assert_eq!(keys(&plan.to_link), ["ann", "bob"]);
    }

    #[test]
    fn readers_to_create_need_no_seat() {
        let inactive_reader = MemberState::FailedWithPayload {
            team_account: false,
            active: false,
        };
        let groups = [group("g1", &[("ann", READER), ("bob", inactive_reader)])];

        let plan = plan(&groups, seats(0, 0));

        assert_eq!(plan.seats_needed, 0);
        assert!(plan.fits);
        assert_eq!(keys(&plan.to_create_as_readers), ["ann", "bob"]);
    }

    #[test]
    fn zero_free_seats_with_one_user_to_create_does_not_fit() {
        let groups = [group("g1", &[("ann", ACTIVE_USER)])];

        let plan = plan(&groups, seats(5, 5));

        assert_eq!(plan.seats_needed, 1);
        assert_eq!(plan.seats_free, 0);
        assert!(!plan.fits);
        assert_eq!(plan.seats_short(), 1);
    }

    #[test]
    fn an_exact_fit_fits() {
        let groups = [group(
            "g1",
            &[("ann", ACTIVE_USER), ("bob", ACTIVE_USER), ("cy", READER)],
        )];

        let plan = plan(&groups, seats(10, 8));

        assert_eq!(plan.seats_needed, 2);
        assert_eq!(plan.seats_free, 2);
        assert!(plan.fits);
        assert_eq!(plan.seats_short(), 0);
        assert_eq!(plan.ensure_fits(), Ok(()));
    }

    #[test]
    fn a_limit_lowered_below_usage_leaves_no_seat_free_for_the_plan() {
        let groups = [group("g1", &[("ann", ACTIVE_USER), ("bob", ACTIVE_USER)])];

        let plan = plan(&groups, seats(5, 8));

        assert_eq!(plan.seats_free, 0);
        assert!(!plan.fits);
        assert_eq!(plan.seats_short(), 2);
    }

    #[test]
    fn a_limit_lowered_below_usage_still_fits_a_plan_that_needs_no_seat() {
        let groups = [group("g1", &[("ann", MemberState::Provisioned)])];

        let plan = plan(&groups, seats(5, 8));

        assert!(plan.fits);
    }

    #[test]
    fn members_without_payload_are_listed_but_do_not_block_the_plan() {
        let groups = [group(
            "g1",
            &[
                ("ann", MemberState::NoPayload),
                ("bob", MemberState::Provisioned),
                ("cy", MemberState::NoPayload),
            ],
        )];

        let plan = plan(&groups, seats(0, 0));

        assert!(plan.fits);
        assert_eq!(plan.seats_needed, 0);
        assert_eq!(keys(&plan.cannot_provision), ["ann", "cy"]);
        assert_eq!(keys(&plan.to_link), ["bob"]);
    }

    #[test]
    fn an_empty_group_plans_nothing_but_the_group_and_fits() {
        let groups = [group("g1", &[])];

        let plan = plan(&groups, seats(0, 0));

        assert_eq!(plan.groups, ["g1"]);
        assert!(plan.to_link.is_empty());
        assert!(plan.cannot_provision.is_empty());
        assert!(plan.creates_nobody());
        assert_eq!(plan.seats_needed, 0);
        assert!(plan.fits);
    }

    #[test]
    fn no_groups_at_all_plan_nothing_and_fit() {
        let plan = plan(&[], seats(0, 3));

        assert!(plan.groups.is_empty());
        assert!(plan.fits);
    }

    #[test]
    fn all_members_already_provisioned_need_no_seat_and_fit() {
        let groups = [
            group(
                "g1",
                &[
                    ("ann", MemberState::Provisioned),
                    ("bob", MemberState::Provisioned),
                ],
            ),
            group("g2", &[("cy", MemberState::Provisioned)]),
        ];

        let plan = plan(&groups, seats(3, 3));

        assert_eq!(plan.seats_needed, 0);
        assert!(plan.fits);
        assert!(plan.creates_nobody());
        assert_eq!(keys(&plan.to_link), ["ann", "bob", "cy"]);
        assert_eq!(plan.to_link, plan.already_provisioned);
    }

    #[test]
    fn the_as_readers_variant_fits_when_only_users_blocked_the_plan() {
        let groups = [group(
            "g1",
            &[
                ("ann", ACTIVE_USER),
                ("bob", INACTIVE_USER),
                ("cy", READER),
                ("dee", MemberState::Provisioned),
            ],
        )];
        let seats = seats(2, 2);
        assert!(!plan(&groups, seats).fits);

        let readers = plan_as_readers(&groups, seats);

        assert!(readers.fits);
        assert_eq!(readers.mode, RepushMode::MembersAsReaders);
        assert_eq!(readers.seats_needed, 0);
        assert_eq!(keys(&readers.to_create_as_readers), ["ann", "bob", "cy"]);
        assert!(readers.to_create_as_users.is_empty());
        assert!(readers.to_create_as_inactive_users.is_empty());
        assert_eq!(keys(&readers.to_link), ["ann", "bob", "cy", "dee"]);
    }

    #[test]
    fn lists_keep_the_order_of_first_appearance_across_groups() {
        let groups = [
            group(
                "g2",
                &[("zed", ACTIVE_USER), ("amy", MemberState::Provisioned)],
            ),
            group(
                "g1",
                &[("bob", READER), ("zed", ACTIVE_USER), ("cat", ACTIVE_USER)],
            ),
            group("g2", &[("abe", ACTIVE_USER)]),
        ];

        let first = plan(&groups, seats(10, 0));
        let again = plan(&groups, seats(10, 0));

        assert_eq!(first, again);
        assert_eq!(first.groups, ["g2", "g1"]);
        assert_eq!(keys(&first.to_link), ["zed", "amy", "bob", "cat", "abe"]);
        assert_eq!(keys(&first.to_create_as_users), ["zed", "cat", "abe"]);
    }

    #[test]
    fn a_member_provisioned_according_to_any_group_is_only_linked() {
        let groups = [
            group(
                "g1",
                &[("ann", ACTIVE_USER), ("bob", MemberState::NoPayload)],
            ),
            group("g2", &[("ann", MemberState::Provisioned), ("bob", READER)]),
        ];

        let plan = plan(&groups, seats(0, 0));

        assert_eq!(keys(&plan.already_provisioned), ["ann"]);
        assert_eq!(keys(&plan.to_create_as_readers), ["bob"]);
        assert!(plan.cannot_provision.is_empty());
        assert_eq!(keys(&plan.to_link), ["ann", "bob"]);
        assert!(plan.fits);
    }

    #[test]
    fn a_plan_that_does_not_fit_explains_the_shortfall() {
        let groups = [group(
            "g1",
            &[
                ("ann", ACTIVE_USER),
                ("bob", ACTIVE_USER),
                ("cy", ACTIVE_USER),
            ],
        )];

        let plan = plan(&groups, seats(4, 3));
        let shortfall = plan.ensure_fits();

        assert_eq!(shortfall, Err(SeatShortfall { needed: 3, free: 1 }));
        assert_eq!(
            shortfall.map_err(|e| e.to_string()),
            Err(
                "This re-push needs 3 licence seats but only 1 seat is free: free 2 more seats, \
                 raise the seat limit, or push those members as Readers."
                    .to_owned()
            )
        );
    }

    #[test]
    fn a_shortfall_with_no_free_seat_says_so() {
        let shortfall = SeatShortfall { needed: 1, free: 0 };

        assert_eq!(shortfall.short(), 1);
        assert_eq!(
            shortfall.to_string(),
            "This re-push needs 1 licence seat but no seat is free: free 1 more seat, raise the \
             seat limit, or push those members as Readers."
        );
    }

    #[test]
    fn unprovisioned_member_keys_are_lower_cased_and_scim_ids_are_kept() {
        assert_eq!(
            MemberRef::unprovisioned("Ann@Example.COM", "Ann").key,
            "ann@example.com"
        );
        assert_eq!(MemberRef::provisioned("9A-bc", "Ann").key, "9A-bc");
    }

    #[test]
    fn a_plan_round_trips_through_json() {
        let groups = [group(
            "g1",
            &[("ann", ACTIVE_USER), ("bob", MemberState::NoPayload)],
        )];
        let plan = plan(&groups, seats(1, 0));

        let json = serde_json::to_string(&plan).unwrap_or_default();
        let back: Result<RepushPlan, _> = serde_json::from_str(&json);

        assert_eq!(back.ok(), Some(plan));
    }

    #[test]
    fn member_states_serialize_as_snake_case() {
        let json = serde_json::to_value([MemberState::NoPayload, ACTIVE_USER]).unwrap_or_default();

        assert_eq!(
            json,
            serde_json::json!([
                "no_payload",
                {"failed_with_payload": {"team_account": true, "active": true}}
            ])
        );
    }
}
