//! A credential shown once (a new SCIM token, a webhook secret), until the admin hides it: its
//! title (which takes the keyboard when it appears), the warning, the value with a copy button,
//! what to do next, and the hide button.

use crate::markup::copy_button::copy_button;
use crate::markup::html::Html;

/// What the panel shows and the `data-action`s of its buttons.
#[derive(Debug, Clone, Copy)]
pub struct ShownOnce<'a> {
    /// The heading's id (focused by the page when the panel appears).
    pub title_id: &'static str,
    /// The heading.
    pub title: &'a str,
    /// The credential.
    pub value: &'a str,
    /// The copy button's action, and the words after "Copy" for a screen reader.
    pub copy: (&'static str, &'static str),
    /// Whether it was copied.
    pub copied: bool,
    /// What to do with it next.
    pub next: &'a str,
    /// The hide button's action and text.
    pub hide: (&'static str, &'static str),
}

/// The panel.
pub fn shown_once(html: &mut Html, panel: &ShownOnce<'_>) {
    html.open(
        "section",
        &[
            ("class", Some("ssd-card ssd-new-token")),
            ("aria-labelledby", Some(panel.title_id)),
        ],
    )
    .element(
        "h2",
        &[
            ("class", Some("ssd-card__title")),
            ("id", Some(panel.title_id)),
            ("tabindex", Some("-1")),
        ],
        panel.title,
    )
    .open("p", &[])
    .class(
        "strong",
        "ssd-new-token__once",
        "Copy it now: it will not be shown again.",
    )
    .close("p")
    .open("div", &[("class", Some("ssd-copy"))])
    .class("code", "ssd-copy__value", panel.value);
    let (action, label) = panel.copy;
    copy_button(html, action, Some(panel.value), label, panel.copied);
    let (action, text) = panel.hide;
    html.close("div")
        .element("p", &[], panel.next)
        .element(
            "button",
            &[
                ("type", Some("button")),
                ("class", Some("ssd-button ssd-button--quiet")),
                ("data-action", Some(action)),
            ],
            text,
        )
        .close("section");
}
