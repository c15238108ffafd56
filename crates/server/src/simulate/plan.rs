//! A plan: what the IdP and the admin will do, in order, decided entirely by the seed.
//!
//! Ids are the server's to give, so the plan names people and groups by index; the runner
//! resolves them as the server answers. [`Plan::preview`] renders the requests (as sent when
//! every lookup finds nothing and every create succeeds) with placeholder ids: the same seed
//! gives the same lines.

use std::collections::BTreeMap;

use scim_sync_core::api::IdentityKind;
use scim_sync_core::category::FailureCategory;

use super::dialect::{MemberRef, Request};
use super::options::{DialectChoice, Scenario};
use super::people::{Change, Group, GroupId, Person, PersonId, Profile};

/// Everything one simulator run will do.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The story.
    pub scenario: Scenario,
    /// The seed it was made from.
    pub seed: u64,
    /// The dialect asked for.
    pub dialect: DialectChoice,
    /// Every IdP account the story uses.
    pub people: Vec<Person>,
    /// Every group the story pushes.
    pub groups: Vec<Group>,
    /// Admin steps and IdP phases, in order.
    pub steps: Vec<Step>,
    /// What the story leads to on an empty project.
    pub expected: Expected,
}

/// One step of a plan.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Something an admin does through the admin API.
    Admin(AdminStep),
    /// IdP operations that may run concurrently; the next step starts when all are done.
    Phase(Phase),
}

/// IdP operations with no order among them.
#[derive(Debug, Clone, PartialEq)]
pub struct Phase {
    /// What the phase is, for the progress bar.
    pub title: String,
    /// The operations.
    pub ops: Vec<Op>,
}

/// An admin's action in the project, through the admin API.
#[derive(Debug, Clone, PartialEq)]
pub enum AdminStep {
    /// Raise the seat limit, if needed, so that `free` seats are free (never lowers it). Skipped
    /// without an admin token.
    EnsureFreeSeats(u32),
    /// Set the seat limit to the seats used now plus `free`.
    SetFreeSeats(u32),
    /// Turn SCIM provisioning on or off.
    SetScim(bool),
    /// Invite the person's email as a project-native User or Reader.
    Invite(PersonId, IdentityKind),
    /// Delete the group inside the project (it becomes a tombstone).
    DeleteGroup(GroupId),
}

impl AdminStep {
    /// Whether the step can be skipped when no admin token was given.
    pub fn optional(&self) -> bool {
        matches!(self, AdminStep::EnsureFreeSeats(_))
    }
}

/// One IdP operation: one or a few requests, each depending on the answer to the last.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Look the person up by userName; create them if absent, else link and update them.
    ProvisionUser(PersonId, Profile),
    /// A profile change of a provisioned person (skipped if the IdP has no id for them).
    UpdateUser(PersonId, Profile, Vec<Change>),
    /// Deactivate or re-activate a provisioned person.
    SetActive(PersonId, bool),
    /// Look the group up by name; create it empty if absent; link its members.
    PushGroup(GroupId, Vec<PersonId>),
    /// Add and remove members of a pushed group; `after` is the whole list afterwards.
    UpdateMembers {
        /// The group.
        group: GroupId,
        /// Members added.
        add: Vec<PersonId>,
        /// Members removed.
        remove: Vec<PersonId>,
        /// All members afterwards (Okta sends this list).
        after: Vec<PersonId>,
    },
    /// `POST /Users` without a userName (a broken mapping; no lookup is possible).
    CreateWithoutUserName(PersonId, Profile),
    /// A PATCH with a broken path on a provisioned person.
    BadPatchPath(PersonId),
    /// A lookup sent with the revoked token of an old IdP connection.
    RevokedToken(PersonId),
}

/// What a plan leads to when it starts on an empty project.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expected {
    /// Failed SCIM requests per category.
    pub failures: BTreeMap<FailureCategory, u64>,
    /// Seats used at the end (active Users).
    pub seats: u64,
    /// Readers at the end.
    pub readers: u64,
}

/// Resolves a person's or group's id: the server's, or a placeholder.
pub trait Ids {
    /// The person's SCIM id, if the IdP has one.
    fn person(&self, person: PersonId) -> Option<String>;
    /// The group's SCIM id, if the IdP has one.
    fn group(&self, group: GroupId) -> Option<String>;
}

/// Placeholder ids for previews: `user-3`, `group-1`.
#[derive(Debug, Clone, Copy)]
pub struct Placeholders;

impl Ids for Placeholders {
    fn person(&self, person: PersonId) -> Option<String> {
        Some(format!("user-{}", person.0))
    }
    fn group(&self, group: GroupId) -> Option<String> {
        Some(format!("group-{}", group.0))
    }
}

impl Plan {
    /// The person behind an id.
    pub fn person(&self, id: PersonId) -> &Person {
        &self.people[id.0]
    }

    /// The group behind an id.
    pub fn group(&self, id: GroupId) -> &Group {
        &self.groups[id.0]
    }

    /// How many IdP operations the plan holds.
    pub fn op_count(&self) -> u64 {
        self.steps
            .iter()
            .map(|step| match step {
                Step::Phase(phase) => phase.ops.len() as u64,
                Step::Admin(_) => 0,
            })
            .sum()
    }

    /// Whether some step needs the admin API (and so an admin token).
    pub fn needs_admin(&self) -> bool {
        self.steps
            .iter()
            .any(|step| matches!(step, Step::Admin(admin) if !admin.optional()))
    }

    /// Group members as the IdP names them: the id, else the userName.
    pub fn member_refs(&self, members: &[PersonId], ids: &dyn Ids) -> Vec<MemberRef> {
        members
            .iter()
            .map(|&m| {
                let user_name = self.person(m).user_name.clone();
                MemberRef {
                    value: ids.person(m).unwrap_or_else(|| user_name.clone()),
                    display: user_name,
                }
            })
            .collect()
    }

    /// The requests an operation sends when every lookup finds nothing and every create
    /// succeeds, with ids from `ids`; none when it needs an id the IdP does not have.
    pub fn happy_path(&self, op: &Op, ids: &dyn Ids) -> Vec<Request> {
        self.try_happy_path(op, ids).unwrap_or_default()
    }

    fn try_happy_path(&self, op: &Op, ids: &dyn Ids) -> Option<Vec<Request>> {
        Some(match op {
            Op::ProvisionUser(p, profile) => {
                let person = self.person(*p);
                let dialect = person.dialect;
                vec![
                    dialect.find_user(&person.user_name),
                    dialect.create_user(person, profile),
                ]
            }
            Op::UpdateUser(p, profile, changes) => {
                let person = self.person(*p);
                vec![
                    person
                        .dialect
                        .update_user(&ids.person(*p)?, person, profile, changes),
                ]
            }
            Op::SetActive(p, active) => {
                vec![
                    self.person(*p)
                        .dialect
                        .set_active(&ids.person(*p)?, *active),
                ]
            }
            Op::PushGroup(g, members) => {
                let group = self.group(*g);
                let dialect = group.dialect;
                let id = ids.group(*g)?;
                let mut requests = vec![
                    dialect.find_group(&group.display_name),
                    dialect.create_group(group),
                ];
                requests.extend(dialect.confirm_group(&id));
                requests.extend(dialect.push_members(&id, &self.member_refs(members, ids)));
                requests
            }
            Op::UpdateMembers {
                group,
                add,
                remove,
                after,
            } => self.group(*group).dialect.update_members(
                &ids.group(*group)?,
                &self.member_refs(add, ids),
                &self.member_refs(remove, ids),
                &self.member_refs(after, ids),
            ),
            Op::CreateWithoutUserName(p, profile) => {
                let person = self.person(*p);
                vec![
                    person
                        .dialect
                        .create_user_without_user_name(person, profile),
                ]
            }
            Op::BadPatchPath(p) => {
                let person = self.person(*p);
                vec![person.dialect.bad_patch_path(&ids.person(*p)?, person)]
            }
            Op::RevokedToken(p) => {
                let person = self.person(*p);
                let mut request = person.dialect.find_user(&person.user_name);
                request.revoked_token = true;
                vec![request]
            }
        })
    }

    /// The plan as text: admin steps, and the requests of every operation (see
    /// [`Plan::happy_path`]) with placeholder ids. The same seed gives the same text.
    pub fn preview(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for step in &self.steps {
            match step {
                Step::Admin(admin) => lines.push(format!("admin: {}", self.describe(admin))),
                Step::Phase(phase) => {
                    lines.push(format!(
                        "phase: {} ({} operations)",
                        phase.title,
                        phase.ops.len()
                    ));
                    for op in &phase.ops {
                        for request in self.happy_path(op, &Placeholders) {
                            let body = request.body.map(|b| b.to_string()).unwrap_or_default();
                            lines.push(
                                format!(
                                    "  {} {} {} {}",
                                    request.dialect.name(),
                                    request.method,
                                    request.path,
                                    body
                                )
                                .trim_end()
                                .to_owned(),
                            );
                        }
                    }
                }
            }
        }
        lines
    }

    /// An admin step in words.
    pub fn describe(&self, step: &AdminStep) -> String {
        match step {
            AdminStep::EnsureFreeSeats(n) => format!("make sure {n} seats are free"),
            AdminStep::SetFreeSeats(n) => format!("set the seat limit to seats used + {n}"),
            AdminStep::SetScim(true) => "turn SCIM on".into(),
            AdminStep::SetScim(false) => "turn SCIM off".into(),
            AdminStep::Invite(p, kind) => format!(
                "invite {} as a project-native {}",
                self.person(*p).email,
                kind.code()
            ),
            AdminStep::DeleteGroup(g) => {
                format!(
                    "delete group {:?} in the project",
                    self.group(*g).display_name
                )
            }
        }
    }
}
