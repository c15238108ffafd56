//! What a browser may do with our answers: the dashboard's Content-Security-Policy (inline
//! scripts by hash only, framing per `--frame-ancestors`), `nosniff` and `Referrer-Policy`
//! everywhere, and CORS on the admin API for the `--allowed-origin` list only.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::Method;
use reqwest::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, CONTENT_SECURITY_POLICY, ORIGIN,
    REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
};
use support::*;

const DASHBOARD_ORIGIN: &str = "http://127.0.0.1:8081";
const OTHER_ORIGIN: &str = "http://127.0.0.1:9999";

/// A built dashboard whose index has one inline script and one inline style, like Trunk's.
fn dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!DOCTYPE html><html><head><script type=\"module\">console.log('hello');</script>\
         <style>body { margin: 0; }</style></head><body></body></html>",
    )
    .unwrap();
    dir
}

// `printf %s "console.log('hello');" | openssl dgst -sha256 -binary | base64`
const SCRIPT_HASH: &str = "'sha256-uYeF7eHzVgKpiBg5fikv2NTctmJnxCfX1UhhlrizvNE='";

fn directive(csp: &str, name: &str) -> String {
    csp.split(';')
        .map(str::trim)
        .find(|d| d.split(' ').next() == Some(name))
        .unwrap_or_else(|| panic!("no {name} in {csp}"))
        .to_owned()
}

async fn csp_of(app: &TestApp, path: &str) -> String {
    let response = app
        .client
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    response.headers()[CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn every_dashboard_page_allows_only_own_scripts_wasm_and_the_loader_by_hash() {
    let dist = dist();
    let path = dist.path().to_path_buf();
    let app = spawn_app_with(|config| config.dist_dir = path).await;

    for page in [
        "/",
        "/index.html",
        "/failures?category=licence_limit",
        "/runs/3",
    ] {
        let csp = csp_of(&app, page).await;

        assert_eq!(
            directive(&csp, "script-src"),
            format!("script-src 'self' 'wasm-unsafe-eval' {SCRIPT_HASH}"),
            "{page}"
        );
        assert_eq!(directive(&csp, "default-src"), "default-src 'self'");
        assert_eq!(directive(&csp, "object-src"), "object-src 'none'");
        assert_eq!(
            directive(&csp, "frame-ancestors"),
            "frame-ancestors 'none'",
            "nobody may frame the dashboard by default"
        );
    }
}

#[tokio::test]
async fn the_dashboard_may_be_framed_by_the_configured_ancestors() {
    let dist = dist();
    let path = dist.path().to_path_buf();
    let app = spawn_app_with(|config| {
        config.dist_dir = path;
        config.frame_ancestors = "'self' https://platform.example.com".into();
    })
    .await;

    let csp = csp_of(&app, "/settings").await;

    assert_eq!(
        directive(&csp, "frame-ancestors"),
        "frame-ancestors 'self' https://platform.example.com"
    );
}

#[tokio::test]
async fn every_answer_says_nosniff_and_no_referrer_also_errors() {
    let dist = dist();
    let path = dist.path().to_path_buf();
    let app = spawn_app_with(|config| config.dist_dir = path).await;
    let requests = [
        ("dashboard", app.client.get(format!("{}/", app.base))),
        ("SCIM", app.scim(Method::GET, "/Users")),
        (
            "refused SCIM",
            app.client.get(format!("{}/scim/v2/Users", app.base)),
        ),
        ("admin", app.admin("/status")),
        (
            "refused admin",
            app.client.get(format!("{}/api/v1/status", app.base)),
        ),
        ("unknown admin", app.admin("/nothing-here")),
    ];

    for (what, request) in requests {
        let response = request.send().await.unwrap();

        assert_eq!(
            response.headers()[X_CONTENT_TYPE_OPTIONS],
            "nosniff",
            "{what}"
        );
        assert_eq!(response.headers()[REFERRER_POLICY], "no-referrer", "{what}");
    }
}

fn preflight(app: &TestApp, origin: &str) -> reqwest::RequestBuilder {
    app.client
        .request(Method::OPTIONS, format!("{}/api/v1/status", app.base))
        .header(ORIGIN, origin)
        .header(ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .header(ACCESS_CONTROL_REQUEST_HEADERS, "authorization")
}

#[tokio::test]
async fn an_allowed_origin_may_call_the_admin_api_preflight_included() {
    let app = spawn_app_with(|config| config.allowed_origins = vec![DASHBOARD_ORIGIN.into()]).await;

    let preflight = preflight(&app, DASHBOARD_ORIGIN).send().await.unwrap();
    let answer = app
        .admin("/status")
        .header(ORIGIN, DASHBOARD_ORIGIN)
        .send()
        .await
        .unwrap();

    assert!(preflight.status().is_success(), "{}", preflight.status());
    assert_eq!(
        preflight.headers()[ACCESS_CONTROL_ALLOW_ORIGIN],
        DASHBOARD_ORIGIN
    );
    let allowed_headers = preflight.headers()[ACCESS_CONTROL_ALLOW_HEADERS]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(
        allowed_headers.contains("authorization"),
        "{allowed_headers}"
    );
    assert!(
        allowed_headers.contains("x-csrf-token"),
        "{allowed_headers}"
    );
    assert_eq!(
        preflight.headers()[ACCESS_CONTROL_ALLOW_CREDENTIALS],
        "true",
        "the session cookie may travel"
    );
    assert_eq!(answer.status(), 200);
    assert_eq!(
        answer.headers()[ACCESS_CONTROL_ALLOW_ORIGIN],
        DASHBOARD_ORIGIN
    );
}

#[tokio::test]
async fn another_origin_gets_no_cors_headers_from_the_admin_api() {
    let app = spawn_app_with(|config| config.allowed_origins = vec![DASHBOARD_ORIGIN.into()]).await;

    let preflight = preflight(&app, OTHER_ORIGIN).send().await.unwrap();
    let answer = app
        .admin("/status")
        .header(ORIGIN, OTHER_ORIGIN)
        .send()
        .await
        .unwrap();

    assert!(
        preflight
            .headers()
            .get(ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none()
    );
    assert!(answer.headers().get(ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}

#[tokio::test]
async fn with_no_allowed_origin_no_origin_gets_cors_headers() {
    let app = spawn_app().await;

    for origin in [DASHBOARD_ORIGIN, OTHER_ORIGIN] {
        let preflight = preflight(&app, origin).send().await.unwrap();
        let answer = app
            .admin("/status")
            .header(ORIGIN, origin)
            .send()
            .await
            .unwrap();

        assert!(
            preflight
                .headers()
                .get(ACCESS_CONTROL_ALLOW_ORIGIN)
                .is_none(),
            "{origin}"
        );
        assert!(
            answer.headers().get(ACCESS_CONTROL_ALLOW_ORIGIN).is_none(),
            "{origin}"
        );
    }
}

#[tokio::test]
async fn scim_never_answers_cors_even_to_an_allowed_origin() {
    let app = spawn_app_with(|config| config.allowed_origins = vec![DASHBOARD_ORIGIN.into()]).await;

    let answer = app
        .scim(Method::GET, "/Users")
        .header(ORIGIN, DASHBOARD_ORIGIN)
        .send()
        .await
        .unwrap();

    assert_eq!(answer.status(), 200);
    assert!(answer.headers().get(ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}
