//! Listing and searching (RFC 7644 §3.4.2, §3.4.3): `filter`, `startIndex`/`count` (1-based,
//! stable creation order), `sortBy`/`sortOrder`, `attributes`/`excludedAttributes`, as query
//! parameters (`GET /Users`) or a SearchRequest body (`POST /Users/.search`).

use std::cmp::Ordering;

use scim_sync_core::scim::LIST_RESPONSE_SCHEMA;
use serde::Deserialize;
use serde_json::{Value, json};

use super::discovery::MAX_RESULTS;
use super::error::ScimError;
use super::filter::{self, Filter};
use super::projection::Projection;
use super::user_body::get;

/// The SearchRequest schema (RFC 7644 §3.4.3).
pub const SEARCH_REQUEST_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

/// The query parameters of a list request, as sent.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListParams {
    filter: Option<String>,
    #[serde(rename = "startIndex")]
    start_index: Option<String>,
    count: Option<String>,
    #[serde(rename = "sortBy")]
    sort_by: Option<String>,
    #[serde(rename = "sortOrder")]
    sort_order: Option<String>,
    attributes: Option<String>,
    #[serde(rename = "excludedAttributes")]
    excluded_attributes: Option<String>,
}

/// A list request, parsed.
#[derive(Debug, Clone)]
pub struct ListQuery {
    /// The filter, if any.
    pub filter: Option<Filter>,
    /// 1-based index of the first result.
    pub start_index: usize,
    /// Page size, clamped to [`MAX_RESULTS`].
    pub count: usize,
    /// Attribute to sort by, if any.
    pub sort_by: Option<String>,
    /// Descending instead of ascending.
    pub descending: bool,
    /// Which attributes to show.
    pub projection: Projection,
}

impl ListQuery {
    /// From `GET` query parameters.
    pub fn from_params(params: ListParams) -> Result<ListQuery, ScimError> {
        Ok(ListQuery {
            filter: params.filter.as_deref().map(parse_filter).transpose()?,
            start_index: integer(params.start_index.as_deref(), "startIndex")?
                .map_or(1, |i| usize::try_from(i.max(1)).unwrap_or(1)),
            count: clamp_count(integer(params.count.as_deref(), "count")?),
            sort_by: params.sort_by,
            descending: sort_descending(params.sort_order.as_deref())?,
            projection: Projection {
                attributes: params.attributes,
                excluded_attributes: params.excluded_attributes,
            },
        })
    }

    /// From a `POST …/.search` body.
    pub fn from_search(body: &Value) -> Result<ListQuery, ScimError> {
        let object = body
            .as_object()
            .ok_or_else(|| ScimError::invalid_syntax("A SearchRequest must be a JSON object."))?;
        let text = |key: &str| -> Result<Option<String>, ScimError> {
            match get(object, key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(Value::Number(n)) => Ok(Some(n.to_string())),
                Some(Value::Array(items)) => Ok(Some(
                    items
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(","),
                )),
                Some(_) => Err(ScimError::invalid_value(format!(
                    "{key} has the wrong type."
                ))),
            }
        };
        ListQuery::from_params(ListParams {
            filter: text("filter")?,
            start_index: text("startIndex")?,
            count: text("count")?,
            sort_by: text("sortBy")?,
            sort_order: text("sortOrder")?,
            attributes: text("attributes")?,
            excluded_attributes: text("excludedAttributes")?,
        })
    }

    /// Sorts rendered resources by `sortBy` (missing values last), when asked.
    pub fn sort(&self, resources: &mut [Value]) {
        let Some(sort_by) = &self.sort_by else {
            return;
        };
        let key = |resource: &Value| sort_key(resource, sort_by);
        resources.sort_by(|a, b| {
            let order = match (key(a), key(b)) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            };
            if self.descending {
                order.reverse()
            } else {
                order
            }
        });
    }

    /// The 0-based offset of the page.
    pub fn offset(&self) -> usize {
        self.start_index.saturating_sub(1)
    }
}

/// A ListResponse with the page of `resources` (already filtered, sorted and paged) out of
/// `total`.
pub fn list_response(query: &ListQuery, total: usize, resources: Vec<Value>) -> Value {
    let resources: Vec<Value> = resources
        .into_iter()
        .map(|r| query.projection.apply(r))
        .collect();
    json!({
        "schemas": [LIST_RESPONSE_SCHEMA],
        "totalResults": total,
        "startIndex": query.start_index,
        "itemsPerPage": resources.len(),
        "Resources": resources,
    })
}

/// The page of an in-memory result set.
pub fn page_of(query: &ListQuery, mut resources: Vec<Value>) -> (usize, Vec<Value>) {
    query.sort(&mut resources);
    let total = resources.len();
    let page = resources
        .into_iter()
        .skip(query.offset())
        .take(query.count)
        .collect();
    (total, page)
}

fn parse_filter(text: &str) -> Result<Filter, ScimError> {
    filter::parse(text).map_err(ScimError::from)
}

fn integer(raw: Option<&str>, name: &str) -> Result<Option<i64>, ScimError> {
    raw.map(|r| {
        r.trim()
            .parse::<i64>()
            .map_err(|_| ScimError::invalid_value(format!("{name} must be an integer, not {r:?}.")))
    })
    .transpose()
}

fn clamp_count(count: Option<i64>) -> usize {
    let max = i64::try_from(MAX_RESULTS).unwrap_or(i64::MAX);
    usize::try_from(count.unwrap_or(100).clamp(0, max)).unwrap_or(0)
}

fn sort_descending(order: Option<&str>) -> Result<bool, ScimError> {
    match order {
        None => Ok(false),
        Some(o) if o.eq_ignore_ascii_case("ascending") => Ok(false),
        Some(o) if o.eq_ignore_ascii_case("descending") => Ok(true),
        Some(o) => Err(ScimError::invalid_value(format!(
            "sortOrder must be ascending or descending, not {o:?}."
        ))),
    }
}

/// The value to sort by: the attribute (or sub-attribute) as lower-case text; for a
/// multi-valued attribute, its primary (else first) element.
fn sort_key(resource: &Value, sort_by: &str) -> Option<String> {
    let (head, sub) = match sort_by.split_once('.') {
        Some((head, sub)) => (head, Some(sub)),
        None => (sort_by, None),
    };
    let mut value = get(resource.as_object()?, head)?;
    if let Value::Array(items) = value {
        value = items
            .iter()
            .find(|i| i.get("primary").and_then(Value::as_bool) == Some(true))
            .or_else(|| items.first())?;
        if sub.is_none() {
            value = value.get("value").unwrap_or(value);
        }
    }
    if let Some(sub) = sub {
        value = get(value.as_object()?, sub)?;
    }
    match value {
        Value::String(s) => Some(s.to_lowercase()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> ListParams {
        let mut p = ListParams::default();
        for (k, v) in pairs {
            let v = Some((*v).to_owned());
            match *k {
                "startIndex" => p.start_index = v,
                "count" => p.count = v,
                "sortOrder" => p.sort_order = v,
                "sortBy" => p.sort_by = v,
                "filter" => p.filter = v,
                _ => {}
            }
        }
        p
    }

    #[test]
    fn start_index_below_one_reads_as_one_and_count_is_clamped() {
        let q =
            ListQuery::from_params(params(&[("startIndex", "-4"), ("count", "100000")])).unwrap();
        assert_eq!(q.start_index, 1);
        assert_eq!(q.count, MAX_RESULTS);
        let q = ListQuery::from_params(params(&[("count", "-1")])).unwrap();
        assert_eq!(q.count, 0);
    }

    #[test]
    fn non_integer_paging_and_bad_sort_order_are_invalid_value() {
        assert!(ListQuery::from_params(params(&[("count", "ten")])).is_err());
        assert!(ListQuery::from_params(params(&[("startIndex", "1.5")])).is_err());
        assert!(ListQuery::from_params(params(&[("sortOrder", "sideways")])).is_err());
    }

    #[test]
    fn sorting_puts_missing_values_last_and_honours_descending() {
        let mut resources = vec![
            json!({"userName": "b"}),
            json!({"displayName": "none"}),
            json!({"userName": "A"}),
        ];
        let q = ListQuery::from_params(params(&[("sortBy", "userName")])).unwrap();
        q.sort(&mut resources);
        assert_eq!(resources[0]["userName"], "A");
        assert_eq!(resources[2]["displayName"], "none");
        let q = ListQuery::from_params(params(&[
            ("sortBy", "userName"),
            ("sortOrder", "descending"),
        ]))
        .unwrap();
        q.sort(&mut resources);
        assert_eq!(resources[0]["displayName"], "none");
        assert_eq!(resources[1]["userName"], "b");
    }

    #[test]
    fn a_search_request_body_reads_like_the_query() {
        let q = ListQuery::from_search(&json!({
            "schemas": [SEARCH_REQUEST_SCHEMA],
            "filter": "userName eq \"x\"",
            "startIndex": 2,
            "count": 5,
            "attributes": ["userName", "emails"]
        }))
        .unwrap();
        assert_eq!((q.start_index, q.count), (2, 5));
        assert!(q.filter.is_some());
        assert_eq!(q.projection.attributes.as_deref(), Some("userName,emails"));
    }
}
