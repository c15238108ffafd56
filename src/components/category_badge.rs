//! A failure category as a badge.

use leptos::prelude::*;
use scim_sync_core::category::FailureCategory;

use crate::html::Html;

/// The category's title in a badge coloured by category (`data-category` is its stable code).
#[component]
pub fn CategoryBadge(
    /// The category.
    category: FailureCategory,
) -> impl IntoView {
    view! {
        <span class="ssd-badge" data-category=category.code()>
            {category.title()}
        </span>
    }
}

/// The same as markup.
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
