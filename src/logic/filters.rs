//! The filters of the list pages, read from and written to the URL query, and turned into the
//! admin API's query strings. Plain Rust, tested.

use scim_sync_core::api::{EventSummary, FailureFilter, IdentityKind, IdentityOrigin};
use scim_sync_core::category::FailureCategory;
use scim_sync_core::idp::Idp;

use crate::logic::query::Query;
use crate::logic::time::Local;

/// The IdPs a filter offers, in menu order.
pub const IDPS: [Idp; 4] = [Idp::Okta, Idp::Entra, Idp::OneLogin, Idp::Generic];

/// The failures filter in a page's URL query (unknown values are ignored).
pub fn failure_filter(query: &Query) -> FailureFilter {
    FailureFilter {
        run: query.get("run").and_then(|v| v.parse().ok()),
        category: query.get("category").and_then(FailureCategory::from_code),
        idp: query
            .get("idp")
            .and_then(|v| IDPS.into_iter().find(|idp| idp.code() == v)),
        resource_type: query
            .get("resource_type")
            .filter(|v| matches!(*v, "User" | "Group"))
            .map(str::to_owned),
        since: query.get("since").map(str::to_owned),
        until: query.get("until").map(str::to_owned),
        q: query.get("q").map(str::to_owned),
    }
}

/// The failures filter as query pairs (other pairs of `query` are kept).
pub fn with_failure_filter(query: &Query, filter: &FailureFilter) -> Query {
    let run = filter.run.map(|r| r.to_string());
    query
        .with("run", run.as_deref())
        .with("category", filter.category.map(FailureCategory::code))
        .with("idp", filter.idp.map(Idp::code))
        .with("resource_type", filter.resource_type.as_deref())
        .with("since", filter.since.as_deref())
        .with("until", filter.until.as_deref())
        .with("q", filter.q.as_deref())
}

/// The failures filter after the form's control `name` took `value` (times are
/// `datetime-local` values, wall times in `local`'s zone on their date).
pub fn apply_failure_control(
    filter: &FailureFilter,
    name: &str,
    value: &str,
    local: &Local,
) -> FailureFilter {
    let mut next = filter.clone();
    let text = Some(value.trim().to_owned()).filter(|v| !v.is_empty());
    match name {
        "q" => next.q = text,
        "category" => next.category = FailureCategory::from_code(value),
        "idp" => next.idp = IDPS.into_iter().find(|i| i.code() == value),
        "resource_type" => {
            next.resource_type = text.filter(|t| matches!(t.as_str(), "User" | "Group"))
        }
        "since" => next.since = local.from_input(value),
        "until" => next.until = local.from_input(value),
        _ => {}
    }
    next
}

/// What the filter form's controls show for `filter`: `(name, value)` pairs.
pub fn failure_form_values(filter: &FailureFilter, local: &Local) -> [(&'static str, String); 6] {
    let input = |t: &Option<String>| t.as_deref().map(|t| local.to_input(t)).unwrap_or_default();
    [
        ("q", filter.q.clone().unwrap_or_default()),
        (
            "category",
            filter
                .category
                .map(FailureCategory::code)
                .unwrap_or("")
                .to_owned(),
        ),
        ("idp", filter.idp.map(Idp::code).unwrap_or("").to_owned()),
        (
            "resource_type",
            filter.resource_type.clone().unwrap_or_default(),
        ),
        ("since", input(&filter.since)),
        ("until", input(&filter.until)),
    ]
}

/// Whether any filter is set.
pub fn is_filtered(filter: &FailureFilter) -> bool {
    *filter != FailureFilter::default()
}

/// Whether a failure recorded now belongs in a list showing `filter` (used to add live
/// failures to the list without reloading it).
pub fn failure_matches(filter: &FailureFilter, event: &EventSummary) -> bool {
    let Some(category) = event.category else {
        return false;
    };
    let text_matches = |q: &str| {
        let q = q.to_ascii_lowercase();
        [&event.target_name, &event.target_external_id, &event.detail]
            .into_iter()
            .flatten()
            .any(|value| value.to_ascii_lowercase().contains(&q))
    };
    filter.run.is_none_or(|run| run == event.run_id)
        && filter.category.is_none_or(|c| c == category)
        && filter.idp.is_none_or(|idp| idp == event.idp)
        && filter
            .resource_type
            .as_deref()
            .is_none_or(|t| event.resource_type.as_deref() == Some(t))
        && filter
            .since
            .as_deref()
            .is_none_or(|since| event.occurred_at.as_str() >= since)
        && filter
            .until
            .as_deref()
            .is_none_or(|until| event.occurred_at.as_str() < until)
        && filter.q.as_deref().is_none_or(text_matches)
}

/// The filters of the People page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PeopleFilter {
    /// Text in the userName, email or name.
    pub q: Option<String>,
    /// Users or Readers.
    pub kind: Option<IdentityKind>,
    /// SCIM-managed or project-native.
    pub origin: Option<IdentityOrigin>,
    /// Active or inactive.
    pub active: Option<bool>,
}

/// The People filter in a page's URL query (unknown values are ignored).
pub fn people_filter(query: &Query) -> PeopleFilter {
    PeopleFilter {
        q: query.get("q").map(str::to_owned),
        kind: match query.get("kind") {
            Some("user") => Some(IdentityKind::User),
            Some("reader") => Some(IdentityKind::Reader),
            _ => None,
        },
        origin: match query.get("origin") {
            Some("scim") => Some(IdentityOrigin::Scim),
            Some("project") => Some(IdentityOrigin::Project),
            _ => None,
        },
        active: match query.get("active") {
            Some("true") => Some(true),
            Some("false") => Some(false),
            _ => None,
        },
    }
}

/// The People filter as query pairs (other pairs of `query` are kept).
pub fn with_people_filter(query: &Query, filter: &PeopleFilter) -> Query {
    let active = filter.active.map(|a| a.to_string());
    query
        .with("q", filter.q.as_deref())
        .with("kind", filter.kind.map(IdentityKind::code))
        .with("origin", filter.origin.map(IdentityOrigin::code))
        .with("active", active.as_deref())
}

/// The People filter after the form's control `name` took `value`.
pub fn apply_people_control(filter: &PeopleFilter, name: &str, value: &str) -> PeopleFilter {
    let mut query = with_people_filter(&Query::default(), filter);
    query.set(name, Some(value));
    people_filter(&query)
}

/// What the People form's controls show for `filter`: `(name, value)` pairs.
pub fn people_form_values(filter: &PeopleFilter) -> [(&'static str, String); 4] {
    let query = with_people_filter(&Query::default(), filter);
    ["q", "kind", "origin", "active"].map(|name| (name, query.get(name).unwrap_or("").to_owned()))
}

/// `?run=…&category=…` for `GET /failures` and `/failures.csv`, with a page cursor and size.
pub fn failures_api_query(
    filter: &FailureFilter,
    cursor: Option<&str>,
    limit: Option<u32>,
) -> String {
    let limit = limit.map(|l| l.to_string());
    with_failure_filter(&Query::default(), filter)
        .with("cursor", cursor)
        .with("limit", limit.as_deref())
        .to_string()
}

/// The Activity page's filter keys, in the URL as the admin API takes them (`since` and
/// `until` as RFC 3339 times).
const ACTIVITY_KEYS: [&str; 5] = ["action", "actor", "q", "since", "until"];

/// `?action=…&actor=…` for `GET /audit`: the Activity filter of the page's URL `query`, with
/// a page cursor and size.
pub fn activity_api_query(query: &Query, cursor: Option<&str>, limit: u32) -> String {
    let limit = limit.to_string();
    let mut api = Query::default();
    for key in ACTIVITY_KEYS {
        api.set(key, query.get(key));
    }
    api.with("cursor", cursor)
        .with("limit", Some(&limit))
        .to_string()
}

/// The page's URL `query` after the Activity form's control `name` took `value` (times are
/// `datetime-local` values, wall times in `local`'s zone on their date).
pub fn apply_activity_control(query: &Query, name: &str, value: &str, local: &Local) -> Query {
    let value = match name {
        "since" | "until" => local.from_input(value),
        "action" | "actor" | "q" => Some(value.trim().to_owned()).filter(|v| !v.is_empty()),
        _ => return query.clone(),
    };
    query.with(name, value.as_deref())
}

/// What the Activity form's controls show for the page's URL `query`: `(name, value)` pairs.
pub fn activity_form_values(query: &Query, local: &Local) -> [(&'static str, String); 5] {
    ACTIVITY_KEYS.map(|key| {
        let value = query.get(key).unwrap_or_default();
        let shown = match key {
            "since" | "until" if !value.is_empty() => local.to_input(value),
            _ => value.to_owned(),
        };
        (key, shown)
    })
}

/// `?q=…&kind=…` for `GET /identities`, with a page cursor and size.
pub fn people_api_query(filter: &PeopleFilter, cursor: Option<&str>, limit: u32) -> String {
    let limit = limit.to_string();
    with_people_filter(&Query::default(), filter)
        .with("cursor", cursor)
        .with("limit", Some(&limit))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_activity_filter_goes_from_the_form_to_the_url_and_on_to_the_api() {
        let berlin = Local::new("en-GB", "Europe/Berlin");
        let page = Query::parse("?cursor=9&theme=dark");
        let page = apply_activity_control(&page, "action", "repush", &berlin);
        let page = apply_activity_control(&page, "actor", "  ada  ", &berlin);
        let page = apply_activity_control(&page, "since", "2026-03-30T10:00", &berlin);
        let page = apply_activity_control(&page, "unknown", "x", &berlin);
        assert_eq!(
            page.get("since"),
            Some("2026-03-30T08:00:00Z"),
            "after the change to summer time"
        );
        assert_eq!(page.get("actor"), Some("ada"));
        assert_eq!(
            activity_api_query(&page, Some("4"), 50),
            "?action=repush&actor=ada&since=2026-03-30T08%3A00%3A00Z&cursor=4&limit=50"
        );
        let shown = activity_form_values(&page, &berlin);
        assert!(
            shown.contains(&("since", "2026-03-30T10:00".to_owned())),
            "{shown:?}"
        );
        assert!(shown.contains(&("q", String::new())));
        let cleared = apply_activity_control(&page, "action", "", &berlin);
        assert_eq!(cleared.get("action"), None);
    }

    fn failure(category: FailureCategory, name: &str, at: &str) -> EventSummary {
        EventSummary {
            id: 1,
            run_id: 3,
            occurred_at: at.to_owned(),
            idp: Idp::Okta,
            connection: "default".to_owned(),
            method: "POST".to_owned(),
            path: "/scim/v2/Users".to_owned(),
            resource_type: Some("User".to_owned()),
            target_id: None,
            target_external_id: Some("00u1".to_owned()),
            target_name: Some(name.to_owned()),
            status: 403,
            scim_type: None,
            category: Some(category),
            detail: Some("No seat".to_owned()),
            retry_of: None,
        }
    }

    #[wasm_bindgen_test]
    fn a_failures_filter_round_trips_through_the_url_query() {
        let filter = FailureFilter {
            run: Some(12),
            category: Some(FailureCategory::LicenceLimit),
            idp: Some(Idp::Entra),
            resource_type: Some("Group".to_owned()),
            since: Some("2026-11-29T00:00:00Z".to_owned()),
            until: None,
            q: Some("ada lovelace".to_owned()),
        };
        let query = with_failure_filter(&Query::parse("?other=1"), &filter);
        assert_eq!(failure_filter(&query), filter);
        assert_eq!(query.get("other"), Some("1"));
        assert!(is_filtered(&filter));
        assert!(!is_filtered(&failure_filter(&Query::default())));
    }

    #[wasm_bindgen_test]
    fn unknown_filter_values_in_the_url_are_ignored() {
        let filter = failure_filter(&Query::parse(
            "?category=nope&idp=myidp&run=abc&resource_type=Printer",
        ));
        assert_eq!(filter, FailureFilter::default());
    }

    #[wasm_bindgen_test]
    fn the_api_query_carries_the_filter_cursor_and_limit() {
        let filter = FailureFilter {
            category: Some(FailureCategory::Auth),
            q: Some("a b".to_owned()),
            ..FailureFilter::default()
        };
        assert_eq!(
            failures_api_query(&filter, Some("c1"), Some(500)),
            "?category=auth&q=a+b&cursor=c1&limit=500"
        );
        assert_eq!(
            failures_api_query(&FailureFilter::default(), None, None),
            ""
        );
    }

    #[wasm_bindgen_test]
    fn a_live_failure_matches_only_the_filters_it_meets() {
        let event = failure(
            FailureCategory::LicenceLimit,
            "Ada@example.com",
            "2026-11-29T10:00:00Z",
        );
        let all = FailureFilter::default();
        assert!(failure_matches(&all, &event));
        let by_text = FailureFilter {
            q: Some("ada@".to_owned()),
            ..all.clone()
        };
        assert!(failure_matches(&by_text, &event));
        let other_category = FailureFilter {
            category: Some(FailureCategory::Auth),
            ..all.clone()
        };
        assert!(!failure_matches(&other_category, &event));
        let other_run = FailureFilter {
            run: Some(4),
            ..all.clone()
        };
        assert!(!failure_matches(&other_run, &event));
        let later = FailureFilter {
            since: Some("2026-11-29T11:00:00Z".to_owned()),
            ..all.clone()
        };
        assert!(!failure_matches(&later, &event));
        let groups = FailureFilter {
            resource_type: Some("Group".to_owned()),
            ..all
        };
        assert!(!failure_matches(&groups, &event));
    }

    #[wasm_bindgen_test]
    fn a_success_never_matches_a_failures_list() {
        let mut event = failure(FailureCategory::Auth, "x", "2026-11-29T10:00:00Z");
        event.category = None;
        assert!(!failure_matches(&FailureFilter::default(), &event));
    }

    #[wasm_bindgen_test]
    fn a_people_filter_round_trips_and_builds_the_api_query() {
        let filter = PeopleFilter {
            q: Some("grace".to_owned()),
            kind: Some(IdentityKind::Reader),
            origin: Some(IdentityOrigin::Project),
            active: Some(false),
        };
        let query = with_people_filter(&Query::default(), &filter);
        assert_eq!(people_filter(&query), filter);
        assert_eq!(
            people_api_query(&filter, None, 50),
            "?q=grace&kind=reader&origin=project&active=false&limit=50"
        );
    }

    #[wasm_bindgen_test]
    fn a_form_control_changes_only_its_own_filter() {
        let filter = FailureFilter {
            run: Some(3),
            ..FailureFilter::default()
        };
        let next = apply_failure_control(
            &filter,
            "category",
            "licence_limit",
            &Local::new("en-GB", "UTC"),
        );
        assert_eq!(next.category, Some(FailureCategory::LicenceLimit));
        assert_eq!(next.run, Some(3));
        let next = apply_failure_control(
            &next,
            "since",
            "2026-11-29T10:00",
            &Local::new("en-GB", "Europe/Berlin"),
        );
        assert_eq!(next.since.as_deref(), Some("2026-11-29T09:00:00Z"));
        let cleared = apply_failure_control(&next, "category", "", &Local::new("en-GB", "UTC"));
        assert_eq!(cleared.category, None);
        assert_eq!(
            apply_failure_control(
                &filter,
                "resource_type",
                "Printer",
                &Local::new("en-GB", "UTC")
            )
            .resource_type,
            None
        );
        let values = failure_form_values(&next, &Local::new("en-GB", "Europe/Berlin"));
        assert_eq!(values[1], ("category", "licence_limit".to_owned()));
        assert_eq!(values[4], ("since", "2026-11-29T10:00".to_owned()));
    }

    #[wasm_bindgen_test]
    fn a_people_form_control_changes_only_its_own_filter() {
        let filter = PeopleFilter {
            q: Some("ada".to_owned()),
            ..PeopleFilter::default()
        };
        let next = apply_people_control(&filter, "kind", "reader");
        assert_eq!(next.kind, Some(IdentityKind::Reader));
        assert_eq!(next.q.as_deref(), Some("ada"));
        assert_eq!(apply_people_control(&next, "kind", "").kind, None);
        assert_eq!(people_form_values(&next)[1], ("kind", "reader".to_owned()));
    }
}
