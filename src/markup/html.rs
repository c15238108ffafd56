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
//! Every text and attribute value goes through [`escape`]; nothing else is ever written raw.

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

/// A piece of markup under construction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Html(String);

impl Html {
    /// Empty markup.
    pub fn new() -> Html {
        Html(String::new())
    }

    /// `<tag a="v" …>`; an attribute whose value is `None` is left out.
    pub fn open(&mut self, tag: &str, attributes: &[(&str, Option<&str>)]) -> &mut Html {
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
    pub fn close(&mut self, tag: &str) -> &mut Html {
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
        tag: &str,
        attributes: &[(&str, Option<&str>)],
        text: &str,
    ) -> &mut Html {
        self.open(tag, attributes).text(text).close(tag)
    }

    /// `<tag class="class">text</tag>`.
    pub fn class(&mut self, tag: &str, class: &str, text: &str) -> &mut Html {
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

    /// Appends markup built elsewhere, as text already made of escaped parts.
    pub fn append_str(&mut self, markup: &str) -> &mut Html {
        self.0.push_str(markup);
        self
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The markup.
    pub fn into_string(self) -> String {
        self.0
    }

    /// The markup so far.
    pub fn as_str(&self) -> &str {
        &self.0
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
            html.into_string(),
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
