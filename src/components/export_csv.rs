//! The CSV export of the failures in view. A plain link cannot carry the admin token, so the
//! button fetches the file with it and hands it to the browser as a download.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::data::api::{ApiRequest, paths};
use crate::data::read::Write;
use crate::logic::filters::failure_filter;
use crate::shell::router::use_router;
use crate::shell::session::use_session;

/// "Export CSV": downloads every failure matching the filters in the URL as `failures.csv`.
#[component]
pub fn ExportCsv() -> impl IntoView {
    let query = use_router().query();
    let session = use_session();
    let export = Write::<()>::new();
    let client = session.client.clone();
    // Each answer is offered as a download once, as soon as it arrives.
    let offer = Callback::new(|csv: String| {
        if let Err(problem) = save("failures.csv", &csv) {
            web_sys::console::warn_1(&problem);
        }
    });
    let error = move || match export.error() {
        Some(failure) if !session.check(&failure) => Some(failure.message()),
        _ => None,
    };
    view! {
        <button
            type="button"
            class="ssd-button"
            aria-disabled=move || export.pending().to_string()
            on:click=move |_| {
                export.send_then(&client, ApiRequest::get(paths::failures_csv(&query.with_untracked(failure_filter))), offer);
            }
        >
            {move || if export.pending() { "Preparing CSV…" } else { "Export CSV" }}
        </button>
        {move || error().map(|message| view! {
            <p class="ssd-inline-error" role="alert">{format!("The export failed: {message}")}</p>
        })}
    }
}

/// Offers `text` to the browser as a file download named `name`; the browser's error, if it
/// could not.
fn save(name: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: web_sys::HtmlAnchorElement = document().create_element("a")?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    // The download has started by then; the URL only holds the text in memory.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
    Ok(())
}
