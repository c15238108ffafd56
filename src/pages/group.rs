//! One group: its sync state, the members the IdP last pushed with where each stands (linked,
//! failed as User or Reader, no stored payload), its timeline, and Re-push.

use leptos::prelude::*;
use scim_sync_core::api::{EventSummary, GroupDetail};

use crate::components::markup::Markup;
use crate::components::page_title::PageTitle;
use crate::components::read_state::ReadState;
use crate::components::repush::Repush;
use crate::data::api::paths;
use crate::data::live_feed::use_live;
use crate::data::read::Read;
use crate::logic::group_state;
use crate::logic::query::Query;
use crate::logic::time::Local;
use crate::markup::event_timeline::timeline;
use crate::markup::group_state_badge::state_badge;
use crate::markup::html::Html;
use crate::markup::when::when;
use crate::shell::route::Route;
use crate::shell::router::use_router;

/// The group with SCIM id `id`.
#[component]
pub fn GroupPage(
    /// The group's SCIM id.
    id: String,
) -> impl IntoView {
    let live = use_live();
    let router = use_router();
    let base = router.base();
    let changed = RwSignal::new(0u32);
    let detail = {
        let id = id.clone();
        Read::<GroupDetail>::new(move || {
            live.version.track();
            changed.track();
            Some(paths::group(&id))
        })
    };
    let events = {
        let id = id.clone();
        Read::<Vec<EventSummary>>::new(move || {
            live.version.track();
            changed.track();
            Some(paths::timeline("Group", &id))
        })
    };
    let repushing = RwSignal::new(false);
    let title = {
        let id = id.clone();
        Signal::derive(move || {
            detail.with(|d| {
                d.map_or_else(|| format!("Group {id}"), |d| d.summary.display_name.clone())
            })
        })
    };
    let base_about = base.clone();
    let about = move || {
        detail.with(|d| {
            d.map(|d| group_markup(d, &base_about, &Local::browser()))
                .unwrap_or_default()
        })
    };
    let history = move || {
        let mut html = Html::new();
        html.open(
            "section",
            &[
                ("class", Some("ssd-card")),
                ("aria-labelledby", Some("ssd-group-timeline")),
            ],
        )
        .element(
            "h2",
            &[
                ("class", Some("ssd-card__title")),
                ("id", Some("ssd-group-timeline")),
            ],
            "Timeline of this group",
        );
        events.with(|e| {
            if let Some(e) = e {
                html.append(&timeline(e, -1, &base, &Local::browser()));
            }
        });
        html.close("section");
        html
    };
    let back = router.href(&Route::Groups, &Query::default());
    let on_close = Callback::new(move |()| repushing.set(false));
    let on_done = Callback::new(move |()| changed.update(|n| *n += 1));

    view! {
        <div class="ssd-page">
            <a class="ssd-back" href=back>"All groups"</a>
            <PageTitle title=title>
                <button
                    type="button"
                    class="ssd-button ssd-button--primary"
                    aria-disabled=move || (!detail.is_loaded()).to_string()
                    on:click=move |_| {
                        if detail.is_loaded() {
                            repushing.set(true);
                        }
                    }
                >
                    "Re-push this group"
                </button>
            </PageTitle>
            <ReadState read=detail.progress() />
            <Markup html=about class="ssd-stack" />
            <Markup html=history class="ssd-stack" />
            <ReadState read=events.progress() />
            {move || {
                repushing
                    .get()
                    .then(|| view! { <Repush group_ids=vec![id.clone()] on_close=on_close on_done=on_done /> })
            }}
        </div>
    }
}

/// The group's facts and its members with their state.
pub fn group_markup(detail: &GroupDetail, base: &str, local: &Local) -> Html {
    let group = &detail.summary;
    let mut html = Html::new();
    html.open("dl", &[("class", Some("ssd-card ssd-facts"))])
        .open("div", &[])
        .element("dt", &[], "Sync state")
        .open("dd", &[]);
    state_badge(&mut html, group.state);
    html.close("dd")
        .close("div")
        .open("div", &[])
        .element("dt", &[], "Members")
        .element(
            "dd",
            &[],
            &format!(
                "{} linked of {} pushed",
                group.member_count, group.pushed_member_count
            ),
        )
        .close("div")
        .open("div", &[])
        .element("dt", &[], "Last push")
        .open("dd", &[]);
    match &group.last_push_at {
        Some(at) => when(&mut html, at, local),
        None => {
            html.text("—");
        }
    }
    html.close("dd")
        .close("div")
        .open("div", &[])
        .element("dt", &[], "SCIM id")
        .open("dd", &[])
        .element("code", &[], &group.id)
        .close("dd")
        .close("div");
    if let Some(external) = &group.external_id {
        html.open("div", &[])
            .element("dt", &[], "externalId")
            .open("dd", &[])
            .element("code", &[], external)
            .close("dd")
            .close("div");
    }
    html.close("dl");

    html.open(
        "section",
        &[
            ("class", Some("ssd-card")),
            ("aria-labelledby", Some("ssd-group-members")),
        ],
    )
    .element(
        "h2",
        &[
            ("class", Some("ssd-card__title")),
            ("id", Some("ssd-group-members")),
        ],
        "Members the identity provider last pushed",
    );
    let members = &detail.members.members;
    if members.is_empty() {
        html.class("p", "ssd-empty", "No member was pushed for this group.");
    } else {
        html.open("div", &[("class", Some("ssd-table-wrap"))])
            .open("table", &[("class", Some("ssd-table ssd-table--compact"))])
            .class("caption", "ssd-visually-hidden", "Members and their state")
            .open("thead", &[])
            .open("tr", &[])
            .element("th", &[("scope", Some("col"))], "Member")
            .element("th", &[("scope", Some("col"))], "State")
            .close("tr")
            .close("thead")
            .open("tbody", &[]);
        for member in members {
            let query = Query::default().with("q", Some(&member.member.display));
            let failures = crate::shell::route::href(base, &Route::Failures, &query);
            html.open("tr", &[]).open("td", &[]);
            // A member that failed links to its failures.
            if member.state == scim_sync_core::capacity::MemberState::Provisioned {
                html.text(&member.member.display);
            } else {
                html.link(&failures, &member.member.display);
            }
            html.close("td").open("td", &[]).element(
                "span",
                &[
                    ("class", Some("ssd-member-state")),
                    (
                        "data-state",
                        Some(group_state::member_state_code(member.state)),
                    ),
                ],
                group_state::member_state_label(member.state),
            );
            html.close("td").close("tr");
        }
        html.close("tbody").close("table").close("div");
    }
    html.close("section");
    html
}
