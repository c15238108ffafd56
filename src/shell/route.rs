//! The dashboard's pages and their paths: every view is a URL. Plain Rust, tested.
//!
//! | path               | page                                   |
//! |--------------------|----------------------------------------|
//! | `/`                | overview                               |
//! | `/runs`            | sync runs (`?cursor=` pages)           |
//! | `/runs/{id}`       | one run                                |
//! | `/failures`        | failures (`?run=&category=&idp=&resource_type=&since=&until=&q=`) |
//! | `/failures/{id}`   | one failed request, with remedies      |
//! | `/groups`          | SCIM groups (`?state=`), select and re-push |
//! | `/groups/{id}`     | one group: members, timeline, re-push  |
//! | `/people`          | Users and Readers (`?q=&kind=&origin=&active=&cursor=`) |
//! | `/activity`        | audited admin actions (`?action=&actor=&q=&since=&until=&cursor=`) |
//! | `/settings`        | SCIM on/off and the seat limit         |
//! | `/settings/scim`   | SCIM setup: base URL, IdP connections and their tokens |
//! | `/settings/webhooks` | webhook endpoints and their deliveries |
//!
//! Paths are relative to the base path the host page configures (see [`crate::shell::config`]).

/// A page of the dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/`
    Overview,
    /// `/runs`
    Runs,
    /// `/runs/{id}`
    Run(i64),
    /// `/failures`
    Failures,
    /// `/failures/{id}`
    Failure(i64),
    /// `/groups`
    Groups,
    /// `/groups/{id}` (a SCIM id)
    Group(String),
    /// `/people`
    People,
    /// `/activity`
    Activity,
    /// `/settings`
    Settings,
    /// `/settings/scim`
    ScimSetup,
    /// `/settings/webhooks`
    Webhooks,
    /// Anything else.
    NotFound,
}

/// The navigation's sections, in the order the menu shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Overview.
    Overview,
    /// Runs and a run.
    Runs,
    /// Failures and a failure.
    Failures,
    /// Groups and a group.
    Groups,
    /// People.
    People,
    /// Activity: the admins' actions.
    Activity,
    /// Settings.
    Settings,
}

impl Section {
    /// Every section, in menu order.
    pub const ALL: [Section; 7] = [
        Section::Overview,
        Section::Runs,
        Section::Failures,
        Section::Groups,
        Section::People,
        Section::Activity,
        Section::Settings,
    ];

    /// The menu's word for it.
    pub fn label(self) -> &'static str {
        match self {
            Section::Overview => "Overview",
            Section::Runs => "Runs",
            Section::Failures => "Failures",
            Section::Groups => "Groups",
            Section::People => "People",
            Section::Activity => "Activity",
            Section::Settings => "Settings",
        }
    }

    /// The section's first page.
    pub fn route(self) -> Route {
        match self {
            Section::Overview => Route::Overview,
            Section::Runs => Route::Runs,
            Section::Failures => Route::Failures,
            Section::Groups => Route::Groups,
            Section::People => Route::People,
            Section::Activity => Route::Activity,
            Section::Settings => Route::Settings,
        }
    }
}

impl Route {
    /// The page at `path` (relative to the base path; a trailing `/` is ignored).
    pub fn parse(path: &str) -> Route {
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [] => Route::Overview,
            ["runs"] => Route::Runs,
            ["runs", id] => id.parse().map_or(Route::NotFound, Route::Run),
            ["failures"] => Route::Failures,
            ["failures", id] => id.parse().map_or(Route::NotFound, Route::Failure),
            ["groups"] => Route::Groups,
            ["groups", id] => Route::Group(crate::logic::query::decode(id)),
            ["people"] => Route::People,
            ["activity"] => Route::Activity,
            ["settings"] => Route::Settings,
            ["settings", "scim"] => Route::ScimSetup,
            ["settings", "webhooks"] => Route::Webhooks,
            _ => Route::NotFound,
        }
    }

    /// The page's path (relative to the base path).
    pub fn path(&self) -> String {
        match self {
            Route::Overview | Route::NotFound => "/".to_owned(),
            Route::Runs => "/runs".to_owned(),
            Route::Run(id) => format!("/runs/{id}"),
            Route::Failures => "/failures".to_owned(),
            Route::Failure(id) => format!("/failures/{id}"),
            Route::Groups => "/groups".to_owned(),
            Route::Group(id) => format!("/groups/{}", crate::logic::query::encode(id)),
            Route::People => "/people".to_owned(),
            Route::Activity => "/activity".to_owned(),
            Route::Settings => "/settings".to_owned(),
            Route::ScimSetup => "/settings/scim".to_owned(),
            Route::Webhooks => "/settings/webhooks".to_owned(),
        }
    }

    /// The menu section the page belongs to.
    pub fn section(&self) -> Option<Section> {
        match self {
            Route::Overview => Some(Section::Overview),
            Route::Runs | Route::Run(_) => Some(Section::Runs),
            Route::Failures | Route::Failure(_) => Some(Section::Failures),
            Route::Groups | Route::Group(_) => Some(Section::Groups),
            Route::People => Some(Section::People),
            Route::Activity => Some(Section::Activity),
            Route::Settings | Route::ScimSetup | Route::Webhooks => Some(Section::Settings),
            Route::NotFound => None,
        }
    }
}

/// The link to `route` with `query`, under the base path `base`.
pub fn href(base: &str, route: &Route, query: &crate::logic::query::Query) -> String {
    format!("{base}{}{query}", route.path())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn every_page_parses_back_from_its_path() {
        for route in [
            Route::Overview,
            Route::Runs,
            Route::Run(7),
            Route::Failures,
            Route::Failure(42),
            Route::Groups,
            Route::Group("6f1c-a b".into()),
            Route::People,
            Route::Activity,
            Route::Settings,
            Route::ScimSetup,
            Route::Webhooks,
        ] {
            assert_eq!(Route::parse(&route.path()), route);
        }
    }

    #[wasm_bindgen_test]
    fn unknown_paths_and_bad_ids_are_not_found() {
        assert_eq!(Route::parse("/nope"), Route::NotFound);
        assert_eq!(Route::parse("/runs/abc"), Route::NotFound);
        assert_eq!(Route::parse("/failures/1/2"), Route::NotFound);
        assert_eq!(Route::parse("/failures/"), Route::Failures);
        assert_eq!(Route::parse(""), Route::Overview);
    }

    #[wasm_bindgen_test]
    fn a_detail_page_belongs_to_its_list_s_section() {
        assert_eq!(Route::Run(1).section(), Some(Section::Runs));
        assert_eq!(Route::Failure(1).section(), Some(Section::Failures));
        assert_eq!(Route::Group("g".into()).section(), Some(Section::Groups));
        assert_eq!(Route::ScimSetup.section(), Some(Section::Settings));
        assert_eq!(Route::NotFound.section(), None);
    }

    #[wasm_bindgen_test]
    fn links_carry_the_base_path_and_the_query() {
        let query = crate::logic::query::Query::default().with("run", Some("4"));
        assert_eq!(
            href("/scim", &Route::Failures, &query),
            "/scim/failures?run=4"
        );
        assert_eq!(href("", &Route::Overview, &Default::default()), "/");
    }
}
