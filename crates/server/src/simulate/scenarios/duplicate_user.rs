//! `duplicate-user`: people are provisioned; then a second IdP account of some of them (another
//! directory's naming, `aLovelace@…`) carries the same primary email. The lookup by userName
//! finds nothing, the create is refused: 409 `uniqueness`, category `duplicate_user`.

use scim_sync_core::category::FailureCategory;

use super::{Builder, seats};
use crate::simulate::people::{DOMAIN, PersonId};
use crate::simulate::plan::AdminStep;

pub(super) fn build(b: &mut Builder, users: usize) {
    let people = b.new_people(users);
    b.admin(AdminStep::EnsureFreeSeats(seats(b.users_among(&people))));
    b.provision_all("Duplicate user: first accounts", &people);
    let originals = b.sample(&people, (users / 10).max(1));
    second_accounts(b, &originals);
}

/// A phase pushing a second account for each of `originals`, each refused as a duplicate.
pub(super) fn second_accounts(b: &mut Builder, originals: &[PersonId]) {
    let mut ops = Vec::new();
    for &original in originals {
        let twin = b.new_person(b.is_user(original));
        let profile = b.profile(original);
        let user_name = format!(
            "{}{}@{DOMAIN}",
            profile
                .given_name
                .chars()
                .next()
                .unwrap_or('x')
                .to_ascii_lowercase(),
            profile.family_name
        );
        let email = b.people[original.0].email.clone();
        let person = b.person_mut(twin);
        person.user_name = user_name;
        person.email = email;
        b.profiles[twin.0] = profile;
        ops.push(b.provision_refused(twin, FailureCategory::DuplicateUser));
    }
    b.phase("Duplicate user: second accounts with the same email", ops);
}
