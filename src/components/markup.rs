//! Read-only markup (see [`crate::markup::html`]) in the page, replaced when it changes, keeping the
//! keyboard focus on the same link or control if the admin was on one inside it.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use crate::markup::html::Html;

/// Markup that follows what it reads: a closure run again when a signal it read changes, or
/// markup that never changes. Not a `Signal<Html>`, the idiom: a signal of a type of its own
/// compiles Leptos's signal, memo and guard code once more for it. Measured on one release
/// build (`scripts/size-check.mjs`): with `Signal<Html>` the first load was 189,404 B brotli,
/// with this closure 188,666 B (738 B less; 3,896 B of raw wasm).
pub struct ReactiveHtml(Box<dyn Fn() -> Html>);

impl<F: Fn() -> Html + 'static> From<F> for ReactiveHtml {
    fn from(html: F) -> ReactiveHtml {
        ReactiveHtml(Box::new(html))
    }
}

impl From<Html> for ReactiveHtml {
    fn from(html: Html) -> ReactiveHtml {
        ReactiveHtml(Box::new(move || html.clone()))
    }
}

/// A `<div>` whose content is `html`.
#[component]
pub fn Markup(
    /// The markup (every value in it escaped).
    #[prop(into)]
    html: ReactiveHtml,
    /// The div's class.
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    // The first content is part of the render; later changes replace it (never twice the same).
    let ReactiveHtml(html) = html;
    let first = untrack(&html);
    let drawn = first.clone();
    Effect::new(move |shown: Option<Html>| {
        let markup = html();
        let shown = shown.unwrap_or_else(|| drawn.clone());
        let Some(el) = node.get_untracked() else {
            return shown;
        };
        if shown == markup {
            return shown;
        }
        let focused = focus_key(&el);
        markup.replace_content_of(&el);
        if let Some(key) = focused {
            refocus(&el, &key);
        }
        markup
    });
    view! { <div class=class node_ref=node inner_html=first></div> }
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
