//! A failure category explained, with the remedy in the words of the IdP that sent the request
//! (from `scim_sync_core::remedy::explain`), and the dashboard's own actions where it can help.

use scim_sync_core::remedy::{DashboardPage, Explanation, ProjectAction};

use crate::logic::query::Query;
use crate::markup::html::Html;
use crate::shell::route::{Route, href};

/// The explanation as a card: title, what happened, the steps in the IdP's words, the other
/// ways, and links to where the project side can help (freeing seats on People, the limit and
/// SCIM on/off in Settings, the Retry below).
pub fn remedy(explanation: &Explanation, base: &str) -> Html {
    let idp_name = explanation.idp.display_name();
    let mut html = Html::new();
    html.open(
        "section",
        &[
            ("class", Some("ssd-card ssd-remedy")),
            ("aria-labelledby", Some("ssd-remedy-title")),
        ],
    )
    .element(
        "h2",
        &[
            ("class", Some("ssd-card__title")),
            ("id", Some("ssd-remedy-title")),
        ],
        &explanation.title,
    )
    .class("p", "ssd-remedy__what", &explanation.what_happened)
    .class(
        "h3",
        "ssd-remedy__heading",
        &format!("What to do in {idp_name}"),
    )
    .open("ol", &[("class", Some("ssd-remedy__steps"))]);
    for step in &explanation.steps {
        html.element("li", &[], step);
    }
    html.close("ol");
    if !explanation.alternatives.is_empty() {
        html.class("h3", "ssd-remedy__heading", "Other ways")
            .open("ul", &[("class", Some("ssd-remedy__alternatives"))]);
        for alternative in &explanation.alternatives {
            html.element("li", &[], alternative);
        }
        html.close("ul");
    }
    if !explanation.actions.is_empty() {
        html.class("h3", "ssd-remedy__heading", "In this dashboard")
            .open("div", &[("class", Some("ssd-remedy__actions"))]);
        for action in &explanation.actions {
            let link = match action.page() {
                Some(DashboardPage::People) => href(
                    base,
                    &Route::People,
                    &Query::default()
                        .with("kind", Some("user"))
                        .with("active", Some("true")),
                ),
                Some(DashboardPage::Settings) => href(base, &Route::Settings, &Query::default()),
                None if *action == ProjectAction::Retry => "#ssd-retry-title".to_owned(),
                // Re-pushing a group is the Groups page's (it checks the licence first).
                None => continue,
            };
            html.element(
                "a",
                &[("class", Some("ssd-button")), ("href", Some(&link))],
                action.label(),
            );
        }
        html.close("div");
    }
    html.close("section");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use scim_sync_core::category::FailureCategory;
    use scim_sync_core::idp::Idp;
    use scim_sync_core::remedy::explain;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_remedy_uses_the_words_of_the_idp_that_sent_the_request() {
        let okta = remedy(&explain(FailureCategory::LicenceLimit, Idp::Okta), "");
        assert!(okta.as_str().contains("What to do in Okta"));
        assert!(okta.as_str().contains("Retry All Groups"), "{okta}");
        let entra = remedy(&explain(FailureCategory::LicenceLimit, Idp::Entra), "");
        assert!(entra.as_str().contains("What to do in Microsoft Entra ID"));
        assert!(entra.as_str().contains("Provision on demand"));
        assert!(!entra.as_str().contains("Retry All Groups"));
    }

    #[wasm_bindgen_test]
    fn a_licence_failure_links_to_people_settings_and_retry() {
        let html = remedy(&explain(FailureCategory::LicenceLimit, Idp::Okta), "/d");
        assert!(
            html.as_str()
                .contains("href=\"/d/people?kind=user&amp;active=true\">Free seats</a>"),
            "{html}"
        );
        assert!(
            html.as_str()
                .contains("href=\"/d/settings\">Raise the seat limit</a>")
        );
        assert!(
            html.as_str()
                .contains("href=\"#ssd-retry-title\">Retry</a>")
        );
        let duplicate = remedy(&explain(FailureCategory::DuplicateUser, Idp::Okta), "");
        assert!(!duplicate.as_str().contains("In this dashboard"));
    }
}
