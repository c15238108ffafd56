//! Running in an iframe: the dashboard tells the page that frames it its content height, so the
//! host sizes the frame with no scrollbar of its own.
//!
//! Each time the host element's height changes (a `ResizeObserver`, the browser's own way to
//! follow it), the dashboard posts `{ type: "scim-sync-dashboard:height", height }` (CSS
//! pixels) to its parent — to the parent's origin only, never `*`. That origin is the one the
//! frame was loaded from (`document.referrer`); the server's `--frame-ancestors` CSP already
//! keeps any other origin from framing the dashboard, so the message can only reach a host the
//! operator allowed. A dashboard that is not framed, or whose parent's origin is unknown,
//! posts nothing. A host sizes its frame like this:
//!
//! ```js
//! addEventListener('message', (event) => {
//!   if (event.origin === 'https://sync.example.com' && event.data?.type === 'scim-sync-dashboard:height') {
//!     frame.style.height = `${event.data.height}px`;
//!   }
//! });
//! ```

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{HtmlElement, ResizeObserver};

/// The `type` of the height message.
pub const HEIGHT_MESSAGE: &str = "scim-sync-dashboard:height";

/// Starts telling the framing page `host`'s height, if the dashboard is framed.
pub fn report_height(host: &HtmlElement) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(parent) = window.parent().ok().flatten() else {
        return;
    };
    if js_sys::Object::is(&parent, &window) {
        return;
    }
    let Some(origin) = window
        .document()
        .map(|d| d.referrer())
        .and_then(|referrer| web_sys::Url::new(&referrer).ok())
        .map(|url| url.origin())
    else {
        return;
    };
    let element = host.clone();
    let post = Closure::<dyn Fn()>::new(move || {
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
        let _ = js_sys::Reflect::set(
            &message,
            &"height".into(),
            &f64::from(element.offset_height()).into(),
        );
        let _ = parent.post_message(&message, &origin);
    });
    if let Ok(observer) = ResizeObserver::new(post.as_ref().unchecked_ref()) {
        observer.observe(host);
        // Both live as long as the page.
        post.forget();
        std::mem::forget(observer);
    }
}
