//! Webhooks (under Settings): the project's endpoints, each with its recent deliveries, where
//! the server posts a signed JSON event when a run ends failed, a connection's health changes or
//! a re-push completes. Add an endpoint or rotate its secret (the secret is shown once), send a
//! test event, delete one (after a confirmation).
//!
//! Like SCIM setup, the read-only parts are markup whose buttons carry a `data-action`, handled
//! by one listener. Deliveries are not on the live stream: while one is pending the page reads
//! the list again after [`PENDING_REREAD`], with one timer at most, cleared with the page.

use std::time::Duration;

use leptos::html::Form;
use leptos::prelude::*;
use scim_sync_core::webhooks::{
    DeliveryState, DeliverySummary, NewWebhookRequest, WebhookEndpoint, WebhookSecret,
};

use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::markup::Markup;
use crate::components::page_title::PageTitle;
use crate::components::read_state::ReadState;
use crate::data::api::{ApiFailure, ApiRequest, Method, paths};
use crate::data::live_feed::use_live;
use crate::data::read::{Read, Write};
use crate::logic::time::Local;
use crate::markup::dom;
use crate::markup::html::Html;
use crate::markup::shown_once::{ShownOnce, shown_once};
use crate::markup::when::when;
use crate::shell::session::use_session;

/// How long a pending delivery waits before the page reads the list again.
pub const PENDING_REREAD: Duration = Duration::from_secs(3);

/// The latest action, whose outcome the status line says; each names the endpoint's URL.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Act {
    Add,
    Rotate,
    Test(String),
    Delete(String),
    Copy(bool),
}

/// What the admin did on the page, in one signal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct PageState {
    act: Option<Act>,
    /// The endpoint the delete confirmation is about (id, URL), while it is open.
    deleting: Option<(i64, String)>,
    /// The secret just made, until the admin hides it.
    secret: Option<WebhookSecret>,
}

/// The webhooks page.
#[component]
pub fn Webhooks() -> impl IntoView {
    let session = use_session();
    let live = use_live();
    let client = session.client.clone();
    // Every change (add, rotate, test, delete), one at a time; an added endpoint's or a rotated
    // secret is read from the answer into the page's state.
    let change = Write::<()>::new();
    let reread = RwSignal::new(0u32);
    let endpoints = Read::<Vec<WebhookEndpoint>>::new(move || {
        change.version();
        reread.get();
        live.version.track();
        Some(paths::WEBHOOKS.to_owned())
    });
    Effect::new(move |_| {
        let pending = endpoints.with(|list| {
            list.is_some_and(|l| {
                l.iter()
                    .flat_map(|e| &e.deliveries)
                    .any(|d| d.state == DeliveryState::Pending)
            })
        });
        if pending
            && let Ok(timer) =
                set_timeout_with_handle(move || reread.update(|n| *n += 1), PENDING_REREAD)
        {
            on_cleanup(move || timer.clear());
        }
    });
    let state = RwSignal::new(PageState::default());
    let form = NodeRef::<Form>::new();
    // A secret arrived: show it, and take the keyboard to it.
    let keep_secret = Callback::new(move |answer: String| {
        let secret = scim_sync_core::wire::from_str::<WebhookSecret>(&answer).ok();
        state.update(|s| s.secret = secret);
        request_animation_frame(|| dom::focus("#ssd-new-secret-title"));
    });
    let url_of = move |id: i64| {
        untrack(|| endpoints.with(|l| Some(l?.iter().find(|e| e.id == id)?.url.clone())))
    };
    let on_click = {
        let client = client.clone();
        move |ev: leptos::ev::MouseEvent| {
            let Some(button) = dom::acted(&ev) else {
                return;
            };
            let id = button
                .get_attribute("data-endpoint")
                .and_then(|id| id.parse::<i64>().ok());
            let action = button.get_attribute("data-action").unwrap_or_default();
            if action == "copy-secret" {
                let text = button.get_attribute("data-copy").unwrap_or_default();
                leptos::task::spawn_local(async move {
                    let copied = dom::copy_text(&text).await;
                    state.update(|s| s.act = Some(Act::Copy(copied)));
                });
                return;
            }
            if action == "hide-secret" {
                state.update(|s| s.secret = None);
                return;
            }
            // One change at a time: a click while one is on its way is not taken.
            if untrack(|| change.pending()) {
                return;
            }
            let Some((id, url)) = id.and_then(|id| Some((id, url_of(id)?))) else {
                return;
            };
            match action.as_str() {
                "rotate" => {
                    state.update(|s| s.act = Some(Act::Rotate));
                    change.send_then(
                        &client,
                        ApiRequest::post(paths::webhook_secret(id)),
                        keep_secret,
                    );
                }
                "test" => {
                    state.update(|s| s.act = Some(Act::Test(url)));
                    change.send(&client, ApiRequest::post(paths::webhook_test(id)));
                }
                "delete" => state.update(|s| s.deleting = Some((id, url))),
                _ => {}
            }
        }
    };
    let on_add = {
        let client = client.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(form) = form.get_untracked() else {
                return;
            };
            let Ok(Some(input)) = form.query_selector("[name=\"url\"]") else {
                return;
            };
            let url = dom::value_of(&input).trim().to_owned();
            if url.is_empty() || untrack(|| change.pending()) {
                return;
            }
            state.update(|s| s.act = Some(Act::Add));
            change.send_then(
                &client,
                ApiRequest::with_json(Method::Post, paths::WEBHOOKS, &NewWebhookRequest { url }),
                Callback::new(move |answer: String| {
                    form.reset();
                    keep_secret.run(answer);
                }),
            );
        }
    };
    let confirm_delete = Callback::new(move |()| {
        if let Some((id, url)) = state.try_update(|s| s.deleting.take()).flatten()
            && !untrack(|| change.pending())
        {
            state.update(|s| s.act = Some(Act::Delete(url)));
            change.send(
                &client,
                ApiRequest {
                    method: Method::Delete,
                    path: paths::webhook(id),
                    body: None,
                },
            );
        }
    });
    let cancel_delete = Callback::new(move |()| state.update(|s| s.deleting = None));
    let status = move || {
        let failed = |what: &str, failure: ApiFailure| {
            (!session.check(&failure)).then(|| (format!("{what}: {}", failure.message()), false))
        };
        // What a change did once answered, or why it was refused (`refused` says what was not).
        let done = |text: String, refused: &str| {
            if change.pending() || change.version() == 0 {
                return None;
            }
            match change.error() {
                Some(failure) => failed(refused, failure),
                None => Some((text, true)),
            }
        };
        match state.with(|s| s.act.clone())? {
            Act::Copy(true) => Some(("Copied the secret.".to_owned(), true)),
            Act::Copy(false) => Some((
                "Your browser did not allow copying: select the secret and copy it.".to_owned(),
                false,
            )),
            Act::Add | Act::Rotate => done(
                state.with(|s| {
                    s.secret.as_ref().map_or_else(String::new, |s| {
                        format!(
                            "New secret for {}: copy it now, it will not be shown again.",
                            s.endpoint.url
                        )
                    })
                }),
                "Not saved",
            ),
            Act::Test(url) => done(format!("Sent a test event to {url}."), "Not sent"),
            Act::Delete(url) => done(
                format!("Deleted {url}: nothing more is sent to it."),
                "Not deleted",
            ),
        }
    };
    let copied = move || state.with(|s| s.act == Some(Act::Copy(true)));
    let top = move || {
        let mut html = Html::new();
        let copied = copied();
        state.with(|s| {
            if let Some(secret) = &s.secret {
                new_secret_panel(&mut html, secret, copied);
            }
        });
        html
    };
    let busy = move || change.pending();
    let list = move || {
        let busy = busy();
        endpoints.with(|l| {
            l.map(|l| endpoints_markup(l, busy, &Local::browser()))
                .unwrap_or_default()
        })
    };
    let delete_text = move || {
        state.with(|s| {
            s.deleting.as_ref().map(|(_, url)| {
                format!("Nothing more is sent to {url}; its pending deliveries fail.")
            })
        })
    };

    view! {
        <div class="ssd-page ssd-setup" on:click=on_click>
            <PageTitle title="Webhooks" />
            <p class="ssd-muted">
                "Each endpoint gets a JSON event, signed with its secret (the X-SSD-Signature header), when a sync run ends failed, a connection's health changes or a re-push completes. Failed deliveries are retried for about a day."
            </p>
            <div class="ssd-setup__status" aria-live="polite" role="status">
                {move || {
                    status().map(|(text, ok)| {
                        view! { <p class="ssd-outcome" data-state=if ok { "ok" } else { "failed" }>{text}</p> }
                    })
                }}
            </div>
            <Markup html=top class="ssd-page" />
            <ReadState read=endpoints.progress() />
            <Markup html=list class="ssd-stack" />
            <form class="ssd-card ssd-setup__add" aria-labelledby="ssd-add-webhook-title" node_ref=form on:submit=on_add>
                <h2 class="ssd-card__title" id="ssd-add-webhook-title">"Add an endpoint"</h2>
                <div class="ssd-inline-form">
                    <div class="ssd-field">
                        <label class="ssd-field__label" for="ssd-webhook-url">"Endpoint URL (https)"</label>
                        <input id="ssd-webhook-url" name="url" class="ssd-field__input" type="url" required maxlength="2000" autocomplete="off" />
                    </div>
                    <button type="submit" class="ssd-button ssd-button--primary" aria-disabled=move || busy().to_string()>
                        "Add endpoint"
                    </button>
                </div>
            </form>
            <ConfirmDialog
                open=Signal::derive(move || state.with(|s| s.deleting.is_some()))
                title="Delete this webhook endpoint?"
                confirm_label="Delete endpoint"
                on_confirm=confirm_delete
                on_cancel=cancel_delete
            >
                <p>{delete_text}</p>
            </ConfirmDialog>
        </div>
    }
}

/// The secret just made, until the admin hides it.
fn new_secret_panel(html: &mut Html, answer: &WebhookSecret, copied: bool) {
    shown_once(
        html,
        &ShownOnce {
            title_id: "ssd-new-secret-title",
            title: &format!("New secret for {}", answer.endpoint.url),
            value: &answer.secret,
            copy: ("copy-secret", " the secret"),
            copied,
            next: "Verify each delivery with it: HMAC-SHA256 of the timestamp, a dot and the body (see the README).",
            hide: ("hide-secret", "I have copied it: hide the secret"),
        },
    );
}

/// Every endpoint with its buttons and its recent deliveries.
pub fn endpoints_markup(endpoints: &[WebhookEndpoint], busy: bool, local: &Local) -> Html {
    let mut html = Html::new();
    if endpoints.is_empty() {
        html.class(
            "p",
            "ssd-empty",
            "No webhook endpoint yet: add one below to be told of failed syncs.",
        );
        return html;
    }
    let disabled = Some(if busy { "true" } else { "false" });
    for endpoint in endpoints {
        let id = endpoint.id.to_string();
        let title_id = format!("ssd-webhook-{id}");
        html.open(
            "section",
            &[
                ("class", Some("ssd-card ssd-connection")),
                ("aria-labelledby", Some(&title_id)),
            ],
        )
        .element(
            "h2",
            &[
                ("class", Some("ssd-card__title ssd-webhook__url")),
                ("id", Some(&title_id)),
            ],
            &endpoint.url,
        )
        .open("p", &[("class", Some("ssd-muted"))])
        .text("Added ");
        when(&mut html, &endpoint.created_at, local);
        if let Some(at) = &endpoint.secret_rotated_at {
            html.text(" · secret rotated ");
            when(&mut html, at, local);
        }
        html.close("p");
        deliveries_table(&mut html, endpoint, local);
        html.open("div", &[("class", Some("ssd-inline-form"))]);
        for (action, label) in [
            ("test", "Send test event"),
            ("rotate", "Rotate secret"),
            ("delete", "Delete"),
        ] {
            html.open(
                "button",
                &[
                    ("type", Some("button")),
                    (
                        "class",
                        Some(if action == "delete" {
                            "ssd-button ssd-button--danger"
                        } else {
                            "ssd-button"
                        }),
                    ),
                    ("data-action", Some(action)),
                    ("data-endpoint", Some(&id)),
                    ("aria-disabled", disabled),
                ],
            )
            .text(label)
            .class("span", "ssd-visually-hidden", &format!(" {}", endpoint.url))
            .close("button");
        }
        html.close("div").close("section");
    }
    html
}

fn deliveries_table(html: &mut Html, endpoint: &WebhookEndpoint, local: &Local) {
    if endpoint.deliveries.is_empty() {
        html.class("p", "ssd-muted", "No delivery yet.");
        return;
    }
    html.open("div", &[("class", Some("ssd-table-wrap"))])
        .open("table", &[("class", Some("ssd-table"))])
        .class(
            "caption",
            "ssd-visually-hidden",
            &format!("Recent deliveries to {}, newest first", endpoint.url),
        )
        .open("thead", &[])
        .open("tr", &[]);
    for heading in ["Queued", "Event", "State", "Attempts", "Last answer"] {
        html.element("th", &[("scope", Some("col"))], heading);
    }
    html.close("tr").close("thead").open("tbody", &[]);
    for d in &endpoint.deliveries {
        delivery_row(html, d, local);
    }
    html.close("tbody").close("table").close("div");
}

fn delivery_row(html: &mut Html, d: &DeliverySummary, local: &Local) {
    let (state, label) = match d.state {
        DeliveryState::Pending => ("pending", "Pending"),
        DeliveryState::Delivered => ("delivered", "Delivered"),
        DeliveryState::Failed => ("failed", "Failed"),
    };
    html.open("tr", &[]).open("td", &[]);
    when(html, &d.created_at, local);
    html.close("td")
        .open("td", &[])
        .element("code", &[], &d.event_type)
        .close("td")
        .open("td", &[])
        .element(
            "span",
            &[("class", Some("ssd-state")), ("data-state", Some(state))],
            label,
        );
    if let (DeliveryState::Pending, Some(at)) = (d.state, &d.next_attempt_at) {
        html.text(" next ");
        when(html, at, local);
    }
    let answer = match (d.last_status, &d.last_error) {
        (_, Some(error)) => error.clone(),
        (Some(status), None) => format!("HTTP {status}"),
        (None, None) => "\u{2014}".to_owned(),
    };
    html.close("td")
        .element("td", &[], &d.attempts.to_string())
        .element("td", &[], &answer)
        .close("tr");
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn endpoint(deliveries: Vec<DeliverySummary>) -> WebhookEndpoint {
        WebhookEndpoint {
            id: 3,
            url: "https://hooks.example.com/a?b=<c>".to_owned(),
            created_at: "2026-12-02T00:00:00Z".to_owned(),
            secret_rotated_at: Some("2026-12-02T01:00:00Z".to_owned()),
            deliveries,
        }
    }

    fn delivery(state: DeliveryState, status: Option<u16>, error: Option<&str>) -> DeliverySummary {
        DeliverySummary {
            delivery_id: "d1".to_owned(),
            event_type: "run.failed".to_owned(),
            state,
            attempts: 2,
            last_status: status,
            last_error: error.map(str::to_owned),
            created_at: "2026-12-02T00:30:00Z".to_owned(),
            next_attempt_at: Some("2026-12-02T00:31:00Z".to_owned()),
        }
    }

    #[wasm_bindgen_test]
    fn an_endpoint_lists_its_deliveries_with_their_state_and_last_answer() {
        let html = endpoints_markup(
            &[endpoint(vec![
                delivery(DeliveryState::Pending, Some(500), Some("answered 500")),
                delivery(DeliveryState::Delivered, Some(204), None),
            ])],
            false,
            &Local::new("en-GB", "UTC"),
        );

        assert!(
            html.as_str()
                .contains(">https://hooks.example.com/a?b=&lt;c&gt;</h2>")
        );
        assert!(html.as_str().contains("· secret rotated <time"));
        assert!(html.as_str().contains(
            r#"<span class="ssd-state" data-state="pending">Pending</span> next <time datetime="2026-12-02T00:31:00Z">"#
        ));
        assert!(html.as_str().contains("<td>answered 500</td>"));
        assert!(html.as_str().contains(
            r#"data-state="delivered">Delivered</span></td><td>2</td><td>HTTP 204</td>"#
        ));
        assert!(html.as_str().contains(
            r#"data-action="test" data-endpoint="3" aria-disabled="false">Send test event"#
        ));
        assert!(
            html.as_str()
                .contains(r#"data-action="delete" data-endpoint="3""#)
        );
    }

    #[wasm_bindgen_test]
    fn no_endpoint_and_no_delivery_say_so() {
        let local = Local::new("en-GB", "UTC");
        assert!(
            endpoints_markup(&[], false, &local)
                .as_str()
                .contains("No webhook endpoint yet")
        );
        let html = endpoints_markup(&[endpoint(vec![])], true, &local);
        assert!(html.as_str().contains("No delivery yet."));
        assert!(html.as_str().contains(r#"aria-disabled="true""#));
    }

    #[wasm_bindgen_test]
    fn a_new_secret_is_shown_once_with_a_copy_button() {
        let mut html = Html::new();
        let answer = WebhookSecret {
            endpoint: endpoint(vec![]),
            secret: "whsec_\"x".to_owned(),
        };
        new_secret_panel(&mut html, &answer, false);
        let html = html.to_string();
        assert!(html.contains("Copy it now: it will not be shown again."));
        assert!(html.contains(
            r#"data-action="copy-secret" data-key="copy-secret" data-copy="whsec_&quot;x">Copy"#
        ));
    }
}
