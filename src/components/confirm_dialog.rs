//! A modal confirmation: the browser's `<dialog>` opened with `showModal()`, so the rest of the
//! page is inert (focus stays inside) and Esc closes it; focus starts on Cancel and returns to
//! where it was.

use leptos::html::Dialog;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::markup::dom;

/// Asks the admin to confirm an action.
#[component]
pub fn ConfirmDialog(
    /// Whether the dialog is open.
    #[prop(into)]
    open: Signal<bool>,
    /// The question, as the dialog's heading.
    title: &'static str,
    /// The confirm button's text (say what it does: "Turn SCIM off").
    confirm_label: &'static str,
    /// Called when the admin confirms.
    on_confirm: Callback<()>,
    /// Called when the admin cancels (button or Esc).
    on_cancel: Callback<()>,
    /// What the action will do.
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    let return_focus = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        let Some(el) = dialog.get() else {
            return;
        };
        if open.get() {
            if !el.open() {
                return_focus.set_value(
                    document()
                        .active_element()
                        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
                );
                let _ = el.show_modal();
            }
        } else if el.open() {
            el.close();
            if let Some(target) = return_focus.get_value() {
                let _ = target.focus();
            }
        }
    });
    let on_click = move |ev: leptos::ev::MouseEvent| match dom::action(&ev).as_deref() {
        Some("confirm") => on_confirm.run(()),
        Some("cancel") => on_cancel.run(()),
        _ => {}
    };

    view! {
        <dialog
            class="ssd-dialog"
            node_ref=dialog
            aria-modal="true"
            aria-labelledby="ssd-dialog-title"
            // Esc: let the owner close it, so its state stays the truth.
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                on_cancel.run(());
            }
            on:click=on_click
        >
            <h2 class="ssd-dialog__title" id="ssd-dialog-title">{title}</h2>
            <div class="ssd-dialog__body">{children()}</div>
            <div class="ssd-dialog__actions">
                <button type="button" class="ssd-button" data-action="cancel" autofocus>"Cancel"</button>
                <button type="button" class="ssd-button ssd-button--danger" data-action="confirm">{confirm_label}</button>
            </div>
        </dialog>
    }
}
