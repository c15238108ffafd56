//! People: Users and Readers, SCIM-managed or project-native, active or not, with search; the
//! place to check that a Reader conversion worked. Filters and the page cursor live in the URL.

use leptos::prelude::*;
use scim_sync_core::api::{IdentitySummary, Page};

use crate::components::invite_form::InviteForm;
use crate::components::markup::Markup;
use crate::components::page_title::PageTitle;
use crate::components::read_state::ReadState;
use crate::data::api::paths;
use crate::data::live_feed::use_live;
use crate::data::read::Read;
use crate::logic::filters;
use crate::logic::format;
use crate::markup::dom;
use crate::markup::html::Html;
use crate::pages::runs::pager;
use crate::shell::route::Route;
use crate::shell::router::use_router;

/// People per page.
const PEOPLE_PAGE: u32 = 50;

/// The People page.
#[component]
pub fn People() -> impl IntoView {
    let live = use_live();
    let router = use_router();
    let query = router.query();
    let invited = RwSignal::new(0u32);
    let people = Read::<Page<IdentitySummary>>::new(move || {
        live.version.track();
        invited.track();
        query.with(|q| {
            Some(paths::identities(
                &filters::people_filter(q),
                q.get("cursor"),
                PEOPLE_PAGE,
            ))
        })
    });
    // Every control writes its own query key; the page cursor starts over.
    let set_filter = move |name: &str, value: &str| {
        let current = query.with_untracked(filters::people_filter);
        let next = filters::apply_people_control(&current, name, value);
        if next != current {
            let q = filters::with_people_filter(&query.get_untracked(), &next).with("cursor", None);
            router.set_query(&q, false);
        }
    };
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        let values = query.with(|q| filters::people_form_values(&filters::people_filter(q)));
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
    let on_invited = Callback::new(move |()| invited.update(|n| *n += 1));
    let base = router.base();
    let table = move || {
        people.with(|p| {
            p.map(|p| {
                let mut html = Html::new();
                html.append(&people_table(&p.items, p.total, people.is_busy()));
                query.with(|q| {
                    pager(
                        &mut html,
                        "Pages of people",
                        &Route::People,
                        q,
                        p.next_cursor.as_deref(),
                        &base,
                        ("First page", "Next page"),
                    );
                });
                html
            })
            .unwrap_or_default()
        })
    };
    view! {
        <div class="ssd-page">
            <PageTitle title="People" />
            <p class="ssd-muted">
                "Users take a licence seat while active; Readers take none. After converting someone to a Reader in your identity provider, find them here among the Readers."
            </p>
            <form class="ssd-filters" role="search" aria-label="Find people" node_ref=form on:submit=on_search on:change=on_change>
                <div class="ssd-field ssd-filters__search">
                    <label class="ssd-field__label" for="ssd-people-q">"Search"</label>
                    <input id="ssd-people-q" name="q" class="ssd-field__input" type="search" placeholder="Name, userName or email" />
                </div>
                <button type="submit" class="ssd-button ssd-filters__submit">"Search"</button>
                <div class="ssd-field">
                    <label class="ssd-field__label" for="ssd-people-kind">"Kind"</label>
                    <select id="ssd-people-kind" name="kind" class="ssd-field__input">
                        <option value="">"Users and Readers"</option>
                        <option value="user">"Users"</option>
                        <option value="reader">"Readers"</option>
                    </select>
                </div>
                <div class="ssd-field">
                    <label class="ssd-field__label" for="ssd-people-origin">"Managed by"</label>
                    <select id="ssd-people-origin" name="origin" class="ssd-field__input">
                        <option value="">"Anyone"</option>
                        <option value="scim">"SCIM-managed"</option>
                        <option value="project">"Project-native"</option>
                    </select>
                </div>
                <div class="ssd-field">
                    <label class="ssd-field__label" for="ssd-people-active">"Status"</label>
                    <select id="ssd-people-active" name="active" class="ssd-field__input">
                        <option value="">"Active and inactive"</option>
                        <option value="true">"Active"</option>
                        <option value="false">"Inactive"</option>
                    </select>
                </div>
            </form>
            <ReadState read=people.progress() />
            <Markup html=table class="ssd-stack" />
            <InviteForm on_invited=on_invited />
        </div>
    }
}

/// The people table, with the count when the server gave it; `busy` while the answer to a new
/// filter or page is on its way (the rows shown are the previous answer's).
pub fn people_table(people: &[IdentitySummary], total: Option<u64>, busy: bool) -> Html {
    let mut html = Html::new();
    if let Some(total) = total {
        let noun = if total == 1 { "person" } else { "people" };
        html.element(
            "p",
            &[("class", Some("ssd-summary")), ("role", Some("status"))],
            &format!("{} {noun}", format::thousands(total)),
        );
    }
    if people.is_empty() {
        html.class("p", "ssd-empty", "Nobody matches.");
        return html;
    }
    html.open("div", &[("class", Some("ssd-table-wrap"))])
        .open(
            "table",
            &[
                ("class", Some("ssd-table")),
                ("aria-busy", busy.then_some("true")),
            ],
        )
        .class("caption", "ssd-visually-hidden", "Users and Readers")
        .open("thead", &[])
        .open("tr", &[]);
    for heading in ["Name", "Email", "Kind", "Managed by", "Status"] {
        html.element("th", &[("scope", Some("col"))], heading);
    }
    html.close("tr").close("thead").open("tbody", &[]);
    for person in people {
        let name = person.display_name.as_deref().unwrap_or(&person.user_name);
        let email = person.email.as_deref().unwrap_or(&person.user_name);
        html.open("tr", &[])
            .element("td", &[], name)
            .element("td", &[], email)
            .open("td", &[])
            .element(
                "span",
                &[
                    ("class", Some("ssd-tag")),
                    ("data-kind", Some(person.kind.code())),
                ],
                format::kind(person.kind),
            )
            .close("td")
            .element("td", &[], format::origin(person.origin))
            .element("td", &[], if person.active { "Active" } else { "Inactive" })
            .close("tr");
    }
    html.close("tbody").close("table").close("div");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use scim_sync_core::api::{IdentityKind, IdentityOrigin};
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn people_show_kind_origin_and_status() {
        let person = IdentitySummary {
            id: "1".into(),
            user_name: "ada@example.com".into(),
            email: Some("ada@example.com".into()),
            display_name: Some("Ada Lovelace".into()),
            kind: IdentityKind::Reader,
            active: true,
            origin: IdentityOrigin::Project,
        };
        let html = people_table(&[person], Some(1), false);
        assert!(html.as_str().contains("1 person"));
        assert!(
            html.as_str()
                .contains("<td>Ada Lovelace</td><td>ada@example.com</td>")
        );
        assert!(html.as_str().contains("data-kind=\"reader\">Reader</span>"));
        assert!(
            html.as_str()
                .contains("<td>Project-native</td><td>Active</td>"),
            "{html}"
        );
        assert!(
            people_table(&[], Some(0), false)
                .as_str()
                .contains("Nobody matches.")
        );
    }
}
