//! Security headers: the dashboard's Content-Security-Policy, and `X-Content-Type-Options`
//! and `Referrer-Policy` on every answer.
//!
//! The policy allows scripts from this origin only, WebAssembly compilation
//! (`'wasm-unsafe-eval'`) and, by their SHA-256, the inline scripts of the served `index.html`
//! (Trunk's loader), computed when the server starts: no `'unsafe-inline'` for scripts, so
//! markup an IdP manages to slip into the page cannot run. Inline `<style>` elements are
//! allowed by hash too; style *attributes* are allowed (`style-src-attr 'unsafe-inline'`)
//! because the dashboard sets a few (row heights) and they cannot run code.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

/// The `X-Content-Type-Options` value: browsers must not guess a media type.
pub const NOSNIFF: &str = "nosniff";

/// The `Referrer-Policy` value: no page of ours tells another site where it came from
/// (dashboard URLs carry filters and ids).
pub const REFERRER_POLICY: &str = "no-referrer";

/// The dashboard's Content-Security-Policy for its `index.html`, embeddable by the
/// `frame_ancestors` source list (`'none'`: by no one).
pub fn dashboard_csp(index_html: &str, frame_ancestors: &str) -> String {
    let scripts = hash_sources(&inline_contents(index_html, "script"));
    let styles = hash_sources(&inline_contents(index_html, "style"));
    [
        "default-src 'self'".to_owned(),
        format!("script-src 'self' 'wasm-unsafe-eval'{scripts}"),
        format!("style-src 'self'{styles}"),
        "style-src-attr 'unsafe-inline'".to_owned(),
        "img-src 'self' data:".to_owned(),
        "connect-src 'self'".to_owned(),
        "object-src 'none'".to_owned(),
        "base-uri 'none'".to_owned(),
        "form-action 'self'".to_owned(),
        format!("frame-ancestors {frame_ancestors}"),
    ]
    .join("; ")
}

/// `'sha256-…'` for each text, each preceded by a space.
fn hash_sources(texts: &[&str]) -> String {
    texts
        .iter()
        .map(|text| {
            format!(
                " 'sha256-{}'",
                STANDARD.encode(Sha256::digest(text.as_bytes()))
            )
        })
        .collect()
}

/// The contents of every inline `<tag>` element (a `<script>` with a `src` is not inline),
/// exactly as the browser hashes them: everything between the start tag and the end tag.
fn inline_contents<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let lower = html.to_ascii_lowercase();
    let open = format!("<{tag}");
    let close = format!("</{tag}");
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = lower[at..].find(&open).map(|i| at + i) {
        let name_end = start + open.len();
        // `<scripts>` or `<style-guide>` is another element.
        if !lower[name_end..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace()) {
            at = name_end;
            continue;
        }
        let Some(tag_end) = lower[name_end..].find('>').map(|i| name_end + i) else {
            break;
        };
        let Some(end) = lower[tag_end..].find(&close).map(|i| tag_end + i) else {
            break;
        };
        if !has_src(&lower[name_end..tag_end]) {
            found.push(&html[tag_end + 1..end]);
        }
        at = end + close.len();
    }
    found
}

fn has_src(attributes: &str) -> bool {
    attributes
        .split(|c: char| c.is_ascii_whitespace())
        .any(|attribute| attribute == "src" || attribute.starts_with("src="))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Hashes computed independently: `printf %s TEXT | openssl dgst -sha256 -binary | base64`.
    const HELLO: &str = "console.log('hello');";
    const HELLO_HASH: &str = "'sha256-uYeF7eHzVgKpiBg5fikv2NTctmJnxCfX1UhhlrizvNE='";
    const BODY: &str = "body { margin: 0; }";
    const BODY_HASH: &str = "'sha256-Pme0qVBbJGACcvHOa2d2xK4uveiPdlWdSipR9gLYAMQ='";

    fn directive<'a>(csp: &'a str, name: &str) -> &'a str {
        csp.split("; ")
            .find(|d| d.split(' ').next() == Some(name))
            .unwrap_or_else(|| panic!("no {name} in {csp}"))
    }

    #[test]
    fn each_inline_script_is_allowed_by_its_hash_and_nothing_else_inline() {
        let html = format!(
            "<head><script src=\"/app.js\"></script><script type=\"module\">{HELLO}</script>\
             <style>{BODY}</style></head>"
        );

        let csp = dashboard_csp(&html, "'none'");

        assert_eq!(
            directive(&csp, "script-src"),
            format!("script-src 'self' 'wasm-unsafe-eval' {HELLO_HASH}")
        );
        assert_eq!(
            directive(&csp, "style-src"),
            format!("style-src 'self' {BODY_HASH}")
        );
        assert!(!directive(&csp, "script-src").contains("unsafe-inline"));
    }

    #[test]
    fn frame_ancestors_is_the_setting() {
        let csp = dashboard_csp("", "https://platform.example");

        assert_eq!(
            directive(&csp, "frame-ancestors"),
            "frame-ancestors https://platform.example"
        );
        assert_eq!(
            directive(&csp, "script-src"),
            "script-src 'self' 'wasm-unsafe-eval'"
        );
    }

    #[test]
    fn tag_names_and_attributes_are_matched_whole() {
        let html = format!(
            "<SCRIPT>{HELLO}</SCRIPT><scripts>no</scripts><script data-src=\"x\">{HELLO}</script>"
        );

        assert_eq!(inline_contents(&html, "script"), vec![HELLO, HELLO]);
    }

    #[test]
    fn an_unclosed_script_is_not_hashed() {
        assert!(inline_contents("<script>alert(1)", "script").is_empty());
        assert!(inline_contents("<script", "script").is_empty());
    }
}
