//! [`FromJson`] for [`crate::capacity`]'s types: a group's members and the re-push plan.

use super::{Fields, FromJson, Json, WireError, one_of};
use crate::capacity::{GroupMember, GroupMembers, MemberRef, MemberState, RepushMode, RepushPlan};
use crate::struct_from_json;

struct_from_json!(MemberRef { key, display });

/// Externally tagged, as serde writes it: `"provisioned"`, `"no_payload"` or
/// `{"failed_with_payload": {"team_account": …, "active": …}}`; like serde_json, a unit
/// variant is also read from `{"provisioned": null}`.
impl FromJson for MemberState {
    fn from_json(json: &Json) -> Result<Self, WireError> {
        const EXPECTED: &str = "`provisioned`, `no_payload` or {\"failed_with_payload\": …}";
        let Json::Object(members) = json else {
            return one_of(
                json,
                &[MemberState::Provisioned, MemberState::NoPayload],
                |state| match state {
                    MemberState::Provisioned => "provisioned",
                    MemberState::FailedWithPayload { .. } => "failed_with_payload",
                    MemberState::NoPayload => "no_payload",
                },
            );
        };
        let [(tag, content)] = members.as_slice() else {
            return Err(WireError::expected(EXPECTED, json));
        };
        let (name, state) = match tag.as_str() {
            "failed_with_payload" => (
                "failed_with_payload",
                Fields::of(content).and_then(|fields| {
                    Ok(MemberState::FailedWithPayload {
                        team_account: fields.get("team_account")?,
                        active: fields.get("active")?,
                    })
                }),
            ),
            "provisioned" => (
                "provisioned",
                <()>::from_json(content).map(|()| MemberState::Provisioned),
            ),
            "no_payload" => (
                "no_payload",
                <()>::from_json(content).map(|()| MemberState::NoPayload),
            ),
            _ => return Err(WireError::expected(EXPECTED, json)),
        };
        state.map_err(|e| e.in_field(name))
    }
}

struct_from_json!(GroupMember { member, state });

struct_from_json!(GroupMembers {
    group_id,
    display_name,
    members
});

impl FromJson for RepushMode {
    fn from_json(json: &Json) -> Result<Self, WireError> {
        one_of(
            json,
            &[RepushMode::AsPushed, RepushMode::MembersAsReaders],
            |mode| match mode {
                RepushMode::AsPushed => "as_pushed",
                RepushMode::MembersAsReaders => "members_as_readers",
            },
        )
    }
}

struct_from_json!(RepushPlan {
    mode,
    groups,
    to_link,
    already_provisioned,
    to_create_as_users,
    to_create_as_inactive_users,
    to_create_as_readers,
    cannot_provision,
    seats_needed,
    seats_free,
    fits
});

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::capacity::{plan, plan_as_readers};
    use crate::seats::SeatUsage;
    use crate::wire::testing::{agree, round_trip};

    pub(crate) const EVERY_MEMBER_STATE: [MemberState; 5] = [
        MemberState::Provisioned,
        MemberState::FailedWithPayload {
            team_account: true,
            active: true,
        },
        MemberState::FailedWithPayload {
            team_account: true,
            active: false,
        },
        MemberState::FailedWithPayload {
            team_account: false,
            active: true,
        },
        MemberState::NoPayload,
    ];

    /// A group with a member in every state, one of them with text outside ASCII.
    pub(crate) fn group_members() -> GroupMembers {
        GroupMembers {
            group_id: "5f0c-grp-1".to_owned(),
            display_name: "Ingénierie \"core\"".to_owned(),
            members: EVERY_MEMBER_STATE
                .iter()
                .enumerate()
                .map(|(i, state)| {
                    GroupMember::new(
                        MemberRef::unprovisioned(&format!("Member{i}@Example.com"), "Zoë 😀"),
                        *state,
                    )
                })
                .collect(),
        }
    }

    /// A plan with every list non-empty, that does not fit.
    pub(crate) fn repush_plan() -> RepushPlan {
        plan(&[group_members()], SeatUsage { limit: 3, used: 3 })
    }

    #[test]
    fn every_member_state_reads_back_as_serde_writes_it() {
        for state in EVERY_MEMBER_STATE {
            round_trip(&state);
        }
    }

    #[test]
    fn members_and_groups_read_back_as_serde_writes_them() {
        round_trip(&MemberRef::provisioned("9A-bc", "Ann"));
        round_trip(&GroupMember::new(
            MemberRef::provisioned("9A-bc", "Ann"),
            MemberState::Provisioned,
        ));
        round_trip(&group_members());
        round_trip(&GroupMembers {
            members: vec![],
            ..group_members()
        });
    }

    #[test]
    fn every_repush_mode_reads_back_as_serde_writes_it() {
        round_trip(&RepushMode::AsPushed);
        round_trip(&RepushMode::MembersAsReaders);
    }

    #[test]
    fn plans_read_back_as_serde_writes_them() {
        let groups = [group_members()];
        let unfit = repush_plan();
        let as_readers = plan_as_readers(&groups, SeatUsage { limit: 3, used: 3 });
        let empty = plan(&[], SeatUsage { limit: 3, used: 0 });

        assert!(!unfit.fits && !unfit.to_create_as_users.is_empty());
        assert!(!unfit.to_create_as_inactive_users.is_empty());
        assert!(!unfit.to_create_as_readers.is_empty());
        assert!(!unfit.cannot_provision.is_empty());
        assert!(!unfit.already_provisioned.is_empty());
        round_trip(&unfit);
        round_trip(&as_readers);
        round_trip(&empty);
    }

    #[test]
    fn a_member_state_reads_every_form_serde_json_accepts() {
        assert_eq!(
            agree::<MemberState>(r#"{"provisioned":null}"#),
            Ok(MemberState::Provisioned)
        );
        assert_eq!(
            agree::<MemberState>(
                r#"{"failed_with_payload":{"active":false,"team_account":true,"x":1}}"#
            ),
            Ok(MemberState::FailedWithPayload {
                team_account: true,
                active: false,
            })
        );
    }

    #[test]
    fn a_malformed_member_state_is_refused_naming_where() {
        assert!(agree::<MemberState>("\"failed_with_payload\"").is_err());
        assert!(agree::<MemberState>(r#"{"provisioned":{}}"#).is_err());
        assert!(agree::<MemberState>(r#"{"no_payload":null,"provisioned":null}"#).is_err());
        assert!(agree::<MemberState>(r#"{"reader":null}"#).is_err());
        assert!(agree::<MemberState>("{}").is_err());
        assert_eq!(
            agree::<MemberState>(r#"{"failed_with_payload":{"team_account":true}}"#),
            Err("`failed_with_payload.active`: missing field".to_owned())
        );
    }
}
