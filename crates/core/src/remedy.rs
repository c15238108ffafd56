//! Remedies: for each failure category, what happened in plain words and what to do about it, in
//! the words of the admin's identity provider, plus the dashboard action that fixes it on the
//! project side where there is one.
//!
//! The wording is data: one `Remedy` table entry per category, whose texts are either the same
//! for every IdP or written per IdP. `{idp}` in a text stands for [`Idp::display_name`]. The
//! "User already available in the project" steps follow the help article's documented toggle
//! exactly; the group remedies follow its NOTE (group linking depends on successful user
//! provisioning).

use serde::{Deserialize, Serialize};

use crate::category::FailureCategory;
use crate::idp::Idp;

/// A failure explained to an admin of a given IdP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// The category explained.
    pub category: FailureCategory,
    /// The IdP whose words the steps use.
    pub idp: Idp,
    /// A short heading: the category's title.
    pub title: String,
    /// One or two sentences: what happened and why.
    pub what_happened: String,
    /// What to do, in order: an ordered list.
    pub steps: Vec<String>,
    /// Other ways to the same end, each a sentence starting "Or"/"If": shown after the steps.
    pub alternatives: Vec<String>,
    /// Dashboard actions that help, most useful first; empty when the fix is only in the IdP.
    pub actions: Vec<ProjectAction>,
}

impl Explanation {
    /// The main dashboard action, if the project side can help.
    pub fn project_action(&self) -> Option<ProjectAction> {
        self.actions.first().copied()
    }
}

/// A dashboard action that fixes (part of) a failure on the project side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectAction {
    /// Deactivate Users or turn them into Readers to free licence seats (People page).
    FreeSeats,
    /// Raise the licence's seat limit (Settings).
    RaiseSeatLimit,
    /// Re-push the group from the project side: restore it, provision its failed members from
    /// the IdP's last payload, link every member.
    RepushGroup,
    /// Turn SCIM provisioning on (Settings).
    EnableScim,
    /// Retry the failed request singly.
    Retry,
}

impl ProjectAction {
    /// Every action.
    pub const ALL: [ProjectAction; 5] = [
        ProjectAction::FreeSeats,
        ProjectAction::RaiseSeatLimit,
        ProjectAction::RepushGroup,
        ProjectAction::EnableScim,
        ProjectAction::Retry,
    ];

    /// The text of its button or link.
    pub fn label(self) -> &'static str {
        match self {
            ProjectAction::FreeSeats => "Free seats",
            ProjectAction::RaiseSeatLimit => "Raise the seat limit",
            ProjectAction::RepushGroup => "Re-push group",
            ProjectAction::EnableScim => "Turn SCIM on",
            ProjectAction::Retry => "Retry",
        }
    }

    /// The dashboard page it happens on: a link there. `None`: it acts on the failure or group
    /// in view, a button.
    pub fn page(self) -> Option<DashboardPage> {
        match self {
            ProjectAction::FreeSeats => Some(DashboardPage::People),
            ProjectAction::RaiseSeatLimit | ProjectAction::EnableScim => {
                Some(DashboardPage::Settings)
            }
            ProjectAction::RepushGroup | ProjectAction::Retry => None,
        }
    }
}

/// A dashboard page a [`ProjectAction`] links to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DashboardPage {
    /// Users and Readers: where seats are freed.
    People,
    /// SCIM on/off and the licence's seat limit.
    Settings,
}

/// The explanation of `category` in the words of `idp`.
pub fn explain(category: FailureCategory, idp: Idp) -> Explanation {
    let remedy = remedy(category);
    Explanation {
        category,
        idp,
        title: category.title().to_owned(),
        what_happened: fill(remedy.what_happened, idp),
        steps: texts(remedy.steps, idp),
        alternatives: texts(remedy.alternatives, idp),
        actions: remedy.actions.to_vec(),
    }
}

/// How to make `idp` send a member that failed again, then its group, in its own words: the
/// sentence starts "Or" (it is one of the `member_not_provisioned` alternatives).
pub fn resend_member(idp: Idp) -> String {
    fill(RESEND_MEMBER.for_idp(idp), idp)
}

/// What to check when a connection has gone quiet, in the words of `idp`.
pub fn silent_connection(idp: Idp) -> String {
    fill(SILENT_CONNECTION.for_idp(idp), idp)
}

const SILENT_CONNECTION: Text = Text::PerIdp {
    okta: "In Okta, open the app's Provisioning tab and check that To App is enabled and the \
           integration's API token still tests fine; failed tasks wait in Dashboard > Tasks.",
    entra: "In Microsoft Entra ID, open the app's Provisioning page: a job in quarantine retries \
            only every few hours. Check Provisioning logs, fix the cause, then Restart \
            provisioning.",
    one_login: "In OneLogin, open the app's Provisioning tab and check that provisioning is \
                enabled and the API connection still works.",
    generic: "Check in your identity provider that provisioning to this project is still \
              enabled and its last cycle finished.",
};

/// A text that is the same for every IdP, or written for each.
enum Text {
    Same(&'static str),
    /// Per IdP; an empty text means "nothing to say for this IdP" and is skipped.
    PerIdp {
        okta: &'static str,
        entra: &'static str,
        one_login: &'static str,
        generic: &'static str,
    },
}

impl Text {
    fn for_idp(&self, idp: Idp) -> &'static str {
        match *self {
            Text::Same(text) => text,
            Text::PerIdp {
                okta,
                entra,
                one_login,
                generic,
            } => match idp {
                Idp::Okta => okta,
                Idp::Entra => entra,
                Idp::OneLogin => one_login,
                Idp::Generic => generic,
            },
        }
    }
}

/// The wording of one category.
struct Remedy {
    what_happened: &'static str,
    steps: &'static [Text],
    alternatives: &'static [Text],
    actions: &'static [ProjectAction],
}

/// Puts the IdP's name in place of `{idp}` and starts the text with a capital letter (every
/// text starts with an ASCII letter or `{idp}`; ASCII keeps Unicode's case tables out of the
/// browser's wasm).
fn fill(template: &str, idp: Idp) -> String {
    let mut text = template.replace("{idp}", idp.display_name());
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

fn texts(texts: &[Text], idp: Idp) -> Vec<String> {
    texts
        .iter()
        .map(|text| text.for_idp(idp))
        .filter(|text| !text.is_empty())
        .map(|text| fill(text, idp))
        .collect()
}

fn remedy(category: FailureCategory) -> &'static Remedy {
    match category {
        FailureCategory::DuplicateUser => &DUPLICATE_USER,
        FailureCategory::LicenceLimit => &LICENCE_LIMIT,
        FailureCategory::UserAlreadyExists => &USER_ALREADY_EXISTS,
        FailureCategory::Validation => &VALIDATION,
        FailureCategory::GroupDeletedInProject => &GROUP_DELETED_IN_PROJECT,
        FailureCategory::MemberNotProvisioned => &MEMBER_NOT_PROVISIONED,
        FailureCategory::ScimDisabled => &SCIM_DISABLED,
        FailureCategory::Auth => &AUTH,
        FailureCategory::Internal => &INTERNAL,
    }
}

// Phrases several remedies share.

/// How to make the IdP send a member again, then its group: a `member_not_provisioned`
/// alternative, and the re-push dialog's way out when members do not fit (see
/// [`resend_member`]).
const RESEND_MEMBER: Text = Text::PerIdp {
    okta: "Or let Okta send it again: click Provision User for the member on the app's \
           Assignments tab, then Retry All Groups on the Push Groups tab.",
    entra: "Or let Microsoft Entra ID send it again: Provision on demand for the member, \
            then for the group, or Restart provisioning.",
    one_login: "Or let OneLogin send it again: click Retry for the member on the app's \
                Users tab, then use Reapply entitlement mappings.",
    generic: "Or re-run the sync from your identity provider: the member first, then \
              the group.",
};

const PROVISION_PERSON_AGAIN: Text = Text::PerIdp {
    okta: "Provision the person again: on the app's Assignments tab click Provision User, or \
           retry the failed task in Dashboard > Tasks.",
    entra: "Provision the person again with Provision on demand on the app's Provisioning page, \
            and check the result in Provisioning logs.",
    one_login: "Provision the person again: on the app's Users tab, open the failed user and \
                click Retry.",
    generic: "Re-run the sync from your identity provider for this person.",
};

const VERIFY_READER: Text = Text::Same(
    "To verify, open Settings > Users & permissions > Readers & groups in the project and \
     confirm the person now appears as a Reader.",
);

// One entry per category, in the order of `FailureCategory::ALL`.

const DUPLICATE_USER: Remedy = Remedy {
    what_happened: "{idp} asked to create a person whose userName or primary email already \
                    belongs to someone provisioned by SCIM, so the project refused to create a \
                    second identity with it. Usually two accounts share that email, or an old \
                    account of the same person still holds it.",
    steps: &[
        Text::Same(
            "Read the failure's detail: it says whether the userName or the email is taken, and \
             which value.",
        ),
        Text::PerIdp {
            okta: "In the Okta Admin Console, search Directory > People for that value: look for \
                   a second Okta user with the same email or username, or an old account of the \
                   same person that is still assigned to the app.",
            entra: "In the Microsoft Entra admin center, search Users for that value: look for a \
                    second user with the same email or user principal name, or an old account \
                    of the same person that is still in the app's Users and groups.",
            one_login: "In OneLogin, search Users for that value: look for a second user with \
                        the same email or username, or an old account of the same person that \
                        still has the app.",
            generic: "In your identity provider, search for that value: look for two users with \
                      the same email or username, or an old account of the same person.",
        },
        Text::PerIdp {
            okta: "Keep one account: correct the email or username of the other, or unassign \
                   the old account on the app's Assignments tab.",
            entra: "Keep one account: correct the email or user principal name of the other, or \
                    remove the old account from the app's Users and groups.",
            one_login: "Keep one account: correct the email or username of the other, or remove \
                        the app from the old account.",
            generic: "Keep one account: correct the email or username of the other, or remove \
                      the old account from the application.",
        },
        PROVISION_PERSON_AGAIN,
    ],
    alternatives: &[],
    actions: &[],
};

const LICENCE_LIMIT: Remedy = Remedy {
    what_happened: "{idp} asked to create or reactivate a User (team account), which takes a \
                    licence seat, and no seat was free, so the person was not provisioned. \
                    Groups they belong to cannot be linked to them until they are.",
    steps: &[
        Text::Same(
            "Make room first: free seats by deactivating Users who no longer need one or \
             turning them into Readers, or raise the seat limit. Group linking depends on \
             successful user provisioning, so do this before pushing groups again.",
        ),
        PROVISION_PERSON_AGAIN,
        Text::PerIdp {
            okta: "Then push their groups again: on the app's Push Groups tab click Retry All \
                   Groups, or Push now for a single group.",
            entra: "Then push their groups again: Provision on demand for each group, or Restart \
                    provisioning to run a full cycle.",
            one_login: "Then push their groups again with Reapply entitlement mappings, in the \
                        app's More Actions menu.",
            generic: "Then re-run the sync from your identity provider for their groups.",
        },
    ],
    alternatives: &[
        Text::PerIdp {
            okta: "If these people only need to read, provision them as Readers, which take no \
                   seat: set isTeamAccount = false on their app profile in Okta (the attribute \
                   is defined in the app's Profile Editor), then click Provision User.",
            entra: "If these people only need to read, provision them as Readers, which take no \
                    seat: make the app's Attribute mapping give isTeamAccount = false for them, \
                    then use Provision on demand.",
            one_login: "If these people only need to read, provision them as Readers, which take \
                        no seat: set the user field mapped to isTeamAccount to false for them \
                        in OneLogin, then click Retry on the app's Users tab.",
            generic: "If these people only need to read, provision them as Readers, which take \
                      no seat: set isTeamAccount = false for them in your identity provider, \
                      then re-run the sync.",
        },
        Text::Same(
            "For a group, you can also re-push it from the dashboard once seats are free: it \
             provisions the failed members from what {idp} last sent and links them, and it \
             can push them as Readers instead.",
        ),
    ],
    actions: &[
        ProjectAction::FreeSeats,
        ProjectAction::RaiseSeatLimit,
        ProjectAction::Retry,
    ],
};

const USER_ALREADY_EXISTS: Remedy = Remedy {
    what_happened: "{idp} pushed this person as a Reader (isTeamAccount = false), but their \
                    email is already registered as a User in the project, so the Reader could \
                    not be created. If you mean them to be a Reader, the steps below convert the \
                    existing User into one.",
    steps: &[
        Text::PerIdp {
            okta: "In the Okta Admin Console, open the app's Assignments tab and edit the \
                   person's assignment to reach the isTeamAccount attribute of their app \
                   profile (if it is missing, add it to the app in Profile Editor).",
            entra: "In the Microsoft Entra admin center, open the app's Provisioning > Attribute \
                    mapping for users to see which user attribute feeds isTeamAccount, then open \
                    the person's profile at that attribute.",
            one_login: "In OneLogin, check on the app's Parameters tab which user field feeds \
                        isTeamAccount, then open the person's profile at that field.",
            generic: "In your identity provider, open the person's profile and find the \
                      isTeamAccount attribute.",
        },
        Text::PerIdp {
            okta: "Set isTeamAccount = true and save: this lets the project recognise the \
                   existing email as a User.",
            entra: "Set it so that isTeamAccount = true and save: this lets the project \
                    recognise the existing email as a User.",
            one_login: "Set it so that isTeamAccount = true and save: this lets the project \
                        recognise the existing email as a User.",
            generic: "Set isTeamAccount = true and save: this lets the project recognise the \
                      existing email as a User.",
        },
        Text::PerIdp {
            okta: "Allow the sync to complete: if the person still shows an error on the app's \
                   Assignments tab, click Provision User.",
            entra: "Allow the sync to complete: use Provision on demand for the person rather \
                    than waiting for the next cycle.",
            one_login: "Allow the sync to complete: if the app's Users tab still shows the \
                        person as failed, click Retry.",
            generic: "Allow the sync to complete (re-run the sync from your identity provider \
                      if it does not start on its own).",
        },
        Text::PerIdp {
            okta: "Once synced, go back to the person's app profile in Okta and set \
                   isTeamAccount = false: this converts them to a Reader automatically.",
            entra: "Once synced, go back to the person's attribute in Microsoft Entra ID and set \
                    it so that isTeamAccount = false: this converts them to a Reader \
                    automatically.",
            one_login: "Once synced, go back to the person's profile in OneLogin and set the \
                        field so that isTeamAccount = false: this converts them to a Reader \
                        automatically.",
            generic: "Once synced, go back to the person's profile and set isTeamAccount = \
                      false: this converts them to a Reader automatically.",
        },
        Text::PerIdp {
            okta: "Save and allow the sync to complete again.",
            entra: "Save and allow the sync to complete again (Provision on demand).",
            one_login: "Save and allow the sync to complete again.",
            generic: "Save and allow the sync to complete again.",
        },
        VERIFY_READER,
    ],
    alternatives: &[Text::Same(
        "If the person should stay a User, set isTeamAccount = true for them in {idp} and leave \
         it: the existing User is then linked to {idp} and keeps its seat.",
    )],
    actions: &[],
};

const VALIDATION: Remedy = Remedy {
    what_happened: "{idp} sent a request the project could not accept: an attribute was missing \
                    or had a value of the wrong form, or a filter or PATCH path was not \
                    understood. The failure's detail names the attribute or part at fault.",
    steps: &[
        Text::Same(
            "Read the failure's detail: it names the attribute (or the filter or PATCH path) \
             that was rejected, and why.",
        ),
        Text::PerIdp {
            okta: "Fix it in Okta: the attribute's mapping in Profile Editor (the app's \
                   Mappings), or its value on the person's profile, for example an empty email \
                   or an isTeamAccount that is not true or false.",
            entra: "Fix it in Microsoft Entra ID: the attribute in the app's Provisioning > \
                    Attribute mapping, or its value on the person, for example an empty email \
                    or an isTeamAccount that is not true or false.",
            one_login: "Fix it in OneLogin: the attribute on the app's Parameters tab, or its \
                        value on the person's profile, for example an empty email or an \
                        isTeamAccount that is not true or false.",
            generic: "Fix it in your identity provider: the attribute's mapping, or its value \
                      on the person's profile, for example an empty email or an isTeamAccount \
                      that is not true or false.",
        },
        Text::PerIdp {
            okta: "Then push again: Provision User on the app's Assignments tab for a person, \
                   or Push now on the Push Groups tab for a group.",
            entra: "Then use Provision on demand to check the fix at once; Provisioning logs \
                    show the result.",
            one_login: "Then click Retry for the person on the app's Users tab.",
            generic: "Then re-run the sync from your identity provider.",
        },
    ],
    alternatives: &[Text::Same(
        "If the detail points at a filter or PATCH path rather than at your data, report it \
         with the request id: the project may not support that form yet.",
    )],
    actions: &[],
};

const GROUP_DELETED_IN_PROJECT: Remedy = Remedy {
    what_happened: "Someone deleted this SCIM-managed group inside the project, so {idp}'s \
                    update to it failed: the group no longer exists on the project side. The \
                    project kept its id, name and last member list, so it can be restored.",
    steps: &[
        Text::Same(
            "Re-push the group from the dashboard: it restores the group under the same id with \
             the members {idp} last pushed, so {idp}'s link to it keeps working and nothing \
             needs to be unlinked.",
        ),
        Text::Same(
            "Before you confirm, the dashboard checks that members still to be created fit in \
             the free seats. If they don't, free seats or raise the limit first (group linking \
             depends on successful user provisioning), or push those members as Readers.",
        ),
        Text::PerIdp {
            okta: "Then, on the app's Push Groups tab, click Push now for the group (or Retry \
                   All Groups) so Okta sends any change made since.",
            entra: "Then use Provision on demand for the group, or wait for the next cycle, so \
                    Microsoft Entra ID sends any change made since.",
            one_login: "Then use Reapply entitlement mappings, in the app's More Actions menu, \
                        so OneLogin sends any change made since.",
            generic: "Then re-run the sync from your identity provider so it sends any change \
                      made since.",
        },
        Text::Same(
            "From now on, manage SCIM groups in {idp} rather than deleting them in the project.",
        ),
    ],
    alternatives: &[Text::PerIdp {
        okta: "Or, as the help article describes, fix it from Okta: on the app's Push Groups \
               tab unlink the pushed group, then push it again so it is created fresh in the \
               project.",
        entra: "Or, as the help article describes, fix it from Microsoft Entra ID: remove the \
                group from the app's Users and groups and let a cycle run, then assign it again \
                so it is created fresh in the project.",
        one_login: "Or, as the help article describes, fix it from OneLogin: remove the group \
                    from the app's rules and apply them, then add it back so it is created \
                    fresh in the project.",
        generic: "Or, as the help article describes: remove or unlink the group in your \
                  identity provider, then sync it again so it is created fresh in the project.",
    }],
    actions: &[ProjectAction::RepushGroup],
};

const MEMBER_NOT_PROVISIONED: Remedy = Remedy {
    what_happened: "{idp} asked to link this group to a member whose own provisioning failed, \
                    so that member could not be linked: group linking depends on successful \
                    user provisioning. The member's own failure, often the licence limit, is \
                    listed with the other failures.",
    steps: &[
        Text::Same(
            "Find why the member's own provisioning failed: it is among the failures, usually \
             as \"Licence limit reached\".",
        ),
        Text::Same("If seats are the cause, free seats or raise the seat limit first."),
        Text::Same(
            "Then re-push the group from the dashboard: it provisions the failed members from \
             what {idp} last sent and links every member, after checking that the seats fit.",
        ),
    ],
    alternatives: &[
        Text::Same(
            "If those members only need to read, push them as Readers, which take no seat: the \
             re-push offers it. Also set isTeamAccount = false for them in {idp}, so its next \
             update agrees.",
        ),
        RESEND_MEMBER,
    ],
    actions: &[
        ProjectAction::RepushGroup,
        ProjectAction::FreeSeats,
        ProjectAction::RaiseSeatLimit,
    ],
};

const SCIM_DISABLED: Remedy = Remedy {
    what_happened: "SCIM provisioning is turned off for the project, so it refused this request \
                    from {idp}. Turning it back on does not restore groups deleted while it was \
                    off.",
    steps: &[
        Text::Same("Turn SCIM provisioning back on in Settings."),
        Text::Same(
            "Re-push each group the dashboard lists as needing a re-push: groups deleted while \
             SCIM was disabled are not restored automatically.",
        ),
        Text::PerIdp {
            okta: "Then let Okta send what was refused: click Retry All Groups on the app's Push \
                   Groups tab, and retry the failed tasks in Dashboard > Tasks (or Provision \
                   User on the Assignments tab).",
            entra: "Then let Microsoft Entra ID send what was refused: Restart provisioning on \
                    the app's Provisioning page, and check Provisioning logs.",
            one_login: "Then let OneLogin send what was refused: click Retry for the failed \
                        users on the app's Users tab, then use Reapply entitlement mappings.",
            generic: "Then re-run the sync from your identity provider.",
        },
    ],
    alternatives: &[Text::Same(
        "Or, as the help article says, push those groups again from {idp} (see \"Group deleted \
         in the project\").",
    )],
    actions: &[ProjectAction::EnableScim, ProjectAction::RepushGroup],
};

const AUTH: Remedy = Remedy {
    what_happened: "{idp} sent a request with a missing, wrong or revoked SCIM token, so the \
                    project refused it. The token in {idp}'s provisioning settings does not \
                    match a SCIM token of the project.",
    steps: &[
        Text::Same(
            "Get a valid SCIM token for this connection from the project (a new one if the old \
             one was lost or revoked). It is not the admin token you use for this dashboard.",
        ),
        Text::PerIdp {
            okta: "In the Okta Admin Console, open the app's Provisioning > Integration and \
                   paste the token as the API token.",
            entra: "In the Microsoft Entra admin center, open the app's Provisioning > Admin \
                    credentials and paste the token as the Secret token.",
            one_login: "In OneLogin, open the app's Configuration tab and paste the token as the \
                        SCIM Bearer Token.",
            generic: "In your identity provider's provisioning settings, paste the token as the \
                      bearer token.",
        },
        Text::PerIdp {
            okta: "Click Test API Credentials, then Save.",
            entra: "Click Test connection, then Save.",
            one_login: "Save, and check that the app's API connection is enabled.",
            generic: "Test the connection if your identity provider offers it, then save.",
        },
        Text::PerIdp {
            okta: "Then send again what failed: Retry All Groups on the app's Push Groups tab, \
                   and the failed tasks in Dashboard > Tasks.",
            entra: "Then Restart provisioning so everything refused is sent again.",
            one_login: "Then click Retry for the failed users on the app's Users tab, and use \
                        Reapply entitlement mappings.",
            generic: "Then re-run the sync from your identity provider.",
        },
    ],
    alternatives: &[],
    actions: &[],
};

const INTERNAL: Remedy = Remedy {
    what_happened: "Something went wrong on the project's side while it handled this request \
                    from {idp}; nothing in your setup caused it. It is usually temporary.",
    steps: &[
        Text::Same("Retry the request from the dashboard."),
        Text::Same(
            "If it keeps failing, report it to support with the request id shown in the \
             failure's detail.",
        ),
    ],
    alternatives: &[Text::PerIdp {
        okta: "Or let Okta send it again: Retry All Groups on the app's Push Groups tab, or \
               retry the failed task in Dashboard > Tasks.",
        entra: "Or let Microsoft Entra ID send it again in its next cycle, or at once with \
                Provision on demand; Provisioning logs show the result.",
        one_login: "Or click Retry for the failed user on the app's Users tab.",
        generic: "Or re-run the sync from your identity provider.",
    }],
    actions: &[ProjectAction::Retry],
};

#[cfg(test)]
mod tests {
    use super::*;

    const IDPS: [Idp; 4] = [Idp::Okta, Idp::Entra, Idp::OneLogin, Idp::Generic];

    const OKTA_WORDS: [&str; 9] = [
        "Okta",
        "Push Groups",
        "Push now",
        "Retry All Groups",
        "Provision User",
        "Assignments",
        "Profile Editor",
        "Dashboard > Tasks",
        "Test API Credentials",
    ];
    const ENTRA_WORDS: [&str; 8] = [
        "Entra",
        "Provision on demand",
        "Restart provisioning",
        "Users and groups",
        "Attribute mapping",
        "Provisioning logs",
        "Admin credentials",
        "Test connection",
    ];
    const ONE_LOGIN_WORDS: [&str; 4] = [
        "OneLogin",
        "Reapply entitlement mappings",
        "Parameters tab",
        "SCIM Bearer Token",
    ];

    /// Everything an explanation says, in one string.
    fn all_text(explanation: &Explanation) -> String {
        let mut text = vec![explanation.title.clone(), explanation.what_happened.clone()];
        text.extend(explanation.steps.iter().cloned());
        text.extend(explanation.alternatives.iter().cloned());
        text.join("\n")
    }

    fn all_text_for(idp: Idp) -> String {
        FailureCategory::ALL
            .into_iter()
            .map(|category| all_text(&explain(category, idp)))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn assert_never_says(idp: Idp, words: &[&str]) {
        for category in FailureCategory::ALL {
            let text = all_text(&explain(category, idp)).to_lowercase();
            for word in words {
                assert!(
                    !text.contains(&word.to_lowercase()),
                    "{} for {} says {word:?}",
                    category.code(),
                    idp.code()
                );
            }
        }
    }

    fn position(steps: &[String], from: usize, phrase: &str) -> usize {
        steps
            .iter()
            .enumerate()
            .skip(from)
            .find(|(_, step)| step.contains(phrase))
            .map(|(at, _)| at)
            .unwrap_or_else(|| panic!("no step from {from} on says {phrase:?}: {steps:#?}"))
    }

    #[test]
    fn every_category_is_explained_for_every_idp() {
        for category in FailureCategory::ALL {
            for idp in IDPS {
                let explanation = explain(category, idp);
                assert_eq!(explanation.category, category);
                assert_eq!(explanation.idp, idp);
                assert_eq!(explanation.title, category.title());
                assert!(!explanation.what_happened.is_empty());
                assert!(!explanation.steps.is_empty(), "{category:?} {idp:?}");
                for text in explanation.steps.iter().chain(&explanation.alternatives) {
                    assert!(!text.trim().is_empty(), "{category:?} {idp:?}");
                }
            }
        }
    }

    #[test]
    fn every_text_is_a_sentence_with_its_idp_filled_in() {
        for category in FailureCategory::ALL {
            for idp in IDPS {
                let explanation = explain(category, idp);
                let texts = std::iter::once(&explanation.what_happened)
                    .chain(&explanation.steps)
                    .chain(&explanation.alternatives);
                for text in texts {
                    assert!(!text.contains('{'), "unfilled placeholder: {text}");
                    assert!(!text.contains("  "), "double space: {text}");
                    assert!(
                        text.starts_with(|c: char| c.is_uppercase()),
                        "not capitalised: {text}"
                    );
                    assert!(
                        text.ends_with('.') || text.ends_with(')'),
                        "no full stop: {text}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_way_to_resend_a_member_is_the_member_remedys_own_alternative() {
        for idp in IDPS {
            let alternatives = explain(FailureCategory::MemberNotProvisioned, idp).alternatives;
            assert!(alternatives.contains(&resend_member(idp)), "{idp:?}");
        }
        assert!(resend_member(Idp::Okta).starts_with("Or let Okta send it again"));
        assert!(resend_member(Idp::Entra).contains("Provision on demand"));
    }

    #[test]
    fn okta_remedies_use_oktas_words() {
        let text = all_text_for(Idp::Okta);
        for word in OKTA_WORDS {
            assert!(text.contains(word), "Okta remedies never say {word:?}");
        }
        let licence = explain(FailureCategory::LicenceLimit, Idp::Okta);
        assert!(licence.steps.iter().any(|s| s.contains("Retry All Groups")));
        assert!(licence.steps.iter().any(|s| s.contains("Provision User")));
        let auth = explain(FailureCategory::Auth, Idp::Okta);
        assert!(auth.steps.iter().any(|s| s.contains("API token")));
    }

    #[test]
    fn okta_remedies_never_use_other_idps_words() {
        assert_never_says(Idp::Okta, &ENTRA_WORDS);
        assert_never_says(Idp::Okta, &ONE_LOGIN_WORDS);
    }

    #[test]
    fn entra_remedies_use_entras_words() {
        let text = all_text_for(Idp::Entra);
        for word in ENTRA_WORDS {
            assert!(text.contains(word), "Entra remedies never say {word:?}");
        }
        let auth = explain(FailureCategory::Auth, Idp::Entra);
        assert!(auth.steps.iter().any(|s| s.contains("Secret token")));
        let licence = explain(FailureCategory::LicenceLimit, Idp::Entra);
        assert!(
            licence
                .steps
                .iter()
                .any(|s| s.contains("Provision on demand"))
        );
    }

    #[test]
    fn entra_remedies_never_use_other_idps_words() {
        assert_never_says(Idp::Entra, &OKTA_WORDS);
        assert_never_says(Idp::Entra, &ONE_LOGIN_WORDS);
    }

    #[test]
    fn one_login_remedies_use_one_logins_words_only() {
        let text = all_text_for(Idp::OneLogin);
        for word in ONE_LOGIN_WORDS.into_iter().chain(["Users tab", "Retry"]) {
            assert!(text.contains(word), "OneLogin remedies never say {word:?}");
        }
        assert_never_says(Idp::OneLogin, &OKTA_WORDS);
        assert_never_says(Idp::OneLogin, &ENTRA_WORDS);
    }

    #[test]
    fn generic_remedies_use_neutral_words() {
        let text = all_text_for(Idp::Generic);
        assert!(text.contains("re-run the sync from your identity provider"));
        assert_never_says(Idp::Generic, &OKTA_WORDS);
        assert_never_says(Idp::Generic, &ENTRA_WORDS);
        assert_never_says(Idp::Generic, &ONE_LOGIN_WORDS);
    }

    #[test]
    fn the_user_already_exists_steps_are_the_documented_toggle_in_order() {
        for idp in IDPS {
            let steps = explain(FailureCategory::UserAlreadyExists, idp).steps;

            let find = position(&steps, 0, "isTeamAccount");
            let set_true = position(&steps, find, "isTeamAccount = true");
            let first_sync = position(&steps, set_true, "sync to complete");
            let set_false = position(&steps, first_sync + 1, "isTeamAccount = false");
            let second_sync = position(&steps, set_false, "sync to complete again");
            let verify = position(
                &steps,
                second_sync + 1,
                "Settings > Users & permissions > Readers & groups",
            );

            assert!(find < set_true, "{idp:?}");
            assert!(set_true < first_sync, "{idp:?}");
            assert!(first_sync < set_false, "{idp:?}");
            assert!(set_false < second_sync, "{idp:?}");
            assert!(second_sync < verify, "{idp:?}");
            assert!(steps[verify].contains("appears as a Reader"));
            assert_eq!(verify, steps.len() - 1, "verifying is the last step");
        }
    }

    #[test]
    fn the_user_already_exists_toggle_names_each_idps_place_for_the_attribute() {
        let okta = explain(FailureCategory::UserAlreadyExists, Idp::Okta).steps;
        assert!(okta[0].contains("Profile Editor"));
        let entra = explain(FailureCategory::UserAlreadyExists, Idp::Entra).steps;
        assert!(entra[0].contains("Attribute mapping"));
    }

    #[test]
    fn a_group_deleted_in_the_project_is_re_pushed_under_the_same_id_without_unlinking() {
        for idp in IDPS {
            let explanation = explain(FailureCategory::GroupDeletedInProject, idp);
            assert_eq!(
                explanation.project_action(),
                Some(ProjectAction::RepushGroup)
            );
            assert!(explanation.steps[0].contains("same id"));
            assert!(explanation.steps[0].contains("nothing needs to be unlinked"));
            assert!(
                explanation
                    .alternatives
                    .iter()
                    .any(|a| a.contains("help article") && a.contains("created fresh")),
                "{idp:?} lacks the article's IdP-side alternative"
            );
        }
        let okta = explain(FailureCategory::GroupDeletedInProject, Idp::Okta);
        assert!(okta.alternatives[0].contains("unlink the pushed group"));
    }

    #[test]
    fn seat_failures_free_seats_before_pushing_groups_again() {
        for category in [
            FailureCategory::LicenceLimit,
            FailureCategory::MemberNotProvisioned,
        ] {
            for idp in IDPS {
                let explanation = explain(category, idp);
                let text = all_text(&explanation).to_lowercase();
                assert!(text.contains("group linking depends on successful user provisioning"));
                assert!(text.contains("as readers"));
                assert!(explanation.actions.contains(&ProjectAction::FreeSeats));
                assert!(explanation.actions.contains(&ProjectAction::RaiseSeatLimit));
            }
        }
        let okta = explain(FailureCategory::LicenceLimit, Idp::Okta).steps;
        let free = position(&okta, 0, "free seats");
        let push_groups = position(&okta, free, "Retry All Groups");
        assert!(free < push_groups);
    }

    #[test]
    fn scim_disabled_turns_scim_on_and_re_pushes_the_groups_deleted_meanwhile() {
        let explanation = explain(FailureCategory::ScimDisabled, Idp::Entra);
        assert_eq!(
            explanation.actions,
            [ProjectAction::EnableScim, ProjectAction::RepushGroup]
        );
        assert!(explanation.steps[1].contains("not restored automatically"));
    }

    #[test]
    fn an_auth_failure_points_at_the_token_field_of_each_idp() {
        let okta = all_text(&explain(FailureCategory::Auth, Idp::Okta));
        assert!(okta.contains("Provisioning > Integration"));
        let entra = all_text(&explain(FailureCategory::Auth, Idp::Entra));
        assert!(entra.contains("Provisioning > Admin credentials"));
        assert!(entra.contains("Test connection"));
    }

    #[test]
    fn an_internal_error_is_retried_and_reported_with_the_request_id() {
        let explanation = explain(FailureCategory::Internal, Idp::Generic);
        assert_eq!(explanation.project_action(), Some(ProjectAction::Retry));
        assert!(all_text(&explanation).contains("request id"));
    }

    #[test]
    fn only_categories_the_project_can_fix_offer_an_action() {
        for idp in IDPS {
            for category in [
                FailureCategory::DuplicateUser,
                FailureCategory::UserAlreadyExists,
                FailureCategory::Validation,
                FailureCategory::Auth,
            ] {
                assert_eq!(explain(category, idp).project_action(), None);
            }
        }
    }

    #[test]
    fn every_action_has_a_label_and_links_to_a_page_or_acts_in_place() {
        for action in ProjectAction::ALL {
            assert!(!action.label().is_empty());
        }
        assert_eq!(ProjectAction::FreeSeats.page(), Some(DashboardPage::People));
        assert_eq!(
            ProjectAction::EnableScim.page(),
            Some(DashboardPage::Settings)
        );
        assert_eq!(ProjectAction::RepushGroup.page(), None);
    }

    #[test]
    fn an_explanation_round_trips_through_json() {
        let explanation = explain(FailureCategory::LicenceLimit, Idp::Okta);
        let json = serde_json::to_string(&explanation).unwrap_or_default();
        assert!(json.contains("\"actions\":[\"free_seats\",\"raise_seat_limit\",\"retry\"]"));
        let back: Result<Explanation, _> = serde_json::from_str(&json);
        assert_eq!(back.ok(), Some(explanation));
    }
}
