//! Small helpers for forms handled by delegation: one listener on a form reads which control
//! changed (its `name` and `value`) or which button was pressed (its `data-action`), and one
//! effect writes the state into the controls. A closure per control would cost kilobytes of
//! wasm each; these are shared.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event};

/// The element an event happened on.
pub fn target(event: &Event) -> Option<Element> {
    event.target()?.dyn_into::<Element>().ok()
}

/// The `value` property of an element (inputs, selects), or "".
pub fn value_of(element: &Element) -> String {
    js_sys::Reflect::get(element, &JsValue::from_str("value"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// The `name` and `value` of the control an input or change event came from.
pub fn control(event: &Event) -> Option<(String, String)> {
    let element = target(event)?;
    let name = element.get_attribute("name")?;
    Some((name, value_of(&element)))
}

/// The button (or its ancestor) with a `data-action` a click landed on.
pub fn acted(event: &Event) -> Option<Element> {
    target(event)?.closest("[data-action]").ok().flatten()
}

/// The `data-action` of the button (or its ancestor) a click landed on.
pub fn action(event: &Event) -> Option<String> {
    acted(event)?.get_attribute("data-action")
}

/// Moves the keyboard to the element `selector` finds.
pub fn focus(selector: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Sets the `value` of the control named `name` inside `form`, unless it has the keyboard
/// focus (the admin is typing in it) or already holds that value.
pub fn set_control(form: &Element, name: &str, value: &str) {
    let Ok(Some(control)) = form.query_selector(&format!("[name=\"{name}\"]")) else {
        return;
    };
    let focused = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .is_some_and(|active| active == control);
    if !focused && value_of(&control) != value {
        let _ = js_sys::Reflect::set(
            &control,
            &JsValue::from_str("value"),
            &JsValue::from_str(value),
        );
    }
}

/// Puts `text` on the clipboard (`navigator.clipboard.writeText`); false where the browser
/// refuses (no clipboard outside a secure context, or permission denied).
pub async fn copy_text(text: &str) -> bool {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return false;
    };
    // `navigator.clipboard` is undefined outside a secure context: check before calling it.
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .ok()
        .filter(|c| !c.is_undefined() && !c.is_null());
    let Some(clipboard) = clipboard else {
        return false;
    };
    let promise = clipboard
        .unchecked_into::<web_sys::Clipboard>()
        .write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
