//! Keyset pagination: `cursor` (opaque to clients: the last id of the previous page) and
//! `limit`.

use scim_sync_core::api::{ApiError, ApiErrorCode};

use super::error::AdminError;

/// Page size when none is asked for.
pub const DEFAULT_LIMIT: i64 = 100;
/// The largest page served.
pub const MAX_LIMIT: i64 = 1000;

/// The position a cursor names.
pub fn cursor(raw: Option<&str>) -> Result<Option<i64>, AdminError> {
    raw.filter(|c| !c.is_empty())
        .map(|c| {
            c.parse::<i64>().map_err(|_| {
                AdminError::from(ApiError::new(
                    ApiErrorCode::BadRequest,
                    format!("{c:?} is not a cursor from this API."),
                ))
            })
        })
        .transpose()
}

/// The page size: at least 1, at most [`MAX_LIMIT`].
pub fn limit(raw: Option<i64>) -> i64 {
    raw.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT)
}

/// The cursor of the next page: the last item's position when the page was full.
pub fn next_cursor(len: usize, limit: i64, last: Option<i64>) -> Option<String> {
    (i64::try_from(len).unwrap_or(0) == limit)
        .then_some(last)
        .flatten()
        .map(|p| p.to_string())
}

/// A 400 in the API's shape.
pub fn bad_request(message: impl Into<String>) -> AdminError {
    AdminError::from(ApiError::new(ApiErrorCode::BadRequest, message))
}

/// An RFC 3339 time as Unix ms.
pub fn time(raw: Option<&str>, name: &str) -> Result<Option<i64>, AdminError> {
    raw.filter(|t| !t.is_empty())
        .map(|t| {
            time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339)
                .map(|at| i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(0))
                .map_err(|_| bad_request(format!("{name} must be an RFC 3339 time, not {t:?}.")))
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_page_has_a_next_cursor_and_a_short_one_has_none() {
        assert_eq!(next_cursor(2, 2, Some(17)), Some("17".into()));
        assert_eq!(next_cursor(1, 2, Some(17)), None);
    }

    #[test]
    fn limits_are_clamped_and_bad_cursors_and_times_are_refused() {
        assert_eq!(limit(Some(0)), 1);
        assert_eq!(limit(Some(5000)), MAX_LIMIT);
        assert!(cursor(Some("abc")).is_err());
        assert_eq!(cursor(Some("42")).unwrap(), Some(42));
        assert!(time(Some("yesterday"), "since").is_err());
        assert_eq!(
            time(Some("1970-01-01T00:00:01Z"), "since").unwrap(),
            Some(1000)
        );
    }
}
