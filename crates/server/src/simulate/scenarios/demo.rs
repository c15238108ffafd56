//! `demo`: one realistic run against an empty project, what `make run` seeds the dashboard with.
//!
//! The licence fits the first wave exactly. In order: an old IdP connection with a revoked token
//! (`auth`), the onboarding and its groups, a second wave after the seats ran out
//! (`licence_limit`) and a group naming its blocked Users (`member_not_provisioned`), second
//! accounts (`duplicate_user`), broken mappings (`validation`), a Reader pushed for a
//! project-native User and the toggle fix (`user_already_exists`), a light day of changes,
//! a group deleted in the project and one deleted while SCIM was off (`group_deleted_in_project`,
//! `scim_disabled`).

use scim_sync_core::category::FailureCategory;

use super::steady::Day;
use super::{
    Builder, duplicate_user, group_deleted, licence_limit, seats, steady, user_already_exists,
    validation,
};
use crate::simulate::plan::{AdminStep, Op};

pub(super) fn build(b: &mut Builder, users: usize, groups: usize) {
    let second = (users / 5).max(3);
    let wave1 = b.new_people(users - second);
    let wave2 = licence_limit::second_wave_people(b, second);
    let natives = user_already_exists::reader_accounts(b, 1);
    let Some((&newcomer, grouped)) = wave1.split_last() else {
        return;
    };

    b.admin(AdminStep::SetFreeSeats(seats(
        b.users_among(&wave1) + natives.len(),
    )));
    user_already_exists::invite_as_users(b, &natives);

    b.expect(FailureCategory::Auth, 1);
    b.phase(
        "An old IdP connection with a revoked token",
        vec![Op::RevokedToken(wave1[0])],
    );
    b.provision_all("Onboarding: the first wave takes every seat", &wave1);
    let pushed = b.push_new_groups("Onboarding: push groups", groups - 1, grouped);
    licence_limit::blocked_wave(b, &wave2);
    licence_limit::blocked_group(b, &wave1, &wave2);
    let originals = b.sample(grouped, 2);
    duplicate_user::second_accounts(b, &originals);
    validation::broken_mappings(b, grouped, 1);
    user_already_exists::push_and_toggle(b, &natives);

    let day = Day {
        updates: grouped.len() / 6,
        deactivations: 2,
        promotions: 0,
        demotions: 0,
    };
    let ops = steady::changes(b, grouped, day);
    b.phase("A day of changes", ops);

    group_deleted::deleted_in_project(b, pushed[0], &pushed[2..], newcomer);
    let someone = grouped[grouped.len() / 2];
    group_deleted::deleted_while_scim_disabled(b, pushed[1], &[], someone, newcomer);
}
