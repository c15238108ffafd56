//! What a retried request did, in words.

use scim_sync_core::api::EventSummary;

use crate::markup::html::Html;
use crate::shell::route::{Route, href};

/// "The retry succeeded (HTTP 201)." or "The retry failed again: …", with a link to the new
/// request.
pub fn retry_outcome(event: &EventSummary, base: &str) -> Html {
    let (state, text) = match event.category {
        None => (
            "ok",
            format!("The retry succeeded (HTTP {}).", event.status),
        ),
        Some(category) => (
            "failed",
            format!(
                "The retry failed again: {} (HTTP {}){}.",
                category.title(),
                event.status,
                event
                    .detail
                    .as_deref()
                    .map(|d| format!(": {d}"))
                    .unwrap_or_default()
            ),
        ),
    };
    let mut html = Html::new();
    html.open(
        "p",
        &[("class", Some("ssd-outcome")), ("data-state", Some(state))],
    )
    .text(&text)
    .text(" ")
    .link(
        &href(base, &Route::Failure(event.id), &Default::default()),
        "View the retry",
    )
    .close("p");
    html
}
