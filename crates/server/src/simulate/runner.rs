//! Plays a plan: admin steps one by one, each phase's operations on `--concurrency` workers.
//!
//! An operation is a short conversation: the IdP looks up before it creates, creates a group
//! before it links members, and stops when the server refuses (as the IdPs do; the failure is
//! counted). Only a request that gets no answer at all stops the run.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use scim_sync_core::api::SettingsUpdate;
use tokio::task::JoinSet;
use tokio::time::Instant;

use super::client::{Answer, Client};
use super::dialect::Request;
use super::error::SimulateError;
use super::options::Options;
use super::people::{GroupId, PersonId, Profile};
use super::plan::{AdminStep, Ids, Op, Plan, Step};
use super::progress::Progress;
use super::registry::Registry;
use super::report::{Counters, Header, Summary};

/// What a run did, and the ids the server gave (tests look at the server's state through them).
#[derive(Debug)]
pub struct Outcome {
    /// The plan that was played.
    pub plan: Arc<Plan>,
    /// The counts.
    pub summary: Summary,
    /// Each person's SCIM id, by [`PersonId`], if the IdP got one.
    pub people: Vec<Option<String>>,
    /// Each group's SCIM id, by [`GroupId`], if the IdP got one.
    pub groups: Vec<Option<String>>,
    /// The id of the project-native identity invited for a person's email, by [`PersonId`].
    pub invited: Vec<Option<String>>,
}

impl Outcome {
    /// The SCIM id of a person.
    pub fn person_id(&self, person: PersonId) -> Option<&str> {
        self.people.get(person.0)?.as_deref()
    }

    /// The SCIM id of a group.
    pub fn group_id(&self, group: GroupId) -> Option<&str> {
        self.groups.get(group.0)?.as_deref()
    }
}

/// Shared by the workers.
#[derive(Debug)]
struct Context {
    plan: Arc<Plan>,
    client: Client,
    registry: Registry,
    counters: Counters,
    stop: AtomicBool,
}

/// Plays `plan` against the server `options` name.
pub async fn play(
    plan: Plan,
    options: &Options,
    show_progress: bool,
) -> Result<Outcome, SimulateError> {
    let client = Client::new(options)?;
    if plan.needs_admin() && !client.has_admin_token() {
        return Err(SimulateError::NeedsAdminToken(plan.scenario));
    }
    let plan = Arc::new(plan);
    let context = Arc::new(Context {
        registry: Registry::new(plan.people.len(), plan.groups.len()),
        plan: Arc::clone(&plan),
        client,
        counters: Counters::default(),
        stop: AtomicBool::new(false),
    });
    let progress = Progress::new(plan.op_count(), show_progress);
    let started = Instant::now();
    let mut notes = Vec::new();
    let result = async {
        for (index, step) in plan.steps.iter().enumerate() {
            match step {
                Step::Admin(admin) => admin_step(&context, admin, &progress, &mut notes).await?,
                Step::Phase(phase) => {
                    progress.phase(&phase.title);
                    run_phase(&context, index, usize::from(options.concurrency), &progress).await?;
                }
            }
        }
        Ok::<(), SimulateError>(())
    }
    .await;
    progress.finish();
    result?;
    let header = Header {
        scenario: plan.scenario,
        seed: plan.seed,
        dialect: plan.dialect,
        people: plan.people.len(),
        groups: plan.groups.len(),
    };
    let mut summary =
        context
            .counters
            .summary(header, plan.expected.failures.clone(), started.elapsed());
    summary.notes = notes;
    Ok(Outcome {
        plan: Arc::clone(&plan),
        summary,
        people: context.registry.people(),
        groups: context.registry.groups(),
        invited: context.registry.invited(),
    })
}

/// Runs the operations of the phase at `plan.steps[index]` on up to `workers` tasks.
async fn run_phase(
    context: &Arc<Context>,
    index: usize,
    workers: usize,
    progress: &Progress,
) -> Result<(), SimulateError> {
    let count = match context.plan.steps.get(index) {
        Some(Step::Phase(phase)) => phase.ops.len(),
        _ => 0,
    };
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = JoinSet::new();
    for _ in 0..workers.min(count) {
        let context = Arc::clone(context);
        let next = Arc::clone(&next);
        let progress = progress.clone();
        tasks.spawn(async move {
            while !context.stop.load(Ordering::Relaxed) {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(Step::Phase(phase)) = context.plan.steps.get(index) else {
                    break;
                };
                let Some(op) = phase.ops.get(i) else { break };
                if let Err(error) = run_op(&context, op).await {
                    context.stop.store(true, Ordering::Relaxed);
                    return Err(error);
                }
                progress.done();
            }
            Ok(())
        });
    }
    let mut first_error = None;
    while let Some(joined) = tasks.join_next().await {
        let error = match joined {
            Ok(Ok(())) => continue,
            Ok(Err(error)) => error,
            Err(join_error) => SimulateError::Worker(join_error.to_string()),
        };
        first_error.get_or_insert(error);
    }
    first_error.map_or(Ok(()), Err)
}

impl Context {
    async fn send(&self, request: &Request) -> Result<Answer, SimulateError> {
        self.client.scim(request, &self.counters).await
    }

    /// The person's id, or `None` (and the operation counted as skipped).
    fn person_id(&self, person: PersonId) -> Option<String> {
        let id = self.registry.person(person);
        if id.is_none() {
            self.counters.skipped();
        }
        id
    }
}

async fn run_op(context: &Context, op: &Op) -> Result<(), SimulateError> {
    let plan = &context.plan;
    match op {
        Op::ProvisionUser(p, profile) => provision(context, *p, profile).await,
        Op::UpdateUser(p, profile, changes) => {
            if let Some(id) = context.person_id(*p) {
                let person = plan.person(*p);
                context
                    .send(&person.dialect.update_user(&id, person, profile, changes))
                    .await?;
            }
            Ok(())
        }
        Op::SetActive(p, active) => {
            if let Some(id) = context.person_id(*p) {
                context
                    .send(&plan.person(*p).dialect.set_active(&id, *active))
                    .await?;
            }
            Ok(())
        }
        Op::PushGroup(g, members) => push_group(context, *g, members).await,
        Op::UpdateMembers {
            group,
            add,
            remove,
            after,
        } => {
            let Some(id) = context.registry.group(*group) else {
                context.counters.skipped();
                return Ok(());
            };
            let ids = &context.registry;
            let requests = plan.group(*group).dialect.update_members(
                &id,
                &plan.member_refs(add, ids),
                &plan.member_refs(remove, ids),
                &plan.member_refs(after, ids),
            );
            for request in &requests {
                context.send(request).await?;
            }
            Ok(())
        }
        Op::CreateWithoutUserName(..) | Op::RevokedToken(_) => {
            for request in plan.happy_path(op, &context.registry) {
                context.send(&request).await?;
            }
            Ok(())
        }
        Op::BadPatchPath(p) => {
            if let Some(id) = context.person_id(*p) {
                let person = plan.person(*p);
                context
                    .send(&person.dialect.bad_patch_path(&id, person))
                    .await?;
            }
            Ok(())
        }
    }
}

/// Lookup; then create, or link and re-sync what the lookup found.
async fn provision(context: &Context, p: PersonId, profile: &Profile) -> Result<(), SimulateError> {
    let person = context.plan.person(p);
    let dialect = person.dialect;
    let found = context.send(&dialect.find_user(&person.user_name)).await?;
    if !found.ok() {
        return Ok(());
    }
    if let Some(id) = found.first_listed_id() {
        context.registry.set_person(p, id.clone());
        let update = dialect.update_user(&id, person, profile, &profile.all_changes());
        context.send(&update).await?;
        return Ok(());
    }
    let created = context.send(&dialect.create_user(person, profile)).await?;
    if let Some(id) = created.id().filter(|_| created.ok()) {
        context.registry.set_person(p, id);
    }
    Ok(())
}

/// Lookup by name; create empty if absent; (Entra) read back; link the members.
async fn push_group(
    context: &Context,
    g: GroupId,
    members: &[PersonId],
) -> Result<(), SimulateError> {
    let plan = &context.plan;
    let group = plan.group(g);
    let dialect = group.dialect;
    let found = context
        .send(&dialect.find_group(&group.display_name))
        .await?;
    if !found.ok() {
        return Ok(());
    }
    let id = match found.first_listed_id() {
        Some(id) => id,
        None => {
            let created = context.send(&dialect.create_group(group)).await?;
            match created.id().filter(|_| created.ok()) {
                Some(id) => id,
                None => return Ok(()),
            }
        }
    };
    context.registry.set_group(g, id.clone());
    if let Some(confirm) = dialect.confirm_group(&id)
        && !context.send(&confirm).await?.ok()
    {
        return Ok(());
    }
    let members = plan.member_refs(members, &context.registry);
    for request in dialect.push_members(&id, &members) {
        context.send(&request).await?;
    }
    Ok(())
}

async fn admin_step(
    context: &Context,
    step: &AdminStep,
    progress: &Progress,
    notes: &mut Vec<String>,
) -> Result<(), SimulateError> {
    let plan = &context.plan;
    let client = &context.client;
    let words = plan.describe(step);
    if !client.has_admin_token() {
        notes.push(format!("no admin token: \"{words}\" was skipped"));
        return Ok(());
    }
    progress.note(&format!("admin: {words}"));
    match step {
        AdminStep::EnsureFreeSeats(free) => {
            let seats = client.status(&words).await?.seats;
            let wanted = seats.used.saturating_add(*free);
            if seats.limit < wanted {
                let change = SettingsUpdate {
                    scim_enabled: None,
                    seat_limit: Some(wanted),
                };
                client.settings(change, &words).await?;
            }
        }
        AdminStep::SetFreeSeats(free) => {
            let seats = client.status(&words).await?.seats;
            let change = SettingsUpdate {
                scim_enabled: None,
                seat_limit: Some(seats.used.saturating_add(*free)),
            };
            client.settings(change, &words).await?;
        }
        AdminStep::SetScim(on) => {
            let change = SettingsUpdate {
                scim_enabled: Some(*on),
                seat_limit: None,
            };
            client.settings(change, &words).await?;
        }
        AdminStep::Invite(p, kind) => {
            let person = plan.person(*p);
            let display_name = display_name_of(&person.email);
            let invited = client
                .invite(&person.email, display_name, *kind, &words)
                .await?;
            context.registry.set_invited(*p, invited.id);
        }
        AdminStep::DeleteGroup(g) => match context.registry.group(*g) {
            Some(id) => client.delete_group(&id, &words).await?,
            None => {
                notes.push(format!(
                    "\"{words}\" was skipped: the group was never created"
                ));
                return Ok(());
            }
        },
    }
    context.counters.admin_step();
    Ok(())
}

/// "Ada Lovelace" for `ada.lovelace@example.com`: how an admin types an invitee's name.
fn display_name_of(email: &str) -> String {
    email
        .split('@')
        .next()
        .unwrap_or_default()
        .split('.')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invitee_is_named_after_the_email() {
        assert_eq!(display_name_of("ada.lovelace@example.com"), "Ada Lovelace");
        assert_eq!(display_name_of("zoe@example.com"), "Zoe");
    }
}
