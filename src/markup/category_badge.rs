//! A failure category as a badge (markup).

use scim_sync_core::category::FailureCategory;

use crate::markup::html::Html;

/// The category's title in a badge coloured by category (`data-category` is its stable code).
pub fn badge(html: &mut Html, category: FailureCategory) {
    html.element(
        "span",
        &[
            ("class", Some("ssd-badge")),
            ("data-category", Some(category.code())),
        ],
        category.title(),
    );
}
