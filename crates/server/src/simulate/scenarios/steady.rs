//! `steady`: the day-to-day of a connected IdP. The assignments are in place (created, or found
//! by the lookup and re-synced), then people change: profile updates, deactivations, Readers
//! promoted to Users and back, new hires added to groups, leavers removed, some re-activated.

use scim_sync_core::category::FailureCategory;

use super::{Builder, seats};
use crate::simulate::people::{Change, GroupId, PersonId};
use crate::simulate::plan::{AdminStep, Op};

/// How much changes in a day.
#[derive(Debug, Clone, Copy)]
pub(super) struct Day {
    /// Profile updates (titles, names).
    pub updates: usize,
    /// Users deactivated.
    pub deactivations: usize,
    /// Readers made Users (each needs a seat).
    pub promotions: usize,
    /// Users made Readers.
    pub demotions: usize,
}

pub(super) fn build(b: &mut Builder, users: usize, groups: usize) {
    let people = b.new_people(users);
    let hires = b.new_people((users / 20).max(1));
    let day = Day {
        updates: users / 5,
        deactivations: (users / 12).max(1),
        promotions: (users / 33).max(1),
        demotions: (users / 33).max(1),
    };
    let needed = b.users_among(&people) + b.users_among(&hires) + day.promotions;
    b.admin(AdminStep::EnsureFreeSeats(seats(needed)));
    b.provision_all("Steady state: the assignments are in place", &people);
    let groups = b.push_new_groups("Steady state: pushed groups", groups, &people);

    let mut ops = changes(b, &people, day);
    let deactivated: Vec<PersonId> = ops
        .iter()
        .filter_map(|op| match op {
            Op::SetActive(p, false) => Some(*p),
            _ => None,
        })
        .collect();
    ops.extend(hires.iter().map(|&p| b.provision(p)));
    b.phase("Steady state: day 1 changes and new hires", ops);

    let mut ops = Vec::new();
    let back = deactivated.len() / 2;
    for &p in &deactivated[..back] {
        ops.push(b.set_active(p, true));
    }
    ops.extend(regroup(b, &groups, &hires, &deactivated[back..]));
    b.phase("Steady state: day 2 re-activations and group changes", ops);
}

/// One change per person for the first people of a shuffled `people`, as `day` says.
pub(super) fn changes(b: &mut Builder, people: &[PersonId], day: Day) -> Vec<Op> {
    let Day {
        mut updates,
        mut deactivations,
        mut promotions,
        mut demotions,
    } = day;
    let mut ops = Vec::new();
    for p in b.sample(people, people.len()) {
        let user = b.is_user(p);
        if user && deactivations > 0 {
            deactivations -= 1;
            ops.push(b.set_active(p, false));
        } else if !user && promotions > 0 {
            promotions -= 1;
            ops.push(b.update(p, vec![Change::TeamAccount(true)]));
        } else if user && demotions > 0 {
            demotions -= 1;
            ops.push(b.update(p, vec![Change::TeamAccount(false)]));
        } else if updates > 0 {
            updates -= 1;
            let change = if b.chance(0.2) {
                Change::FamilyName(b.names.family_name(&mut b.rng))
            } else {
                Change::Title(b.names.title(&mut b.rng))
            };
            ops.push(b.update(p, vec![change]));
        }
    }
    ops
}

/// Each hire joins one group; leavers leave theirs.
fn regroup(
    b: &mut Builder,
    groups: &[GroupId],
    hires: &[PersonId],
    leavers: &[PersonId],
) -> Vec<Op> {
    if groups.is_empty() {
        return Vec::new();
    }
    let mut joins: Vec<Vec<PersonId>> = vec![Vec::new(); groups.len()];
    for &hire in hires {
        let i = b.between(0, groups.len() - 1);
        joins[i].push(hire);
    }
    let mut ops = Vec::new();
    for (i, &g) in groups.iter().enumerate() {
        let leaving: Vec<PersonId> = b.members[g.0]
            .iter()
            .copied()
            .filter(|m| leavers.contains(m))
            .collect();
        if !joins[i].is_empty() || !leaving.is_empty() {
            let add = std::mem::take(&mut joins[i]);
            ops.push(b.update_members(g, add, leaving));
        }
    }
    debug_assert!(
        !b.failures
            .contains_key(&FailureCategory::MemberNotProvisioned)
    );
    ops
}
