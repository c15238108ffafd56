//! Inviting a project-native User or Reader by email, as an admin does inside the project.

use leptos::html::Form;
use leptos::prelude::*;
use scim_sync_core::api::{ApiErrorCode, IdentityKind, IdentitySummary, InviteRequest};

use crate::components::markup::Markup;
use crate::data::api::{ApiFailure, ApiRequest, Method, paths};
use crate::data::read::Write;
use crate::logic::format;
use crate::markup::dom;
use crate::markup::html::Html;
use crate::shell::session::use_session;

/// Email, name, User or Reader; says what happened, including a full licence.
#[component]
pub fn InviteForm(
    /// Called once someone is invited.
    on_invited: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let invite = Write::<IdentitySummary>::new();
    let form = NodeRef::<Form>::new();
    let client = session.client.clone();
    // A new identity: empty the form for the next one, and tell the page.
    let invited = Callback::new(move |_: String| {
        if let Some(form) = form.get_untracked() {
            form.reset();
        }
        on_invited.run(());
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(form) = form.get_untracked() else {
            return;
        };
        let field = |name: &str| {
            form.query_selector(&format!("[name=\"{name}\"]"))
                .ok()
                .flatten()
                .map(|e| dom::value_of(&e))
                .unwrap_or_default()
        };
        let kind = match form
            .query_selector("[name=\"kind\"]:checked")
            .ok()
            .flatten()
        {
            Some(checked) if dom::value_of(&checked) == "user" => IdentityKind::User,
            _ => IdentityKind::Reader,
        };
        let display_name = Some(field("name").trim().to_owned()).filter(|n| !n.is_empty());
        let request = InviteRequest {
            email: field("email").trim().to_owned(),
            display_name,
            kind,
        };
        invite.send_then(
            &client,
            ApiRequest::with_json(Method::Post, paths::IDENTITIES, &request),
            invited,
        );
    };
    let outcome = move || match invite.result() {
        Some(Err(failure)) if session.check(&failure) => Html::new(),
        result => outcome(result.as_ref()),
    };

    view! {
        <form class="ssd-card ssd-invite" aria-labelledby="ssd-invite-title" node_ref=form on:submit=on_submit>
            <h2 class="ssd-card__title" id="ssd-invite-title">"Invite someone"</h2>
            <div class="ssd-invite__fields">
                <div class="ssd-field">
                    <label class="ssd-field__label" for="ssd-invite-email">"Email"</label>
                    <input id="ssd-invite-email" name="email" class="ssd-field__input" type="email" required autocomplete="off" />
                </div>
                <div class="ssd-field">
                    <label class="ssd-field__label" for="ssd-invite-name">"Name (optional)"</label>
                    <input id="ssd-invite-name" name="name" class="ssd-field__input" type="text" autocomplete="off" />
                </div>
                <fieldset class="ssd-field ssd-choice">
                    <legend class="ssd-field__label">"Invite as"</legend>
                    <label class="ssd-choice__option">
                        <input type="radio" name="kind" value="reader" checked />
                        "Reader (no seat)"
                    </label>
                    <label class="ssd-choice__option">
                        <input type="radio" name="kind" value="user" />
                        "User (takes a seat)"
                    </label>
                </fieldset>
            </div>
            <button type="submit" class="ssd-button ssd-button--primary" aria-disabled=move || invite.pending().to_string()>
                {move || if invite.pending() { "Inviting…" } else { "Invite" }}
            </button>
            <div aria-live="polite">
                <Markup html=outcome />
            </div>
        </form>
    }
}

/// What the last invitation did, in words.
pub fn outcome(result: Option<&Result<IdentitySummary, ApiFailure>>) -> Html {
    let mut html = Html::new();
    match result {
        Some(Ok(identity)) => {
            let who = identity.email.as_deref().unwrap_or(&identity.user_name);
            html.element(
                "p",
                &[("class", Some("ssd-outcome")), ("data-state", Some("ok"))],
                &format!("Invited {who} as a {}.", format::kind(identity.kind)),
            );
        }
        Some(Err(failure)) => {
            let text = match failure.code() {
                Some(ApiErrorCode::LicenceLimit) => format!(
                    "{} Invite a Reader instead, or free a seat first.",
                    failure.message()
                ),
                _ => failure.message(),
            };
            html.element(
                "p",
                &[
                    ("class", Some("ssd-outcome")),
                    ("data-state", Some("failed")),
                ],
                &text,
            );
        }
        None => {}
    }
    html
}
