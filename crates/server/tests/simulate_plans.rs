//! The simulator's plans, without a server: a seed decides every request.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use scim_sync_server::simulate::plan::{AdminStep, Step};
use scim_sync_server::simulate::{self, DialectChoice, Options, Scenario};

fn options(scenario: Scenario, seed: u64, dialect: DialectChoice) -> Options {
    let mut options = Options::new("http://127.0.0.1:9", "token", scenario);
    options.seed = seed;
    options.dialect = dialect;
    options
}

#[test]
fn the_same_seed_plans_the_same_request_sequence_for_every_scenario_and_dialect() {
    for scenario in Scenario::ALL {
        for dialect in [
            DialectChoice::Okta,
            DialectChoice::Entra,
            DialectChoice::Mixed,
        ] {
            let first = simulate::plan(&options(scenario, 2024, dialect)).preview();
            let second = simulate::plan(&options(scenario, 2024, dialect)).preview();

            assert_eq!(first, second, "{scenario} {dialect}");
            assert!(first.len() > 3, "{scenario} plans some requests");
        }
    }
}

#[test]
fn another_seed_plans_another_request_sequence() {
    let a = simulate::plan(&options(Scenario::Demo, 1, DialectChoice::Mixed)).preview();
    let b = simulate::plan(&options(Scenario::Demo, 2, DialectChoice::Mixed)).preview();

    assert_ne!(a, b);
}

#[test]
fn the_plan_speaks_the_chosen_dialect() {
    let okta = simulate::plan(&options(Scenario::Onboarding, 1, DialectChoice::Okta)).preview();
    let entra = simulate::plan(&options(Scenario::Onboarding, 1, DialectChoice::Entra)).preview();

    assert!(okta.iter().any(|l| l.contains("Okta PATCH /Groups/group-0")
        && l.contains(r#""op":"replace","path":"members""#)));
    assert!(okta.iter().all(|l| !l.contains("Entra ")));
    assert!(
        entra
            .iter()
            .any(|l| l.contains("Entra GET /Groups/group-0?excludedAttributes=members"))
    );
    assert!(
        entra
            .iter()
            .any(|l| l.contains(r#""op":"Add","path":"members""#))
    );
    assert!(
        entra
            .iter()
            .any(|l| l.contains(r#""isTeamAccount":"True""#))
    );
}

#[test]
fn a_plan_says_what_it_leads_to_on_an_empty_project() {
    let mut o = options(Scenario::LicenceLimit, 9, DialectChoice::Okta);
    o.users = Some(30);

    let plan = simulate::plan(&o);

    let licence = Step::Admin(AdminStep::SetFreeSeats(
        u32::try_from(plan.expected.seats).unwrap(),
    ));
    assert_eq!(
        plan.steps[0], licence,
        "the licence fits the first wave exactly"
    );
    assert!(plan.needs_admin());
    assert!(plan.expected.failures.len() >= 2);
}
