//! `onboarding`: the IdP assigns N people (about 70% Users, 30% Readers), then pushes M groups.
//! With an admin token the seat limit is raised first so that every User fits: mostly success.

use super::{Builder, seats};
use crate::simulate::plan::AdminStep;

pub(super) fn build(b: &mut Builder, users: usize, groups: usize) {
    let people = b.new_people(users);
    b.admin(AdminStep::EnsureFreeSeats(seats(b.users_among(&people))));
    b.provision_all("Onboarding: provision people", &people);
    b.push_new_groups("Onboarding: push groups", groups, &people);
}
