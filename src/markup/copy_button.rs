//! A copy button in markup: its `data-action` names what the page copies on a click (the
//! text in `data-copy`, when given), and it reads "Copied" once that is on the clipboard.

use crate::markup::html::Html;

/// A copy button: "Copied" once its text is on the clipboard.
pub fn copy_button(html: &mut Html, action: &str, text: Option<&str>, label: &str, copied: bool) {
    html.open(
        "button",
        &[
            ("type", Some("button")),
            ("class", Some("ssd-button")),
            ("data-action", Some(action)),
            ("data-key", Some(action)),
            ("data-copy", text),
        ],
    );
    html.text(if copied { "Copied" } else { "Copy" })
        .class("span", "ssd-visually-hidden", label)
        .close("button");
}
