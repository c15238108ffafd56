//! Re-push from the project side (PRODUCT.md): in one write transaction, re-apply the last
//! state the IdP pushed for some groups — restore them under the same id, provision the members
//! whose own provisioning failed from the IdP's last payload, link every member — after the
//! shared capacity rule (`scim_sync_core::capacity`) says the seats suffice. All or nothing:
//! the admin's audit entry and the `repush.completed` webhook event commit with it.

use std::collections::HashMap;

use scim_sync_core::api::{IdentityKind, RepushOutcome};
use scim_sync_core::capacity::{
    self, GroupMember, GroupMembers, MemberRef as PlanMember, MemberState, RepushMode, RepushPlan,
};
use scim_sync_core::webhooks::REPUSH_COMPLETED;
use serde_json::{Value, json};

use super::groups::{self as group_rules, GroupWriteError};
use crate::alerts::queue;
use crate::domain::identity::{IdentityDraft, Origin};
use crate::domain::project::ProjectId;
use crate::scim::user_body;
use crate::store::audit::Actor;
use crate::store::groups::{self, Group, GroupState, MemberRef};
use crate::store::{ProjectDb, StoreError, Tx, events, identities, webhooks};

/// A member whose own provisioning failed, with the IdP's last payload for it.
#[derive(Debug, Clone)]
struct Payload {
    draft: IdentityDraft,
    resource: Value,
}

/// A group's members resolved against the project: the capacity rule's input, the payloads of
/// the members to create, and which pushed reference each plan key stands for.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The capacity rule's input for this group.
    pub members: GroupMembers,
    payloads: HashMap<String, Payload>,
    pushed: Vec<(MemberRef, String)>,
}

/// Resolves the IdP's last pushed member list of a group: each member is provisioned (an
/// identity with that id, or with that userName), failed with a stored payload (the newest
/// failed `POST /Users` for that userName still holds its body), or without a payload.
pub async fn resolve(
    tx: &mut Tx,
    project: ProjectId,
    group: &Group,
) -> Result<Resolved, StoreError> {
    let pushed = groups::pushed_members(tx, &group.id).await?;
    let mut members = Vec::with_capacity(pushed.len());
    let mut payloads = HashMap::new();
    let mut keyed = Vec::with_capacity(pushed.len());
    for reference in pushed {
        let name = reference
            .display
            .clone()
            .unwrap_or_else(|| reference.value.clone());
        let found = match identities::find_in(tx, project, &reference.value).await? {
            Some(identity) => Some(identity),
            None => identities::find_in(tx, project, &name).await?,
        };
        let (member, state) = if let Some(identity) = found {
            (
                PlanMember::provisioned(identity.id.clone(), name.clone()),
                MemberState::Provisioned,
            )
        } else if let Some(payload) = stored_payload(tx, project, &name).await? {
            let state = MemberState::FailedWithPayload {
                team_account: payload.draft.kind == IdentityKind::User,
                active: payload.draft.active,
            };
            let member = PlanMember::unprovisioned(&name, name.clone());
            payloads.insert(member.key.clone(), payload);
            (member, state)
        } else {
            (
                PlanMember::unprovisioned(&name, name.clone()),
                MemberState::NoPayload,
            )
        };
        keyed.push((reference, member.key.clone()));
        members.push(GroupMember::new(member, state));
    }
    Ok(Resolved {
        members: GroupMembers {
            group_id: group.id.clone(),
            display_name: group.display_name.clone(),
            members,
        },
        payloads,
        pushed: keyed,
    })
}

async fn stored_payload(
    tx: &mut Tx,
    project: ProjectId,
    user_name: &str,
) -> Result<Option<Payload>, StoreError> {
    let Some(body) = events::last_failed_user_create(tx, project, user_name).await? else {
        return Ok(None);
    };
    let Ok(json) = serde_json::from_str::<Value>(&body) else {
        return Ok(None);
    };
    Ok(user_body::parse(&json).ok().map(|draft| Payload {
        draft,
        resource: user_body::resource_to_store(&json),
    }))
}

/// Why a re-push was refused; nothing changed.
#[derive(Debug, thiserror::Error)]
pub enum RepushError {
    /// A group id that does not exist.
    #[error("no group {0}")]
    UnknownGroup(String),
    /// The seats do not suffice; the plan says by how much.
    #[error("not enough licence seats")]
    NoSeat(Box<RepushPlan>),
    /// A live group took a restored group's name, or a member to create appeared meanwhile.
    #[error("conflict: {0}")]
    Conflict(String),
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<GroupWriteError> for RepushError {
    fn from(error: GroupWriteError) -> RepushError {
        match error {
            GroupWriteError::Duplicate(name) => {
                RepushError::Conflict(format!("a live group is already named {name:?}"))
            }
            GroupWriteError::Store(e) => RepushError::Store(e),
            other => RepushError::Conflict(other.to_string()),
        }
    }
}

/// What a re-push did.
#[derive(Debug, Clone)]
pub struct Done {
    /// The plan it carried out.
    pub plan: RepushPlan,
    /// Groups restored under their own id.
    pub restored: Vec<String>,
}

/// Re-pushes the groups, reporting progress as `(done, total)` members linked; the admin's
/// action is recorded in the same transaction, with the summary `describe` gives of it, and
/// the `repush.completed` event is queued for the project's webhooks.
pub async fn repush(
    db: &ProjectDb,
    group_ids: &[String],
    mode: RepushMode,
    progress: impl Fn(u32, u32),
    actor: Actor<'_>,
    describe: impl FnOnce(&Done) -> String,
) -> Result<Done, RepushError> {
    let project = db.id();
    let mut tx = db.begin_write().await?;
    let mut targets = Vec::with_capacity(group_ids.len());
    for id in group_ids {
        let group = groups::get_in(&mut tx, project, id)
            .await?
            .ok_or_else(|| RepushError::UnknownGroup(id.clone()))?;
        let resolved = resolve(&mut tx, project, &group).await?;
        targets.push((group, resolved));
    }
    let inputs: Vec<GroupMembers> = targets.iter().map(|(_, r)| r.members.clone()).collect();
    let seats = identities::seat_usage(&mut tx, project).await?;
    let plan = capacity::plan_with(&inputs, seats, mode);
    if plan.ensure_fits().is_err() {
        return Err(RepushError::NoSeat(Box::new(plan)));
    }

    let mut restored = Vec::new();
    for (group, _) in &targets {
        if group.state != GroupState::Active {
            group_rules::restore_in(&mut tx, project, group).await?;
            restored.push(group.id.clone());
        }
    }

    // Provision the failed members, each once even when shared by several groups.
    let mut created: HashMap<String, String> = HashMap::new();
    let to_create = plan
        .to_create_as_users
        .iter()
        .chain(&plan.to_create_as_inactive_users)
        .chain(&plan.to_create_as_readers);
    for member in to_create {
        let Some(payload) = targets
            .iter()
            .find_map(|(_, r)| r.payloads.get(&member.key))
        else {
            continue;
        };
        let mut draft = payload.draft.clone();
        if mode == RepushMode::MembersAsReaders {
            draft.kind = IdentityKind::Reader;
        }
        let id = uuid::Uuid::new_v4().to_string();
        match identities::insert(
            &mut tx,
            project,
            &id,
            &draft,
            Origin::Scim,
            &payload.resource,
        )
        .await
        {
            Ok(()) => {}
            Err(e) if e.is_unique_violation() => {
                return Err(RepushError::Conflict(format!(
                    "{} was provisioned meanwhile; open the plan again",
                    draft.user_name.as_str()
                )));
            }
            Err(e) => return Err(e.into()),
        }
        created.insert(member.key.clone(), id);
    }

    // Link every member that exists now; the pushed list keeps the members still missing.
    let total = u32::try_from(targets.iter().map(|(_, r)| r.pushed.len()).sum::<usize>())
        .unwrap_or(u32::MAX);
    let mut done = 0u32;
    // A plan key's identity id once the members are created: the created one, or the
    // provisioned member's own id (its key).
    let id_of = |resolved: &Resolved, key: &str| -> Option<String> {
        created.get(key).cloned().or_else(|| {
            resolved
                .members
                .members
                .iter()
                .find(|m| m.member.key == key && m.state == MemberState::Provisioned)
                .map(|m| m.member.key.clone())
        })
    };
    for (group, resolved) in &targets {
        let mut members = Vec::with_capacity(resolved.pushed.len());
        let mut linkable = Vec::with_capacity(resolved.pushed.len());
        for (reference, key) in &resolved.pushed {
            let id = id_of(resolved, key);
            let member = MemberRef {
                value: id.clone().unwrap_or_else(|| reference.value.clone()),
                display: reference.display.clone(),
            };
            if id.is_some() {
                linkable.push(member.clone());
            }
            members.push(member);
        }
        group_rules::relink_in(&mut tx, project, &group.id, &linkable).await?;
        groups::set_pushed(&mut tx, &group.id, &members).await?;
        done = done.saturating_add(u32::try_from(members.len()).unwrap_or(u32::MAX));
        progress(done, total);
    }
    let done = Done { plan, restored };
    actor.record_in(&mut tx, project, &describe(&done)).await?;
    let outcome = RepushOutcome {
        plan: done.plan.clone(),
        restored: done.restored.clone(),
    };
    let event = queue::body(
        REPUSH_COMPLETED,
        project,
        json!({ "group_ids": group_ids, "outcome": outcome }),
    );
    webhooks::enqueue_in(&mut tx, project, None, REPUSH_COMPLETED, &event).await?;
    tx.commit().await?;
    Ok(done)
}
