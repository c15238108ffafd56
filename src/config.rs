//! What the host page configures, through data attributes on the host element:
//!
//! ```html
//! <div id="scim-sync-dashboard" data-api-base="https://project.example/sync"></div>
//! ```
//!
//! `data-api-base` is the URL the server's `/api/v1` lives under; empty means this page's origin.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// The id of the element the dashboard mounts into.
pub const HOST_ID: &str = "scim-sync-dashboard";

/// The dashboard's configuration.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DashboardConfig {
    /// Base URL of the server (no trailing slash); empty for same-origin.
    pub api_base: String,
}

impl DashboardConfig {
    /// Reads the host element's data attributes; defaults where there is no host.
    pub fn from_host() -> DashboardConfig {
        let api_base = host_element()
            .and_then(|host| host.dataset().get("apiBase"))
            .unwrap_or_default();
        DashboardConfig::with_api_base(&api_base)
    }

    /// A configuration for a given API base (a trailing `/` is dropped).
    pub fn with_api_base(api_base: &str) -> DashboardConfig {
        DashboardConfig {
            api_base: api_base.trim().trim_end_matches('/').to_owned(),
        }
    }
}

/// The host element, if the page has one.
pub fn host_element() -> Option<HtmlElement> {
    web_sys::window()?
        .document()?
        .get_element_by_id(HOST_ID)?
        .dyn_into::<HtmlElement>()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_trailing_slash_on_the_api_base_is_dropped() {
        assert_eq!(
            DashboardConfig::with_api_base(" https://x.example/sync/ ").api_base,
            "https://x.example/sync"
        );
        assert_eq!(DashboardConfig::with_api_base("").api_base, "");
    }
}
