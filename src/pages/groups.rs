//! Groups: every SCIM group with its sync state, members linked and pushed, and its last push;
//! the state filter and the selection live in the URL (`?state=&selected=id,id`), so a reload
//! or a shared link keeps both. Select one, several or every group shown, and re-push them.

use leptos::prelude::*;
use scim_sync_core::api::GroupSummary;

use crate::components::markup::Markup;
use crate::components::page_title::PageTitle;
use crate::components::read_state::ReadState;
use crate::components::repush::Repush;
use crate::data::api::paths;
use crate::data::live_feed::use_live;
use crate::data::read::Read;
use crate::logic::group_state::{self, STATES};
use crate::logic::query::Query;
use crate::logic::time::Local;
use crate::markup::dom;
use crate::markup::group_state_badge::state_badge;
use crate::markup::html::Html;
use crate::markup::when::when;
use crate::shell::route::{Route, href};
use crate::shell::router::use_router;

/// The Groups page.
#[component]
pub fn Groups() -> impl IntoView {
    let live = use_live();
    let router = use_router();
    let base = router.base();
    let query = router.query();
    let state =
        Memo::new(move |_| query.with(|q| q.get("state").and_then(group_state::parse_state)));
    let changed = RwSignal::new(0u32);
    let groups = Read::<Vec<GroupSummary>>::new(move || {
        live.version.track();
        changed.track();
        Some(paths::groups(state.get().map(group_state::state_code)))
    });
    let selected = Memo::new(move |_| {
        query.with(|q| {
            q.get("selected")
                .map(|ids| ids.split(',').map(str::to_owned).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    // A new selection, in the URL (replacing the entry: the back button is for pages).
    let select = move |ids: Vec<String>| {
        let ids = ids.join(",");
        let now = query.get_untracked().with("selected", Some(&ids));
        router.set_query(&now, true);
    };
    // The re-push dialog is open (for the groups selected when it opened: the page behind it
    // is inert).
    let repushing = RwSignal::new(false);

    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        let code = state.get().map_or("", group_state::state_code);
        if let Some(form) = form.get() {
            dom::set_control(&form, "state", code);
        }
    });
    let on_filter = move |ev: leptos::ev::Event| {
        if let Some((name, value)) = dom::control(&ev)
            && name == "state"
        {
            let value = group_state::parse_state(&value).map(group_state::state_code);
            let now = query
                .get_untracked()
                .with("state", value)
                .with("selected", None);
            router.set_query(&now, false);
        }
    };
    let on_select = move |ev: leptos::ev::Event| {
        let Some(target) = dom::target(&ev) else {
            return;
        };
        let checked = js_sys::Reflect::get(&target, &"checked".into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let mut now = selected.get_untracked();
        match target.get_attribute("name").as_deref() {
            Some("select") => {
                let id = dom::value_of(&target);
                now.retain(|x| *x != id);
                if checked {
                    now.push(id);
                }
            }
            Some("select-all") => {
                now = if checked {
                    untrack(|| groups.with(|g| g.map(|g| g.iter().map(|g| g.id.clone()).collect())))
                        .unwrap_or_default()
                } else {
                    Vec::new()
                };
            }
            _ => return,
        }
        select(now);
    };
    let on_repush = move |_| {
        if selected.with_untracked(|s| !s.is_empty()) {
            repushing.set(true);
        }
    };
    let table = move || {
        groups.with(|g| {
            g.map(|g| {
                selected.with(|s| groups_table(g, s, &base, &Local::browser(), groups.is_busy()))
            })
            .unwrap_or_default()
        })
    };
    let count = move || selected.with(Vec::len);
    let on_close = Callback::new(move |()| repushing.set(false));
    let on_done = Callback::new(move |()| {
        select(Vec::new());
        changed.update(|n| *n += 1);
    });

    view! {
        <div class="ssd-page">
            <PageTitle title="Groups">
                <button
                    type="button"
                    class="ssd-button ssd-button--primary"
                    aria-disabled=move || (count() == 0).to_string()
                    on:click=on_repush
                >
                    {move || match count() {
                        0 => "Re-push selected".to_owned(),
                        n => format!("Re-push selected ({n})"),
                    }}
                </button>
            </PageTitle>
            <p class="ssd-muted">
                "Every group your identity provider pushed. A re-push applies again, inside the project, what it last pushed for a group: it restores the group under its own id, creates the members whose own provisioning failed, and links every member, after checking the licence seats."
            </p>
            <form class="ssd-filters" aria-label="Filter groups" node_ref=form on:change=on_filter on:submit=|ev| ev.prevent_default()>
                <div class="ssd-field">
                    <label class="ssd-field__label" for="ssd-groups-state">"Sync state"</label>
                    <select id="ssd-groups-state" name="state" class="ssd-field__input" inner_html=state_options()></select>
                </div>
            </form>
            <ReadState read=groups.progress() />
            <div on:change=on_select>
                <Markup html=table class="ssd-stack" />
            </div>
            {move || {
                repushing.get().then(|| {
                    view! { <Repush group_ids=selected.get_untracked() on_close=on_close on_done=on_done /> }
                })
            }}
        </div>
    }
}

/// The state filter's options: every state, then each one.
pub fn state_options() -> Html {
    let mut html = Html::new();
    html.element("option", &[("value", Some(""))], "Every state");
    for state in STATES {
        html.element(
            "option",
            &[("value", Some(group_state::state_code(state)))],
            group_state::state_label(state),
        );
    }
    html
}

/// The groups table, each with a checkbox to select it; `busy` while the answer to a new
/// filter is on its way (the rows shown are the previous answer's).
pub fn groups_table(
    groups: &[GroupSummary],
    selected: &[String],
    base: &str,
    local: &Local,
    busy: bool,
) -> Html {
    let mut html = Html::new();
    let noun = if groups.len() == 1 { "group" } else { "groups" };
    html.element(
        "p",
        &[("class", Some("ssd-summary")), ("role", Some("status"))],
        &format!("{} {noun}", groups.len()),
    );
    if groups.is_empty() {
        html.class("p", "ssd-empty", "No group in this state.");
        return html;
    }
    html.open("div", &[("class", Some("ssd-table-wrap"))])
        .open(
            "table",
            &[
                ("class", Some("ssd-table ssd-groups")),
                ("aria-busy", busy.then_some("true")),
            ],
        )
        .class("caption", "ssd-visually-hidden", "SCIM groups")
        .open("thead", &[])
        .open("tr", &[])
        .open("th", &[("scope", Some("col"))]);
    let all = groups.iter().all(|g| selected.contains(&g.id));
    html.open(
        "input",
        &[
            ("type", Some("checkbox")),
            ("name", Some("select-all")),
            ("data-key", Some("select-all")),
            ("aria-label", Some("Select every group shown")),
            ("checked", all.then_some("")),
        ],
    )
    .close("th");
    for (heading, number) in [
        ("Group", false),
        ("Sync state", false),
        ("Members linked", true),
        ("Members pushed", true),
        ("Last push", false),
    ] {
        let class = number.then_some("ssd-table__number");
        html.element("th", &[("scope", Some("col")), ("class", class)], heading);
    }
    let number = [("class", Some("ssd-table__number"))];
    html.close("tr").close("thead").open("tbody", &[]);
    for group in groups {
        let key = format!("select-{}", group.id);
        let label = format!("Select {}", group.display_name);
        let checked = selected.contains(&group.id);
        html.open("tr", &[])
            .open("td", &[])
            .open(
                "input",
                &[
                    ("type", Some("checkbox")),
                    ("name", Some("select")),
                    ("value", Some(&group.id)),
                    ("data-key", Some(&key)),
                    ("aria-label", Some(&label)),
                    ("checked", checked.then_some("")),
                ],
            )
            .close("td")
            .open("td", &[])
            .link(
                &href(base, &Route::Group(group.id.clone()), &Query::default()),
                &group.display_name,
            )
            .close("td")
            .open("td", &[]);
        state_badge(&mut html, group.state);
        html.close("td")
            .element("td", &number, &group.member_count.to_string())
            .element("td", &number, &group.pushed_member_count.to_string())
            .open("td", &[]);
        match &group.last_push_at {
            Some(at) => when(&mut html, at, local),
            None => {
                html.text("—");
            }
        }
        html.close("td").close("tr");
    }
    html.close("tbody").close("table").close("div");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use scim_sync_core::api::GroupSyncState;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn sales_like() -> GroupSummary {
        GroupSummary {
            id: "g1".into(),
            display_name: "Sales".into(),
            external_id: None,
            state: GroupSyncState::DeletedInProject,
            member_count: 0,
            pushed_member_count: 3,
            last_push_at: None,
        }
    }

    #[wasm_bindgen_test]
    fn each_group_shows_its_state_counts_and_a_labelled_checkbox() {
        let group = sales_like();
        let html = groups_table(
            &[group],
            &["g1".into()],
            "",
            &Local::new("en-GB", "UTC"),
            false,
        );
        assert!(html.as_str().contains("1 group"));
        assert!(html.as_str().contains("href=\"/groups/g1\">Sales</a>"));
        assert!(
            html.as_str()
                .contains("data-state=\"deleted_in_project\">Deleted in the project</span>")
        );
        assert!(
            html.as_str()
                .contains("aria-label=\"Select Sales\" checked=\"\""),
            "{html}"
        );
        assert!(html.as_str().contains(
            "name=\"select-all\" data-key=\"select-all\" aria-label=\"Select every group shown\" checked=\"\""
        ));
        assert!(html.as_str().contains(
            "<td class=\"ssd-table__number\">0</td><td class=\"ssd-table__number\">3</td><td>—</td>"
        ));
        assert!(
            groups_table(&[], &[], "", &Local::new("en-GB", "UTC"), false)
                .as_str()
                .contains("No group in this state.")
        );
        let none = groups_table(
            &[GroupSummary {
                id: "g2".into(),
                ..sales_like()
            }],
            &["g1".into()],
            "",
            &Local::new("en-GB", "UTC"),
            false,
        );
        assert!(!none.as_str().contains("checked"), "{none}");
    }

    #[wasm_bindgen_test]
    fn the_state_filter_offers_every_state_then_each_one() {
        let html = state_options();
        assert!(
            html.as_str().starts_with(
                "<option value=\"\">Every state</option><option value=\"synced\">Synced</option>"
            ),
            "{html}"
        );
        assert!(html.as_str().ends_with(
            "<option value=\"deleted_while_scim_disabled\">Deleted while SCIM was off</option>"
        ));
        assert_eq!(html.as_str().matches("<option ").count(), 5);
    }
}
