//! Activity: every admin action the server audits (settings, invites, group deletes, retries,
//! re-pushes, health thresholds, webhooks, connections and tokens), newest first, with when
//! and who. Filters and the page cursor live in the URL; the list is read again when the live
//! stream says an action was audited, by this admin or another.

use leptos::prelude::*;
use scim_sync_core::api::{AuditEntry, Page};
use scim_sync_core::audit::AdminAction;

use crate::components::markup::Markup;
use crate::components::page_title::PageTitle;
use crate::components::read_state::ReadState;
use crate::data::api::paths;
use crate::data::live_feed::use_live;
use crate::data::read::Read;
use crate::logic::filters;
use crate::logic::format;
use crate::logic::time::Local;
use crate::markup::dom;
use crate::markup::html::Html;
use crate::markup::when::when;
use crate::pages::runs::pager;
use crate::shell::route::Route;
use crate::shell::router::use_router;

/// Actions per page.
const ACTIVITY_PAGE: u32 = 50;

/// The Activity page.
#[component]
pub fn Activity() -> impl IntoView {
    let live = use_live();
    let router = use_router();
    let query = router.query();
    let entries = Read::<Page<AuditEntry>>::new(move || {
        live.version.track();
        query.with(|q| Some(paths::audit(q, q.get("cursor"), ACTIVITY_PAGE)))
    });
    // Every control writes its own query key; the page cursor starts over.
    let set_filter = move |name: &str, value: &str| {
        let current = query.get_untracked();
        let next = filters::apply_activity_control(&current, name, value, &Local::browser())
            .with("cursor", None);
        if next != current {
            router.set_query(&next, false);
        }
    };
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        let values = query.with(|q| filters::activity_form_values(q, &Local::browser()));
        if let Some(form) = form.get() {
            for (name, value) in &values {
                dom::set_control(&form, name, value);
            }
        }
    });
    let on_change = move |ev: leptos::ev::Event| {
        if let Some((name, value)) = dom::control(&ev)
            && name != "q"
        {
            set_filter(&name, &value);
        }
    };
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(form) = form.get_untracked()
            && let Ok(Some(input)) = form.query_selector("[name=\"q\"]")
        {
            set_filter("q", &dom::value_of(&input));
        }
    };
    let base = router.base();
    let table = move || {
        entries.with(|p| {
            p.map(|p| {
                let mut html =
                    activity_table(&p.items, p.total, entries.is_busy(), &Local::browser());
                query.with(|q| {
                    pager(
                        &mut html,
                        "Pages of activity",
                        &Route::Activity,
                        q,
                        p.next_cursor.as_deref(),
                        &base,
                        ("Newest", "Older"),
                    );
                });
                html
            })
            .unwrap_or_default()
        })
    };
    let actions = AdminAction::ALL
        .map(|action| view! { <option value=action.code()>{action.label()}</option> });
    view! {
        <div class="ssd-page">
            <PageTitle title="Activity" />
            <p class="ssd-muted">
                "What admins changed in this project, and who: the first place to look when a sync started failing after a change."
            </p>
            <form class="ssd-filters" role="search" aria-label="Find admin actions" node_ref=form on:submit=on_search on:change=on_change>
                <div class="ssd-field ssd-filters__search">
                    <label class="ssd-field__label" for="ssd-activity-q">"Search"</label>
                    <input id="ssd-activity-q" name="q" class="ssd-field__input" type="search" placeholder="What changed, or who" />
                </div>
                <button type="submit" class="ssd-button ssd-filters__submit">"Search"</button>
                <div class="ssd-field">
                    <label class="ssd-field__label" for="ssd-activity-action">"Action"</label>
                    <select id="ssd-activity-action" name="action" class="ssd-field__input">
                        <option value="">"Every action"</option>
                        {actions}
                    </select>
                </div>
                <div class="ssd-field">
                    <label class="ssd-field__label" for="ssd-activity-actor">"Admin"</label>
                    <input id="ssd-activity-actor" name="actor" class="ssd-field__input" type="text" placeholder="Exact name" />
                </div>
                <div class="ssd-field">
                    <label class="ssd-field__label" for="ssd-activity-since">"From"</label>
                    <input id="ssd-activity-since" name="since" class="ssd-field__input" type="datetime-local" />
                </div>
                <div class="ssd-field">
                    <label class="ssd-field__label" for="ssd-activity-until">"To"</label>
                    <input id="ssd-activity-until" name="until" class="ssd-field__input" type="datetime-local" />
                </div>
            </form>
            <ReadState read=entries.progress() />
            <Markup html=table class="ssd-stack" />
        </div>
    }
}

/// The actions table, with the count when the server gave it; `busy` while the answer to a
/// new filter or page is on its way (the rows shown are the previous answer's).
pub fn activity_table(
    entries: &[AuditEntry],
    total: Option<u64>,
    busy: bool,
    local: &Local,
) -> Html {
    let mut html = Html::new();
    if let Some(total) = total {
        let noun = if total == 1 { "action" } else { "actions" };
        html.element(
            "p",
            &[("class", Some("ssd-summary")), ("role", Some("status"))],
            &format!("{} {noun}", format::thousands(total)),
        );
    }
    if entries.is_empty() {
        html.class("p", "ssd-empty", "No admin action matches.");
        return html;
    }
    html.open("div", &[("class", Some("ssd-table-wrap"))])
        .open(
            "table",
            &[
                ("class", Some("ssd-table ssd-table--activity")),
                ("aria-busy", busy.then_some("true")),
            ],
        )
        .class(
            "caption",
            "ssd-visually-hidden",
            "Admin actions, newest first",
        )
        .open("thead", &[])
        .open("tr", &[]);
    for heading in ["When", "Admin", "Action", "What changed"] {
        html.element("th", &[("scope", Some("col"))], heading);
    }
    html.close("tr").close("thead").open("tbody", &[]);
    for entry in entries {
        let action = match AdminAction::from_code(&entry.action) {
            Some(known) => known.label(),
            None => &entry.action,
        };
        html.open("tr", &[])
            .open("td", &[("class", Some("ssd-table__key"))]);
        when(&mut html, &entry.at, local);
        html.close("td")
            .element("td", &[], &entry.actor)
            .element("td", &[], action)
            .element("td", &[], &entry.summary)
            .close("tr");
    }
    html.close("tbody").close("table").close("div");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn entry(action: &str, summary: &str) -> AuditEntry {
        AuditEntry {
            id: 1,
            at: "2026-03-29T00:30:00Z".into(),
            actor: "ada@example.com".into(),
            action: action.into(),
            summary: summary.into(),
        }
    }

    #[wasm_bindgen_test]
    fn actions_show_their_label_admin_and_what_changed_in_the_admins_zone() {
        let local = Local::new("en-GB", "Europe/London");
        let html = activity_table(
            &[entry("repush", "re-pushed \"Docs\"")],
            Some(1),
            false,
            &local,
        );
        assert!(html.as_str().contains("1 action"), "{html}");
        assert!(
            html.as_str().contains(
                "<td>ada@example.com</td><td>Group re-pushed</td><td>re-pushed &quot;Docs&quot;</td>"
            ),
            "{html}"
        );
        assert!(
            html.as_str().contains("datetime=\"2026-03-29T00:30:00Z\""),
            "{html}"
        );
    }

    #[wasm_bindgen_test]
    fn an_action_this_build_does_not_know_shows_its_code_and_an_empty_answer_says_so() {
        let local = Local::new("en-GB", "UTC");
        let html = activity_table(&[entry("future_thing", "x")], None, true, &local);
        assert!(html.as_str().contains("<td>future_thing</td>"), "{html}");
        assert!(html.as_str().contains("aria-busy=\"true\""), "{html}");
        assert!(
            activity_table(&[], Some(0), false, &local)
                .as_str()
                .contains("No admin action matches.")
        );
    }
}
