//! The failures list's filters and text search. The form writes them to the URL query and
//! shows whatever the URL says (also after Back, or a link from elsewhere).

use std::time::Duration;

use leptos::html::Form;
use leptos::prelude::*;
use scim_sync_core::api::FailureFilter;
use scim_sync_core::category::FailureCategory;

use crate::components::markup::Markup;
use crate::logic::filters::{
    IDPS, apply_failure_control, failure_filter, failure_form_values, is_filtered,
    with_failure_filter,
};
use crate::logic::time::Local;
use crate::markup::dom;
use crate::markup::html::Html;
use crate::shell::router::use_router;

/// How long typing pauses before the search runs.
const SEARCH_DELAY: Duration = Duration::from_millis(300);

/// Search, category, IdP, users or groups, time range, and the run when one is set.
#[component]
pub fn FailureFilters() -> impl IntoView {
    let router = use_router();
    let query = router.query();
    let filter = move || query.with(failure_filter);
    // The filters the admin chose go into the URL (`replace` when typing: no history entry
    // per key), which the page reads.
    let choose = move |next: &FailureFilter, replace: bool| {
        router.set_query(&with_failure_filter(&query.get_untracked(), next), replace);
    };
    let form = NodeRef::<Form>::new();
    Effect::new(move |_| {
        let values = failure_form_values(&filter(), &Local::browser());
        if let Some(form) = form.get() {
            for (name, value) in &values {
                dom::set_control(&form, name, value);
            }
        }
    });
    let send = move |name: &str, value: &str, replace: bool| {
        let current = query.with_untracked(failure_filter);
        let next = apply_failure_control(&current, name, value, &Local::browser());
        if next != current {
            choose(&next, replace);
        }
    };
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    let on_input = move |ev: leptos::ev::Event| {
        let Some((name, value)) = dom::control(&ev) else {
            return;
        };
        if name != "q" {
            return;
        }
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(move || send("q", &value, true), SEARCH_DELAY).ok();
        pending.set_value(handle);
    };
    // A search typed just before leaving the page is not sent to the next one.
    on_cleanup(move || {
        if let Some(handle) = pending.try_get_value().flatten() {
            handle.clear();
        }
    });
    let on_change_event = move |ev: leptos::ev::Event| {
        if let Some((name, value)) = dom::control(&ev)
            && name != "q"
        {
            send(&name, &value, false);
        }
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let next = match dom::action(&ev).as_deref() {
            Some("clear-run") => FailureFilter {
                run: None,
                ..query.with_untracked(failure_filter)
            },
            Some("clear-all") => FailureFilter::default(),
            _ => return,
        };
        choose(&next, false);
    };
    let chips = move || chips(&filter());

    view! {
        <form
            class="ssd-filters"
            role="search"
            aria-label="Filter failures"
            node_ref=form
            on:submit=|ev| ev.prevent_default()
            on:input=on_input
            on:change=on_change_event
            on:click=on_click
        >
            <div class="ssd-field ssd-filters__search">
                <label class="ssd-field__label" for="ssd-filter-q">"Search"</label>
                <input
                    id="ssd-filter-q"
                    name="q"
                    class="ssd-field__input"
                    type="search"
                    placeholder="userName, email or group name"
                    autocomplete="off"
                />
            </div>
            <div class="ssd-field">
                <label class="ssd-field__label" for="ssd-filter-category">"Category"</label>
                <select id="ssd-filter-category" name="category" class="ssd-field__input" inner_html=category_options()></select>
            </div>
            <div class="ssd-field">
                <label class="ssd-field__label" for="ssd-filter-idp">"Identity provider"</label>
                <select id="ssd-filter-idp" name="idp" class="ssd-field__input" inner_html=idp_options()></select>
            </div>
            <div class="ssd-field">
                <label class="ssd-field__label" for="ssd-filter-type">"Users or groups"</label>
                <select id="ssd-filter-type" name="resource_type" class="ssd-field__input">
                    <option value="">"Both"</option>
                    <option value="User">"Users"</option>
                    <option value="Group">"Groups"</option>
                </select>
            </div>
            <div class="ssd-field ssd-filters__date">
                <label class="ssd-field__label" for="ssd-filter-since">"From"</label>
                <input id="ssd-filter-since" name="since" class="ssd-field__input" type="datetime-local" />
            </div>
            <div class="ssd-field ssd-filters__date">
                <label class="ssd-field__label" for="ssd-filter-until">"Until"</label>
                <input id="ssd-filter-until" name="until" class="ssd-field__input" type="datetime-local" />
            </div>
            <Markup html=chips class="ssd-filters__chips" />
        </form>
    }
}

fn category_options() -> Html {
    let mut html = Html::new();
    html.element("option", &[("value", Some(""))], "All categories");
    for c in FailureCategory::ALL {
        html.element("option", &[("value", Some(c.code()))], c.title());
    }
    html
}

fn idp_options() -> Html {
    let mut html = Html::new();
    html.element("option", &[("value", Some(""))], "All");
    for idp in IDPS {
        let name = match idp {
            scim_sync_core::idp::Idp::Generic => "Other",
            other => other.display_name(),
        };
        html.element("option", &[("value", Some(idp.code()))], name);
    }
    html
}

/// The run the list is limited to (with a button to drop it) and "Clear filters".
pub fn chips(filter: &FailureFilter) -> Html {
    let mut html = Html::new();
    if let Some(run) = filter.run {
        html.open("span", &[("class", Some("ssd-chip"))])
            .text(&format!("Run {run}"))
            .element(
                "button",
                &[
                    ("type", Some("button")),
                    ("class", Some("ssd-chip__remove")),
                    ("data-action", Some("clear-run")),
                    ("data-key", Some("clear-run")),
                    (
                        "aria-label",
                        Some(&format!("Show failures of every run, not only run {run}")),
                    ),
                ],
                "×",
            )
            .close("span");
    }
    if is_filtered(filter) {
        html.element(
            "button",
            &[
                ("type", Some("button")),
                ("class", Some("ssd-button ssd-button--quiet")),
                ("data-action", Some("clear-all")),
                ("data-key", Some("clear-all")),
            ],
            "Clear filters",
        );
    }
    html
}
