//! Each IdP connection's health on the overview (markup): healthy, degraded or failing, why,
//! and the next step in the IdP's words, as the server judged it (`GET /api/v1/health`).

use scim_sync_core::health::{ConnectionHealth, HealthState};

use crate::logic::format;
use crate::logic::time::Local;
use crate::markup::html::Html;
use crate::markup::when::when;

/// What a state reads as.
pub fn state_label(state: HealthState) -> &'static str {
    match state {
        HealthState::Healthy => "Healthy",
        HealthState::Degraded => "Degraded",
        HealthState::Failing => "Failing",
    }
}

/// The connection health card, worst first, then oldest first (as the server lists them).
pub fn health_panel(connections: &[ConnectionHealth], local: &Local) -> Html {
    let mut html = Html::new();
    html.open(
        "section",
        &[
            ("class", Some("ssd-card ssd-health")),
            ("aria-labelledby", Some("ssd-health-title")),
        ],
    )
    .element(
        "h2",
        &[
            ("class", Some("ssd-card__title")),
            ("id", Some("ssd-health-title")),
        ],
        "Connection health",
    )
    .open("ul", &[("class", Some("ssd-health__list"))]);
    let mut worst_first: Vec<&ConnectionHealth> = connections.iter().collect();
    crate::logic::order::sort_by_key(&mut worst_first, |c| {
        (std::cmp::Reverse(c.state), c.connection_id)
    });
    for c in worst_first {
        let state = c.state.code();
        html.open(
            "li",
            &[
                ("class", Some("ssd-health__item")),
                ("data-state", Some(state)),
            ],
        )
        .open("p", &[("class", Some("ssd-health__head"))])
        .element(
            "span",
            &[("class", Some("ssd-state")), ("data-state", Some(state))],
            state_label(c.state),
        )
        .text(" ")
        .element("strong", &[], &format::idp_connection(c.idp, &c.connection))
        .close("p")
        .element("p", &[], &c.summary);
        if !c.next_step.is_empty() {
            html.open("p", &[])
                .element("strong", &[], "Next step: ")
                .text(&c.next_step)
                .close("p");
        }
        if let Some(at) = &c.last_request_at {
            html.open("p", &[("class", Some("ssd-muted"))])
                .text("Last request ");
            when(&mut html, at, local);
            html.close("p");
        }
        html.close("li");
    }
    html.close("ul").close("section");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use scim_sync_core::health::HealthCause;
    use scim_sync_core::idp::Idp;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn connection(name: &str, state: HealthState, next_step: &str) -> ConnectionHealth {
        ConnectionHealth {
            connection_id: 1,
            connection: name.to_owned(),
            idp: Idp::Entra,
            state,
            cause: HealthCause::Working,
            summary: format!("{name} <summary>"),
            next_step: next_step.to_owned(),
            last_request_at: Some("2026-12-02T01:00:00Z".to_owned()),
        }
    }

    #[wasm_bindgen_test]
    fn the_worst_connection_comes_first_with_its_cause_and_next_step() {
        let html = health_panel(
            &[
                connection("fine", HealthState::Healthy, ""),
                connection("broken", HealthState::Failing, "Rotate the token."),
                connection("quiet", HealthState::Degraded, "Check the job."),
            ],
            &Local::new("en-GB", "UTC"),
        );

        let at = |text: &str| {
            html.as_str()
                .find(text)
                .unwrap_or_else(|| panic!("{text} in {html}"))
        };
        assert!(at("Microsoft Entra ID · broken") < at("Microsoft Entra ID · quiet"));
        assert!(at("Microsoft Entra ID · quiet") < at("Microsoft Entra ID · fine"));
        assert!(
            html.as_str()
                .contains(r#"<span class="ssd-state" data-state="failing">Failing</span>"#)
        );
        assert!(
            html.as_str()
                .contains("<strong>Next step: </strong>Rotate the token.")
        );
        assert_eq!(html.as_str().matches("Next step:").count(), 2, "{html}");
        assert!(html.as_str().contains("broken &lt;summary&gt;"));
        assert!(
            html.as_str()
                .contains(r#"<time datetime="2026-12-02T01:00:00Z">"#)
        );
    }
}
