//! `group-deleted-in-project` and `group-deleted-while-scim-disabled`: groups are pushed; an
//! admin deletes one inside the project (the second time with SCIM turned off meanwhile, while
//! the IdP's scheduled sync is refused); the IdP's next membership PATCH to it gets 404
//! (`group_deleted_in_project`) while the other groups take the same change.

use super::{Builder, seats};
use crate::simulate::people::{Change, GroupId, PersonId};
use crate::simulate::plan::AdminStep;

pub(super) fn build_in_project(b: &mut Builder, users: usize, groups: usize) {
    let (groups, newcomer, _) = setup(b, users, groups);
    deleted_in_project(b, groups[0], &groups[1..], newcomer);
}

pub(super) fn build_while_scim_disabled(b: &mut Builder, users: usize, groups: usize) {
    let (groups, newcomer, someone) = setup(b, users, groups);
    deleted_while_scim_disabled(b, groups[0], &groups[1..], someone, newcomer);
}

/// People provisioned and groups pushed, all but a newcomer in them.
fn setup(b: &mut Builder, users: usize, groups: usize) -> (Vec<GroupId>, PersonId, PersonId) {
    let people = b.new_people(users);
    b.admin(AdminStep::EnsureFreeSeats(seats(b.users_among(&people))));
    b.provision_all("Groups: provision people", &people);
    let (newcomer, members) = people
        .split_last()
        .map_or((people[0], &people[..]), |(n, m)| (*n, m));
    let groups = b.push_new_groups("Groups: push groups", groups.max(1), members);
    (groups, newcomer, members[0])
}

/// The admin deletes `deleted` in the project; the IdP then adds `newcomer` to it and `others`.
pub(super) fn deleted_in_project(
    b: &mut Builder,
    deleted: GroupId,
    others: &[GroupId],
    newcomer: PersonId,
) {
    b.admin(AdminStep::DeleteGroup(deleted));
    next_push(b, deleted, others, newcomer);
}

/// SCIM off, the IdP's scheduled sync refused, `deleted` deleted, SCIM on, the next push.
pub(super) fn deleted_while_scim_disabled(
    b: &mut Builder,
    deleted: GroupId,
    others: &[GroupId],
    someone: PersonId,
    newcomer: PersonId,
) {
    b.admin(AdminStep::SetScim(false));
    let title = b.names.title(&mut b.rng);
    let op = b.update(someone, vec![Change::Title(title)]);
    b.phase("SCIM disabled: the IdP's scheduled sync", vec![op]);
    b.admin(AdminStep::DeleteGroup(deleted));
    b.admin(AdminStep::SetScim(true));
    next_push(b, deleted, others, newcomer);
}

fn next_push(b: &mut Builder, deleted: GroupId, others: &[GroupId], newcomer: PersonId) {
    let ops = std::iter::once(deleted)
        .chain(others.iter().copied())
        .map(|g| b.update_members(g, vec![newcomer], Vec::new()))
        .collect();
    b.phase("Groups: the IdP's next membership push", ops);
}
