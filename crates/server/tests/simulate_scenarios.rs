//! The IdP simulator against a real server over HTTP: each scenario leaves the project in the
//! state it tells, and the server records the failures the simulator counted.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use reqwest::Method;
use scim_sync_core::category::FailureCategory;
use scim_sync_server::simulate::client::OLD_CONNECTION;
use scim_sync_server::simulate::people::{GroupId, PersonId};
use scim_sync_server::simulate::{self, DialectChoice, Options, Outcome, Scenario};
use serde_json::Value;
use support::*;

/// Plays `scenario` with the admin token, 4 in flight, after `tweak`.
async fn simulate(app: &TestApp, scenario: Scenario, tweak: impl FnOnce(&mut Options)) -> Outcome {
    let mut options = Options::new(&app.base, SCIM_TOKEN, scenario);
    options.admin_token = Some(ADMIN_TOKEN.into());
    options.concurrency = 4;
    tweak(&mut options);
    simulate::run(&options, false)
        .await
        .expect("the simulator runs to the end")
}

fn codes(counts: &BTreeMap<FailureCategory, u64>) -> BTreeMap<String, u64> {
    counts
        .iter()
        .map(|(c, n)| (c.code().to_owned(), *n))
        .collect()
}

/// Failures per category of the server's last run.
fn recorded(status: &Value) -> BTreeMap<String, u64> {
    status["last_run"]["failures_by_category"]
        .as_array()
        .map(|counts| {
            counts
                .iter()
                .map(|c| {
                    (
                        c["category"].as_str().unwrap().to_owned(),
                        c["count"].as_u64().unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Seats and Readers are what the plan said, and the simulator counted the planned failures.
async fn assert_state_as_planned(app: &TestApp, outcome: &Outcome) -> Value {
    let expected = &outcome.plan.expected;
    let status = app.status().await;
    assert_eq!(status["seats"]["used"], expected.seats, "seats used");
    assert_eq!(status["readers"], expected.readers, "readers");
    assert_eq!(
        codes(&outcome.summary.failures),
        codes(&expected.failures),
        "the simulator's counts\n{}",
        outcome.summary
    );
    status
}

/// [`assert_state_as_planned`], and the server recorded every request and the same failures.
async fn assert_as_planned(app: &TestApp, outcome: &Outcome) -> Value {
    let expected = &outcome.plan.expected;
    let status = assert_state_as_planned(app, outcome).await;
    let mut main_run = expected.failures.clone();
    main_run.remove(&FailureCategory::Auth); // a revoked token's requests are a run of their own
    assert_eq!(recorded(&status), codes(&main_run), "the server's records");
    assert_eq!(
        status["last_run"]["requests"].as_u64().unwrap(),
        outcome.summary.sent - outcome.summary.failed_with(FailureCategory::Auth),
        "every request the simulator sent is recorded"
    );
    status
}

async fn get(app: &TestApp, path: &str) -> (u16, Value) {
    let response = app.scim(Method::GET, path).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn group(app: &TestApp, outcome: &Outcome, g: GroupId) -> (u16, Value) {
    let id = outcome.group_id(g).expect("the group was created");
    get(app, &format!("/Groups/{id}")).await
}

/// The group as the dashboard sees it (`GET /api/v1/groups/{id}`).
async fn dashboard_group(app: &TestApp, outcome: &Outcome, g: GroupId) -> Value {
    let id = outcome.group_id(g).expect("the group was created");
    let response = app.admin(&format!("/groups/{id}")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let detail: Value = response.json().await.unwrap();
    detail["summary"].clone()
}

fn member_ids(group: &Value) -> Vec<String> {
    group["members"]
        .as_array()
        .map(|m| {
            m.iter()
                .map(|m| m["value"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn an_okta_onboarding_provisions_users_and_readers_and_links_every_group_member() {
    let app = spawn_app_with_seats(5).await;

    let outcome = simulate(&app, Scenario::Onboarding, |o| {
        o.users = Some(30);
        o.groups = Some(4);
    })
    .await;

    let status = assert_as_planned(&app, &outcome).await;
    assert!(outcome.summary.failures.is_empty(), "{}", outcome.summary);
    assert_eq!(status["last_run"]["idp"], "okta");
    assert!(status["seats"]["limit"].as_u64().unwrap() >= outcome.plan.expected.seats);
    let (seats, readers) = (outcome.plan.expected.seats, outcome.plan.expected.readers);
    assert!(
        seats > readers && readers > 0,
        "about 70% Users: {seats} / {readers}"
    );
    for g in 0..4 {
        let (code, body) = group(&app, &outcome, GroupId(g)).await;
        assert_eq!(code, 200);
        assert!(!member_ids(&body).is_empty(), "group {g} has its members");
    }
}

#[tokio::test]
async fn an_entra_onboarding_adds_members_in_batches_and_is_recorded_as_entra() {
    let app = spawn_app().await;

    let outcome = simulate(&app, Scenario::Onboarding, |o| {
        o.users = Some(120);
        o.groups = Some(1);
        o.dialect = DialectChoice::Entra;
        o.seed = 3;
    })
    .await;

    let status = assert_as_planned(&app, &outcome).await;
    assert!(outcome.summary.failures.is_empty(), "{}", outcome.summary);
    assert_eq!(status["last_run"]["idp"], "entra");
    let (code, body) = group(&app, &outcome, GroupId(0)).await;
    assert_eq!(code, 200);
    let Some(simulate::plan::Step::Phase(push)) = outcome.plan.steps.last() else {
        panic!("the last step pushes the group");
    };
    let Some(simulate::plan::Op::PushGroup(_, members)) = push.ops.first() else {
        panic!("a group push");
    };
    assert_eq!(member_ids(&body).len(), members.len());
}

#[tokio::test]
async fn onboarding_the_same_people_again_links_them_instead_of_creating_duplicates() {
    let app = spawn_app().await;
    let first = simulate(&app, Scenario::Onboarding, |o| {
        o.users = Some(12);
        o.groups = Some(2);
        o.dialect = DialectChoice::Mixed;
    })
    .await;

    let second = simulate(&app, Scenario::Onboarding, |o| {
        o.users = Some(12);
        o.groups = Some(2);
        o.dialect = DialectChoice::Mixed;
    })
    .await;

    assert!(second.summary.failures.is_empty(), "{}", second.summary);
    assert_eq!(
        first.people, second.people,
        "the lookups found the same ids"
    );
    assert_eq!(first.groups, second.groups);
    let status = assert_state_as_planned(&app, &second).await;
    assert_eq!(
        status["last_run"]["requests"].as_u64().unwrap(),
        first.summary.sent + second.summary.sent,
        "both passes are one run"
    );
}

#[tokio::test]
async fn a_steady_day_of_okta_changes_leaves_seats_only_for_active_users() {
    let app = spawn_app().await;

    let outcome = simulate(&app, Scenario::Steady, |o| {
        o.users = Some(40);
        o.groups = Some(3);
    })
    .await;

    assert_as_planned(&app, &outcome).await;
    assert!(outcome.summary.failures.is_empty(), "{}", outcome.summary);
    assert_eq!(outcome.summary.skipped, 0);
}

#[tokio::test]
async fn a_steady_day_in_mixed_dialects_leaves_seats_only_for_active_users() {
    let app = spawn_app().await;

    let outcome = simulate(&app, Scenario::Steady, |o| {
        o.users = Some(40);
        o.groups = Some(3);
        o.dialect = DialectChoice::Mixed;
        o.seed = 11;
    })
    .await;

    assert_as_planned(&app, &outcome).await;
    assert!(outcome.summary.failures.is_empty(), "{}", outcome.summary);
}

#[tokio::test]
async fn a_second_account_with_someones_email_is_refused_as_a_duplicate_user() {
    let app = spawn_app().await;

    let outcome = simulate(&app, Scenario::DuplicateUser, |o| o.users = Some(20)).await;

    assert_as_planned(&app, &outcome).await;
    assert_eq!(
        outcome.summary.failed_with(FailureCategory::DuplicateUser),
        2
    );
    assert_eq!(outcome.summary.failed, 2, "{}", outcome.summary);
}

#[tokio::test]
async fn users_beyond_the_seat_limit_are_refused_and_the_group_naming_them_exists_unlinked() {
    let app = spawn_app().await;

    let outcome = simulate(&app, Scenario::LicenceLimit, |o| {
        o.users = Some(18);
        o.groups = Some(2);
    })
    .await;

    let status = assert_as_planned(&app, &outcome).await;
    assert_eq!(
        status["seats"]["used"], status["seats"]["limit"],
        "every seat is taken"
    );
    assert!(outcome.summary.failed_with(FailureCategory::LicenceLimit) >= 1);
    assert_eq!(
        outcome
            .summary
            .failed_with(FailureCategory::MemberNotProvisioned),
        1,
        "Okta's one full replace of the members is refused"
    );
    let blocked = GroupId(outcome.plan.groups.len() - 1);
    let (code, body) = group(&app, &outcome, blocked).await;
    assert_eq!(code, 200, "the blocked group exists, with an id");
    assert!(member_ids(&body).is_empty(), "no member was linked");
    let summary = dashboard_group(&app, &outcome, blocked).await;
    assert_eq!(summary["state"], "failed");
    let Some(simulate::plan::Step::Phase(push)) = outcome.plan.steps.last() else {
        panic!("the last step pushes the blocked group");
    };
    let Some(simulate::plan::Op::PushGroup(_, members)) = push.ops.first() else {
        panic!("a group push");
    };
    assert_eq!(
        summary["pushed_member_count"].as_u64().unwrap(),
        members.len() as u64,
        "the server kept the IdP's payload for a re-push"
    );
}

#[tokio::test]
async fn a_reader_pushed_for_a_project_native_user_is_refused_until_the_okta_toggle_makes_it_a_reader()
 {
    a_reader_pushed_for_a_project_native_user_ends_a_reader(DialectChoice::Okta).await;
}

#[tokio::test]
async fn a_reader_pushed_for_a_project_native_user_is_refused_until_the_entra_toggle_makes_it_a_reader()
 {
    a_reader_pushed_for_a_project_native_user_ends_a_reader(DialectChoice::Entra).await;
}

async fn a_reader_pushed_for_a_project_native_user_ends_a_reader(dialect: DialectChoice) {
    let app = spawn_app_with_seats(2).await;

    let outcome = simulate(&app, Scenario::UserAlreadyExists, |o| {
        o.users = Some(2);
        o.dialect = dialect;
    })
    .await;

    let status = assert_as_planned(&app, &outcome).await;
    assert_eq!(
        outcome
            .summary
            .failed_with(FailureCategory::UserAlreadyExists),
        2
    );
    assert_eq!(status["seats"]["used"], 0, "the seats are free again");
    assert_eq!(status["readers"], 2);
    for p in 0..2 {
        let id = outcome.person_id(PersonId(p)).expect("adopted");
        assert_eq!(
            Some(id),
            outcome.invited[p].as_deref(),
            "the invited identity was adopted, same id"
        );
        let (code, user) = get(&app, &format!("/Users/{id}")).await;
        assert_eq!(code, 200);
        let extension = &user["urn:ietf:params:scim:schemas:extension:document360:2.0:User"];
        assert_eq!(extension["isTeamAccount"], false, "{user}");
    }
}

#[tokio::test]
async fn a_group_deleted_in_the_project_answers_the_idps_next_patch_with_404() {
    let app = spawn_app().await;

    let outcome = simulate(&app, Scenario::GroupDeletedInProject, |o| {
        o.users = Some(6);
        o.groups = Some(2);
    })
    .await;

    assert_as_planned(&app, &outcome).await;
    assert_eq!(
        outcome
            .summary
            .failed_with(FailureCategory::GroupDeletedInProject),
        1
    );
    assert_eq!(group(&app, &outcome, GroupId(0)).await.0, 404);
    assert_eq!(
        dashboard_group(&app, &outcome, GroupId(0)).await["state"],
        "deleted_in_project"
    );
    let (code, other) = group(&app, &outcome, GroupId(1)).await;
    assert_eq!(code, 200, "the other group took the change");
    let newcomer = outcome.person_id(PersonId(5)).unwrap().to_owned();
    assert!(member_ids(&other).contains(&newcomer));
}

#[tokio::test]
async fn a_group_deleted_while_scim_was_disabled_stays_deleted_after_scim_is_back_on() {
    let app = spawn_app().await;

    let outcome = simulate(&app, Scenario::GroupDeletedWhileScimDisabled, |o| {
        o.users = Some(6);
        o.groups = Some(2);
        o.dialect = DialectChoice::Entra;
    })
    .await;

    let status = assert_as_planned(&app, &outcome).await;
    assert_eq!(status["scim_enabled"], true);
    assert_eq!(
        outcome.summary.failed_with(FailureCategory::ScimDisabled),
        1
    );
    assert_eq!(
        outcome
            .summary
            .failed_with(FailureCategory::GroupDeletedInProject),
        1
    );
    assert_eq!(group(&app, &outcome, GroupId(0)).await.0, 404);
    assert_eq!(
        dashboard_group(&app, &outcome, GroupId(0)).await["state"],
        "deleted_while_scim_disabled"
    );
    assert_eq!(group(&app, &outcome, GroupId(1)).await.0, 200);
}

#[tokio::test]
async fn broken_attribute_mappings_are_refused_as_validation_errors() {
    let app = spawn_app().await;

    let outcome = simulate(&app, Scenario::Validation, |o| o.users = Some(5)).await;

    assert_as_planned(&app, &outcome).await;
    assert_eq!(outcome.summary.failed_with(FailureCategory::Validation), 3);
    assert_eq!(outcome.summary.failed, 3, "{}", outcome.summary);
}

#[tokio::test]
async fn the_demo_meets_every_category_an_admin_can_meet() {
    let app = spawn_app().await;

    let outcome = simulate(&app, Scenario::Demo, |o| o.concurrency = 8).await;

    let status = assert_as_planned(&app, &outcome).await;
    // The old connection's token was revoked before the IdP used it: the server records the
    // refusal in the project, under that connection.
    let (_, refused) = app.admin_get("/failures?category=auth").await;
    let refused = refused["items"].as_array().unwrap();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0]["connection"], OLD_CONNECTION);
    assert_eq!(refused[0]["status"], 401);
    for category in FailureCategory::ALL {
        if category != FailureCategory::Internal {
            assert!(
                outcome.summary.failed_with(category) > 0,
                "{category:?}\n{}",
                outcome.summary
            );
        }
    }
    assert!(status["readers"].as_u64().unwrap() > 0);
    assert!(status["seats"]["used"].as_u64().unwrap() > 0);
}

#[tokio::test]
async fn the_rate_limit_paces_the_requests() {
    let app = spawn_app().await;
    let started = Instant::now();

    let outcome = simulate(&app, Scenario::Onboarding, |o| {
        o.users = Some(10);
        o.groups = Some(0);
        o.rate = 40;
    })
    .await;

    assert_eq!(outcome.summary.sent, 20);
    assert!(
        started.elapsed() >= Duration::from_millis(19 * 1000 / 40),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_server_that_does_not_answer_stops_the_simulator_with_an_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let options = Options::new(url, SCIM_TOKEN, Scenario::Onboarding);

    let error = simulate::run(&options, false).await.unwrap_err();

    assert!(
        matches!(error, simulate::SimulateError::Transport { .. }),
        "{error}"
    );
}

#[tokio::test]
async fn a_scenario_that_sets_the_stage_refuses_to_start_without_an_admin_token() {
    let app = spawn_app().await;
    let options = Options::new(&app.base, SCIM_TOKEN, Scenario::LicenceLimit);

    let error = simulate::run(&options, false).await.unwrap_err();

    assert!(error.to_string().contains("--admin-token"), "{error}");
    assert_eq!(
        app.status().await["last_run"],
        Value::Null,
        "nothing was sent"
    );
}

#[tokio::test]
async fn a_wrong_scim_token_is_counted_as_auth_failures_not_a_simulator_error() {
    let app = spawn_app().await;
    let options = Options::new(&app.base, "not-the-token", Scenario::Onboarding);

    let outcome = simulate::run(&options, false).await.unwrap();

    assert_eq!(
        outcome.summary.failed_with(FailureCategory::Auth),
        outcome.summary.sent
    );
    assert_eq!(app.status().await["seats"]["used"], 0);
}
