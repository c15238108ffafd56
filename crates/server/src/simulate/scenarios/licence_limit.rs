//! `licence-limit`: the admin's licence fits the first wave of Users exactly. A second wave is
//! assigned after the seats ran out: its Users are refused (403, `licence_limit`), its Readers
//! are not. Then a group is pushed that names the blocked members: the group is created (it has
//! an id), its member push is refused as `member_not_provisioned`, and the server keeps the
//! payload for a re-push.

use scim_sync_core::category::FailureCategory;

use super::{Builder, seats};
use crate::simulate::people::{GroupId, PersonId};
use crate::simulate::plan::AdminStep;

pub(super) fn build(b: &mut Builder, users: usize, groups: usize) {
    let first = (users * 2 / 3).max(1);
    let wave1 = b.new_people(first);
    let wave2 = second_wave_people(b, users.saturating_sub(first).max(1));
    b.admin(AdminStep::SetFreeSeats(seats(b.users_among(&wave1))));
    b.provision_all("Licence limit: the first wave takes every seat", &wave1);
    b.push_new_groups(
        "Licence limit: groups of the first wave",
        groups.saturating_sub(1),
        &wave1,
    );
    blocked_wave(b, &wave2);
    blocked_group(b, &wave1, &wave2);
}

/// `n` new people for the wave after the seats ran out; the first is always a User.
pub(super) fn second_wave_people(b: &mut Builder, n: usize) -> Vec<PersonId> {
    let mut people = vec![b.new_person(true)];
    people.extend(b.new_people(n.saturating_sub(1)));
    people
}

/// A phase provisioning `wave` with no seat free: Users refused, Readers created.
pub(super) fn blocked_wave(b: &mut Builder, wave: &[PersonId]) {
    let ops = wave
        .iter()
        .map(|&p| {
            if b.is_user(p) {
                b.provision_refused(p, FailureCategory::LicenceLimit)
            } else {
                b.provision(p)
            }
        })
        .collect();
    b.phase(
        "Licence limit: people assigned after the seats ran out",
        ops,
    );
}

/// A phase pushing a new group with all of `wave2` and a few of `wave1`.
pub(super) fn blocked_group(b: &mut Builder, wave1: &[PersonId], wave2: &[PersonId]) -> GroupId {
    let g = b.new_group();
    let few = b.between(1, wave1.len().min(5));
    let mut members = b.sample(wave1, few);
    members.extend_from_slice(wave2);
    let members = b.sample(&members, members.len());
    let op = b.push_group(g, members);
    b.phase(
        "Licence limit: a group push naming the blocked members",
        vec![op],
    );
    g
}
