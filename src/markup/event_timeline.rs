//! The requests about one user or group, newest first.

use scim_sync_core::api::EventSummary;

use crate::logic::time::Local;
use crate::markup::category_badge::badge;
use crate::markup::html::Html;
use crate::markup::when::when;
use crate::shell::route::{Route, href};

/// The timeline's markup.
pub fn timeline(events: &[EventSummary], current: i64, base: &str, local: &Local) -> Html {
    let mut html = Html::new();
    if events.is_empty() {
        html.class("p", "ssd-muted", "No other request about it was recorded.");
        return html;
    }
    html.open("ol", &[("class", Some("ssd-timeline"))]);
    for event in events {
        let is_current = event.id == current;
        html.open(
            "li",
            &[
                ("class", Some("ssd-timeline__item")),
                ("aria-current", is_current.then_some("true")),
            ],
        );
        when(&mut html, &event.occurred_at, local);
        html.text(" ");
        let label = format!("{} {}", event.method, event.path);
        if is_current {
            html.class("span", "ssd-timeline__request", &label);
        } else {
            let link = href(base, &Route::Failure(event.id), &Default::default());
            html.element(
                "a",
                &[
                    ("class", Some("ssd-timeline__request")),
                    ("href", Some(&link)),
                ],
                &label,
            );
        }
        html.text(" ");
        match event.category {
            Some(category) => badge(&mut html, category),
            None => {
                html.class("span", "ssd-ok", &format!("Succeeded ({})", event.status));
            }
        }
        if event.retry_of.is_some() {
            html.class("span", "ssd-muted", " (a retry)");
        }
        if is_current {
            html.class("span", "ssd-muted", " — this request");
        }
        html.close("li");
    }
    html.close("ol");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use scim_sync_core::category::FailureCategory;
    use scim_sync_core::idp::Idp;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn event(id: i64, category: Option<FailureCategory>) -> EventSummary {
        EventSummary {
            id,
            run_id: 1,
            occurred_at: "2026-11-29T10:00:00Z".into(),
            idp: Idp::Okta,
            connection: "default".into(),
            method: "PUT".into(),
            path: "/scim/v2/Users/abc".into(),
            resource_type: Some("User".into()),
            target_id: Some("abc".into()),
            target_external_id: None,
            target_name: Some("ada@example.com".into()),
            status: if category.is_some() { 403 } else { 200 },
            scim_type: None,
            category,
            detail: None,
            retry_of: None,
        }
    }

    #[wasm_bindgen_test]
    fn the_timeline_links_other_requests_and_marks_the_current_one() {
        let html = timeline(
            &[
                event(9, None),
                event(5, Some(FailureCategory::LicenceLimit)),
            ],
            5,
            "",
            &Local::new("en-GB", "UTC"),
        );
        assert!(
            html.as_str()
                .contains("href=\"/failures/9\">PUT /scim/v2/Users/abc</a>"),
            "{html}"
        );
        assert!(html.as_str().contains("Succeeded (200)"));
        assert!(html.as_str().contains("aria-current=\"true\""));
        assert!(html.as_str().contains("— this request"));
        assert!(!html.as_str().contains("href=\"/failures/5\""));
    }
}
