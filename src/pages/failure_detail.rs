//! One failed request: what it was, the category explained with the remedy in the words of the
//! IdP that sent it, the redacted request, the object's timeline, and Retry with its outcome.

use leptos::prelude::*;
use scim_sync_core::api::{EventDetail, EventSummary, RetryOutcome};

use crate::data::api::{ApiRequest, paths};

use crate::components::markup::Markup;
use crate::components::page_title::PageTitle;
use crate::components::read_state::ReadState;
use crate::data::live_feed::use_live;
use crate::data::read::{Read, Write};
use crate::logic::format;
use crate::logic::json_pretty::pretty;
use crate::logic::query::Query;
use crate::logic::time::Local;
use crate::markup::category_badge::badge;
use crate::markup::event_timeline::timeline as timeline_markup;
use crate::markup::html::Html;
use crate::markup::remedy_panel::remedy;
use crate::markup::retry_outcome::retry_outcome;
use crate::markup::when::when;
use crate::shell::route::{Route, href};
use crate::shell::router::use_router;
use crate::shell::session::use_session;

/// The request with id `id`.
#[component]
pub fn FailureDetail(
    /// The recorded request's id.
    id: i64,
) -> impl IntoView {
    let session = use_session();
    let live = use_live();
    let router = use_router();
    let base = router.base();
    let retry = Write::<RetryOutcome>::new();
    let detail = Read::<EventDetail>::new(move || {
        retry.version();
        Some(paths::event(id))
    });
    // The object's history: who it is comes with the request. A failed create has no id yet:
    // its userName's history then (the requests that named it, and the user it became).
    let timeline_path = move || {
        detail.with(|d| {
            let event = &d?.summary;
            let kind = event.resource_type.as_deref().unwrap_or_default();
            match (&event.target_id, &event.target_name) {
                (Some(target), _) => Some(paths::timeline(kind, target)),
                (None, Some(user_name)) if kind == "User" => {
                    Some(paths::user_name_timeline(user_name))
                }
                _ => None,
            }
        })
    };
    let timeline = Read::<Vec<EventSummary>>::new(move || {
        live.version.track();
        retry.version();
        timeline_path()
    });

    let client = session.client.clone();
    let on_retry = move |_| retry.send(&client, ApiRequest::post(paths::retry(id)));
    let title = Signal::derive(move || {
        detail.with(|d| d.map_or_else(|| format!("Request {id}"), title_of))
    });
    let about = {
        let base = base.clone();
        move || {
            detail.with(|d| {
                d.map(|d| {
                    let mut html = Html::new();
                    html.append(&facts(d, &base, &Local::browser()));
                    if let Some(explanation) = &d.explanation {
                        html.append(&remedy(explanation, &base));
                    }
                    html
                })
                .unwrap_or_default()
            })
        }
    };
    let outcome = {
        let base = base.clone();
        move || {
            let mut html = Html::new();
            match retry.result() {
                Some(Ok(outcome)) => {
                    html.append(&retry_outcome(&outcome.event, &base));
                }
                Some(Err(failure)) if !session.check(&failure) => {
                    html.element(
                        "p",
                        &[("class", Some("ssd-inline-error")), ("role", Some("alert"))],
                        &format!("The retry could not run: {}", failure.message()),
                    );
                }
                _ => {}
            }
            detail.with(|d| {
                if let Some(d) = d.filter(|d| !d.retries.is_empty()) {
                    html.class("h3", "ssd-remedy__heading", "Earlier retries");
                    html.append(&timeline_markup(&d.retries, id, &base, &Local::browser()));
                }
            });
            html
        }
    };
    let history = move || {
        let what = detail.with(|d| {
            d.map(|d| format::resource(d.summary.resource_type.as_deref()).to_ascii_lowercase())
                .unwrap_or_default()
        });
        let mut html = Html::new();
        html.open(
            "section",
            &[
                ("class", Some("ssd-card")),
                ("aria-labelledby", Some("ssd-request-title")),
            ],
        )
        .element(
            "h2",
            &[
                ("class", Some("ssd-card__title")),
                ("id", Some("ssd-request-title")),
            ],
            "The request, redacted",
        )
        .append(&detail.with(|d| d.map(request_body).unwrap_or_default()))
        .close("section")
        .open(
            "section",
            &[
                ("class", Some("ssd-card")),
                ("aria-labelledby", Some("ssd-timeline-title")),
            ],
        )
        .element(
            "h2",
            &[
                ("class", Some("ssd-card__title")),
                ("id", Some("ssd-timeline-title")),
            ],
            &format!("Timeline of this {what}"),
        );
        if timeline_path().is_none() {
            html.class(
                "p",
                "ssd-muted",
                "The request named no object the project knows.",
            );
        } else {
            timeline.with(|events| {
                if let Some(events) = events {
                    html.append(&timeline_markup(events, id, &base, &Local::browser()));
                }
            });
        }
        html.close("section");
        html
    };
    let back = router.href(&Route::Failures, &Query::default());

    view! {
        <div class="ssd-page">
            <a class="ssd-back" href=back>"All failures"</a>
            <PageTitle title=title />
            <ReadState read=detail.progress() />
            <div class="ssd-stack" hidden=move || !detail.is_loaded()>
                <Markup html=about class="ssd-stack" />
                <section class="ssd-card" aria-labelledby="ssd-retry-title">
                    <h2 class="ssd-card__title" id="ssd-retry-title" tabindex="-1">"Retry"</h2>
                    <p class="ssd-muted">
                        "Runs the request again in the project as the identity provider last sent it, and records the outcome."
                    </p>
                    <button
                        type="button"
                        class="ssd-button ssd-button--primary"
                        aria-disabled=move || retry.pending().to_string()
                        on:click=on_retry.clone()
                    >
                        {move || if retry.pending() { "Retrying…" } else { "Retry" }}
                    </button>
                    <div aria-live="polite">
                        <Markup html=outcome />
                    </div>
                </section>
                <Markup html=history class="ssd-stack" />
                {move || timeline_path().is_some().then(|| view! { <ReadState read=timeline.progress() /> })}
            </div>
        </div>
    }
}

/// "Licence limit reached: ada@example.com", or "Request 12" for a success.
fn title_of(detail: &EventDetail) -> String {
    let event = &detail.summary;
    match (&event.category, &event.target_name) {
        (Some(c), Some(name)) => format!("{}: {name}", c.title()),
        (Some(c), None) => c.title().to_owned(),
        (None, _) => format!("Request {}", event.id),
    }
}

/// The request's facts as a definition list.
pub fn facts(detail: &EventDetail, base: &str, local: &Local) -> Html {
    let event = &detail.summary;
    let mut html = Html::new();
    html.open("dl", &[("class", Some("ssd-card ssd-facts"))]);
    let fact = |html: &mut Html, term: &str, body: &dyn Fn(&mut Html)| {
        html.open("div", &[])
            .element("dt", &[], term)
            .open("dd", &[]);
        body(html);
        html.close("dd").close("div");
    };
    fact(&mut html, "Category", &|h| match event.category {
        Some(c) => badge(h, c),
        None => {
            h.class("span", "ssd-ok", "Succeeded");
        }
    });
    fact(&mut html, "Message", &|h| {
        h.class(
            "span",
            "ssd-facts__message",
            event.detail.as_deref().unwrap_or("—"),
        );
    });
    fact(&mut html, "When", &|h| when(h, &event.occurred_at, local));
    fact(&mut html, "IdP connection", &|h| {
        h.text(&format::idp_connection(event.idp, &event.connection));
    });
    fact(&mut html, "Request", &|h| {
        h.element("code", &[], &format!("{} {}", event.method, event.path));
    });
    fact(&mut html, "Answer", &|h| {
        h.text(&format!("HTTP {}", event.status));
        if let Some(t) = &event.scim_type {
            h.text(&format!(" · scimType {t}"));
        }
    });
    fact(
        &mut html,
        format::resource(event.resource_type.as_deref()),
        &|h| {
            h.text(event.target_name.as_deref().unwrap_or("—"));
            if let Some(x) = &event.target_external_id {
                h.open("span", &[("class", Some("ssd-muted"))])
                    .text(" · externalId ")
                    .element("code", &[], x)
                    .close("span");
            }
            if let Some(x) = &event.target_id {
                h.open("span", &[("class", Some("ssd-muted"))])
                    .text(" · id ")
                    .element("code", &[], x)
                    .close("span");
            }
        },
    );
    fact(&mut html, "Run", &|h| {
        h.link(
            &href(base, &Route::Run(event.run_id), &Query::default()),
            &format!("Run {}", event.run_id),
        );
    });
    fact(&mut html, "Request id", &|h| {
        h.element("code", &[], &detail.request_id);
    });
    if let Some(agent) = &detail.user_agent {
        fact(&mut html, "User-Agent", &|h| {
            h.element("code", &[], agent);
        });
    }
    html.close("dl");
    html
}

/// The redacted body, indented, or why there is none.
pub fn request_body(detail: &EventDetail) -> Html {
    let mut html = Html::new();
    match &detail.request_body {
        Some(body) => {
            html.open(
                "pre",
                &[
                    ("class", Some("ssd-code")),
                    ("tabindex", Some("0")),
                    ("aria-label", Some("Request body")),
                ],
            )
            .element("code", &[], &pretty(body))
            .close("pre");
        }
        None => {
            html.class(
                "p",
                "ssd-muted",
                "No body: the request had none, or it was pruned by retention.",
            );
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use scim_sync_core::api::EventSummary;
    use scim_sync_core::category::FailureCategory;
    use scim_sync_core::idp::Idp;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn detail() -> EventDetail {
        EventDetail {
            summary: EventSummary {
                id: 5,
                run_id: 2,
                occurred_at: "2026-11-29T10:00:00Z".into(),
                idp: Idp::Entra,
                connection: "entra".into(),
                method: "POST".into(),
                path: "/scim/v2/Users".into(),
                resource_type: Some("User".into()),
                target_id: None,
                target_external_id: Some("ext-1".into()),
                target_name: Some("grace@example.com".into()),
                status: 409,
                scim_type: Some("uniqueness".into()),
                category: Some(FailureCategory::UserAlreadyExists),
                detail: Some("User already available in the project".into()),
                retry_of: None,
            },
            user_agent: Some("Microsoft Azure AD SCIM Client".into()),
            request_body: Some(r#"{"userName":"grace@example.com"}"#.into()),
            request_id: "req-1".into(),
            retries: Vec::new(),
            explanation: Some(scim_sync_core::remedy::explain(
                FailureCategory::UserAlreadyExists,
                Idp::Entra,
            )),
        }
    }

    #[wasm_bindgen_test]
    fn the_facts_name_the_request_its_answer_and_its_object() {
        let html = facts(&detail(), "", &Local::new("en-GB", "UTC"));
        assert!(html.as_str().contains("<code>POST /scim/v2/Users</code>"));
        assert!(html.as_str().contains("HTTP 409 · scimType uniqueness"));
        assert!(
            html.as_str().contains("<dt>User</dt><dd>grace@example.com"),
            "{html}"
        );
        assert!(html.as_str().contains("href=\"/runs/2\">Run 2</a>"));
        assert_eq!(
            title_of(&detail()),
            "User already available in the project: grace@example.com"
        );
    }

    #[wasm_bindgen_test]
    fn the_request_body_is_indented_and_a_missing_one_explained() {
        assert!(
            request_body(&detail())
                .as_str()
                .contains("\n  &quot;userName&quot;: &quot;grace@example.com&quot;\n")
        );
        let mut pruned = detail();
        pruned.request_body = None;
        assert!(
            request_body(&pruned)
                .as_str()
                .contains("pruned by retention")
        );
    }
}
