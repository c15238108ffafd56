//! The live stream: an `EventSource` on `GET /api/v1/stream?ticket=…` whose SSE event names are
//! [`StreamMessage::EVENT_NAMES`] and whose data is a [`StreamMessage`] as JSON, read with the
//! core's small reader ([`scim_sync_core::wire`]).
//!
//! The connection does not reconnect by itself: a ticket is single-use, so on any error the
//! owner closes it, waits, asks for a new ticket and opens a new one (see
//! [`crate::data::live_feed`]).

use scim_sync_core::api::StreamMessage;
use scim_sync_core::wire;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Event, EventSource, MessageEvent};

/// Decodes one message's data; `None` for anything unknown or malformed.
pub fn decode(data: &str) -> Option<StreamMessage> {
    wire::from_str(data).ok()
}

/// An open stream; closed when dropped.
pub struct StreamConnection {
    source: EventSource,
    // Kept alive as long as the source may call them.
    _listeners: Vec<Closure<dyn FnMut(Event)>>,
}

impl std::fmt::Debug for StreamConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamConnection").finish_non_exhaustive()
    }
}

impl StreamConnection {
    /// Opens `url`; `on_message` gets every message that decodes, `on_open` fires when the
    /// connection is established, `on_error` when it fails or drops.
    pub fn open(
        url: &str,
        on_message: impl Fn(StreamMessage) + 'static,
        on_open: impl Fn() + 'static,
        on_error: impl Fn() + 'static,
    ) -> Result<StreamConnection, JsValue> {
        let source = EventSource::new(url)?;
        let on_message = std::rc::Rc::new(on_message);
        let mut listeners = Vec::new();
        for name in StreamMessage::EVENT_NAMES {
            let on_message = on_message.clone();
            let listener = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
                let Some(data) = event
                    .dyn_ref::<MessageEvent>()
                    .and_then(|m| m.data().as_string())
                else {
                    return;
                };
                if let Some(message) = decode(&data) {
                    on_message(message);
                }
            });
            source.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref())?;
            listeners.push(listener);
        }
        let open = Closure::<dyn FnMut(Event)>::new(move |_: Event| on_open());
        source.set_onopen(Some(open.as_ref().unchecked_ref()));
        listeners.push(open);
        let error = Closure::<dyn FnMut(Event)>::new(move |_: Event| on_error());
        source.set_onerror(Some(error.as_ref().unchecked_ref()));
        listeners.push(error);
        Ok(StreamConnection {
            source,
            _listeners: listeners,
        })
    }
}

impl Drop for StreamConnection {
    fn drop(&mut self) {
        self.source.set_onopen(None);
        self.source.set_onerror(None);
        self.source.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_repush_progress_message_decodes_whatever_the_order_of_its_fields() {
        assert_eq!(
            decode(r#"{"done":3,"type":"repush_progress","total":40}"#),
            Some(StreamMessage::RepushProgress { done: 3, total: 40 })
        );
    }

    #[wasm_bindgen_test]
    fn an_unknown_or_incomplete_message_is_dropped() {
        assert_eq!(decode(r#"{"type":"audit","done":1}"#), None);
        assert_eq!(decode(r#"{"type":"run"}"#), None);
        assert_eq!(decode(r#"{"type":"repush_progress","done":1}"#), None);
        assert_eq!(decode("not json"), None);
    }
}
