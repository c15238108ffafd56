//! Which other origins' pages may call the admin API from a browser: only those on the
//! `--allowed-origin` list (a dashboard served from another origin), with its credentials (the
//! session cookie, whose state-changing requests echo `X-CSRF-Token`, or a bearer session).
//! With no list there are no CORS headers at all, so no other origin's page can read an
//! answer. SCIM never has CORS: IdPs are servers, not browsers.

use axum::http::{HeaderName, HeaderValue, Method, header};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::admin::session::CSRF_HEADER;

/// How long a browser may cache a preflight's answer.
const PREFLIGHT_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(600);

/// The CORS layer for the admin API, or `None` when no origin is allowed.
pub fn admin_cors(allowed_origins: &[String]) -> Option<CorsLayer> {
    let origins: Vec<HeaderValue> = allowed_origins
        .iter()
        .filter_map(|origin| HeaderValue::from_str(origin).ok())
        .collect();
    if origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                HeaderName::from_static(CSRF_HEADER),
            ])
            .allow_credentials(true)
            .expose_headers([HeaderName::from_static("x-request-id")])
            .max_age(PREFLIGHT_MAX_AGE),
    )
}

/// Parses an `--allowed-origin`: `http(s)://host[:port]`, as a browser's `Origin` header
/// names it (lower case, no path).
pub fn parse_origin(text: &str) -> Result<String, String> {
    let origin = text.trim().trim_end_matches('/').to_ascii_lowercase();
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .ok_or_else(|| {
            format!("{text:?} is not an origin: it must start with http:// or https://")
        })?;
    let host_ok = !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if host_ok {
        Ok(origin)
    } else {
        Err(format!(
            "{text:?} is not an origin: scheme://host[:port], with no path, query or spaces"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_origin_is_kept_as_a_browser_sends_it() {
        assert_eq!(
            parse_origin("https://Dash.Example.com/").as_deref(),
            Ok("https://dash.example.com")
        );
        assert_eq!(
            parse_origin("http://127.0.0.1:8081").as_deref(),
            Ok("http://127.0.0.1:8081")
        );
    }

    #[test]
    fn a_url_with_a_path_or_without_a_scheme_is_not_an_origin() {
        for text in [
            "dash.example.com",
            "https://dash.example.com/app",
            "https://",
            "ftp://dash.example.com",
            "https://a.example, https://b.example",
            "*",
        ] {
            assert!(parse_origin(text).is_err(), "{text}");
        }
    }

    #[test]
    fn no_allowed_origin_means_no_cors_layer() {
        assert!(admin_cors(&[]).is_none());
        assert!(admin_cors(&["https://dash.example.com".to_owned()]).is_some());
    }
}
