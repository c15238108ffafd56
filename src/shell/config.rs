//! What the host page configures, through data attributes on the host element:
//!
//! ```html
//! <div id="scim-sync-dashboard"
//!      data-api-base="https://project.example/sync"
//!      data-base-path="/settings/scim"
//!      data-theme="dark"></div>
//! ```
//!
//! - `data-api-base`: the URL the server's `/api/v1` lives under; empty means this page's origin.
//! - `data-base-path`: the path the dashboard's own pages live under (`/settings/scim/failures`);
//!   empty means the site root.
//! - `data-theme`: `light` or `dark`; absent (or anything else) follows the system setting. The
//!   dashboard's theme toggle writes the same attribute, which the stylesheet reads.
//! - `data-session`: for an embedded dashboard, a session the host platform minted for its
//!   signed-in admin (`POST /api/v1/operator/projects/{id}/sessions`); the dashboard opens
//!   signed in with it, and takes the attribute off the element once read. Without it the
//!   dashboard uses its own sign-in (a session cookie).

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// The id of the element the dashboard mounts into.
pub const HOST_ID: &str = "scim-sync-dashboard";

/// Light, dark, or whatever the system prefers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follow `prefers-color-scheme`.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// Reads a `data-theme` value.
    pub fn parse(value: &str) -> Theme {
        match value.trim() {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }

    /// The `data-theme` value (`None`: remove the attribute).
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }
}

/// The dashboard's configuration.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DashboardConfig {
    /// Base URL of the server (no trailing slash); empty for same-origin.
    pub api_base: String,
    /// Path prefix of the dashboard's pages (no trailing slash); empty for the site root.
    pub base_path: String,
    /// The theme the host asked for.
    pub theme: Theme,
    /// A session the host minted for the embedded dashboard.
    pub session: Option<String>,
}

impl DashboardConfig {
    /// Reads the host element's data attributes; defaults where there is no host.
    pub fn from_host() -> DashboardConfig {
        let Some(host) = host_element() else {
            return DashboardConfig::default();
        };
        let data = host.dataset();
        let mut config = DashboardConfig::with_api_base(&data.get("apiBase").unwrap_or_default());
        config.base_path = normalise_base_path(&data.get("basePath").unwrap_or_default());
        config.theme = Theme::parse(&data.get("theme").unwrap_or_default());
        config.session = data
            .get("session")
            .map(|session| session.trim().to_owned())
            .filter(|session| !session.is_empty());
        data.delete("session");
        config
    }

    /// A configuration for a given API base (a trailing `/` is dropped).
    pub fn with_api_base(api_base: &str) -> DashboardConfig {
        DashboardConfig {
            api_base: api_base.trim().trim_end_matches('/').to_owned(),
            ..DashboardConfig::default()
        }
    }
}

/// `/a/b/` → `/a/b`, `a` → `/a`, `/` or `` → ``.
pub fn normalise_base_path(path: &str) -> String {
    let trimmed = path.trim().trim_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("/{trimmed}")
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

    #[wasm_bindgen_test]
    fn base_paths_get_one_leading_slash_and_no_trailing_one() {
        assert_eq!(normalise_base_path("/settings/scim/"), "/settings/scim");
        assert_eq!(normalise_base_path("scim"), "/scim");
        assert_eq!(normalise_base_path("/"), "");
        assert_eq!(normalise_base_path(""), "");
    }

    #[wasm_bindgen_test]
    fn the_theme_attribute_reads_light_dark_or_system() {
        assert_eq!(Theme::parse("dark"), Theme::Dark);
        assert_eq!(Theme::parse("light"), Theme::Light);
        assert_eq!(Theme::parse("auto"), Theme::System);
        assert_eq!(Theme::Dark.attribute(), Some("dark"));
        assert_eq!(Theme::System.attribute(), None);
    }
}
