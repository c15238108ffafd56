//! Markup for the read-only parts of pages (tables, facts, remedies, the chart), built as text
//! by plain Rust and mounted with `inner_html`.
//!
//! Why not `view!` everywhere: every distinct Leptos view tree is compiled into its own typed
//! build/rebuild/mount code, and the dashboard's many data tables and panels made the wasm
//! three times over its budget (≤ 150 KB brotli). Markup that never changes once drawn costs
//! almost nothing as text. Interactive parts (forms, buttons, dialogs, the windowed table's
//! rows) stay Leptos views. Links in this markup are ordinary `<a href>`s: the router handles
//! clicks on them like any other (see [`crate::shell::router::Router::handle_click`]).
//!
//! Measured again (one release build, `scripts/size-check.mjs`): the runs table alone as a
//! `view!` component made the first load 2,292 B brotli larger (189,053 → 191,345 B); with
//! about 45 such builders, going back to `view!` would cost tens of kilobytes.
//!
//! Safe by type, not by care: [`Html`] is the only way to make markup, and its only inputs are
//! text and attribute values (always escaped), tag and attribute names (`&'static str`, so
//! written in the code, never taken from data) and other [`Html`]. Builders return [`Html`], and
//! everything that puts markup into the page takes [`Html`], never a `String`: the
//! [`crate::components::markup::Markup`] component, `inner_html=` in a view, and
//! [`Html::replace_content_of`] / [`Html::append_to`] for the re-push dialog's partial redraws.
//! `clippy.toml` forbids `web_sys`'s raw-markup methods (`set_inner_html`,
//! `insert_adjacent_html`, `set_outer_html`) everywhere but here. What stays a reviewer's
//! job: Leptos's `inner_html=` also accepts a `String` (don't pass one), and a value escaped
//! here is still only as safe as its attribute: every `href` is built by
//! [`crate::shell::route::href`] (the base path, then a route's path, so it starts with `/`
//! and can never be a `javascript:` URL) and `style` values are made of numbers.

use leptos::prelude::IntoAttributeValue;
use leptos::tachys::html::element::InnerHtmlValue;
use web_sys::Element;

/// Escapes `&`, `<`, `>`, `"` and `'` so `text` is inert in element content and in quoted
/// attribute values.
pub fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// A piece of markup: made only of escaped text and the tags and attribute names written in
/// the code (`&'static str`), so text from the IdP, the server or the URL cannot become markup.
/// It enters the page only as itself: [`Html::replace_content_of`], [`Html::append_to`], the
/// `inner_html` attribute of a view (it is an [`InnerHtmlValue`]) or the
/// [`crate::components::markup::Markup`] component; none of them takes a `String`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Html(String);

impl Html {
    /// Empty markup.
    pub fn new() -> Html {
        Html(String::new())
    }

    /// `<tag a="v" …>`; an attribute whose value is `None` is left out.
    pub fn open(
        &mut self,
        tag: &'static str,
        attributes: &[(&'static str, Option<&str>)],
    ) -> &mut Html {
        self.0.push('<');
        self.0.push_str(tag);
        for (name, value) in attributes {
            if let Some(value) = value {
                self.0.push(' ');
                self.0.push_str(name);
                self.0.push_str("=\"");
                escape(value, &mut self.0);
                self.0.push('"');
            }
        }
        self.0.push('>');
        self
    }

    /// `</tag>`.
    pub fn close(&mut self, tag: &'static str) -> &mut Html {
        self.0.push_str("</");
        self.0.push_str(tag);
        self.0.push('>');
        self
    }

    /// Escaped text.
    pub fn text(&mut self, text: &str) -> &mut Html {
        escape(text, &mut self.0);
        self
    }

    /// `<tag …>text</tag>`.
    pub fn element(
        &mut self,
        tag: &'static str,
        attributes: &[(&'static str, Option<&str>)],
        text: &str,
    ) -> &mut Html {
        self.open(tag, attributes).text(text).close(tag)
    }

    /// `<tag class="class">text</tag>`.
    pub fn class(&mut self, tag: &'static str, class: &str, text: &str) -> &mut Html {
        self.element(tag, &[("class", Some(class))], text)
    }

    /// `<a href="href">text</a>`.
    pub fn link(&mut self, href: &str, text: &str) -> &mut Html {
        self.element("a", &[("href", Some(href))], text)
    }

    /// Appends markup built elsewhere.
    pub fn append(&mut self, other: &Html) -> &mut Html {
        self.0.push_str(&other.0);
        self
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The markup, to read (tests); nothing that mounts markup takes a `String`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Replaces the content of `element` with this markup.
    #[allow(clippy::disallowed_methods)] // the one place markup replaces an element's content
    pub fn replace_content_of(&self, element: &Element) {
        element.set_inner_html(&self.0);
    }

    /// Adds this markup at the end of `element`'s content.
    #[allow(clippy::disallowed_methods)] // the one place markup is added to an element
    pub fn append_to(&self, element: &Element) {
        let _ = element.insert_adjacent_html("beforeend", &self.0);
    }
}

/// The markup, to read (test messages).
impl std::fmt::Display for Html {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What `view!` calls on the value of `inner_html=`.
impl IntoAttributeValue for Html {
    type Output = Html;

    fn into_attribute_value(self) -> Html {
        self
    }
}

/// `inner_html=` in a view takes `Html` as Leptos takes a `String` (the same DOM writes).
impl InnerHtmlValue for Html {
    type AsyncOutput = Html;
    type State = <String as InnerHtmlValue>::State;
    type Cloneable = <String as InnerHtmlValue>::Cloneable;
    type CloneableOwned = <String as InnerHtmlValue>::CloneableOwned;

    fn html_len(&self) -> usize {
        self.0.len()
    }

    fn to_html(self, buf: &mut String) {
        self.0.to_html(buf);
    }

    fn to_template(buf: &mut String) {
        String::to_template(buf);
    }

    fn hydrate<const FROM_SERVER: bool>(self, el: &Element) -> Self::State {
        self.0.hydrate::<FROM_SERVER>(el)
    }

    fn build(self, el: &Element) -> Self::State {
        self.0.build(el)
    }

    fn rebuild(self, state: &mut Self::State) {
        self.0.rebuild(state);
    }

    fn into_cloneable(self) -> Self::Cloneable {
        self.0.into_cloneable()
    }

    fn into_cloneable_owned(self) -> Self::CloneableOwned {
        self.0.into_cloneable_owned()
    }

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Html {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn text_and_attribute_values_are_escaped() {
        let mut html = Html::new();
        html.element(
            "a",
            &[("href", Some("/x?a=1&b=\"2\"")), ("title", None)],
            "<script>alert('x')</script>",
        );
        assert_eq!(
            html.as_str(),
            "<a href=\"/x?a=1&amp;b=&quot;2&quot;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</a>"
        );
    }

    #[wasm_bindgen_test]
    fn elements_nest_in_the_order_written() {
        let mut inner = Html::new();
        inner.class("span", "ssd-badge", "Auth");
        let mut html = Html::new();
        html.open("td", &[])
            .append(&inner)
            .text(" & more")
            .close("td");
        assert_eq!(
            html.as_str(),
            "<td><span class=\"ssd-badge\">Auth</span> &amp; more</td>"
        );
        assert!(Html::new().is_empty());
    }
}
