//! The stories, one file each, built from the same few moves on a [`Builder`].
//!
//! The builder draws every choice from one seeded RNG, in a fixed order, so a seed always makes
//! the same plan. It also keeps a small model of the project (who is provisioned, as what; which
//! groups are deleted; whether SCIM is on) to say what the story leads to on an empty project:
//! [`Expected`].

mod demo;
mod duplicate_user;
mod group_deleted;
mod licence_limit;
mod onboarding;
mod steady;
mod user_already_exists;
mod validation;

use std::collections::BTreeMap;

use rand::rngs::ChaCha8Rng;
use rand::seq::index;
use rand::{RngExt, SeedableRng};
use scim_sync_core::api::IdentityKind;
use scim_sync_core::category::FailureCategory;

use super::dialect::Dialect;
use super::options::{DialectChoice, Options, Scenario};
use super::people::{Change, Group, GroupId, Names, Person, PersonId, Profile};
use super::plan::{AdminStep, Expected, Op, Phase, Plan, Step};

/// The share of people pushed as Users (`isTeamAccount` true); the rest are Readers.
const USER_SHARE: f64 = 0.7;

/// The largest group the stories make (a member list well under the server's body cap).
const MAX_GROUP_SIZE: usize = 5_000;

/// Makes the plan the options ask for. Pure: no network, same options → same plan.
pub fn plan(options: &Options) -> Plan {
    let mut b = Builder::new(options.seed, options.dialect);
    let users = options.users();
    let groups = options.groups();
    match options.scenario {
        Scenario::Steady => steady::build(&mut b, users, groups),
        Scenario::Onboarding => onboarding::build(&mut b, users, groups),
        Scenario::DuplicateUser => duplicate_user::build(&mut b, users),
        Scenario::LicenceLimit => licence_limit::build(&mut b, users, groups),
        Scenario::UserAlreadyExists => user_already_exists::build(&mut b, users),
        Scenario::GroupDeletedInProject => group_deleted::build_in_project(&mut b, users, groups),
        Scenario::GroupDeletedWhileScimDisabled => {
            group_deleted::build_while_scim_disabled(&mut b, users, groups);
        }
        Scenario::Validation => validation::build(&mut b, users),
        Scenario::Demo => demo::build(&mut b, users, groups),
    }
    b.finish(options.scenario, options.seed, options.dialect)
}

/// What the project holds for a person, in the builder's model.
#[derive(Debug, Clone, Copy, Default)]
struct Held {
    /// The IdP has the person's SCIM id (its create or lookup succeeded).
    linked: bool,
    /// The project has the person (SCIM-managed or project-native).
    present: bool,
    /// As a User (else a Reader).
    team_account: bool,
    /// Active.
    active: bool,
}

/// Builds a plan step by step; see the module docs.
#[derive(Debug)]
struct Builder {
    rng: ChaCha8Rng,
    choice: DialectChoice,
    names: Names,
    people: Vec<Person>,
    /// What the IdP holds for each person (the source of every request).
    profiles: Vec<Profile>,
    /// What the project holds for each person.
    held: Vec<Held>,
    groups: Vec<Group>,
    /// The member list the IdP holds for each group.
    members: Vec<Vec<PersonId>>,
    /// Groups deleted in the project.
    deleted: Vec<bool>,
    scim_enabled: bool,
    steps: Vec<Step>,
    failures: BTreeMap<FailureCategory, u64>,
}

impl Builder {
    fn new(seed: u64, choice: DialectChoice) -> Builder {
        Builder {
            rng: ChaCha8Rng::seed_from_u64(seed),
            choice,
            names: Names::default(),
            people: Vec::new(),
            profiles: Vec::new(),
            held: Vec::new(),
            groups: Vec::new(),
            members: Vec::new(),
            deleted: Vec::new(),
            scim_enabled: true,
            steps: Vec::new(),
            failures: BTreeMap::new(),
        }
    }

    fn finish(self, scenario: Scenario, seed: u64, dialect: DialectChoice) -> Plan {
        let present = || self.held.iter().filter(|h| h.present);
        let seats = present().filter(|h| h.team_account && h.active).count();
        let readers = present().filter(|h| !h.team_account).count();
        Plan {
            scenario,
            seed,
            dialect,
            people: self.people,
            groups: self.groups,
            steps: self.steps,
            expected: Expected {
                failures: self.failures,
                seats: seats as u64,
                readers: readers as u64,
            },
        }
    }

    // --- Choices -------------------------------------------------------------------------

    fn dialect(&mut self) -> Dialect {
        match self.choice {
            DialectChoice::Okta => Dialect::Okta,
            DialectChoice::Entra => Dialect::Entra,
            DialectChoice::Mixed => {
                if self.rng.random_bool(0.5) {
                    Dialect::Okta
                } else {
                    Dialect::Entra
                }
            }
        }
    }

    /// User (about 70%) or Reader.
    fn team_account(&mut self) -> bool {
        self.rng.random_bool(USER_SHARE)
    }

    /// `amount` distinct people of `pool`, in a random order.
    fn sample(&mut self, pool: &[PersonId], amount: usize) -> Vec<PersonId> {
        let amount = amount.min(pool.len());
        index::sample(&mut self.rng, pool.len(), amount)
            .into_iter()
            .map(|i| pool[i])
            .collect()
    }

    /// A number in `low..=high` (`low` when the range is empty).
    fn between(&mut self, low: usize, high: usize) -> usize {
        if high <= low {
            low
        } else {
            self.rng.random_range(low..=high)
        }
    }

    /// `true` with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    // --- Cast ----------------------------------------------------------------------------

    /// A new IdP account, User or Reader as given.
    fn new_person(&mut self, team_account: bool) -> PersonId {
        let dialect = self.dialect();
        let (person, mut profile) = self.names.person(&mut self.rng, dialect);
        profile.team_account = team_account;
        self.people.push(person);
        self.profiles.push(profile);
        self.held.push(Held::default());
        PersonId(self.people.len() - 1)
    }

    /// `n` new accounts, about 70% Users.
    fn new_people(&mut self, n: usize) -> Vec<PersonId> {
        (0..n)
            .map(|_| {
                let team = self.team_account();
                self.new_person(team)
            })
            .collect()
    }

    fn person_mut(&mut self, p: PersonId) -> &mut Person {
        &mut self.people[p.0]
    }

    fn profile(&self, p: PersonId) -> Profile {
        self.profiles[p.0].clone()
    }

    fn is_user(&self, p: PersonId) -> bool {
        self.profiles[p.0].team_account
    }

    fn is_linked(&self, p: PersonId) -> bool {
        self.held[p.0].linked
    }

    fn new_group(&mut self) -> GroupId {
        let dialect = self.dialect();
        let group = self.names.group(&mut self.rng, dialect);
        self.groups.push(group);
        self.members.push(Vec::new());
        self.deleted.push(false);
        GroupId(self.groups.len() - 1)
    }

    // --- Steps ---------------------------------------------------------------------------

    fn expect(&mut self, category: FailureCategory, n: u64) {
        if n > 0 {
            *self.failures.entry(category).or_insert(0) += n;
        }
    }

    fn admin(&mut self, step: AdminStep) {
        match &step {
            AdminStep::SetScim(on) => self.scim_enabled = *on,
            AdminStep::Invite(p, kind) => {
                self.held[p.0] = Held {
                    linked: false,
                    present: true,
                    team_account: *kind == IdentityKind::User,
                    active: true,
                };
            }
            AdminStep::DeleteGroup(g) => self.deleted[g.0] = true,
            AdminStep::EnsureFreeSeats(_) | AdminStep::SetFreeSeats(_) => {}
        }
        self.steps.push(Step::Admin(step));
    }

    fn phase(&mut self, title: impl Into<String>, ops: Vec<Op>) {
        if !ops.is_empty() {
            self.steps.push(Step::Phase(Phase {
                title: title.into(),
                ops,
            }));
        }
    }

    // --- Moves (each returns the operation and updates the model) -------------------------

    /// Provisions the person as the IdP holds them; the create (or link) succeeds.
    fn provision(&mut self, p: PersonId) -> Op {
        let profile = self.profile(p);
        self.held[p.0] = Held {
            linked: true,
            present: true,
            team_account: profile.team_account,
            active: profile.active,
        };
        Op::ProvisionUser(p, profile)
    }

    /// Provisions the person; the server refuses the create with `category`.
    fn provision_refused(&mut self, p: PersonId, category: FailureCategory) -> Op {
        self.expect(category, 1);
        Op::ProvisionUser(p, self.profile(p))
    }

    /// Changes the person in the IdP, which pushes the change.
    fn update(&mut self, p: PersonId, changes: Vec<Change>) -> Op {
        for change in &changes {
            change.apply(&mut self.profiles[p.0]);
        }
        let profile = self.profile(p);
        if !self.scim_enabled {
            self.expect(FailureCategory::ScimDisabled, 1);
        } else if self.held[p.0].linked {
            self.held[p.0].team_account = profile.team_account;
        }
        Op::UpdateUser(p, profile, changes)
    }

    /// Deactivates or re-activates the person.
    fn set_active(&mut self, p: PersonId, active: bool) -> Op {
        self.profiles[p.0].active = active;
        if !self.scim_enabled {
            self.expect(FailureCategory::ScimDisabled, 1);
        } else if self.held[p.0].linked {
            self.held[p.0].active = active;
        }
        Op::SetActive(p, active)
    }

    /// Pushes a new group with these members; requests naming members the project does not
    /// have are refused as `member_not_provisioned`.
    fn push_group(&mut self, g: GroupId, members: Vec<PersonId>) -> Op {
        let unlinkable: Vec<bool> = members.iter().map(|&m| !self.is_linked(m)).collect();
        let refused = self.groups[g.0]
            .dialect
            .refused_member_requests(&unlinkable, &unlinkable);
        self.expect(FailureCategory::MemberNotProvisioned, refused);
        self.members[g.0].clone_from(&members);
        Op::PushGroup(g, members)
    }

    /// Adds and removes members of a pushed group.
    fn update_members(&mut self, g: GroupId, add: Vec<PersonId>, remove: Vec<PersonId>) -> Op {
        let mut after: Vec<PersonId> = self.members[g.0]
            .iter()
            .copied()
            .filter(|m| !remove.contains(m))
            .collect();
        for &m in &add {
            if !after.contains(&m) {
                after.push(m);
            }
        }
        let dialect = self.groups[g.0].dialect;
        if !self.scim_enabled {
            self.expect(
                FailureCategory::ScimDisabled,
                dialect.member_requests(add.len(), remove.len()),
            );
        } else if self.deleted[g.0] {
            self.expect(
                FailureCategory::GroupDeletedInProject,
                dialect.member_requests(add.len(), remove.len()),
            );
        } else {
            let add_unlinkable: Vec<bool> = add.iter().map(|&m| !self.is_linked(m)).collect();
            let after_unlinkable: Vec<bool> = after.iter().map(|&m| !self.is_linked(m)).collect();
            let refused = dialect.refused_member_requests(&add_unlinkable, &after_unlinkable);
            self.expect(FailureCategory::MemberNotProvisioned, refused);
        }
        self.members[g.0].clone_from(&after);
        Op::UpdateMembers {
            group: g,
            add,
            remove,
            after,
        }
    }

    // --- Shared story pieces ---------------------------------------------------------------

    /// A phase provisioning `people`, all expected to succeed.
    fn provision_all(&mut self, title: &str, people: &[PersonId]) {
        let ops = people.iter().map(|&p| self.provision(p)).collect();
        self.phase(title, ops);
    }

    /// `count` new groups drawn from `pool`, pushed in one phase. Sizes vary around twice the
    /// pool's share per group, so most people are in a group or two.
    fn push_new_groups(&mut self, title: &str, count: usize, pool: &[PersonId]) -> Vec<GroupId> {
        let mut ops = Vec::with_capacity(count);
        let mut groups = Vec::with_capacity(count);
        let largest = (2 * pool.len() / count.max(1)).clamp(1, MAX_GROUP_SIZE);
        for _ in 0..count {
            let g = self.new_group();
            let size = self.between(1, largest);
            let members = self.sample(pool, size);
            ops.push(self.push_group(g, members));
            groups.push(g);
        }
        self.phase(title, ops);
        groups
    }

    /// The number of Users among `people`.
    fn users_among(&self, people: &[PersonId]) -> usize {
        people.iter().filter(|&&p| self.is_user(p)).count()
    }
}

fn seats(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(scenario: Scenario, seed: u64) -> Options {
        let mut options = Options::new("http://127.0.0.1:1", "t", scenario);
        options.seed = seed;
        options
    }

    #[test]
    fn every_scenario_plans_the_same_requests_for_the_same_seed() {
        for scenario in Scenario::ALL {
            for dialect in [
                DialectChoice::Okta,
                DialectChoice::Entra,
                DialectChoice::Mixed,
            ] {
                let mut a = options(scenario, 42);
                a.dialect = dialect;
                let first = plan(&a);
                let second = plan(&a);
                assert_eq!(first, second, "{scenario} {dialect}");
                assert_eq!(first.preview(), second.preview());
            }
        }
    }

    #[test]
    fn another_seed_plans_other_people() {
        let a = plan(&options(Scenario::Onboarding, 1));
        let b = plan(&options(Scenario::Onboarding, 2));
        assert_ne!(a.people, b.people);
    }

    #[test]
    fn onboarding_pushes_about_seventy_percent_users() {
        let mut o = options(Scenario::Onboarding, 3);
        o.users = Some(2_000);
        let plan = plan(&o);
        let share = plan.expected.seats as f64 / 2_000.0;
        assert!((0.65..0.75).contains(&share), "{share}");
        assert_eq!(plan.expected.seats + plan.expected.readers, 2_000);
        assert!(plan.expected.failures.is_empty());
    }

    #[test]
    fn a_hundred_thousand_user_onboarding_plans_quickly_and_groups_stay_under_the_cap() {
        let mut o = options(Scenario::Onboarding, 5);
        o.users = Some(100_000);
        o.groups = Some(200);
        let started = std::time::Instant::now();
        let plan = plan(&o);
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        assert_eq!(plan.people.len(), 100_000);
        for step in &plan.steps {
            if let Step::Phase(phase) = step {
                for op in &phase.ops {
                    if let Op::PushGroup(_, members) = op {
                        assert!(members.len() <= MAX_GROUP_SIZE);
                    }
                }
            }
        }
    }

    #[test]
    fn the_demo_plans_every_category_an_idp_can_meet() {
        let plan = plan(&options(Scenario::Demo, 1));
        for category in [
            FailureCategory::DuplicateUser,
            FailureCategory::LicenceLimit,
            FailureCategory::UserAlreadyExists,
            FailureCategory::Validation,
            FailureCategory::GroupDeletedInProject,
            FailureCategory::MemberNotProvisioned,
            FailureCategory::ScimDisabled,
            FailureCategory::Auth,
        ] {
            assert!(
                plan.expected.failures.contains_key(&category),
                "{category:?}"
            );
        }
        assert!(plan.needs_admin());
    }
}
