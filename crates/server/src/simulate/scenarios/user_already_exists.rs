//! `user-already-exists`: an admin invited someone into the project as a User; the IdP (whose
//! app uses Okta's "email prefix" username format) pushes them as a Reader: 409 "User already
//! available in the project". Then the article's fix, step by step: `isTeamAccount` true and
//! sync (the User is adopted, same id), `isTeamAccount` false and sync (a Reader; the seat is
//! free again).

use scim_sync_core::api::IdentityKind;
use scim_sync_core::category::FailureCategory;

use super::{Builder, seats};
use crate::simulate::people::{Change, PersonId};
use crate::simulate::plan::AdminStep;

pub(super) fn build(b: &mut Builder, users: usize) {
    let people = reader_accounts(b, users);
    b.admin(AdminStep::EnsureFreeSeats(seats(people.len())));
    invite_as_users(b, &people);
    push_and_toggle(b, &people);
}

/// `n` IdP accounts pushed as Readers whose userName is the email's local part.
pub(super) fn reader_accounts(b: &mut Builder, n: usize) -> Vec<PersonId> {
    (0..n)
        .map(|_| {
            let p = b.new_person(false);
            let person = b.person_mut(p);
            let prefix = person
                .email
                .split('@')
                .next()
                .unwrap_or_default()
                .to_owned();
            person.user_name = prefix;
            p
        })
        .collect()
}

/// The admin invites each of `people`'s emails as a project-native User.
pub(super) fn invite_as_users(b: &mut Builder, people: &[PersonId]) {
    for &p in people {
        b.admin(AdminStep::Invite(p, IdentityKind::User));
    }
}

/// The Reader push (refused), then the two syncs of the documented toggle.
pub(super) fn push_and_toggle(b: &mut Builder, people: &[PersonId]) {
    let ops = people
        .iter()
        .map(|&p| b.provision_refused(p, FailureCategory::UserAlreadyExists))
        .collect();
    b.phase("User already exists: the IdP pushes Readers", ops);
    let ops = people
        .iter()
        .map(|&p| {
            b.profiles[p.0].team_account = true;
            b.provision(p)
        })
        .collect();
    b.phase("User already exists: isTeamAccount = True, sync", ops);
    let ops = people
        .iter()
        .map(|&p| b.update(p, vec![Change::TeamAccount(false)]))
        .collect();
    b.phase("User already exists: isTeamAccount = False, sync", ops);
}
