//! Read-only markup (see [`crate::markup::html`]) in the page, replaced when it changes, keeping the
//! keyboard focus on the same link or control if the admin was on one inside it.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use crate::markup::html::Html;

/// A `<div>` whose content is `html`.
#[component]
pub fn Markup(
    /// The markup (every value in it escaped).
    #[prop(into)]
    html: Signal<Html>,
    /// The div's class.
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    // The first content is part of the render; later changes replace it (never twice the same).
    let shown = StoredValue::new(html.get_untracked());
    Effect::new(move |_| {
        let markup = html.get();
        let Some(el) = node.get_untracked() else {
            return;
        };
        if shown.with_value(|s| *s == markup) {
            return;
        }
        let focused = focus_key(&el);
        markup.replace_content_of(&el);
        shown.set_value(markup);
        if let Some(key) = focused {
            refocus(&el, &key);
        }
    });
    view! { <div class=class node_ref=node inner_html=shown.get_value()></div> }
}

/// What identifies the focused element inside `container`: its `href` or `data-key`.
fn focus_key(container: &Element) -> Option<String> {
    let active = document().active_element()?;
    if !container.contains(Some(&active)) {
        return None;
    }
    active
        .get_attribute("data-key")
        .or_else(|| active.get_attribute("href"))
}

fn refocus(container: &Element, key: &str) {
    let Ok(candidates) = container.query_selector_all("[href], [data-key]") else {
        return;
    };
    for i in 0..candidates.length() {
        let Some(el) = candidates
            .item(i)
            .and_then(|n| n.dyn_into::<HtmlElement>().ok())
        else {
            continue;
        };
        if el
            .get_attribute("data-key")
            .or_else(|| el.get_attribute("href"))
            .as_deref()
            == Some(key)
        {
            let _ = el.focus();
            return;
        }
    }
}
