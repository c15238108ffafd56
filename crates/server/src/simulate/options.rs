//! `scim-sync-server simulate` options: where to send, which story, how big, how fast.

use clap::ValueEnum;

/// `scim-sync-server simulate` options, each with an environment variable where it is a secret
/// or a location.
#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    /// Base URL of the server: SCIM is under `/scim/v2`, the admin API under `/api/v1`.
    #[arg(long, env = "SSD_URL", default_value = "http://127.0.0.1:8080")]
    pub url: String,
    /// The SCIM bearer token, as configured in the IdP.
    #[arg(
        long,
        env = "SSD_SCIM_TOKEN",
        hide_env_values = true,
        required_unless_present = "dry_run"
    )]
    pub scim_token: Option<String>,
    /// The admin token: scenarios that set the stage as an admin would (seat limit, SCIM off and
    /// on, project-native invites, deleting a group in the project) need it.
    #[arg(long, env = "SSD_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
    /// The story to play.
    #[arg(long, value_enum)]
    pub scenario: Scenario,
    /// How many people the IdP assigns (each scenario has its own default and minimum).
    #[arg(long)]
    pub users: Option<u32>,
    /// How many groups the IdP pushes (each scenario has its own default and minimum).
    #[arg(long)]
    pub groups: Option<u32>,
    /// At most this many SCIM requests per second; 0 means unlimited.
    #[arg(long, default_value_t = 0)]
    pub rate: u32,
    /// The seed: the same seed, scenario, sizes and dialect give the same requests.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Whose SCIM client to imitate; `mixed` picks Okta or Entra per person and group.
    #[arg(long, value_enum, default_value_t = DialectChoice::Okta)]
    pub dialect: DialectChoice,
    /// SCIM requests in flight at once.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub concurrency: u16,
    /// Print the planned requests (ids shown as placeholders) instead of sending them.
    #[arg(long)]
    pub dry_run: bool,
}

impl Options {
    /// Options for `scenario` against `url` with every other setting at its default.
    pub fn new(url: impl Into<String>, scim_token: impl Into<String>, scenario: Scenario) -> Self {
        Options {
            url: url.into(),
            scim_token: Some(scim_token.into()),
            admin_token: None,
            scenario,
            users: None,
            groups: None,
            rate: 0,
            seed: 1,
            dialect: DialectChoice::Okta,
            concurrency: 8,
            dry_run: false,
        }
    }

    /// The number of people the scenario plays with: the flag, else the scenario's default,
    /// never below its minimum.
    pub fn users(&self) -> usize {
        let (default, minimum) = self.scenario.user_sizes();
        to_usize(self.users.unwrap_or(default).max(minimum))
    }

    /// The number of groups the scenario pushes, as for [`Options::users`].
    pub fn groups(&self) -> usize {
        let (default, minimum) = self.scenario.group_sizes();
        to_usize(self.groups.unwrap_or(default).max(minimum))
    }
}

fn to_usize(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// The stories the simulator plays: the steady state, an onboarding, and each failure of
/// PRODUCT.md and the troubleshooting article as an admin meets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum)]
pub enum Scenario {
    /// Provisioned people change: profile updates, deactivations, new hires, promotions.
    Steady,
    /// N people (about 70% Users, 30% Readers) and M groups, mostly successful.
    Onboarding,
    /// A second IdP account with someone's email: 409 `uniqueness`.
    DuplicateUser,
    /// More Users than seats, then a group push that names the blocked members.
    LicenceLimit,
    /// A Reader pushed for a project-native User, then the article's isTeamAccount toggle.
    UserAlreadyExists,
    /// A pushed group deleted by an admin in the project; the IdP's next PATCH gets 404.
    GroupDeletedInProject,
    /// The same, with the group deleted while SCIM was turned off.
    GroupDeletedWhileScimDisabled,
    /// Broken attribute mappings: no userName, an email that is not one, a bad PATCH path.
    Validation,
    /// All of the above in one run against an empty project: what `make run` shows.
    Demo,
}

impl Scenario {
    /// Every scenario, in the order `--help` lists them.
    pub const ALL: [Scenario; 9] = [
        Scenario::Steady,
        Scenario::Onboarding,
        Scenario::DuplicateUser,
        Scenario::LicenceLimit,
        Scenario::UserAlreadyExists,
        Scenario::GroupDeletedInProject,
        Scenario::GroupDeletedWhileScimDisabled,
        Scenario::Validation,
        Scenario::Demo,
    ];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Steady => "steady",
            Scenario::Onboarding => "onboarding",
            Scenario::DuplicateUser => "duplicate-user",
            Scenario::LicenceLimit => "licence-limit",
            Scenario::UserAlreadyExists => "user-already-exists",
            Scenario::GroupDeletedInProject => "group-deleted-in-project",
            Scenario::GroupDeletedWhileScimDisabled => "group-deleted-while-scim-disabled",
            Scenario::Validation => "validation",
            Scenario::Demo => "demo",
        }
    }

    /// Default and minimum `--users`.
    fn user_sizes(self) -> (u32, u32) {
        match self {
            Scenario::Steady => (100, 10),
            Scenario::Onboarding => (200, 1),
            Scenario::DuplicateUser => (20, 2),
            Scenario::LicenceLimit => (30, 3),
            Scenario::UserAlreadyExists => (2, 1),
            Scenario::GroupDeletedInProject | Scenario::GroupDeletedWhileScimDisabled => (6, 2),
            Scenario::Validation => (5, 1),
            Scenario::Demo => (60, 20),
        }
    }

    /// Default and minimum `--groups`.
    fn group_sizes(self) -> (u32, u32) {
        match self {
            Scenario::Steady => (5, 1),
            Scenario::Onboarding => (10, 0),
            Scenario::DuplicateUser | Scenario::UserAlreadyExists | Scenario::Validation => (0, 0),
            Scenario::LicenceLimit => (2, 1),
            Scenario::GroupDeletedInProject | Scenario::GroupDeletedWhileScimDisabled => (2, 1),
            Scenario::Demo => (6, 3),
        }
    }
}

impl std::fmt::Display for Scenario {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Whose SCIM client the simulator imitates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum)]
pub enum DialectChoice {
    /// Okta's SCIM client.
    Okta,
    /// Microsoft Entra ID's provisioning service.
    Entra,
    /// Okta or Entra, picked per person and per group by the seed.
    Mixed,
}

impl std::fmt::Display for DialectChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DialectChoice::Okta => "okta",
            DialectChoice::Entra => "entra",
            DialectChoice::Mixed => "mixed",
        })
    }
}
