//! `validation`: attribute mappings an admin got wrong in the IdP. A create with no userName,
//! a primary email mapped from the display name, a PATCH path with an unclosed filter: each
//! refused with 400 (category `validation`).

use scim_sync_core::category::FailureCategory;

use super::{Builder, seats};
use crate::simulate::people::PersonId;
use crate::simulate::plan::{AdminStep, Op};

pub(super) fn build(b: &mut Builder, users: usize) {
    let people = b.new_people(users);
    b.admin(AdminStep::EnsureFreeSeats(seats(b.users_among(&people))));
    b.provision_all("Validation: correctly mapped people", &people);
    broken_mappings(b, &people, (users / 5).max(1));
}

/// `k` of each broken request; the PATCHes go to `existing` (provisioned) people.
pub(super) fn broken_mappings(b: &mut Builder, existing: &[PersonId], k: usize) {
    let mut ops = Vec::new();
    for i in 0..k {
        let team = b.team_account();
        let nameless = b.new_person(team);
        b.expect(FailureCategory::Validation, 1);
        ops.push(Op::CreateWithoutUserName(nameless, b.profile(nameless)));

        let team = b.team_account();
        let misnamed = b.new_person(team);
        let display_name = b.profile(misnamed).display_name();
        b.person_mut(misnamed).email = display_name;
        ops.push(b.provision_refused(misnamed, FailureCategory::Validation));

        if let Some(&target) = existing.get(i % existing.len().max(1)) {
            b.expect(FailureCategory::Validation, 1);
            ops.push(Op::BadPatchPath(target));
        }
    }
    b.phase("Validation: broken attribute mappings", ops);
}
